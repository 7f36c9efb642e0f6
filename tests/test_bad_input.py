"""Bad input gets a clear error naming the file and the cause; a batch skips it and loses nothing else."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

import mideast_analysis as mea
from mideast_analysis.article import MAX_BYTES

CLI = [sys.executable, "-m", "mideast_analysis.cli"]


def _write(tmp_path, name, data: bytes):
    p = tmp_path / name
    p.write_bytes(data)
    return p


BAD = {
    "empty.txt": (b"", "empty"),
    "blank.txt": (b"  \n\n\t \n", "empty"),
    "binary.txt": (bytes(range(256)) * 8, "binary"),
    "latin1.txt": ("Les forces irakiennes ont été déployées à Bagdad. Ça suffit.".encode("latin-1"), "not valid utf-8"),
    "huge.txt": (b"word " * (MAX_BYTES // 5 + 10), "larger than"),
    "french.txt": ((("Les forces de sécurité irakiennes ont annoncé dimanche que huit roquettes avaient frappé "
                     "la zone verte de Bagdad, où se trouve l'ambassade des États-Unis, sans faire de victimes. ") * 3
                    ).encode("utf-8"), "does not look like english"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_file_raises_input_error_naming_file_and_cause(tmp_path, name):
    data, cause = BAD[name]
    p = _write(tmp_path, name, data)
    with pytest.raises(mea.InputError) as info:
        mea.analyze(p)
    assert str(p) in str(info.value)
    assert cause in str(info.value).lower()


def test_missing_file(tmp_path):
    with pytest.raises(mea.InputError, match="no such file"):
        mea.analyze(tmp_path / "nope.txt")


def test_encoding_option_reads_other_encodings_on_request(tmp_path):
    text = "Rockets hit Baghdad\n\nEight rockets hit the Green Zone in Baghdad on Sunday, café owners said."
    p = _write(tmp_path, "latin1.txt", text.encode("latin-1"))
    a = mea.load_article(p, encoding="latin-1")
    assert a.text == text


@pytest.mark.parametrize("name", ["binary.txt", "empty.txt", "latin1.txt"])
def test_cli_single_bad_file_exit_2_one_line(tmp_path, name):
    p = _write(tmp_path, name, BAD[name][0])
    r = subprocess.run(CLI + ["extract", str(p), "--out", str(tmp_path / "out")], capture_output=True, text=True)
    assert r.returncode == 2
    lines = [l for l in r.stderr.splitlines() if l.strip()]
    assert len(lines) == 1 and str(p) in lines[0]


def test_cli_batch_skips_bad_keeps_good(tmp_path, seed_path):
    bad = _write(tmp_path, "binary.txt", BAD["binary.txt"][0])
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"id": "ok", "text": seed_path.read_text(encoding="utf-8")}) + "\n"
                      + "{not json\n" + json.dumps({"id": "nt"}) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    r = subprocess.run(CLI + ["extract", str(seed_path), str(bad), str(corpus), "--out", str(out)],
                       capture_output=True, text=True)
    assert r.returncode == 1, r.stderr
    assert str(bad) in r.stderr and f"{corpus}:2" in r.stderr and f"{corpus}:3" in r.stderr
    arts = (out / "articles.csv").read_text(encoding="utf-8").splitlines()
    assert len(arts) == 3  # header + the seed file + the good JSONL record


def test_hostile_html_text_is_plain(tmp_path):
    from test_article import HOSTILE_HTML

    p = _write(tmp_path, "x.html", HOSTILE_HTML.encode())
    frames = mea.analyze(p)
    for col in ("text",):
        assert not frames.mentions[col].str.contains("<|javascript:|onerror", regex=True).any()

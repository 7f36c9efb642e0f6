"""Never crash, never corrupt: a str is a path only when it names a file; duplicate ids, wrong JSONL
types and hostile sizes are InputErrors naming the input; report names are safe."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import mideast_analysis as mea
from mideast_analysis.article import MAX_CHARS
from mideast_analysis.nlp import RUN_ON_CHARS, _pieces
from mideast_analysis.report import article_ids, report_name
from mideast_analysis.spans import CONTEXT_CHARS

CLI = [sys.executable, "-m", "mideast_analysis.cli"]
WIRE = ("AMMAN, Jordan (Reuters) - Jordanian police arrested three men on Monday after clashes near the "
        "Syrian border, the Interior Ministry said in a statement.")


def test_a_long_one_line_text_is_text_not_a_path():
    text = " ".join([WIRE] * 40)  # 6,000 characters on one line: longer than any file name
    frames = mea.analyze(text, published="2024-02-06")
    assert frames.articles.article_id[0].startswith("text-")
    assert frames.articles.source[0] == "Reuters"
    mea.check_frames(frames, {frames.articles.article_id[0]: text})


@pytest.mark.parametrize("text", ["Rockets hit Baghdad\x00 on Sunday, police said.", "x" * 5000 + ".txt",
                                  "Gaza/Rafah: aid trucks crossed on Sunday, officials said.", "~/" * 3000])
def test_odd_strings_never_raise_os_errors(text):
    try:
        frames = mea.analyze(text)
    except mea.InputError as exc:  # allowed: a clear error naming the input
        assert exc.cause
    else:
        mea.check_frames(frames, {frames.articles.article_id[0]: text})


def test_str_and_path_name_files(tmp_path):
    p = tmp_path / "amman.txt"
    p.write_text(WIRE, encoding="utf-8")
    assert mea.load_article(str(p)).article_id == mea.load_article(p).article_id == "amman"
    with pytest.raises(mea.InputError, match="no such file"):
        mea.analyze(str(tmp_path / "missing.txt"))
    with pytest.raises(mea.InputError, match="folder"):
        mea.analyze(str(tmp_path))


def _corpus(tmp_path: Path, lines: list[object]) -> Path:
    p = tmp_path / "corpus.jsonl"
    p.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    return p


def test_duplicate_ids_are_errors_naming_both_places(tmp_path):
    p = _corpus(tmp_path, [{"id": "a", "text": WIRE}, {"id": "b", "text": WIRE}, {"id": "a", "text": WIRE + " Again."}])
    frames, errors = mea.analyze_corpus([p])
    assert list(frames.articles.article_id) == ["a", "b"]
    assert len(errors) == 1 and errors[0].source == f"{p}:3" and f"already read from {p}:1" in errors[0].cause
    first, second = tmp_path / "x" / "same.txt", tmp_path / "y" / "same.txt"
    for f in (first, second):
        f.parent.mkdir()
        f.write_text(WIRE, encoding="utf-8")
    r = subprocess.run(CLI + ["extract", str(first), str(second), "--out", str(tmp_path / "out")],
                       capture_output=True, text=True)
    assert r.returncode == 1
    assert f"{second}: duplicate article id 'same': already read from {first}" in r.stderr
    assert len((tmp_path / "out" / "articles.csv").read_text(encoding="utf-8").splitlines()) == 2


@pytest.mark.parametrize("record, cause", [
    ({"id": "a", "text": WIRE, "title": 7}, "field 'title' is a JSON int"),
    ({"id": "a", "text": WIRE, "source": ["x"]}, "field 'source' is a JSON list"),
    ({"id": "a", "text": 12}, "no string field 'text'"),
    ({"id": True, "text": WIRE}, "no 'id'"),
    ({"id": "a", "text": WIRE, "published": "2024-13-45"}, "not an ISO 8601 date"),
    (["a", WIRE], "is a JSON list, not an object"),
    ('{"id": "a", "text": "\\ud800 lone"}', "lone surrogate"),
    ("[" * 3000 + "]" * 3000, "JSON"),
])
def test_bad_records_are_input_errors_naming_the_line(tmp_path, record, cause):
    p = _corpus(tmp_path, [{"id": "ok", "text": WIRE}, record])
    frames, errors = mea.analyze_corpus([p])
    assert list(frames.articles.article_id) == ["ok"]
    assert len(errors) == 1 and errors[0].source == f"{p}:2" and cause in errors[0].cause


def test_metadata_is_one_line_and_an_integer_id_is_an_id(tmp_path):
    p = _corpus(tmp_path, [{"id": 42, "text": WIRE, "source": "Jordan\nTimes\x07", "title": "A\ttitle\n"}])
    frames, errors = mea.analyze_corpus([p])
    assert not errors
    row = frames.articles.iloc[0]
    assert (row.article_id, row.source, row.title) == ("42", "Jordan Times", "A title")


@pytest.mark.parametrize("name, text", [
    ("single line over the limit", "Rockets hit Baghdad on Sunday and police said " * 3000),
    ("Baghdad a million times", "Baghdad " * 1_000_000),
    ("10,000 dates in a row", " ".join(f"on {d % 28 + 1} March 2021" for d in range(10_000))),
])
def test_oversized_text_is_rejected_with_its_size(name, text):
    assert len(text) > MAX_CHARS
    with pytest.raises(mea.InputError, match=f"more than the {MAX_CHARS:,}"):
        mea.analyze(text)


def test_hostile_shapes_are_analysed_within_the_contract_or_rejected():
    nested = "<html><body>" + "<div>" * 100_000 + "Rockets hit Baghdad on Sunday. " * 20 + "</div>" * 100_000
    with pytest.raises(mea.InputError, match="HTML page without article text"):
        mea.analyze(nested + "</body></html>")
    for text in ("Rockets hit\x07 Baghdad\x1b[31m on Sunday\x0b, police said.\x00 " * 200,
                 " ".join(["Iraqi", "forces", "attacked", "Mosul", "and", "Hezbollah", "said", "rockets"] * 1250)):
        frames = mea.analyze(text, published="2024-03-05")
        mea.check_frames(frames, {frames.articles.article_id[0]: text})
        m = frames.mentions  # a window around the mention, not the 10,000-word sentence
        assert (m.context.str.len() <= CONTEXT_CHARS + 2 + m.text.str.len()).all()


def test_report_name_counts_articles_and_is_safe(tmp_path):
    p = _corpus(tmp_path, [{"id": "../../etc/passwd", "text": WIRE}, {"id": "b", "text": WIRE},
                           {"id": "c\x1b[2J", "text": WIRE}])
    single = tmp_path / "one.txt"
    single.write_text(WIRE, encoding="utf-8")
    assert report_name(article_ids([p])) == "etc_passwd-and-2-more"
    assert report_name(article_ids([single, p])) == "one-and-3-more"
    with pytest.raises(mea.InputError, match="no article to report on"):
        article_ids([_corpus(tmp_path, ["{broken"])])


def test_a_run_on_text_is_parsed_in_pieces_and_keeps_its_offsets():
    unit = "on 1 March 2021 the army said rockets hit the camp in Baghdad and killed two soldiers and "
    text = (unit * 40)[:3500] + ". Protesters gathered in Basra on Monday."
    frames = mea.analyze(text, published="2021-03-05")
    for row in frames.mentions.itertuples():
        assert text[row.start:row.end] == row.text
    assert {"Baghdad", "Basra"} <= {m for m in frames.mentions.text}


@given(st.lists(st.sampled_from(["word ", "word. ", "word\n", "longword"]), max_size=1500).map("".join))
@example("word " * 1000)
@example("word. " * 1000)
@settings(max_examples=100, deadline=None)
def test_pieces_cover_the_text_in_order_and_no_stretch_without_a_stop_is_long(text):
    pieces = _pieces(text)
    assert all(a < b for a, b in pieces) and all(b1 <= a2 for (_, b1), (a2, _) in zip(pieces, pieces[1:]))
    assert "".join(text.split()) == "".join("".join(text[a:b].split()) for a, b in pieces)  # nothing lost
    assert len(pieces) > 1 or len(text) <= RUN_ON_CHARS or re.search(r"[.!?\n]\s", text)
    for a, b in pieces:
        for stretch in re.split(r"[.!?\n](?=\s|$)", text[a:b]):
            assert len(stretch) <= RUN_ON_CHARS or " " not in stretch.strip()

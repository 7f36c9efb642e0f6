"""Fuzzing shared by tests/test_properties.py (a CI budget) and benchmarks/fuzz.py (10,000 examples,
fixed seed): Hypothesis strategies for news-like words mixed with the pieces that break text
pipelines and for JSONL corpora with missing fields, wrong types, duplicate ids and broken lines;
and the checks every outcome must pass (analysed within the contract, or rejected by an InputError
that names the input)."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from hypothesis import strategies as st

import mideast_analysis as mea

PUBLISHED = "2024-03-05"

WORDS = (
    "Baghdad", "Mosul", "Basra", "Gaza", "Rafah", "Beirut", "Sanaa", "Hodeidah", "Tehran", "Damascus", "Aleppo",
    "Idlib", "Amman", "Tripoli", "Benghazi", "the Green Zone", "southern Lebanon", "the West Bank", "Iraq", "Syria",
    "Yemen", "Iran", "Israel", "the United States", "Hezbollah", "Hamas", "the Houthis", "the Iraqi army",
    "Iraqi security forces", "President Joe Biden", "Prime Minister Mustafa al-Kadhimi", "the United Nations",
    "Reuters", "police", "protesters", "gunmen", "officials", "a spokesman", "the ministry", "the army",
    "attacked", "killed", "wounded", "fired", "rockets", "missiles", "a drone", "an air strike", "said", "told",
    "condemned", "accused", "met", "agreed", "rejected", "demanded", "protested", "arrested", "withdrew", "threatened",
    "will", "would", "not", "no", "and", "or", "of", "in", "near", "at", "on", "by", "the", "a", "three", "eight",
    "dozens", "on Sunday", "last week", "two days ago", "on March 3", "in January", "2019", "yesterday", "late Monday",
)

HOSTILE = (
    "\u200f", "\u200e", "\u202e", "\u2066", "\u200b", "\u200d", "\ufeff", "\u00ad",  # bidi, zero-width, soft hyphen
    "e\u0301\u0301\u0301", "Bag\u0308hda\u0300d", "\u0336".join("Mosul"),  # combining characters
    "💥", "🇮🇶", "👨‍👩‍👧", "\U0001f9e8 rockets",  # emoji, flags, ZWJ sequences
    "بغداد", "قُتل ثلاثة أشخاص", "الموصل", "حزب الله", "ירושלים",  # Arabic and Hebrew script
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<b>Baghdad</b>", "&amp;", "&#x202e;", "</p><p>",
    "<a href='javascript:alert(1)'>Gaza</a>", "<!--", "]]>", "<!doctype html><html><body>",
    "99999999999999999999 rockets", "1e308", "-0", "10,000,000,000", "killing 999999999999999 people",
    "on 31 February 2021", "February 30", "on 45/13/2020", "in 0000", "in the year 99999", "9999-99-99",
    "99999999 days ago", "on 31/12/9999", "0001-01-01",
    ".", ". . .", "…", "?!", "'s", "’s", "—", "-", "(", ")", "[", "]", "\"", "“", "”",
    "\x07", "\x1b[31m", "\r", "\t", "\x0b", "\x0c", "\x85", "\u2028", "\u2029",
    "(Reuters) -", "BAGHDAD, Iraq (AP) —", "Updated: 03/05/2022 10:14", "READ: more", "[Photo/AFP]",
    "Old Mill Road", "us", "US-backed", "Iran-backed", "Middle East", "Dublin", "Paris",
)

HUGE = (
    " ".join(["Iraqi", "forces", "attacked", "Mosul", "and", "Hezbollah", "said", "rockets"] * 1250),  # 10,000 words, no stop
    "Baghdad " * 12_000,
    " ".join(f"on {d} March 2021" for d in range(1, 29)) * 120,
    "<div>" * 20_000 + "Rockets hit Baghdad on Sunday." + "</div>" * 20_000,
    "word" * 30_000,  # one 120,000-character token: over the size limit
)

SEPARATORS = st.sampled_from([" ", " ", " ", ", ", ". ", "\n", "\n\n", ""])
PIECE = st.one_of(st.sampled_from(WORDS), st.sampled_from(WORDS), st.sampled_from(HOSTILE),
                  st.text(max_size=12))


@st.composite
def texts(draw: st.DrawFn, huge_one_in: int = 200) -> str:
    """A text of news-like words and hostile pieces; about one in `huge_one_in` is a hostile size."""
    if draw(st.integers(0, huge_one_in - 1)) == 0:
        return draw(st.sampled_from(HUGE))
    parts = draw(st.lists(st.tuples(PIECE, SEPARATORS), max_size=60))
    return "".join(piece + sep for piece, sep in parts)


ID = st.one_of(st.sampled_from(["a", "b", "c", "d-1", "../etc/passwd", "x/y", "\u202e", " "]),
               st.integers(-2, 3), st.none(), st.booleans(), st.floats(allow_nan=False, allow_infinity=False, max_value=9), st.text(max_size=8))
STRING_OR_WRONG = st.one_of(st.none(), st.text(max_size=30), st.integers(), st.lists(st.integers(), max_size=2),
                            st.dictionaries(st.text(max_size=3), st.integers(), max_size=2))
PUBLISHED_VALUES = st.one_of(st.none(), st.sampled_from(["2024-03-05", "2019-12-31T23:59:00Z", "2024-03-05T10:00+03:00",
                                                         "2024-13-45", "yesterday", "", "0001-01-01", "9999-12-31"]),
                             st.integers(), st.text(max_size=10))
RECORD = st.one_of(
    st.fixed_dictionaries({"id": ID, "text": st.one_of(texts(huge_one_in=500), texts(huge_one_in=500), STRING_OR_WRONG)},
                          optional={"published": PUBLISHED_VALUES, "title": STRING_OR_WRONG,
                                    "source": STRING_OR_WRONG, "url": STRING_OR_WRONG}),
    st.fixed_dictionaries({}, optional={"id": ID, "title": STRING_OR_WRONG}),  # no text
    st.one_of(st.integers(), st.text(max_size=10), st.lists(st.integers(), max_size=3), st.none()),  # not objects
)
GOOD_RECORD = st.fixed_dictionaries(  # well formed, with ids that repeat now and then
    {"id": st.one_of(st.sampled_from(["a", "b", "c", "d"]), st.integers(0, 3)), "text": texts(huge_one_in=500)},
    optional={"published": st.sampled_from(["2024-03-05", "2019-12-31T23:59:00Z", "2024-03-05T10:00+03:00"]),
              "title": st.text(max_size=40), "source": st.text(max_size=30), "url": st.text(max_size=30)})
LINE = st.one_of(GOOD_RECORD.map(json.dumps), GOOD_RECORD.map(json.dumps), RECORD.map(json.dumps),
                 st.sampled_from(["{not json", "", "   ", '{"id": "a", "text": "\\ud800 lone surrogate"}',
                                  "[" * 5000 + "]" * 5000]))


@st.composite
def jsonl_corpora(draw: st.DrawFn) -> str:
    """The text of a JSONL corpus of a few lines, good and bad."""
    return "\n".join(draw(st.lists(LINE, min_size=1, max_size=6)))


def _named(exc: mea.InputError, where: str) -> None:
    assert exc.source and exc.cause, exc
    assert exc.source.startswith(where), (exc.source, where)


def check_text(text: str) -> str:
    """Analyse a text: 'ok' when the tables keep the contract, 'rejected' for an InputError naming it.
    Anything else (an exception of another kind, a broken invariant) propagates."""
    try:
        frames = mea.analyze(text, published=PUBLISHED)
    except mea.InputError as exc:
        assert exc.source, exc
        assert exc.cause, exc
        return "rejected"
    article = mea.load_article(text, published=PUBLISHED)
    assert list(frames.articles.article_id) == [article.article_id]
    mea.check_frames(frames, {article.article_id: article.text})
    return "ok"


def check_corpus(content: str, folder: Path) -> str:
    """Analyse a JSONL corpus: every non-blank line is an article or an InputError naming its line, a
    repeated id is an error, and the tables keep the contract."""
    path = folder / "corpus.jsonl"
    path.write_text(content, encoding="utf-8")
    frames, errors = mea.analyze_corpus([path])
    for exc in errors:
        assert isinstance(exc, mea.InputError)
        _named(exc, str(path))
    lines = [n for n, line in enumerate(content.split("\n"), 1) if line.strip()]
    if not lines:
        assert len(errors) == 1 and frames.articles.empty and "empty" in errors[0].cause
        return "rejected"
    assert len(frames.articles) + len(errors) == len(lines)
    ids = Counter(frames.articles.article_id)
    assert max(ids.values(), default=1) == 1
    articles = [a for a in mea.load_articles([path]) if isinstance(a, mea.Article)]
    assert {a.article_id for a in articles} >= set(ids)
    mea.check_frames(frames, {a.article_id: a.text for a in articles})
    return "ok" if ids else "rejected"

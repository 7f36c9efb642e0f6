"""The fast attribute ruler gives every token the tag, POS, morphology, lemma and dependency spaCy's
AttributeRuler gives it: with the model's own rules on texts of several shapes, and with made-up rule
sets (lists, negated lists, regular expressions, two-token rules, later rules winning) on random texts."""
from __future__ import annotations

from pathlib import Path

import numpy
import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG

from mideast_analysis.attribute_rules import FastAttributeRuler, install, rules_of
from mideast_analysis.nlp import MODEL_PACKAGES, get_nlp

TEXTS = Path(__file__).parent / "texts"
COLUMNS = [TAG, POS, MORPH, LEMMA, DEP, HEAD]
INFORMAL = ("\"We ain't gonna leave,\" said a farmer near Jenin.  \"Let's wait. Y'all know there's nothin' "
            "left here.\"\n\nC'mon, they told us: do not go back. There are 300 families who've gotta stay, "
            "and it isn't safe. Which one? That was what they'd said; I'm sure we're right.")


def _model():
    return next(spacy.load(p) for p in MODEL_PACKAGES if __import__("importlib").util.find_spec(p))


@pytest.fixture(scope="module")
def stock():
    return _model()


@pytest.fixture(scope="module")
def fast():
    nlp = _model()
    assert install(nlp)
    return nlp


def test_the_pipeline_uses_the_fast_ruler_in_the_models_place() -> None:
    nlp = get_nlp()
    assert isinstance(nlp.get_pipe("attribute_ruler"), FastAttributeRuler)
    assert nlp.pipe_names.index("attribute_ruler") == nlp.pipe_names.index("parser") + 1


@pytest.mark.parametrize("name", sorted(p.name for p in TEXTS.iterdir()) + ["informal"])
def test_every_token_gets_what_the_models_ruler_gives(stock, fast, name: str) -> None:
    text = INFORMAL if name == "informal" else (TEXTS / name).read_text(encoding="utf-8")
    a, b = stock(text), fast(text)
    assert len(a) > 20
    assert numpy.array_equal(a.to_array(COLUMNS), b.to_array(COLUMNS))
    assert [t.lemma_ for t in a] == [t.lemma_ for t in b] and [str(t.morph) for t in a] == [str(t.morph) for t in b]


def test_the_models_two_token_and_pattern_rules_act(fast) -> None:
    doc = fast(INFORMAL)
    lemmas = {t.lower_: t.lemma_ for t in doc}
    assert lemmas["ai"] == "be" and lemmas["gon"] == "go" and lemmas["nothin'"] == "nothing"
    assert lemmas["ta"] == "to" and [t.lemma_ for t in doc if t.lower_ == "'s"][0] == "us"  # gotta; let's


WORDS = ["the", "The", "us", "gon", "na", "new", "York", "y'", "all", "not", "n't", "did", " ", "\n", "x",
         "Mosul", "ran", "run"]
RULES = [
    {"patterns": [[{"LOWER": {"IN": ["the", "a"]}}]], "attrs": {"POS": "DET", "MORPH": "Definite=Def"}},
    {"patterns": [[{"LOWER": {"NOT_IN": ["the", "us", ""]}}]], "attrs": {"POS": "NOUN"}},
    {"patterns": [[{"LOWER": {"REGEX": "^n'?t$"}}], [{"LOWER": "not"}]], "attrs": {"LEMMA": "not", "POS": "PART"}},
    {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "to"}, "index": -1},
    {"patterns": [[{"LOWER": "new"}, {"LOWER": "york"}]], "attrs": {"POS": "PROPN", "LEMMA": "New"}},
    {"patterns": [[{"LOWER": {"REGEX": "^y'?$"}}, {"LOWER": "all"}]], "attrs": {"LEMMA": "you"}},
    {"patterns": [[{"IS_SPACE": True}]], "attrs": {"TAG": "_SP", "POS": "SPACE"}},
    {"patterns": [[{"LOWER": "us"}]], "attrs": {"POS": "PRON", "LEMMA": "we"}},
    {"patterns": [[{"LOWER": "mosul"}]], "attrs": {"POS": "PROPN"}},
    {"patterns": [[{"LOWER": {"IN": ["ran", "run"]}}]], "attrs": {"LEMMA": "run", "POS": "VERB"}},
    {"patterns": [[{"LOWER": "the"}]], "attrs": {"POS": "PRON"}},  # later than the first: it wins
]


def _blank_pair():
    """Two blank English pipelines with the made-up rules: spaCy's ruler, and the fast one."""
    a, b = spacy.blank("en"), spacy.blank("en")
    a.add_pipe("attribute_ruler").add_patterns(RULES)
    b.add_pipe("attribute_ruler").add_patterns(RULES)
    assert install(b)
    return a, b


PAIR = _blank_pair()


@settings(max_examples=150, deadline=None, derandomize=True, database=None)
@given(st.lists(st.sampled_from(WORDS), min_size=0, max_size=40))
def test_made_up_rules_give_what_spacys_ruler_gives(words: list[str]) -> None:
    a, b = PAIR
    text = " ".join(words)
    x, y = a(text), b(text)
    assert numpy.array_equal(x.to_array(COLUMNS), y.to_array(COLUMNS))


def test_later_rules_win_and_two_token_rules_set_their_target() -> None:
    doc = PAIR[1]("the new york gon na us")
    assert [t.pos_ for t in doc] == ["PRON", "PROPN", "NOUN", "NOUN", "NOUN", "PRON"]
    assert [t.lemma_ for t in doc][:2] == ["", "New"] and doc[4].lemma_ == "to" and doc[5].lemma_ == "we"


@pytest.mark.parametrize("pattern", [
    [{"LOWER": "the", "OP": "+"}],  # an operator
    [{"SHAPE": "xxx"}],  # an attribute it does not key on
    [{"LOWER": {"FUZZY": "the"}}],  # another predicate
    [{"TAG": {"REGEX": "^$"}}],  # a regular expression on another attribute than the word
    [{"IS_SPACE": 0}],  # a value of another type than the attribute's
])
def test_a_ruler_with_a_rule_it_cannot_express_is_kept(pattern: list[dict]) -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("attribute_ruler").add_patterns([{"patterns": [pattern], "attrs": {"POS": "DET"}}])
    assert not install(nlp)
    assert type(nlp.get_pipe("attribute_ruler")).__name__ == "AttributeRuler"
    assert nlp("the the")[0].pos_ == "DET"


def test_the_memory_of_words_is_bounded(monkeypatch) -> None:
    import mideast_analysis.attribute_rules as ar

    monkeypatch.setattr(ar, "NAMED_MEMO", 8)
    a, b = _blank_pair()
    text = " ".join(f"word{i}" for i in range(50)) + " the us gon na"
    assert numpy.array_equal(a(text).to_array(COLUMNS), b(text).to_array(COLUMNS))
    assert len(b.get_pipe("attribute_ruler").named) <= 8


def test_a_pipeline_without_a_ruler_is_left_alone() -> None:
    nlp = spacy.blank("en")
    assert not install(nlp) and nlp.pipe_names == []


def test_rules_keep_their_order_and_targets() -> None:
    rules = rules_of(PAIR[0].get_pipe("attribute_ruler"))
    assert [r.order for r in rules] == sorted(r.order for r in rules)
    gonna = next(r for r in rules if len(r.tests) == 2 and r.order == 3)
    assert gonna.index == 1 and gonna.anchor == 0

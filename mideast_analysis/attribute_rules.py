"""A faster stand-in for the model's attribute ruler, with the same result token for token.

spaCy's AttributeRuler runs a general Matcher over every token for its ~180 rules (the tag map and the
morph rules: `{"TAG": "NN"}` -> POS NOUN, `{"TAG": "PRP", "LOWER": "us"}` -> lemma 'we'); that is about an
eighth of the whole parse. Those rules are plain token tests without operators, so a token's outcome
depends only on its tag, dependency and whitespace flag, on its lower form if a rule names that form,
and, for the few two-token rules, on its neighbour. This component works the outcome out once per such
key and writes the columns with one `Doc.from_array`. It takes the loaded ruler's own rules; a ruler with
a rule it cannot express (an operator, another attribute) is left in place (`install` returns False).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from spacy.attrs import DEP, IDS, LEMMA, MORPH, POS, TAG
from spacy.language import Language
from spacy.tokens import Doc

TESTED = ("TAG", "LOWER", "DEP", "IS_SPACE")  # pattern keys, in the columns of a token's key
READ = [IDS[name] for name in TESTED]
WORD = TESTED.index("LOWER")  # the key's column of the lower form
WRITTEN = [TAG, POS, MORPH, LEMMA, DEP]  # the attributes a rule may set, in the columns given to `from_array`
OTHER_WORD = -1  # the key's lower form of a word no rule names (hashes are unsigned)
NAMED_MEMO = 1 << 16  # words whose 'named' verdict is kept: enough for a corpus's common words, and bounded


class Unsupported(ValueError):
    """A rule this component cannot express."""


@dataclass(frozen=True)
class Test:
    """One attribute of one pattern token: the key's column, and the values that pass (or fail, if
    `negated`), or the regular expression the word must match."""

    col: int
    values: frozenset = frozenset()
    negated: bool = False
    regex: re.Pattern | None = None

    def passes(self, key: tuple, strings) -> bool:
        value = key[self.col]
        if self.regex is not None:
            return value != OTHER_WORD and self.regex.search(strings[value]) is not None
        return (value in self.values) != self.negated


Tests = tuple[Test, ...]  # one pattern token


def _tests(spec: dict, strings) -> Tests:
    """One pattern token ({'TAG': 'NN', 'LOWER': {'IN': [...]}}) -> its Tests."""
    tests = []
    for key, value in spec.items():
        operator = next(iter(value)) if isinstance(value, dict) and len(value) == 1 else None
        if key not in TESTED or (isinstance(value, dict) and operator not in ("IN", "NOT_IN", "REGEX")) \
                or (operator == "REGEX" and key != "LOWER"):
            raise Unsupported(f"{key}: {value}")
        col = TESTED.index(key)
        if operator == "REGEX":
            tests.append(Test(col, regex=re.compile(value["REGEX"])))
            continue
        values = value[operator] if operator else [value]
        if not all(isinstance(v, bool if key == "IS_SPACE" else str) for v in values):
            raise Unsupported(f"{key}: {value}")
        tests.append(Test(col, frozenset(int(v) if key == "IS_SPACE" else strings.add(v) for v in values),
                          negated=operator == "NOT_IN"))
    return tuple(tests)


@dataclass(frozen=True)
class Rule:
    """One pattern of a rule: its tests per token, the token it sets, the (column, value) pairs it sets,
    and the rule's place in the ruler (later rules win)."""

    order: int
    tests: tuple[Tests, ...]
    index: int
    values: tuple[tuple[int, int], ...]

    @property
    def anchor(self) -> int | None:
        """A token of the pattern that tests the lower form: only words a rule names can start a match."""
        return next((k for k, tests in enumerate(self.tests) if any(t.col == WORD and not t.negated for t in tests)),
                    None)


def rules_of(ruler) -> list[Rule]:
    """The patterns of a loaded spaCy AttributeRuler as Rules; Unsupported if one cannot be expressed."""
    strings, out = ruler.vocab.strings, []
    for order, (pattern, attrs, index) in enumerate(zip(ruler.patterns, ruler.attrs, ruler.indices)):
        if set(attrs) - set(WRITTEN):
            raise Unsupported(str(attrs))
        values = tuple(sorted((WRITTEN.index(a), v) for a, v in attrs.items()))
        for p in pattern["patterns"]:
            if not p or not -len(p) <= index < len(p):
                raise Unsupported(f"index {index} of a pattern of {len(p)} token(s)")
            out.append(Rule(order, tuple(_tests(spec, strings) for spec in p), index % len(p), values))
    return out


class FastAttributeRuler:
    """The attribute ruler as lookups per token key. Rules apply in their order, later ones winning, as in
    spaCy's (which sorts its matches by rule)."""

    def __init__(self, nlp: Language, name: str = "attribute_ruler") -> None:
        self.name = name
        self.use([])

    def use(self, rules: list[Rule], strings=None) -> None:
        """Take these rules (rules_of a model's ruler; `strings`: the vocab's, to read the words of the keys)."""
        self.strings = strings
        self.single = [r for r in rules if len(r.tests) == 1]
        self.multi = [r for r in rules if len(r.tests) > 1]
        lower_tests = [t for r in rules for tests in r.tests for t in tests if t.col == WORD]
        self.listed = frozenset(v for t in lower_tests for v in t.values)
        self.patterns = [t.regex for t in lower_tests if t.regex is not None]
        self.named: dict[int, bool] = {}
        self.outcome: dict[tuple, tuple[tuple[int, int], ...]] = {}

    def _lower(self, lower: int) -> int:
        """A token's lower form in its key: itself if a rule names it (in a list or by a pattern), else
        OTHER_WORD, so that the many words no rule names share their keys."""
        named = self.named.get(lower)
        if named is None:
            if len(self.named) >= NAMED_MEMO:  # a corpus's vocabulary keeps growing: memory must not
                self.named.clear()
            text = self.strings[lower]
            named = self.named[lower] = lower in self.listed or any(p.search(text) for p in self.patterns)
        return lower if named else OTHER_WORD

    def _passes(self, tests: Tests, key: tuple) -> bool:
        return all(t.passes(key, self.strings) for t in tests)

    def _final(self, key: tuple, extra: list[Rule]) -> tuple[tuple[int, int], ...]:
        """The (column, value) pairs a token with this key ends with, its rules applied in their order."""
        if not extra and key in self.outcome:
            return self.outcome[key]
        rules = [r for r in self.single if self._passes(r.tests[0], key)] + extra
        merged: dict[int, int] = {}
        for rule in sorted(rules, key=lambda r: r.order):
            merged.update(rule.values)
        final = tuple(sorted(merged.items()))
        if not extra:
            self.outcome[key] = final
        return final

    def _multi(self, keys: list[tuple]) -> dict[int, list[Rule]]:
        """Token index -> the multi-token patterns that match with it as their target."""
        out: dict[int, list[Rule]] = {}
        named = [i for i, key in enumerate(keys) if key[WORD] != OTHER_WORD]
        for rule in self.multi:
            anchor, n = rule.anchor, len(rule.tests)
            starts = range(len(keys) - n + 1) if anchor is None else [i - anchor for i in named]
            for start in starts:
                if 0 <= start <= len(keys) - n and all(self._passes(t, keys[start + k]) for k, t in enumerate(rule.tests)):
                    out.setdefault(start + rule.index, []).append(rule)
        return out

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        keys = [(tag, self._lower(lower), dep, space)
                for tag, lower, dep, space in doc.to_array(READ).tolist()]
        extra = self._multi(keys) if self.multi else {}
        out = doc.to_array(WRITTEN)
        for i, key in enumerate(keys):
            for col, value in self._final(key, extra.get(i, [])):
                out[i, col] = value
        doc.from_array(WRITTEN, out)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)


@Language.factory("mea_attribute_ruler")
def make_fast_attribute_ruler(nlp: Language, name: str) -> FastAttributeRuler:
    """An empty fast attribute ruler (spaCy-style factory); `install` gives it the model's rules."""
    return FastAttributeRuler(nlp, name)


def install(nlp: Language, name: str = "attribute_ruler") -> bool:
    """Put a FastAttributeRuler with the rules of the model's ruler in its place. False, and the model's
    ruler kept, when the model has none or has a rule the fast one cannot express."""
    if name not in nlp.pipe_names:
        return False
    try:
        rules = rules_of(nlp.get_pipe(name))
    except Unsupported:
        return False
    nlp.replace_pipe(name, "mea_attribute_ruler")
    nlp.get_pipe(name).use(rules, nlp.vocab.strings)
    return True

"""The actors of one article as they are assembled: drafts with their mentions, and the rules that join two
drafts naming one actor (a collective and its curated name, a bare collective and its qualified form, a
surname or first name and the full name, 'Police said' and 'Jordanian police')."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Token

from .actor_knowledge import HONORIFICS
from .actor_spans import bare_words
from .geocoding.gazetteer import normalize
from .nlp import Sentence
from .spans import Mention, stable_id

ACTOR_SEGMENTS = ("title", "caption", "body")


@dataclass
class Draft:
    """An actor being assembled from its mentions."""

    key: str
    name: str
    kind: str
    country: str | None = None
    role: str | None = None
    code: str | None = None
    affiliation: str | None = None
    mentions: list[Mention] = field(default_factory=list)

    @property
    def actor_id(self) -> str:
        return stable_id("act-", self.key)


class DraftBook:
    """An article's drafts by key, the actor of each mention span, and the joins between drafts."""

    def __init__(self, credit: tuple[int, int] | None) -> None:
        self.credit = credit
        self.drafts: dict[str, Draft] = {}
        self.span_to_actor: dict[tuple[int, int], str] = {}
        self.bare: list[tuple[Sentence, Token, str]] = []  # 'Police said': institutions named without a country

    def _add(self, draft: Draft, mention: Mention) -> None:
        d = self.drafts.setdefault(draft.key, draft)
        for attr in ("country", "role", "code", "affiliation"):
            if getattr(d, attr) is None and getattr(draft, attr) is not None:
                setattr(d, attr, getattr(draft, attr))
        d.mentions.append(Mention("actor", d.actor_id, mention.text, mention.label, mention.sentence,
                                  mention.start, mention.end, mention.segment))
        self.span_to_actor[(mention.start, mention.end)] = d.actor_id

    def _mention(self, sent: Sentence, start: int, end: int, label: str) -> Mention:
        ps = sent.parsed
        return Mention("actor", "", ps.text[start:end], label, sent.index, ps.offset(start), ps.offset(end),
                       sent.kind)

    def _in_credit(self, start: int) -> bool:
        """Whether an article offset lies in the photo credit ('[Name/Agency]')."""
        return bool(self.credit) and self.credit[0] <= start < self.credit[1]

    def _move(self, key: str, target: str) -> None:
        """All mentions of one draft go to another, which absorbs it."""
        keep = self.drafts[target]
        for m in self.drafts.pop(key).mentions:
            keep.mentions.append(Mention("actor", keep.actor_id, m.text, m.label, m.sentence, m.start, m.end,
                                         m.segment))
            self.span_to_actor[(m.start, m.end)] = keep.actor_id

    def _merge_collectives_into_known(self) -> None:
        """'US soldiers' joins 'US forces' when the knowledge table names the latter (same kind and code)."""
        named = {(d.kind, d.code): k for k, d in self.drafts.items() if not k.startswith("group:") and d.code}
        for key in [k for k in self.drafts if k.startswith("group:")]:
            target = named.get((self.drafts[key].kind, self.drafts[key].code))
            if target is not None:
                self._move(key, target)

    def _merge_bare_collectives(self) -> None:
        """'security forces' after 'Iraqi security forces': a collective without a country is the one
        actor of the article whose qualified name ends with the same words."""
        for key in [k for k in self.drafts if k.startswith("group:") and k.endswith(":")]:
            bare = bare_words(self.drafts[key].name)
            targets = {k for k, d in self.drafts.items() if k != key and d.country and d.kind not in ("person", "country")
                       for m in d.mentions if len(w := bare_words(m.text)) > len(bare) and w[-len(bare):] == bare}
            if len(targets) == 1:
                self._move(key, targets.pop())

    def _join_bare(self) -> None:
        """'Police said ...' after 'Jordanian police': an institution named bare, as the subject of a sentence,
        is the article's one actor of that institution with a country."""
        for sent, tok, group in self.bare:
            keys = [k for k, d in self.drafts.items() if k.startswith(f"group:{group}:") and d.country]
            if len(keys) == 1:
                self._add(self.drafts[keys[0]], self._mention(sent, tok.idx, tok.idx + len(tok.text), "collective"))

    def _merge_surnames(self) -> None:
        """'Sarraj' seen before the curated 'Fayez al-Sarraj', 'King Hamad' beside 'Hamad bin Isa Al Khalifa',
        'Wang' beside 'Wang Yi': a one-word person (titles aside) joins the one person of the article whose
        full name ends or begins with it."""
        for key in [k for k, d in self.drafts.items() if d.kind == "person"]:
            words = [w for w in normalize(self.drafts[key].name).split() if w not in HONORIFICS]
            if len(words) != 1:
                continue
            targets = [k for k, d in self.drafts.items() if d.kind == "person" and k != key
                       and len(n := normalize(d.name).split()) > 1 and words[0] in (n[0], n[-1])]
            if len(targets) == 1:
                self._move(key, targets[0])

    def join_all(self, sentences: list[Sentence]) -> list[Draft]:
        """Every join, in order; the article's drafts."""
        self._merge_collectives_into_known()
        self._merge_bare_collectives()
        self._merge_surnames()
        self._join_bare()
        self._surnames(sentences)
        return list(self.drafts.values())

    def _surnames(self, sentences: list[Sentence]) -> None:
        """'Safadi said ...' after 'Ayman Safadi': a named person's surname alone, where spaCy missed it."""
        people = {d.name.split()[-1]: d for d in self.drafts.values()
                  if d.kind == "person" and len(d.name.split()) > 1 and len(d.name.split()[-1]) > 2}
        if not people:
            return
        rx = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, people)) + r")(?![\w-])")
        taken = list(self.span_to_actor)
        for sent in sentences:
            if sent.kind not in ACTOR_SEGMENTS:
                continue
            for m in rx.finditer(sent.text):
                s = sent.span.start_char + m.start(1)
                start = sent.parsed.offset(s)
                if any(a <= start < b for a, b in taken) or self._in_credit(start):
                    continue
                d = people[m.group(1)]
                self._add(d, self._mention(sent, s, s + len(m.group(1)), "PERSON"))

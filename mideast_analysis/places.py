"""Toponyms -> gazetteer candidates -> one resolved place each, with its parent.

Recognition: spaCy GPE/LOC/FAC entities and the domain ruler's curated names; NORP demonyms
("Iraqi" names Iraq); ORG/PERSON spans the gazetteer confirms as a region or country; "City, State"
phrases with AP state abbreviations ("Charleston, W.Va."); places described rather than named (`place_phrases`:
"the Iranian consulate in Najaf", "southern Lebanon", "the Syria-Turkey border").
A country named as a modifier or as an acting government ("US forces", "Washington accuses")
is still a place mention, but not a *literal* one: `literal_mentions` counts the others, and maps
draw only places named literally. Macro-regions ("the Middle East") are no place; a name known only by
its transliteration-folding key ("Makhmour") counts only in an article about the Middle East.

Resolution (place_resolver.py): a context-free prior plus the article's own geography.
"""
from __future__ import annotations

import re
from bisect import bisect_left

from spacy.tokens import Span

from .geocoding.gazetteer import CONFIRMED_FEATURES, Gazetteer, normalize
from .geocoding.nominatim import NominatimChain
from .geocoding.transliteration import FOLD_COUNTRIES
from .layout import filed_from
from .nlp import PLACE_WORDS, Sentence, after_locative, in_part_frame, in_place_slot, in_settlement_frame
from .place_phrases import Described, OwnerOf, Phrase, borders, facilities, settle_facilities, sides
from .place_resolver import Forced, ResolvedPlace, Resolver, with_parents
from .spans import Mention

PLACE_LABELS = {"GPE", "LOC", "FAC"}
MAX_COMPLETION = 3  # words a cut-short place name may grow by
MODIFIER_DEPS = {"compound", "amod", "poss", "nmod"}
SENTENCE_END_RE = re.compile(r"[.!?] ")  # a headline run into the text ends before its dateline


def trim(span: Span) -> tuple[int, int]:
    """Character offsets of the span without a leading 'the' or a trailing possessive."""
    start, end = span.start, span.end
    while start < end and span.doc[start].lower_ in ("the", "a", "an"):
        start += 1
    while end > start and span.doc[end - 1].tag_ == "POS":
        end -= 1
    return span.doc[start].idx, span.doc[end - 1].idx + len(span.doc[end - 1].text)


def literal_use(ent: Span, country_level: bool) -> bool:
    """False for a place inside a hyphenated modifier ('Iran-backed', 'UK-based'), and for a country used as
    a modifier ('US forces') or as an acting government (a clause subject)."""
    if ent.end < len(ent.doc) and ent.doc[ent.end].text == "-" and not ent.doc[ent.end - 1].whitespace_:
        return False
    if not country_level:
        return True
    return ent.root.dep_ not in MODIFIER_DEPS | {"nsubj", "nsubjpass"}


class Recognizer:
    """Finds the place-name mentions of one article."""

    def __init__(self, gazetteer: Gazetteer, actor_country: dict[tuple[int, int], str]) -> None:
        self.gaz = gazetteer
        self.actor_country = actor_country  # actor mention span -> its actor's ISO alpha-2 country
        self.found: dict[tuple[int, int], tuple[Mention, bool, Forced]] = {}
        self._taken: list[tuple[int, int]] = []  # the found spans, sorted and disjoint

    def _add(self, sent: Sentence, s: int, e: int, label: str, literal: bool, forced: Forced = None) -> bool:
        """Adds a mention (Doc offsets s, e) unless an earlier one covers part of it; whether it was added."""
        ps = sent.parsed
        start, end = ps.offset(s), ps.offset(e)
        i = bisect_left(self._taken, (end,))  # the spans are disjoint: only the one before can overlap
        if i and self._taken[i - 1][1] > start:
            return False  # already covered by an earlier (longer or pattern) mention
        self._taken.insert(i, (start, end))
        text = ps.text[s:e]
        self.found[(start, end)] = (Mention("location", "", text, label, sent.index, start, end, sent.kind), literal, forced)
        return True

    def _phrase(self, sent: Sentence, ph: Phrase) -> None:
        """A descriptive phrase ('the Iranian consulate in Najaf', 'southern Lebanon'), and the names inside it
        as mentions of their own."""
        if self._add(sent, ph.start, ph.end, ph.label, True, ph.forced):
            ps = sent.parsed
            for s, e, label, literal in ph.inner:
                self.found[(ps.offset(s), ps.offset(e))] = (
                    Mention("location", "", ps.text[s:e], label, sent.index, ps.offset(s), ps.offset(e), sent.kind),
                    literal, None)

    def _facilities(self, sentences: list[Sentence]) -> dict[int, list[Phrase]]:
        """The article's facility phrases by sentence, each with its city settled (see place_phrases)."""
        found: list[tuple[int, Phrase]] = []
        cities: dict[int, set[str]] = {}
        for sent in sentences:
            owner_of = OwnerOf(sent.span, self.actor_country, sent.parsed.offset)
            found += [(sent.index, ph) for ph in facilities(sent.span, self.gaz, owner_of, sent.text)]
            cities[sent.index] = {normalize(e.text) for e in sent.ents if e.label_ == "GPE" and after_locative(e)
                                  and any(p.feature == "city" for p in self.gaz.candidates(e.text, limit=1))}
        out: dict[int, list[Phrase]] = {}
        for (index, ph), forced in zip(found, settle_facilities(found, cities)):
            if forced is not None:
                ph.forced = forced
                out.setdefault(index, []).append(ph)
        return out

    def _dateline(self, sent: Sentence) -> list[tuple[int, int]]:
        """'BAGHDAD (Reuters) -', 'MANSFIELD, Texas --': the place a story is filed from, in capitals, at the
        start of one of the first sentences (after a headline run into the text, too). Returns the Doc's
        character spans of the agencies in brackets ('(Tigris News)'), which name no place."""
        if sent.index > 3:
            return []
        agencies = []
        for pos in [0] + [m.end() for m in SENTENCE_END_RE.finditer(sent.text)]:
            m = filed_from(sent.text, pos)
            if m and m.group("agency"):
                agencies.append((sent.span.start_char + m.start("agency"), sent.span.start_char + m.end("agency")))
            if m and self.gaz.candidates(m.group("place"), limit=1):
                s = sent.span.start_char + m.start("place")
                self._add(sent, s, s + len(m.group("place")), "GPE", True)
        return agencies

    def _city_state(self, sent: Sentence) -> None:
        """'Charleston, W.Va.', 'the S.C. Highway Patrol': a state abbreviation is a place of its own (the city
        comes from NER). Dotted initials ('S.C.', 'N.Y.') count anywhere; a word-like one ('Ill.', 'Miss.')
        only after a comma."""
        rx = r"(?<=, )([A-Z][a-z]{0,4}\.(?: ?[A-Z][a-z]?\.)?)|(?<![\w.-])([A-Z]\.(?: ?[A-Z][a-z]?\.)+)"
        for m in re.finditer(rx, sent.text):
            g = 1 if m.group(1) else 2
            if self.gaz.state_abbreviation(m.group(g)):
                s = sent.span.start_char + m.start(g)
                self._add(sent, s, s + len(m.group(g)), "GPE", True)

    def run(self, sentences: list[Sentence]) -> list[tuple[Mention, bool, Forced]]:
        described = self._facilities(sentences)
        for sent in sentences:
            agencies = self._dateline(sent)
            for ph in described.get(sent.index, []) + sides(sent.span, self.gaz, sent.text) + borders(sent.span, self.gaz, sent.text):
                self._phrase(sent, ph)
            self._city_state(sent)
            for ent in sent.ents:
                if any(a <= ent.start_char and ent.end_char <= b for a, b in agencies):
                    continue
                if ent.label_ in ("PERSON", "ORG", "GPE", "LOC", "FAC") and in_settlement_frame(ent):
                    s, e = trim(ent)  # 'the village of Tal Arqam', known to the gazetteer or not
                    self._add(sent, s, e, "GPE", True)
                elif ent.label_ in PLACE_LABELS or ent.label_ in ("NORP", "ORG"):
                    self._entity(sent, self._completed(ent))
                elif ent.label_ == "PERSON" and len(ent) > 1 and ent[-1].lower_.rstrip(".") in PLACE_WORDS:
                    s, e = trim(ent)  # spaCy's PERSON for 'Old Mill Road': a street
                    self._add(sent, s, e, "FAC", True)
                elif ent.label_ in ("PERSON", "PRODUCT") and len(ent) == 1 and self.gaz.major_place(ent.text):
                    self._add(sent, ent.start_char, ent.end_char, "GPE", True)  # 'Tbilisi' as a person
                elif ent.label_ in ("PERSON", "PRODUCT") and (in_place_slot(ent) or in_part_frame(ent)) \
                        and self.gaz.candidates(ent.text, limit=1):  # 'near/struck Kiryat Shmona', 'the Amadiya district'
                    self._add(sent, ent.start_char, ent.end_char, "GPE", True)
        self._one_sense(sentences)
        self._regional_spellings()
        return [self.found[k] for k in sorted(self.found)]

    def _regional_spellings(self) -> None:
        """A name the gazetteer knows only by its transliteration-folding key is a place only in an article
        that names a Middle East or North Africa place as the gazetteer spells it; elsewhere it is more
        likely a person ('Les Bellah' is no 'Bellaa' of Morocco)."""
        folded = {k for k, (m, _, forced) in self.found.items()
                  if forced is None and m.label != "NORP" and self.gaz.found_by_folding(m.text)}
        if folded and not any(self._regional(m) for k, (m, _, _) in self.found.items() if k not in folded):
            self.found = {k: v for k, v in self.found.items() if k not in folded}

    def _regional(self, m: Mention) -> bool:
        """Whether a mention names a Middle East or North Africa country or place (by its best reading)."""
        if m.label == "NORP":
            return self.gaz.demonym(m.text) in FOLD_COUNTRIES
        top = self.gaz.candidates(m.text, limit=1)
        return bool(top) and top[0].country in FOLD_COUNTRIES

    def _one_sense(self, sentences: list[Sentence]) -> None:
        """A name recognised as a place once is a place wherever else the article writes it, even where
        spaCy called it a person or an organisation ('Gainesville' in 'Gainesville Police')."""
        names = {m.text: (m.label, literal) for m, literal, forced in self.found.values()
                 if forced is None and len(m.text) > 2 and m.label != "NORP" and self.gaz.candidates(m.text, limit=1)}
        if not names:
            return
        rx = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, sorted(names, key=len, reverse=True))) + r")(?![\w-])")
        for sent in sentences:
            for m in rx.finditer(sent.text):
                label, literal = names[m.group(1)]
                s = sent.span.start_char + m.start(1)
                self._add(sent, s, s + len(m.group(1)), label, literal)

    def _completed(self, ent: Span) -> Span:
        """A place name spaCy cut short ('Tal' of 'Tal Abyad', 'Ras' of 'Ras al-Ain'), grown over the
        capitalised words after it while the longer name is a place the gazetteer knows as such."""
        if ent.label_ not in PLACE_LABELS:
            return ent
        best, end, doc = ent, ent.end, ent.doc
        while end < min(len(doc), ent.end + MAX_COMPLETION) and (doc[end].is_title or doc[end].text in ("-", "al", "el")):
            end += 1
            longer = doc[ent.start:end]
            top = self.gaz.candidates(longer.text, limit=1)
            if doc[end - 1].is_title and top and normalize(top[0].name) != normalize(ent.text):
                best = Span(doc, ent.start, end, label=ent.label_)
        return best

    def _entity(self, sent: Sentence, ent: Span) -> None:
        commas = [t.i for t in ent if t.text == ","]
        if commas and ent.label_ in ("GPE", "LOC"):  # 'Greer, S.C.', 'Tripoli, Lebanon': one place per part
            bounds = [ent.start, *commas, ent.end]
            for a, b in zip(bounds, bounds[1:]):
                part = ent.doc[a + (a != ent.start): b]
                if len(part):
                    self._entity(sent, Span(ent.doc, part.start, part.end, label=ent.label_))
            return
        s, e = trim(ent)
        if e <= s or self._macro_region(ent, sent.parsed.text[s:e]):
            return
        text = sent.parsed.text[s:e]
        if ent.label_ == "NORP":
            country = self.gaz.demonym(text)
            if country and not self._capital(sent, ent, country):
                self._add(sent, s, e, "NORP", False)
            return
        top = self.gaz.candidates(text, limit=1)
        if ent.label_ == "ORG":
            if top and top[0].feature in CONFIRMED_FEATURES and normalize(top[0].name) == normalize(text):
                self._add(sent, s, e, "ORG", False)  # spaCy's ORG for a state or country acting
            else:
                self._org_prefix(sent, ent)
            return
        if top:
            self._add(sent, s, e, ent.label_, literal_use(ent, top[0].feature == "country"))
        elif (ent.label_ in ("GPE", "LOC") and len(text.split()) > 1) or text.split()[-1].lower().rstrip(".") in PLACE_WORDS:
            self._add(sent, s, e, ent.label_, True)  # a place the gazetteer does not know: placed by context

    def _capital(self, sent: Sentence, ent: Span, country: str) -> bool:
        """'the Omani capital': the country's capital city, a place the sentence names by description."""
        head = ent.root.head
        if ent.root.dep_ != "amod" or head.i != ent.end or head.lower_ != "capital" or self.gaz.capital(country) is None:
            return False
        return self._add(sent, ent.start_char, head.idx + len(head.text), "GPE", True, Described("capital", owner=country))

    def _macro_region(self, ent: Span, text: str) -> bool:
        """A region too vague to place ('the Middle East'), also where spaCy left out its last word
        ('the Gulf' of 'the Gulf region')."""
        after = ent.doc[ent.end].text if ent.end < len(ent.doc) else ""
        return self.gaz.macro_region(text) or bool(after) and self.gaz.macro_region(f"{text} {after}")

    def _org_prefix(self, sent: Sentence, ent: Span) -> None:
        """The place an organisation is named after: 'Dublin City Council', 'University of Georgia';
        a leading nationality ('American Electric Power') is a figurative mention of the country."""
        doc = ent.doc
        first = ent.start + (doc[ent.start].lower_ == "the")
        if first + 1 < ent.end and self.gaz.demonym(doc[first].text):
            self._add(sent, doc[first].idx, doc[first].idx + len(doc[first]), "NORP", False)
            return
        of = [t.i for t in ent if t.lower_ == "of"]
        spans = [doc[first: first + n] for n in (3, 2, 1) if first + n < ent.end]
        if of and of[-1] + 1 < ent.end:
            spans.insert(0, doc[of[-1] + 1: ent.end])
        for words in spans:
            if not all(t.is_title for t in words) or words[-1].pos_ != "PROPN":
                continue
            top = self.gaz.candidates(words.text, limit=1)
            if top and (top[0].feature in ("admin_region", "country") or top[0].population >= 10000) \
                    and normalize(top[0].name) == normalize(words.text):
                self._add(sent, words.start_char, words.end_char, "ORG", True)
                return


# ------------------------------------------------------------------------------------------- resolution

def extract_places(sentences: list[Sentence], text: str, gazetteer: Gazetteer,
                   actor_country: dict[tuple[int, int], str],
                   geocoder: Gazetteer | NominatimChain | None = None) -> list[ResolvedPlace]:
    """The article's places: recognised (with the gazetteer), resolved (with `geocoder`, default the
    gazetteer), with their parents."""
    mentions = Recognizer(gazetteer, actor_country).run(sentences)
    return with_parents(Resolver(gazetteer, geocoder or gazetteer).resolve(mentions, text), gazetteer)

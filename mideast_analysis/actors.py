"""Mentions -> actors: people, organisations, governments, forces, armed groups, media, countries.

Sources of mentions: spaCy PERSON/ORG entities (and the domain ruler's curated names), countries
(or capitals) acting as clause subjects or objects ("Washington accuses", "warning Iran"), and
collective noun phrases headed by an institution noun ("the Iraqi presidency", "US forces",
"unknown persons"). Aliases merge within an article (a surname joins its full name); titles in
front of a name become the role; a demonym or country in them becomes the actor's country.
The curated knowledge table (resources/actors.csv) supplies kind, country, code and the role
held on the article's date. Sibling modules: actor_knowledge (the curated tables), actor_drafts (drafts
and the joins between them), actor_spans (where a name starts and ends), actor_roles (when a place acts).
"""
from __future__ import annotations

import re
from datetime import date

from spacy.tokens import Span, Token

from .actor_drafts import ACTOR_SEGMENTS, Draft, DraftBook
from .actor_knowledge import Known, institutions, is_title_word, known_actor, org_kind, sector_of
from .actor_roles import acts, agent_of_event_noun
from .actor_spans import clip, is_building, not_an_actor, number_variants
from .geocoding.gazetteer import Gazetteer, normalize
from .nlp import PLACE_WORDS, Sentence, in_part_frame, in_place_slot, in_settlement_frame

AFFILIATION_RE = re.compile(r"\b(?:affiliated|linked|aligned|allied|associated|backed|loyal|close)\s+(?:with|to|by)\s+$", re.I)
POSSESSIVE = re.compile(r"\s*['’]s$")  # a possessive spaCy kept inside a name
LOCAL_SECTORS = {"COP", "CVL", "GOV"}  # police, civilians, authorities belong to where they are; troops may not
OTHER_COUNTRY = {"foreign", "international", "western", "allied", "coalition", "multinational"}


class ActorExtractor(DraftBook):
    """Finds the actors of one article: names, countries that act, collectives (the book joins them)."""

    def __init__(self, gazetteer: Gazetteer, when: date | None, credit: tuple[int, int] | None) -> None:
        super().__init__(credit)
        self.gaz = gazetteer
        self.when = when

    # ------------------------------------------------------------------ helpers
    def country_of(self, text: str) -> str | None:
        """ISO alpha-3 of a demonym ('Iraqi'), a country name ('US') or a capital ('Washington')."""
        a2 = self.gaz.demonym(text) or self.gaz.capital_of(text)
        if not a2:
            top = self.gaz.candidates(text, limit=1)
            a2 = top[0].country if top and top[0].feature == "country" else None
        return self.gaz.alpha3(a2) if a2 else None

    # ------------------------------------------------------------------ sources
    def _possessor_country(self, ent: Span) -> str | None:
        """"Jordan's King Abdullah": the country whose possessive stands before the name."""
        i = ent.start
        if i >= 2 and ent.doc[i - 1].tag_ == "POS" and ent.doc[i - 2].ent_type_ == "GPE":
            return self.country_of(ent.doc[i - 2].text)
        return None

    def _title_before(self, sent: Sentence, ent: Span) -> tuple[str | None, str | None, str | None]:
        """(role, country alpha-3, affiliation) from the title words in front of a name."""
        doc, i = ent.doc, ent.start - 1
        words: list[Token] = []
        while i >= sent.span.start:
            t = doc[i]
            if t.is_title or t.is_upper or (t.lower_ in ("of", "the") and words) or t.ent_type_ in ("ORG", "NORP", "GPE") \
                    or (t.is_lower and sector_of(t.text)):  # "Interior Ministry spokesman Saad Maan"
                words.insert(0, t)
                i -= 1
            else:
                break
        while words and words[0].lower_ in ("of", "the"):
            words.pop(0)
        if not words or not any(sector_of(w.text) for w in words):
            return None, None, None
        country = next((c for w in words if w.is_title and (c := self.country_of(w.text))), None)
        kept = [w.text for w in words if not (w.is_title and self.country_of(w.text))]
        orgs = {e.text for e in sent.ents if e.label_ == "ORG" and len(e) > 1 and words[0].i <= e.start and e.end <= ent.start}
        role = " ".join(kept).strip() or None
        return role, country, next(iter(orgs), None)

    def person_or_org(self, sent: Sentence, ent: Span) -> None:
        span = clip(_with_given_names(ent) if ent.label_ == "PERSON" else ent, ent.root)
        if not span or (ent.label_ == "ORG" and is_building(span)):
            return
        s, e = span.start_char, span.end_char
        text_of = sent.parsed.text
        while text_of[s:e].lower().startswith("the "):
            s += 4
        e -= len(m.group(0)) if (m := POSSESSIVE.search(text_of, s, e)) else 0  # "Henry's" is Henry
        text = text_of[s:e]
        if ent.label_ == "ORG" and (_title_fragment(ent, text, self.country_of(text)) or self._portfolio(ent)):
            return
        swallowed = []
        while ent.label_ == "PERSON" and len(text.split()) > 2 and is_title_word(text.split()[0]):
            word = text.split()[0]  # spaCy's "President Barham Salih": the title is a role, not a name
            swallowed.append(word)
            s += len(word) + 1
            text = text_of[s:e]
        known = self._known(text, ent.label_)
        words = text.split()
        country = self.country_of(words[0]) if len(words) > 1 and ent.label_ == "ORG" and not known else None
        if country:  # "the Iranian Quds Force" -> Quds Force, country IRN
            s += len(words[0]) + 1
            text = text_of[s:e]
            known = self._known(text, ent.label_)
        person = ent.label_ == "PERSON" or (not known and self._surname_of_person(text))  # spaCy's ORG 'Jabbar'
        kind = known.kind if known else "person" if person else org_kind(text)
        role, aff = None, None
        if ent.label_ == "PERSON":
            role, rc, aff = self._title_before(sent, ent)
            country = country or rc or self._possessor_country(ent)
            if not swallowed and len(words) == 2 and sector_of(words[0]) is not None:
                swallowed = [words[0]]  # "King Abdullah": the name keeps its title, the role is the title
            role = " ".join(filter(None, [role, *swallowed])) or None
        key = known.key if known else self._person_key(text) if kind == "person" else self._org_key(text)
        sector = sector_of(role or "") or (sector_of(text) if kind != "person" else None)
        if known:
            draft = _from_known(known, country, role, aff)
        else:
            draft = Draft(key, text, kind, country, role, (country + (sector or "")) if country else None, aff)
        self._add(draft, self._mention(sent, s, e, ent.label_))

    def _a_place(self, ent: Span) -> bool:
        """A name the gazetteer knows as a place: any candidate for a PERSON, the exact name for an ORG (a
        group named after a place stays: 'Hezbollah' is no town)."""
        top = self.gaz.candidates(ent.text, limit=1)
        return bool(top) and (ent.label_ == "PERSON" or normalize(top[0].name) == normalize(ent.text)) \
            and known_actor(ent.text, self.when) is None

    def _known(self, text: str, label: str) -> Known | None:
        """The curated row for a name; for an organisation also for its plural or singular
        ('Houthi' finds 'Houthis'), as one group is named both ways."""
        names = [text, *number_variants(text)] if label == "ORG" else [text]
        return next((k for n in names if (k := known_actor(n, self.when))), None)

    def _org_key(self, text: str) -> str:
        """An organisation's key; its plural or singular already seen keeps its key ('Sadrist', 'Sadrists')."""
        n = normalize(text)
        return next((v for v in map(normalize, number_variants(text)) if v in self.drafts), n)

    def _portfolio(self, ent: Span) -> bool:
        """'State' in 'Secretary of State X': a one-word ORG after a title and 'of' that is no actor known
        or found, and no acronym ('spokesman of Hamas' keeps Hamas)."""
        root = ent.root
        return (len(ent) == 1 and not root.is_upper and root.dep_ == "pobj" and root.head.lower_ == "of"
                and is_title_word(root.head.head.text) and known_actor(ent.text, self.when) is None
                and normalize(ent.text) not in self.drafts)

    def _surname_of_person(self, text: str) -> bool:
        """Whether a one-word name begins or ends the name of a person already named in full ('Wang Yi')."""
        n = normalize(text)
        return len(n.split()) == 1 and any(d.kind == "person" and len(words := normalize(d.name).split()) > 1
                                           and n in (words[0], words[-1]) for d in self.drafts.values())

    def _person_key(self, text: str) -> str:
        """A surname alone joins the full name already seen (and a full name adopts its surname)."""
        n = normalize(text)
        for key, d in self.drafts.items():
            if d.kind != "person":
                continue
            dn = normalize(d.name)
            if n.split()[-1:] == dn.split()[-1:] and (len(n.split()) == 1 or len(dn.split()) == 1):
                if len(n.split()) > len(dn.split()):
                    d.name = text
                return key
        return n

    def country_actor(self, sent: Sentence, ent: Span) -> None:
        a3 = self.country_of(ent.text)
        country = self.gaz.country(self.gaz.capital_of(ent.text) or "") or next(
            (p for p in self.gaz.candidates(ent.text, limit=1) if p.feature == "country"), None)
        if not a3 or country is None:
            return
        s, e = ent.start_char, ent.end_char
        self._add(Draft(f"country:{a3}", country.name, "country", a3, None, a3), self._mention(sent, s, e, ent.label_))

    def collective(self, sent: Sentence, tok: Token) -> None:
        inst = institutions()[tok.lemma_.lower()]
        mods = [c for c in tok.lefts if c.dep_ in ("amod", "compound", "nmod", "npadvmod", "poss")]
        country = next((c for m in mods for w in m.subtree if (c := self.country_of(w.text))), None)
        located, place_country = (None, None) if mods or inst["sector"] not in LOCAL_SECTORS else self._located_in(tok)
        if located is not None:  # 'police in Zahedan': the local police of the place's country
            mods, country = [located], place_country
        if not mods and tok.dep_ in ("nsubj", "nsubjpass"):
            self.bare.append((sent, tok, inst["group"]))
        if not mods or (inst["kind"] == "group" and not country and tok.tag_ != "NNS"):
            return
        if inst["kind"] in ("government", "media") and not country:
            return  # "his country's embassy", "the government", "social media": no actor without a country
        if any(m.ent_type_ == "PERSON" or m.tag_ == "PRP$" for m in mods):
            return
        start = min(m.left_edge.i for m in mods + [tok])
        span = clip(tok.doc[start: located.right_edge.i + 1 if located is not None else tok.i + 1], tok)
        if is_building(span):
            return
        known = known_actor(span.text, self.when)
        aff = self._affiliation(tok)
        if known:
            draft = _from_known(known, country, None, aff)
        elif (group := self._organisation_in(sent, span, tok)) is not None:
            draft = group  # 'Hamas fighters', 'the LNA forces': the members of a group
        else:
            foreign = any(m.lemma_.lower() in OTHER_COUNTRY for m in mods)
            key = f"group:{inst['group']}:foreign" if foreign else self._group_key(inst["group"], country)
            draft = Draft(key, span.text, inst["kind"], country, None,
                          (country or "") + inst["sector"] if country or inst["sector"] in ("UAF", "UNK") else None, aff)
        self._add(draft, self._mention(sent, span.start_char, span.end_char, "collective"))

    def _organisation_in(self, sent: Sentence, span: Span, head: Token) -> Draft | None:
        """The organisation or armed group (not a country or person) that modifies a collective noun: an
        ORG entity already made an actor ('ISIS militants'), or a curated group ('Houthi fighters')."""
        ids = {self.span_to_actor[(a, b)] for t in span if t.ent_type_ == "ORG"
               for a, b in self.span_to_actor if a <= sent.parsed.offset(t.idx) < b}
        groups = [d for d in self.drafts.values() if d.actor_id in ids and d.kind not in ("person", "country")]
        if len(groups) == 1:
            return groups[0]
        words = [t for t in span.doc[span.start: head.i] if t.pos_ != "DET"]
        known = self._known(span.doc[words[0].i: head.i].text, "ORG") if words else None
        if known is None or known.kind in ("person", "country"):
            return None
        return self.drafts.get(known.key) or _from_known(known, None, None, None)

    def _located_in(self, tok: Token) -> tuple[Token | None, str | None]:
        """The place in 'police in Zahedan', 'protesters in Tehran' (a GPE the gazetteer knows) and its country."""
        return next(((g, a3) for c in tok.children if c.dep_ == "prep" and c.lower_ == "in" for g in c.children
                     if g.dep_ == "pobj" and g.ent_type_ == "GPE" and (a3 := self.country_of_place(g.text))),
                    (None, None))

    def country_of_place(self, text: str) -> str | None:
        """ISO alpha-3 of the country a place name most likely lies in ('Zahedan' -> IRN)."""
        top = self.gaz.candidates(text, limit=1)
        return self.gaz.alpha3(top[0].country) if top and top[0].country else None

    def _group_key(self, group: str, country: str | None) -> str:
        """One actor per institution and country; a mention without a country joins one with it."""
        for key, d in self.drafts.items():
            if key.startswith(f"group:{group}:") and (not country or not d.country or d.country == country):
                return key
        return f"group:{group}:{country or ''}"

    def _affiliation(self, tok: Token) -> str | None:
        """'factions linked with Iran' -> IRN; 'militias backed by Hezbollah' -> Hezbollah."""
        for t in tok.subtree:
            if t.dep_ == "pobj" and AFFILIATION_RE.search(tok.doc[tok.i: t.i].text + " "):
                return self.country_of(t.text) or t.text
        return None

    # ------------------------------------------------------------------ main
    def run(self, sentences: list[Sentence]) -> list[Draft]:
        for sent in sentences:
            if sent.kind not in ACTOR_SEGMENTS:
                continue
            for ent in sent.ents:
                if self._in_credit(sent.parsed.offset(ent.start_char)):
                    continue
                if ent.label_ in ("PERSON", "ORG") and (in_place_slot(ent) or in_part_frame(ent)) and self._a_place(ent):
                    continue  # 'near Kiryat Shmona', 'the outskirts of Kani Masi': a place spaCy took for a person or group
                if ent.label_ == "PERSON" and len(ent) == 1 and self.gaz.major_place(ent.text) \
                        and known_actor(ent.text, self.when) is None:
                    continue  # 'reached Taiz': a city spaCy took for a person (places.py counts it a place)
                if ent.label_ in ("PERSON", "ORG") and (in_settlement_frame(ent) or not_an_actor(ent)):
                    continue  # 'the village of Tal Arqam': a place spaCy took for a person or an organisation
                if ent.label_ in ("PERSON", "ORG") and ent[-1].lower_.rstrip(".") not in PLACE_WORDS:
                    self.person_or_org(sent, ent)
                elif ent.label_ in ("GPE", "NORP") and sent.kind == "body" and (acts(ent) or agent_of_event_noun(ent)):
                    if ent.label_ == "GPE" or ent.root.tag_ in ("NNPS", "NNS"):
                        self.country_actor(sent, ent)
            for tok in sent.tokens:
                if tok.pos_ == "NOUN" and tok.lemma_.lower() in institutions() and not tok.ent_type_:
                    self.collective(sent, tok)
        return self.join_all(sentences)


def _from_known(k: Known, country: str | None, role: str | None, affiliation: str | None) -> Draft:
    """A draft from a curated row; what the article says fills what the row leaves empty."""
    return Draft(k.key, k.name, k.kind, k.country or country, k.role or role, k.code or None, k.affiliation or affiliation)


def _with_given_names(ent: Span) -> Span:
    """'Mahsa Amini' where spaCy tagged only 'Amini': capitalised proper nouns compounded onto the name
    just before it, that are no title, country or demonym, belong to it."""
    start = ent.start
    while start > 0 and (t := ent.doc[start - 1]).pos_ == "PROPN" and t.is_title and not t.ent_type_ \
            and t.dep_ == "compound" and ent.start <= t.head.i < ent.end and not is_title_word(t.text):
        start -= 1
    return ent.doc[start: ent.end]


def _title_fragment(ent: Span, text: str, country: str | None) -> bool:
    """spaCy's ORG errors on titles: 'the Iraqi' (a demonym), 'Defence' in 'Defence Minister X', 'National
    Security' in 'National Security Adviser X' (a short name of no known kind before a title)."""
    if country and len(text.split()) == 1:
        return True
    nxt = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    return len(ent) <= 3 and nxt is not None and nxt.is_title and sector_of(nxt.text) is not None \
        and (len(ent) == 1 or org_kind(text) == "organization" and not ent.root.is_upper)


def actor_rows(article_id: str, drafts: list[Draft]) -> list[dict]:
    """Rows of the `actors` table."""
    return [{"article_id": article_id, "actor_id": d.actor_id, "name": d.name, "kind": d.kind, "country": d.country,
             "role": d.role, "code": d.code, "n_mentions": len(d.mentions),
             "aliases": "|".join(sorted({m.text for m in d.mentions} - {d.name})) or None,
             "affiliation": d.affiliation} for d in drafts]


def extract_actors(sentences: list[Sentence], gazetteer: Gazetteer, when: date | None,
                   credit: tuple[int, int] | None) -> tuple[list[Draft], dict[tuple[int, int], str]]:
    """The article's actors, and a map from each mention's (start, end) to its actor_id."""
    ex = ActorExtractor(gazetteer, when, credit)
    return ex.run(sentences), ex.span_to_actor

"""Date expressions -> calendar dates with a stated precision, against a reference (publication) date.

News speaks relative to its own date: "on Thursday" in an article of Friday 2020-12-25 is
2020-12-24, "last January" is 2020-01. Rules for the forms news uses come first; dateparser
(with the reference as its base, preferring the past) handles the rest. `date_mentions` finds the
dates of a text, and leaves unresolved those that date no event: page stamps, bylines, a year that
qualifies a noun ('the 2015 nuclear deal').
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache

from spacy.tokens import Span, Token

from .errors import InputError
from .nlp import Sentence
from .spans import Mention
from .triggers import match_trigger

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10, "a couple of": 2, "several": 3, "a few": 3}
UNITS = {"day": 1, "week": 7, "month": 30, "year": 365}
_NUM = r"(?P<n>\d+|a couple of|a few|several|an?|one|two|three|four|five|six|seven|eight|nine|ten)"
_FILLER = re.compile(r"^(?:on|in|at|by|since|during|from|until|till|of|early|late|mid-?|earlier|later|the|this past|past|"
                     r"(?:start|beginning|middle|end|early hours|hours) of|overnight)(?:\s+|(?<=-))", re.I)
# 'the day before', 'two days later', 'in the morning': said of the day the story last named, not of publication
ANAPHORIC_RE = re.compile(r"morning|afternoon|evening|night|eve|(?:previous|next|following|same|that) "
                          r"(?:day|night|morning|evening)|.* (?:before|after|earlier|later)")
ORDINAL_RE = re.compile(r"(\d{1,2})(?:st|nd|rd|th)(?: of (?:the|this) month)?")

Resolved = tuple[str | None, str]

STAMP_WORDS = r"(?:(?:last |first )?(?:updated|published|posted|modified|edited)|date|dated)"
# text before a date on its line that makes the date a stamp; what may stand beside stamps on a stamp line
STAMP_PREFIX_RE = re.compile(r"[\W\d]*" + STAMP_WORDS + r"\b(?: on| at)?[\W\d]*", re.I)
STAMP_REST_RE = re.compile(r"[\W\d]*(?:(?:" + STAMP_WORDS + r"|am|pm|a\.m|p\.m|gmt|utc|on|at)\b[\W\d]*)*", re.I)
# 'By Jane Doe, 5 March 2022', 'By Jane Doe | Reuters': a name of two to four capitalised words, then a break
BYLINE_RE = re.compile(r"\s*(?:By|BY)\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3}\s*(?:[,|•–—]|\s-|$)")
MONTH_RE = re.compile(r"\b(?:" + "|".join(m.capitalize() for m in MONTHS) + r")\b")
DAY_WORDS_RE = re.compile(r"\b(?:" + "|".join(WEEKDAYS) + r"|overnight|tonight|yesterday|today|morning|night)\b", re.I)


def _fmt(d: date, precision: str) -> Resolved:
    return {"day": d.isoformat(), "month": d.strftime("%Y-%m"), "year": str(d.year)}[precision], precision


def _clean(text: str) -> str:
    """Lower-case, drop leading fillers ('on', 'in', 'early', 'the') and range tails."""
    t = re.sub(r"\s+", " ", text.strip().lower()).strip(" .,;")
    t = re.sub(r"\b(\d{1,2})(?:st|nd|rd|th)? ?(?:and|to|until|through|-|–) ?\d{1,2}(?:st|nd|rd|th)? (" + "|".join(MONTHS) + ")",
               r"\1 \2", t)  # "3 to 5 January" -> "3 January": a range starts on its first day
    t = re.sub(r"\b(" + "|".join(MONTHS) + r") (\d{1,2}) ?(?:and|to|until|through|-|–) ?\d{1,2}\b", r"\1 \2", t)
    t = re.split(r"\s+(?:and|to|until|through|-|–)\s+", t)[0] if re.search(r"\b(between|from)\b", t) else t
    t = re.sub(r"^(between|from)\s+", "", t)
    while (stripped := _FILLER.sub("", t)) != t:
        t = stripped
    return re.sub(r"['’]s?$", "", t)  # "Sunday's attack": the weekday


def _last_weekday(name: str, ref: date) -> date:
    return ref - timedelta(days=(ref.weekday() - WEEKDAYS.index(name)) % 7)


def _next_weekday(name: str, ref: date, strictly: bool) -> date:
    ahead = (WEEKDAYS.index(name) - ref.weekday()) % 7
    return ref + timedelta(days=ahead or (7 if strictly else 0))


def _month_before(month: int, ref: date, strictly: bool) -> date:
    year = ref.year if (month < ref.month or (month == ref.month and not strictly)) else ref.year - 1
    return date(year, month, 1)


def _span_month(first: date, last: date) -> Resolved:
    """A span of days as the month of its middle day: the month holding most of it (the week of
    1-7 March is March; Mon 29 Feb - Sun 6 Mar is March, as ISO 8601 gives a week to its Thursday's
    year). The contract has no week; a month keeps the precision news needs, a year would lose it."""
    return _fmt(first + (last - first) // 2, "month")


def _week(step: int, ref: date, future: bool) -> Resolved:
    """'last week' (the Monday-Sunday week before), 'this week' (Monday up to the reference, or on to
    Sunday for what is still to come), 'next week'."""
    monday = ref - timedelta(days=ref.weekday()) + timedelta(days=7 * step)
    if step == 0:
        return _span_month(ref if future else monday, monday + timedelta(days=6) if future else ref)
    return _span_month(monday, monday + timedelta(days=6))


def _relative_day(t: str, ref: date) -> Resolved | None:
    """Days named from the reference: 'yesterday', 'overnight' (the night before the reference: news
    dates a night by the day it began, and the night before publication began the day before),
    'the day before', 'the next day', 'that day', 'the 5th' (the latest 5th on or before)."""
    if t in ("today", "tonight", "this morning", "this afternoon", "this evening", "now", "same day", "that day",
             "morning", "afternoon", "evening", "night"):
        return _fmt(ref, "day")
    if t in ("yesterday", "last night", "overnight", "eve") or re.fullmatch(
            r"(?:day|night) (?:before|earlier)|previous (?:day|night)", t):
        return _fmt(ref - timedelta(days=1), "day")
    if t == "tomorrow" or re.fullmatch(r"day after|(?:next|following) (?:day|morning)", t):
        return _fmt(ref + timedelta(days=1), "day")
    m = ORDINAL_RE.fullmatch(t)
    if m:
        day = int(m.group(1))
        first = ref.replace(day=1)
        month = first if day <= ref.day else (first - timedelta(days=1)).replace(day=1)
        return _fmt(month.replace(day=day), "day")
    return None


def _rules(t: str, ref: date, future: bool) -> Resolved | None:
    """The forms news uses most, resolved exactly; a weekday is the latest such day on or before
    the reference, or with `future` ('will meet on Monday') the next on or after it."""
    day = _relative_day(t, ref)
    if day:
        return day
    m = re.fullmatch(r"(last |this |next )?(" + "|".join(WEEKDAYS) + r")(?: (?:morning|afternoon|evening|night))?", t)
    if m:
        if m.group(1) == "next " or (future and m.group(1) != "last "):
            return _fmt(_next_weekday(m.group(2), ref, strictly=m.group(1) == "next "), "day")
        return _fmt(_last_weekday(m.group(2), ref), "day")
    m = re.fullmatch(r"(last|this|next)? ?(" + "|".join(MONTHS) + r")(?: (\d{4}))?", t)
    if m:
        month = MONTHS.index(m.group(2)) + 1
        if m.group(3):
            return _fmt(date(int(m.group(3)), month, 1), "month")
        if m.group(1) == "next" or (future and not m.group(1)):
            return _fmt(date(ref.year + (month < ref.month or m.group(1) == "next" and month == ref.month), month, 1),
                        "month")
        return _fmt(_month_before(month, ref, strictly=m.group(1) == "last"), "month")
    m = re.fullmatch(r"(last|this|next) (week|month|year)", t)
    if m:
        step = {"last": -1, "this": 0, "next": 1}[m.group(1)]
        if m.group(2) == "year":
            return str(ref.year + step), "year"
        if m.group(2) == "week":
            return _week(step, ref, future)
        return _fmt(date(ref.year + (ref.month - 1 + step) // 12, (ref.month - 1 + step) % 12 + 1, 1), "month")
    m = re.fullmatch(_NUM + r" (day|week|month|year)s? (ago|earlier|before|later|after)", t)
    if m:
        n = int(m.group("n")) if m.group("n").isdigit() else NUMBERS[m.group("n")]
        days = n * UNITS[m.group(2)] * (1 if m.group(3) in ("later", "after") else -1)
        exact = m.group("n") not in ("a few", "several", "a couple of") and m.group(2) in ("day", "week")
        precision = "day" if exact else "month" if m.group(2) in ("day", "week", "month") else "year"
        return _fmt(ref + timedelta(days=days), precision)
    if re.fullmatch(r"\d{4}", t):
        date(int(t), 1, 1)  # year 0000 is no year: ValueError
        return t, "year"
    return None


@lru_cache(maxsize=4096)
def _dateparser(t: str, ref: date) -> Resolved | None:
    import dateparser

    settings = {"RELATIVE_BASE": datetime(ref.year, ref.month, ref.day), "PREFER_DATES_FROM": "past",
                "RETURN_TIME_AS_PERIOD": False, "REQUIRE_PARTS": [], "PREFER_DAY_OF_MONTH": "first"}
    found = dateparser.parse(t, languages=["en"], settings=settings)
    if found is None:
        return None
    has_day = re.search(r"\b\d{1,2}(?:st|nd|rd|th)?\b(?!\d)", re.sub(r"\b\d{4}\b", "", t)) is not None
    has_month = any(m[:3] in t for m in MONTHS) or re.search(r"\d{4}-\d{2}", t) is not None
    precision = "day" if has_day and has_month else "month" if has_month else "year"
    return _fmt(found.date(), precision)


# 'after 11 days', 'for two weeks', 'nearly a month': a length of time dates nothing without 'ago' or 'later'
DURATION_RE = re.compile(r"((after|for|within|over|during|nearly|almost|about|some|more than) )*"
                         r"(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|few|a few|"
                         r"many|\w+teen|twenty|thirty|forty|fifty) (full )?(hours?|days?|weeks?|months?|years?|decades?)")


def resolve_date(text: str, reference: date | datetime | str | None, future: bool = False) -> Resolved:
    """A date expression -> (YYYY-MM-DD | YYYY-MM | YYYY, precision); (None, 'unknown') if unresolvable.
    `reference` is the publication date (a date, a datetime or an ISO string such as '2020-12-25');
    `future` says the expression dates something still to come ('will meet on Monday')."""
    if isinstance(reference, str):
        try:
            reference = datetime.fromisoformat(reference)
        except ValueError:
            raise InputError(f"reference {reference!r}", "is not an ISO 8601 date") from None
    if reference is None:
        m = re.search(r"\b(1[89]\d\d|20\d\d)\b", text)
        return (m.group(1), "year") if m else (None, "unknown")
    ref = reference.date() if isinstance(reference, datetime) else reference
    t = _clean(text)
    if not t or re.fullmatch(r"(the )?(past|recent|coming|next)? ?(few )?(days|weeks|months|years)", t) \
            or DURATION_RE.fullmatch(t):
        return None, "unknown"
    try:
        return _rules(t, ref, future) or _dateparser(t, ref) or (None, "unknown")
    except (ValueError, OverflowError):  # 'in 0000', '99999999 days ago', a day past 9999-12-31
        return None, "unknown"


def precision_of(value: str | None) -> str:
    """The precision a resolved date states: YYYY-MM-DD day, YYYY-MM month, YYYY year."""
    return {10: "day", 7: "month", 4: "year"}.get(len(value or ""), "unknown")


def _in_future_clause(ent: Span) -> bool:
    """Whether a date modifies a verb in the future tense ('talks will resume on Monday')."""
    t = ent.root
    while t.dep_ in ("pobj", "prep", "npadvmod", "compound") and t.head != t:
        t = t.head
    return any(c.dep_ == "aux" and c.lower_ in ("will", "shall") for c in t.children)


STAMP_LINE_CHARS = 120  # a line of page furniture (a date and a time) is short


def _stamp(ent: Span, ents: tuple[Span, ...], text: str) -> bool:
    """Whether a date belongs to the page's furniture, not its story: after a stamp word on its line
    ('Updated: 3 March 2022', 'Published 5 March', ' date 2019-11-29 BAGHDAD - ...'), on a byline
    ('By Jane Doe, 5 March 2022'), or on a short line of nothing but dates and times ('May 20, 2021 9:52 pm').
    `text` is the Doc's text (built once: spaCy joins every token each time `doc.text` is read)."""
    start = text.rfind("\n", 0, ent.start_char) + 1
    end = len(text) if (nl := text.find("\n", ent.end_char)) < 0 else nl
    if STAMP_PREFIX_RE.fullmatch(text[start:ent.start_char]) or BYLINE_RE.match(text[start:end]):
        return True
    line = text[start:end]
    if len(line) > STAMP_LINE_CHARS:
        return False
    for other in sorted((e for e in ents if start <= e.start_char and e.end_char <= end), key=lambda e: -e.start_char):
        line = line[:other.start_char - start] + " " + line[other.end_char - start:]
    return STAMP_REST_RE.fullmatch(line) is not None


def _modifier_year(ent: Span) -> bool:
    """A bare year qualifying a noun ('the 2015 nuclear deal', '2014 elections') names the thing,
    not when the sentence's event happened; 'in 2014', 'since 2011' do date it. A noun that is itself
    an event ('the 2019 protests', 'the 2003 invasion') keeps its year: it is that event's date."""
    root = ent.root
    return re.fullmatch(r"(?:the )?\d{4}", ent.text.lower()) is not None and root.dep_ in ("nummod", "compound", "amod") \
        and root.head.pos_ in ("NOUN", "PROPN") and not ent.start <= root.head.i < ent.end \
        and match_trigger(root.head) is None


def _a_day(ent: Span) -> bool:
    """A TIME entity that names a day ('Monday night', 'overnight', 'this morning'), not a clock time
    ('2am'), and is not part of a date next to it ('overnight Monday': the Monday)."""
    head = ent.root.head
    part = head.ent_type_ in ("DATE", "TIME") and not ent.start <= head.i < ent.end
    return not part and DAY_WORDS_RE.search(ent.text) is not None


def _day_spans(sent: Sentence) -> list[Span]:
    """The sentence's DATE entities, its TIME entities that name a day, and 'overnight' as an adverb
    where the model tagged nothing ('stormed a station overnight'), in text order."""
    grown = {t.i: d for t in sent.tokens if (d := _untagged_day(t)) is not None} \
        if MONTH_RE.search(sent.text) else {}  # by the month's token
    spans = [grown.pop(e.start, e) for e in sent.ents if e.label_ == "DATE" or e.label_ == "TIME" and _a_day(e)]
    spans += [Span(t.doc, t.i, t.i + 1, label="TIME") for t in sent.tokens
              if t.lower_ == "overnight" and not t.ent_type_ and t.dep_ in ("advmod", "npadvmod")]
    spans += grown.values()  # a month and day the model tagged as no date at all
    return sorted(spans, key=lambda e: e.start)


def _untagged_day(tok: Token) -> Span | None:
    """'Hamas' surprise October 7 assault': a capitalised month beside a day number the model left out of
    any date, as a DATE span (month and day, and a year right after); a DATE entity that is only the month
    ('October' of 'October 7') grows to take the day."""
    doc, i = tok.doc, tok.i
    if tok.lower_ not in MONTHS or not tok.is_title or tok.ent_type_ == "TIME":
        return None
    if tok.ent_type_ == "DATE" and not (tok.ent_iob_ == "B" and (i + 1 == len(doc) or doc[i + 1].ent_iob_ != "I")):
        return None  # a longer date entity: the model's own span stands

    def day(k: int) -> bool:
        return 0 <= k < len(doc) and doc[k].text.isdigit() and 1 <= int(doc[k].text) <= 31 and not doc[k].ent_type_
    if day(i + 1):
        end = i + 2
    elif day(i - 1):
        i, end = i - 1, i + 1
    else:
        return None
    if end < len(doc) and re.fullmatch(r"\d{4}", doc[end].text):
        end += 1
    return Span(doc, i, end, label="DATE")


def date_mentions(sentences: list[Sentence], published: datetime | None) -> list[Mention]:
    """Every DATE entity of the sentences (and TIME entity naming a day), resolved: `ref_id` is the date,
    empty when unresolved or when the date dates no event: a page stamp or byline (label STAMP) or a year
    qualifying a noun (label MODIFIER). 'The day before', 'two days later' count from the day the text
    last named, or else from publication."""
    out: list[Mention] = []
    story_day: date | datetime | None = published
    for sent in sentences:
        for ent in _day_spans(sent):
            label = "STAMP" if _stamp(ent, sent.parsed.ents, sent.parsed.text) else "MODIFIER" if _modifier_year(ent) else ent.label_
            value = None
            if label == ent.label_:
                anaphoric = published is not None and ANAPHORIC_RE.fullmatch(_clean(ent.text)) is not None
                value, precision = resolve_date(ent.text, story_day if anaphoric else published,
                                                future=_in_future_clause(ent))
                if ent.label_ == "TIME" and precision != "day":  # 'the early hours': no day to give
                    value = None
                elif precision == "day" and sent.kind == "body":
                    story_day = date.fromisoformat(value)
            ps = sent.parsed
            out.append(Mention("date", value or "", ent.text, label, sent.index, ps.offset(ent.start_char),
                               ps.offset(ent.end_char), sent.kind))
    return out

"""Date expressions -> calendar dates with a stated precision, against a reference (publication) date.

News speaks relative to its own date: "on Thursday" in an article of Friday 2020-12-25 is
2020-12-24, "last January" is 2020-01. Rules for the forms news uses come first; dateparser
(with the reference as its base, preferring the past) handles the rest.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache

from spacy.tokens import Span

from .errors import InputError
from .nlp import Sentence
from .spans import Mention

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10, "a couple of": 2, "several": 3, "a few": 3}
UNITS = {"day": 1, "week": 7, "month": 30, "year": 365}
_NUM = r"(?P<n>\d+|a couple of|a few|several|an?|one|two|three|four|five|six|seven|eight|nine|ten)"
_FILLER = re.compile(r"^(?:on|in|at|by|since|during|from|until|till|of|early|late|mid|earlier|later|the|this past|past)\s+", re.I)

Resolved = tuple[str | None, str]


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
    return t


def _last_weekday(name: str, ref: date) -> date:
    return ref - timedelta(days=(ref.weekday() - WEEKDAYS.index(name)) % 7)


def _next_weekday(name: str, ref: date, strictly: bool) -> date:
    ahead = (WEEKDAYS.index(name) - ref.weekday()) % 7
    return ref + timedelta(days=ahead or (7 if strictly else 0))


def _month_before(month: int, ref: date, strictly: bool) -> date:
    year = ref.year if (month < ref.month or (month == ref.month and not strictly)) else ref.year - 1
    return date(year, month, 1)


def _rules(t: str, ref: date, future: bool) -> Resolved | None:
    """The forms news uses most, resolved exactly; a weekday is the latest such day on or before
    the reference, or with `future` ('will meet on Monday') the next on or after it."""
    if t in ("today", "tonight", "this morning", "this afternoon", "this evening", "now"):
        return _fmt(ref, "day")
    if t in ("yesterday", "last night"):
        return _fmt(ref - timedelta(days=1), "day")
    if t == "tomorrow":
        return _fmt(ref + timedelta(days=1), "day")
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
        if m.group(1) == "next":
            return _fmt(date(ref.year + (month <= ref.month), month, 1), "month")
        return _fmt(_month_before(month, ref, strictly=m.group(1) == "last"), "month")
    m = re.fullmatch(r"(last|this|next) (week|month|year)", t)
    if m:
        step = {"last": -1, "this": 0, "next": 1}[m.group(1)]
        if m.group(2) == "year":
            return str(ref.year + step), "year"
        d = ref + timedelta(days=7 * step) if m.group(2) == "week" else date(
            ref.year + (ref.month - 1 + step) // 12, (ref.month - 1 + step) % 12 + 1, 1)
        return _fmt(d, "month")
    m = re.fullmatch(_NUM + r" (day|week|month|year)s? (ago|earlier|before|later)", t)
    if m:
        n = int(m.group("n")) if m.group("n").isdigit() else NUMBERS[m.group("n")]
        days = n * UNITS[m.group(2)] * (1 if m.group(3) == "later" else -1)
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


def date_mentions(sentences: list[Sentence], published: datetime | None) -> list[Mention]:
    """Every DATE entity of the sentences, resolved: `ref_id` is the date (empty if unresolved)."""
    out = []
    for sent in sentences:
        for ent in sent.ents:
            if ent.label_ != "DATE":
                continue
            value, _ = resolve_date(ent.text, published, future=_in_future_clause(ent))
            ps = sent.parsed
            out.append(Mention("date", value or "", ent.text, ent.label_, sent.index, ps.offset(ent.start_char),
                               ps.offset(ent.end_char), sent.kind))
    return out

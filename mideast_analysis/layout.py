"""Recognise the layout of a news page and mark it as `Segment`s of the text.

A page carries more than its story: a site tagline, the title, a date line, a photo caption with its
credit, the body, "READ: ..." links to other stories, staff credits. They are found here from the text
alone and marked as spans, never removed, so every character offset the later stages report still
slices the text exactly as read.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

SEGMENT_KINDS = ("boilerplate", "title", "dateline", "caption", "body", "related")

MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december|"
          "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
_TIME = r"(?:\s*(?:at|,|-|–)?\s*(?P<hour>\d{1,2})[:.](?P<minute>\d{2})\s*(?P<ampm>am|pm|a\.m\.|p\.m\.)?(?:\s*(?:GMT|UTC|[A-Z]{2,4}))?)?"
DATE_LINE_RES = [
    re.compile(rf"^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?(?P<month>{MONTHS})\.?\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}}){_TIME}$", re.I),
    re.compile(rf"^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?(?P<day>\d{{1,2}})\s+(?P<month>{MONTHS})\.?,?\s+(?P<year>\d{{4}}){_TIME}$", re.I),
    re.compile(r"^(?P<year>\d{4})-(?P<mnum>\d{2})-(?P<day>\d{2})(?:[T ](?P<hour>\d{2}):(?P<minute>\d{2})(?::\d{2})?)?(?:Z|[+-]\d{2}:?\d{2})?$"),
]
DATE_PREFIX_RE = re.compile(r"^(?:(?:date|published|posted)\s*:?\s*)?(\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?)\s+(?=\S)",
                            re.I)  # 'date 2021-11-04 The coalition said ...': a feed's date fused to the lead
CREDIT_RE = re.compile(r"(\[[^\[\]\n]{3,160}\]|\((?:photo|photograph|image|picture)[^()\n]{0,160}\)"
                       r"|(?:Image|Photo|Picture)\s*:\s*[^\n]{2,80})\s*$")  # '... commanderImage: M. Freij /REUTERS'
CAPTION_REACH = 2  # blocks after the head where a photo caption may stand
SENTENCE_ENDS = (".", "”", '"', "?", "!")
HEADLINE_SMALL_WORDS = frozenset({"a", "an", "the", "and", "or", "of", "in", "on", "at", "to", "for", "by", "with",
                                  "from", "as", "after", "over", "about", "amid", "into", "vs"})
STAFF_CREDIT_RE = re.compile(r"^\(?(?:Additional )?(?:Reporting|Writing|Editing|Compiled|Produced)(?: and \w+)? by\b[^\n]*$",
                             re.I)  # '(Reporting by X's Beirut bureau; editing by Y)': the agency's staff, no news
# The agency dateline opening a story's lead: 'KIRKUK, Iraq, April 8 (Levant Wire) - ', 'BAGHDAD (Reuters) - ',
# 'MANSFIELD, Texas -- ': the place the story was filed from (in capitals), and the agency filing it.
FILED_RE = re.compile(r"(?P<place>[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,2})(?:,[^\n()]{1,60}?)?"
                      r"(?: ?\((?P<agency>[^()\n]{1,30})\))? (?:-|—|–|--)(?:\s|$)")
RELATED_RE = re.compile(r"^(?:READ(?: MORE| ALSO)?|Read (?:more|also)|Also read|RELATED|Related|See also|WATCH|Watch)\s*:", re.I)


def filed_from(text: str, pos: int = 0) -> re.Match | None:
    """The agency dateline at `pos` of the text (FILED_RE), if one starts there."""
    return FILED_RE.match(text, pos)


@dataclass(frozen=True)
class Segment:
    """A span of the text with its layout role (one of SEGMENT_KINDS)."""

    start: int
    end: int
    kind: str


def _blocks(text: str) -> list[tuple[int, int]]:
    """Paragraph spans, trimmed: runs of lines split by blank lines, or single lines if none are blank."""
    splitter = r"\n[ \t\r\f\v]*\n" if re.search(r"\n[ \t\r\f\v]*\n", text) else r"\n"
    spans, pos = [], 0
    for m in list(re.finditer(splitter, text)) + [None]:
        end = m.start() if m else len(text)
        chunk = text[pos:end]
        lead = len(chunk) - len(chunk.lstrip())
        s, e = pos + lead, pos + len(chunk.rstrip())
        if e > s:
            spans.append((s, e))
        pos = m.end() if m else len(text)
    return spans


def _split_headlines(text: str, blocks: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A headline line inside a paragraph of single-spaced lines becomes a block of its own; the first
    block, the head of the page, is left to the title's rules."""
    out = blocks[:1]
    for s, e in blocks[1:]:
        pos = s
        lines = [(s + m.start(), s + m.end()) for m in re.finditer(r"[^\n]+", text[s:e])]
        for ls, le in lines:
            if len(lines) > 1 and _headline(text[ls:le]) and _between_sentences(text, ls, le):
                out.extend(b for b in ((pos, ls - 1), (ls, le)) if b[1] > b[0])
                pos = le + 1
        if e > pos:
            out.append((pos, e))
    return [(s + len(text[s:e]) - len(text[s:e].lstrip()), s + len(text[s:e].rstrip())) for s, e in out]


def parse_date_line(line: str) -> tuple[datetime, bool] | None:
    """A line that is only a publication date (and time) -> (datetime, has_time); else None."""
    line = line.strip().rstrip(".")
    for rx in DATE_LINE_RES:
        m = rx.match(line)
        if not m:
            continue
        g = m.groupdict()
        month = int(g["mnum"]) if g.get("mnum") else _month_number(g["month"])
        hour, minute = int(g.get("hour") or 0), int(g.get("minute") or 0)
        ampm = (g.get("ampm") or "").replace(".", "").lower()
        if ampm == "pm" and hour < 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
        try:
            return datetime(int(g["year"]), month, int(g["day"]), hour, minute), g.get("hour") is not None
        except ValueError:
            return None
    return None


def _month_number(name: str) -> int:
    return [m[:3] for m in MONTHS.split("|")[:12]].index(name[:3].lower()) + 1


def layout(text: str, title: str | None = None) -> tuple[tuple[Segment, ...], str | None, datetime | None, bool]:
    """Mark the page's parts: returns (segments, title, published, published_has_time)."""
    blocks = _split_headlines(text, _blocks(text))
    kinds = ["body"] * len(blocks)
    published, has_time, date_idx = None, False, None
    if blocks and (m := DATE_PREFIX_RE.match(text[blocks[0][0]:blocks[0][1]])) and (fused := parse_date_line(m.group(1))):
        s, e = blocks[0]
        blocks[0:1] = [(s, s + len(m.group(0).rstrip())), (s + m.end(), e)]
        kinds = ["dateline"] + kinds
        (published, has_time), date_idx = fused, 0
    for i, (s, e) in enumerate(blocks[:8] if date_idx is None else ()):
        parsed = parse_date_line(text[s:e]) if len(text[s:e].split()) <= 10 else None
        if parsed:
            (published, has_time), date_idx = parsed, i
            kinds[i] = "dateline"
            break
    title_idx = None
    if title:
        title_idx = next((i for i, (s, e) in enumerate(blocks[:8]) if text[s:e].strip() == title.strip()), None)
    elif date_idx:  # the title stands above the date line
        title_idx = date_idx - 1
    else:  # a short first block (after a date line at the very top, and a section label) without a full stop
        first = 0 if date_idx is None else date_idx + 1
        while first + 2 < len(blocks) and _section_label(text[blocks[first][0]:blocks[first][1]]):
            kinds[first] = "boilerplate"  # 'National-World', 'Middle East': the site's section, no headline
            first += 1
        head_text = text[blocks[first][0]:blocks[first][1]] if first + 1 < len(blocks) else ""
        if head_text and len(head_text.split()) <= 25 and not head_text.rstrip().endswith((".", "”", '"')):
            title_idx = first
    if title_idx is not None:
        kinds[title_idx] = "title"
        title = title or text[blocks[title_idx][0]:blocks[title_idx][1]]
        for i in range(title_idx):
            if kinds[i] == "body":
                kinds[i] = "boilerplate"
    head = max(i for i in (title_idx, date_idx, -1) if i is not None)
    for i in range(head + 1, min(head + CAPTION_REACH + 1, len(blocks))):  # a photo below the head or the lead
        if kinds[i] == "body" and CREDIT_RE.search(text[blocks[i][0]:blocks[i][1]]):
            kinds[i] = "caption"
            break
    for i, (s, e) in enumerate(blocks):
        if kinds[i] == "body" and i > head + 1 and STAFF_CREDIT_RE.match(text[s:e]):
            kinds[i] = "boilerplate"
        elif kinds[i] == "body" and (RELATED_RE.match(text[s:e])
                                     or i > head + 1 and _headline(text[s:e]) and _between_sentences(text, s, e)):
            kinds[i] = "related"
    segments = tuple(Segment(s, e, k) for (s, e), k in zip(blocks, kinds))
    return segments, title, published, has_time


def _section_label(block: str) -> bool:
    """One or two words on a line of their own, without a full stop: a section label above the headline."""
    return len(block.split()) <= 2 and "\n" not in block.strip() and not block.rstrip().endswith(SENTENCE_ENDS)


def _between_sentences(text: str, start: int, end: int) -> bool:
    """Whether the non-blank lines around text[start:end] are prose (end like sentences), not list entries."""
    before = text[:start].rstrip().rsplit("\n", 1)[-1]
    after = text[end:].lstrip().split("\n", 1)[0]
    around = [line for line in (before, after) if line.strip()]
    return bool(around) and all(line.rstrip().endswith(SENTENCE_ENDS) for line in around)


def _headline(block: str) -> bool:
    """A line in Title Case without a full stop inside the body ('UN Envoy Calls for Calm in Basra', 'Riots
    in Maan'): the headline of another story linked from this one, or a subheading, not a sentence."""
    words = block.split()
    if not 2 <= len(words) <= 20 or block.count(",") > 1 or "\n" in block.strip() or block.rstrip().endswith(SENTENCE_ENDS + (":",)):
        return False
    lower = [w for w in words if w[:1].isalpha() and w not in HEADLINE_SMALL_WORDS]
    return bool(lower) and sum(w[0].isupper() for w in lower) / len(lower) >= 0.8

"""Read an article (plain text, HTML or a JSONL corpus line) into an `Article`.

The text is kept exactly as read, so every character offset the later stages report slices it.
The page's layout (title, date line, caption, body, related links) is recognised by `layout.py`
and kept on the `Article` as its `Segment`s.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Iterable, Iterator
from urllib.parse import urlparse

from .errors import InputError
from .layout import Segment, layout  # Segment re-exported: `from .article import Segment` still works
from .resources import load_csv

MAX_BYTES = 5_000_000  # one news article is < 100 kB; 5 MB is a clear sign of a wrong file
MAX_SOURCE = 200  # a publisher's name
MAX_CHARS = 100_000  # text to analyse, about 15,000 words: the longest report still parses in seconds
TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
CORPUS_SUFFIXES = {".jsonl"}


@dataclass(frozen=True)
class Article:
    """One news article: the text exactly as read, its metadata and its layout."""

    article_id: str
    text: str
    path: str | None = None
    title: str | None = None
    published: datetime | None = None
    published_has_time: bool = False
    source: str | None = None
    url: str | None = None
    segments: tuple[Segment, ...] = field(default_factory=tuple)

    def spans(self, *kinds: str) -> list[Segment]:
        """The segments of the given kinds, in text order."""
        return [s for s in self.segments if s.kind in kinds]

    @property
    def caption(self) -> str | None:
        """The photo caption (with its credit), if the page has one."""
        caps = self.spans("caption")
        return self.text[caps[0].start:caps[0].end] if caps else None

    @property
    def body(self) -> str:
        """The body paragraphs joined by blank lines (a view; offsets refer to `text`)."""
        return "\n\n".join(self.text[s.start:s.end] for s in self.spans("body"))

    @property
    def published_iso(self) -> str | None:
        """ISO 8601 date or date-time of publication, as precise as the source states it."""
        if self.published is None:
            return None
        return self.published.isoformat(timespec="minutes") if self.published_has_time else self.published.date().isoformat()

    @property
    def n_words(self) -> int:
        """Words in the title, caption and body (not in boilerplate or related links)."""
        return sum(len(self.text[s.start:s.end].split()) for s in self.spans("title", "caption", "body"))


# ---------------------------------------------------------------------------- reading bytes

def decode(data: bytes, source: str, encoding: str = "utf-8") -> str:
    """Bytes -> text, strictly: empty, binary, oversized or undecodable input is an InputError."""
    if len(data) > MAX_BYTES:
        raise InputError(source, f"{len(data):,} bytes is larger than the {MAX_BYTES:,}-byte limit for one article")
    if _binary(data[:65536], encoding):
        raise InputError(source, "binary data (NUL bytes), not text")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(source, f"not valid {encoding} at byte {exc.start}; "
                                 f"pass --encoding (encoding=) to read another encoding") from None
    except LookupError:
        raise InputError(source, f"unknown encoding {encoding!r}") from None
    if not text.strip():
        raise InputError(source, "empty: no text to analyse")
    controls = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > 0.01 * min(len(text), 65536):
        raise InputError(source, "binary data (control characters), not text")
    return text


def _binary(head: bytes, encoding: str) -> bool:
    """NUL bytes in the first bytes of a file: binary data, unless the encoding is UTF-16 (which has them)."""
    return b"\x00" in head and not encoding.lower().startswith("utf-16")


def read_file(path: Path, encoding: str = "utf-8") -> str:
    """Read one file as text, with the checks of `decode`."""
    try:
        data = path.read_bytes()
    except (OSError, ValueError) as exc:
        raise _unreadable(path, exc) from None
    return decode(data, str(path), encoding)


def _unreadable(path: Path, exc: OSError | ValueError) -> InputError:
    """Why a file could not be opened, as the error naming it."""
    if isinstance(exc, FileNotFoundError):
        return InputError(str(path), "no such file")
    if isinstance(exc, IsADirectoryError):
        return InputError(str(path), "is a folder, not a file")
    if isinstance(exc, ValueError):  # a NUL byte in the name
        return InputError(repr(str(path)), f"is not a usable file name ({exc})")
    return InputError(str(path), f"cannot be read ({exc.strerror or exc})")


# ---------------------------------------------------------------------------- publisher and language

def _source_from(text: str, url: str | None) -> str | None:
    """The publisher, from a known site tagline, an agency dateline or the URL's domain."""
    for row in load_csv("sources.csv"):
        if re.search(row["pattern"], text[:3000]):
            return row["source"]
    if url:
        try:
            host = urlparse(url).hostname or ""
        except ValueError:  # not a URL ('http://[::1', ...): no publisher from it
            return None
        return host.removeprefix("www.") or None
    return None


def check_english(article: Article, min_share: float = 0.12) -> str:
    """'en' when common English function words make up a fair share of the words; else InputError."""
    from spacy.lang.en.stop_words import STOP_WORDS

    words = re.findall(r"[^\W\d_]+", article.text.lower())
    if len(words) < 60:
        return "en"  # too short to judge (headlines and captions are thin in function words)
    share = sum(w in STOP_WORDS for w in words) / len(words)
    if share < min_share:
        raise InputError(article.path or article.article_id,
                         f"does not look like English ({share:.0%} English function words; expected >= {min_share:.0%})")
    return "en"


# ---------------------------------------------------------------------------- articles

def article_from_text(text: str, article_id: str, *, path: str | None = None, title: str | None = None,
                      published: str | datetime | None = None, source: str | None = None,
                      url: str | None = None) -> Article:
    """Plain text -> Article. Given metadata (title, published, source) wins over what the layout shows."""
    where = path or article_id
    for name, value in (("id", article_id), ("text", text), ("title", title), ("source", source), ("url", url)):
        _check_unicode(value, where, name)
    if not text.strip():
        raise InputError(where, "empty: no text to analyse")
    if len(text) > MAX_CHARS:
        raise InputError(where, f"{len(text):,} characters of text is more than the {MAX_CHARS:,} "
                                f"(about 15,000 words) one article may have: split it")
    segments, found_title, found_date, has_time = layout(text, title)
    pub, pub_time = (found_date, has_time) if published is None else _parse_published(published, where)
    return Article(article_id=article_id, text=text, path=path, title=_one_line(title) or found_title, published=pub,
                   published_has_time=pub_time, source=_one_line(source)[:MAX_SOURCE] or _source_from(text, url),
                   url=url, segments=segments)


def _check_unicode(value: str | None, where: str, name: str) -> None:
    """Text that cannot be written as UTF-8 (a lone surrogate, e.g. from a JSON escape) is an InputError."""
    if value is None:
        return
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InputError(where, f"{name} is not valid Unicode at character {exc.start} (a lone surrogate)") from None


def _one_line(value: str | None) -> str:
    """Metadata as one clean line: runs of whitespace and control characters become one space."""
    return re.sub(r"[\s\x00-\x1f\x7f]+", " ", value or "").strip()


def _parse_published(value: str | datetime, source: str) -> tuple[datetime, bool]:
    """An ISO date or date-time string (or a datetime) -> (naive datetime, has_time)."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None), True
    try:
        dt = datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
    except ValueError:
        raise InputError(source, f"published {value!r} is not an ISO 8601 date") from None
    return dt.replace(tzinfo=None), len(str(value).strip()) > 10


def article_from_html(html: str, article_id: str, *, path: str | None = None,
                      published: str | datetime | None = None) -> Article:
    """HTML page -> Article over the extracted main text (scripts, menus and footers dropped)."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    except (ValueError, RecursionError, MemoryError) as exc:  # lxml refusing hostile markup
        raise InputError(path or article_id, f"HTML page could not be parsed ({type(exc).__name__}: {exc})") from None
    text = (doc.text or "").strip() if doc is not None else ""
    if not text:
        raise InputError(path or article_id, "HTML page without article text")
    title = doc.title.strip() if doc.title else None
    return article_from_text(text, article_id, path=path, title=title if title and text.startswith(title) else None,
                             published=published or doc.date, source=doc.sitename, url=doc.url)


RECORD_FIELDS = ("title", "published", "source", "url")


def article_from_record(record: object, source: str) -> Article:
    """One JSONL record {"id","text","published"?,"title"?,"source"?,"url"?} -> Article; a field
    missing or of the wrong type is an InputError naming the record and the field."""
    if not isinstance(record, dict):
        raise InputError(source, f"record is a JSON {type(record).__name__}, not an object")
    if not isinstance(record.get("text"), str):
        raise InputError(source, "record has no string field 'text'")
    raw_id = record.get("id")
    if isinstance(raw_id, bool) or not isinstance(raw_id, (str, int)) or not str(raw_id).strip():
        raise InputError(source, "record has no 'id' (a non-empty string or an integer)")
    for name in RECORD_FIELDS:
        if record.get(name) is not None and not isinstance(record[name], str):
            raise InputError(source, f"record field {name!r} is a JSON {type(record[name]).__name__}, not a string")
    return article_from_text(record["text"], str(raw_id).strip(), path=source, title=record.get("title"),
                             published=record.get("published"), source=record.get("source"),
                             url=record.get("url"))


def is_html(text: str) -> bool:
    """True when the text is an HTML page rather than prose."""
    return re.match(r"\s*(<!doctype html|<html|<head|<body)", text[:1000], re.I) is not None


def load_article(path_or_text: str | Path, published: str | datetime | None = None,
                 encoding: str = "utf-8", article_id: str | None = None) -> Article:
    """A file (text or HTML) or the article's text itself -> Article.

    A `Path` is always a file. A `str` is a file only when it names an existing file; any other
    string is the article's text (a pasted paragraph, an HTML page), so no string, however long or
    odd, is ever tried as a path in a way that can fail. A one-line string that ends in a file
    suffix (.txt, .html, .jsonl, ...) but names no file is an InputError ('no such file'), not an
    article about a file name."""
    if isinstance(path_or_text, Path) or is_file_name(path_or_text):
        path = Path(path_or_text)
        if path.suffix.lower() in CORPUS_SUFFIXES:
            raise InputError(str(path), "is a JSONL corpus: use load_articles() or analyze_corpus()")
        text = read_file(path, encoding)
        aid = article_id or path.stem
        if path.suffix.lower() in HTML_SUFFIXES or is_html(text):
            return article_from_html(text, aid, path=str(path), published=published)
        return article_from_text(text, aid, path=str(path), published=published)
    if not isinstance(path_or_text, str):
        raise InputError(type(path_or_text).__name__, "is neither a path nor the text of an article")
    text = path_or_text
    if not text.strip():
        raise InputError("text", "empty: no text to analyse")
    aid = article_id or _text_id(text)
    if is_html(text):
        return article_from_html(text, aid, published=published)
    return article_from_text(text, aid, published=published)


def is_file_name(value: object) -> bool:
    """Whether a string is meant as a file: it names an existing file or folder, or it is one short
    line ending in a file suffix. Never raises (os.path answers False for names too long or with NUL)."""
    if not isinstance(value, str) or "\n" in value or len(value) > 4096:
        return False
    if os.path.isfile(value) or os.path.isdir(value):
        return True
    return len(value) < 1024 and Path(value).suffix.lower() in TEXT_SUFFIXES | HTML_SUFFIXES | CORPUS_SUFFIXES


def _text_id(text: str) -> str:
    """A stable id for text given directly: a hash of its content."""
    import hashlib

    return "text-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def iter_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Expand folders (their .txt, .html and .jsonl files, sorted) and keep files as given."""
    for p in map(Path, paths):
        if p.is_dir():
            yield from sorted(f for f in p.rglob("*") if f.is_file()
                              and f.suffix.lower() in TEXT_SUFFIXES | HTML_SUFFIXES | CORPUS_SUFFIXES)
        else:
            yield p


def load_articles(paths: Iterable[str | Path], encoding: str = "utf-8") -> Iterator[Article | InputError]:
    """Every article under the paths, in order; a bad one is yielded as its InputError, not raised.
    An article id met a second time (a JSONL id, or two files with the same stem) is an InputError
    naming both places: its rows would collide with the first article's."""
    seen: dict[str, str] = {}
    for item in _read_all(paths, encoding):
        if isinstance(item, Article):
            where = item.path or item.article_id
            if item.article_id in seen:
                item = InputError(where, f"duplicate article id {item.article_id!r}: already read from "
                                         f"{seen[item.article_id]}")
            else:
                seen[item.article_id] = where
        yield item


def _read_all(paths: Iterable[str | Path], encoding: str) -> Iterator[Article | InputError]:
    for path in iter_paths(paths):
        if path.suffix.lower() not in CORPUS_SUFFIXES:
            try:
                yield load_article(path, encoding=encoding)
            except InputError as exc:
                yield exc
            continue
        yield from _corpus_records(path, encoding)


def _corpus_records(path: Path, encoding: str) -> Iterator[Article | InputError]:
    """A JSONL corpus read line by line, whatever its size (the 5 MB limit is one line's, one article's); a
    line ends at \n only (not at U+2028 & co.), and a bad line is an error of its own."""
    try:
        lines = path.open("rb")
    except (OSError, ValueError) as exc:
        yield _unreadable(path, exc)
        return
    with lines:
        if _binary(lines.read(65536), encoding):
            yield InputError(str(path), "binary data (NUL bytes), not text")
            return
        lines.seek(0)
        blank = True
        for n, raw in enumerate(lines, 1):
            if not raw.strip():
                continue
            blank = False
            where = f"{path}:{n}"
            try:
                yield article_from_record(json.loads(decode(raw, where, encoding)), where)
            except json.JSONDecodeError as exc:
                yield InputError(where, f"not valid JSON ({exc.msg} at column {exc.colno})")
            except RecursionError:
                yield InputError(where, "JSON nested too deeply")
            except InputError as exc:
                yield exc
        if blank:
            yield InputError(str(path), "empty: no text to analyse")

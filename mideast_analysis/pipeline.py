"""analyze(): one article through the stages, in order -> ArticleFrames."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from .actor_drafts import Draft
from .actors import actor_rows, extract_actors
from .article import Article, check_english, load_article
from .events import event_rows, extract_events
from .frames import ArticleFrames
from .geocoding import Gazetteer
from .geocoding.base import default_gazetteer, get_geocoder
from .geocoding.nominatim import NominatimChain
from .layout import CREDIT_RE
from .nlp import ParsedSegment, parse, sentences
from .place_rows import location_rows, named_as_places
from .place_resolver import ResolvedPlace
from .places import extract_places
from .spans import context_of
from .timex import date_mentions


def _credit_span(article: Article) -> tuple[int, int] | None:
    """Offsets of the photo credit at the end of the caption ('[Name/Agency]')."""
    for seg in article.spans("caption"):
        m = CREDIT_RE.search(article.text, seg.start, seg.end)
        if m:
            return m.start(), m.end()
    return None


def home_locations(drafts: list[Draft], places: list[ResolvedPlace], to_alpha2: dict[str, str]) -> dict[str, str]:
    """State actors (governments, legislatures, presidencies) -> their country's location_id, when the
    article names that country as a place."""
    by_country = {p.place.country: p.location_id for p in places if p.place.feature == "country" and p.mentions}
    out = {}
    for d in drafts:
        a2 = to_alpha2.get(d.country) if d.country else None
        if d.kind == "government" and a2 in by_country:
            out[d.actor_id] = by_country[a2]
    return out


def analyze_article(article: Article, geocoder: str | Gazetteer | NominatimChain = "gazetteer") -> ArticleFrames:
    """An already loaded Article -> its five tables."""
    return ArticleFrames.from_records(**article_records(article, geocoder))


def article_records(article: Article, geocoder: str | Gazetteer | NominatimChain = "gazetteer",
                    parsed: list[ParsedSegment] | None = None) -> dict[str, list[dict]]:
    """An Article -> the rows of its five tables (batches build their DataFrames once, from all rows).
    The gazetteer is the knowledge base (countries, demonyms, capitals); `geocoder` resolves the
    toponyms ('nominatim': online, cached, with fallback to the gazetteer). `parsed` is the article's
    parse when a batch parsed it with others (nlp.parse_many)."""
    language = check_english(article)
    resolver = get_geocoder(geocoder)
    gaz = default_gazetteer()
    sents = sentences(parsed if parsed is not None else parse(article))
    when = article.published.date() if article.published else None
    drafts, actor_spans = extract_actors(sents, gaz, when, _credit_span(article))
    to_alpha2 = {a3: a2 for a2, a3 in gaz.index.alpha3.items()}
    actor_country = {span: to_alpha2[d.country] for d in drafts if d.country in to_alpha2
                     for span in [(m.start, m.end) for m in d.mentions]}
    places = extract_places(sents, article.text, gaz, actor_country, resolver)
    loc_mentions = [m for p in places for m in p.mentions]
    literal = [m for p in places for m in p.literal_mentions()]
    dates = date_mentions(sents, article.published)
    extents = {p.location_id: (p.place.lat, p.place.lon, p.place.precision_km) for p in places}
    parents = {p.location_id: p.parent_id for p in places if p.parent_id}
    events = extract_events(sents, article.published, actor_spans, literal, dates, (extents, parents),
                            home_locations(drafts, places, to_alpha2), {d.actor_id for d in drafts if d.kind == "person"})
    places = named_as_places(places, {ev.location_id for ev in events if ev.location_id}, article.text)
    loc_mentions = [m for p in places for m in p.mentions]
    aid = article.article_id
    mentions = sorted([m for d in drafts for m in d.mentions] + loc_mentions + dates, key=lambda m: (m.start, m.kind))
    coords = {p.location_id: (p.place.lat, p.place.lon) for p in places}
    context = {s.index: (s.start, s.text) for s in sents}
    return dict(
        articles=[{"article_id": aid, "path": article.path, "source": article.source, "title": article.title,
                   "published": article.published_iso, "language": language, "n_words": article.n_words}],
        mentions=[m.row(aid, context_of(*context[m.sentence], m)) for m in mentions],
        actors=actor_rows(aid, drafts),
        locations=location_rows(aid, places),
        events=event_rows(aid, events, coords),
    )


def analyze(path_or_text: str | Path, published: str | datetime | None = None,
            geocoder: str | Gazetteer | NominatimChain = "gazetteer", encoding: str = "utf-8") -> ArticleFrames:
    """A file (text or HTML) or the text itself -> ArticleFrames. `published` is the reference date."""
    return analyze_article(load_article(path_or_text, published=published, encoding=encoding), geocoder)

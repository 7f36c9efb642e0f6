"""Altair charts (viz/charts.py): what each spec holds, checked against the tables, plus offline SVG export."""
from __future__ import annotations

import json
import re
from datetime import datetime, timezone

import pandas as pd
import pytest
import vl_convert as vlc

import mideast_analysis as mea
from mideast_analysis.frames import ArticleFrames
from mideast_analysis.viz import actor_network, events_by_type, mentions_per_actor, small_multiples, timeline

CHARTS = [timeline, events_by_type, actor_network, mentions_per_actor, small_multiples]
DAY_MS = 86_400_000

SECOND_ARTICLE = """Talks <img src=x onerror=alert(1)> in Amman

March 3, 2021 at 10:15 am

Jordanian Foreign Minister Ayman Safadi met Egyptian Foreign Minister Sameh Shoukry in Amman on Tuesday to discuss \
the situation in Gaza.

Israeli forces killed two Palestinians in Jenin on Monday, the Palestinian health ministry said.

Hamas accused Israel of escalating attacks on civilians.
"""

HOSTILE_NAME = "<script>alert('x')</script>"
HOSTILE_TARGET = '<img src=x onerror="alert(1)">'


# -- helpers ----------------------------------------------------------------------------------------------------

def rows(spec: dict, sub: dict | None = None) -> list[dict]:
    """The inline rows of `sub` (default: the top spec), following named datasets."""
    data = (sub or spec)["data"]
    if "values" in data:
        return data["values"]
    return spec["datasets"][data["name"]]


def layer_by_mark(spec: dict, mark: str) -> list[dict]:
    """The layers of `spec` drawing `mark`."""
    return [la for la in spec["layer"] if (la["mark"]["type"] if isinstance(la["mark"], dict) else la["mark"]) == mark]


def svg_items(svg: str) -> dict[str, int]:
    """Number of drawn items per data-mark container ("rect", "symbol", "rule", "text"), summed over panels."""
    counts: dict[str, int] = {}
    for kind, body in re.findall(r'<g class="mark-(\w+) role-mark [^"]*"[^>]*>(.*?)</g>', svg, flags=re.S):
        counts[kind] = counts.get(kind, 0) + body.count('role="graphics-symbol"')
    return counts


def named_events(frames: ArticleFrames) -> pd.DataFrame:
    """Events with source/target names, joined per article (the test's own join, not the module's)."""
    names = frames.actors.set_index(["article_id", "actor_id"])["name"]
    ev = frames.events.copy()
    for role in ("source", "target"):
        keys = list(zip(ev.article_id, ev[f"{role}_actor_id"]))
        ev[role] = pd.Series([names.get(k) if pd.notna(k[1]) else None for k in keys], index=ev.index, dtype=object)
    return ev


def hostile_frames() -> ArticleFrames:
    """A tiny article whose title, actor names and event text are HTML/JS injections (an event type cannot be:
    types are a closed vocabulary of the schema, see test_hostile_event_type_is_refused)."""
    actors = [dict(article_id="a1", actor_id="act-1", name=HOSTILE_NAME, kind="person", country="IRQ",
                   code="<b>IRQ</b>", n_mentions=3),
              dict(article_id="a1", actor_id="act-2", name=HOSTILE_TARGET, kind="group", n_mentions=1)]
    events = [dict(article_id="a1", event_id="ev-1", type="ASSAULT", date="2021-03-01", date_precision="day",
                   source_actor_id="act-1", target_actor_id="act-2", trigger="<svg onload=alert(2)>",
                   sentence="He <script>attacked</script> them.", modality="asserted"),
              dict(article_id="a1", event_id="ev-2", type="ACCUSE", source_actor_id="act-2")]
    return ArticleFrames.from_records(articles=[dict(article_id="a1", title="<script>title</script>")],
                                      actors=actors, events=events)


@pytest.fixture(scope="module")
def two_articles(seed_frames, tmp_path_factory) -> ArticleFrames:
    path = tmp_path_factory.mktemp("corpus") / "second.txt"
    path.write_text(SECOND_ARTICLE, encoding="utf-8")
    return ArticleFrames.concat([seed_frames, mea.analyze(path)])


# -- timeline ---------------------------------------------------------------------------------------------------

def test_timeline_points_for_days_and_spans_for_months(seed_frames):
    ev = seed_frames.events
    assert ((ev.date_precision == "month") & ev.date_text.str.contains("January", na=False)).any(), "seed changed"
    spec = timeline(seed_frames).to_dict()
    (points,), (bars,) = layer_by_mark(spec, "point"), layer_by_mark(spec, "bar")
    point_rows, bar_rows = rows(spec, points), rows(spec, bars)

    day = ev[(ev.date_precision == "day") & ev.date.notna()]
    assert sorted(r["date"] for r in point_rows) == sorted(day.date)
    assert {r["precision"] for r in point_rows} == {"day"}
    vague = ev[ev.date_precision.isin(["month", "year"]) & ev.date.notna()]
    assert len(vague) > 0 and sorted(r["date"] for r in bar_rows) == sorted(vague.date)

    for r in bar_rows:  # a span runs from the first day of its period to the first day of the next one
        start = datetime.fromtimestamp(r["start_ms"] / 1000, tz=timezone.utc)
        assert start.day == 1 and (r["precision"] == "month" or start.month == 1)
        days = (r["end_ms"] - r["start_ms"]) / DAY_MS
        assert (28 <= days <= 31) if r["precision"] == "month" else days in (365, 366)
        assert start.strftime("%Y-%m" if r["precision"] == "month" else "%Y") == r["date"]
    assert bars["encoding"]["x2"]["field"] == "end_ms" and "x2" not in points["encoding"]
    tips = {t["field"] for t in points["encoding"]["tooltip"]}
    assert {"type", "date", "precision", "trigger", "source", "target", "sentence", "modality"} <= tips


def test_timeline_names_the_actors_of_each_event(seed_frames):
    spec = timeline(seed_frames).to_dict()
    drawn = {(r["trigger"], r["source"], r["target"]) for la in spec["layer"] for r in rows(spec, la)}
    ev = named_events(seed_frames).dropna(subset=["date"])
    assert drawn == {(t, s, g) for t, s, g in zip(ev.trigger, ev.source, ev.target)}


def test_timeline_leaves_out_undated_events_and_says_so():
    events = [dict(article_id="a", event_id=f"e{i}", type="PROTEST", date=d, date_precision=p)
              for i, (d, p) in enumerate([("2021-05-04", "day"), (None, "unknown"), ("2019", "year")])]
    spec = timeline(ArticleFrames.from_records(events=events)).to_dict()
    drawn = [r["date"] for la in spec["layer"] for r in rows(spec, la)]
    assert sorted(drawn) == ["2019", "2021-05-04"]
    assert "1 event" in spec["title"]["subtitle"]


# -- events by type ---------------------------------------------------------------------------------------------

def test_events_by_type_counts_sorted(seed_frames):
    spec = events_by_type(seed_frames).to_dict()
    data = rows(spec)
    expected = seed_frames.events.type.value_counts()
    assert {r["type"]: r["events"] for r in data} == expected.to_dict()
    order = spec["encoding"]["y"]["sort"]
    counts = [expected[t] for t in order]
    assert counts == sorted(counts, reverse=True) and set(order) == set(expected.index)
    assert {t["field"] for t in spec["encoding"]["tooltip"]} == {"type", "events"}


# -- actor network ----------------------------------------------------------------------------------------------

def test_network_edges_match_event_pairs(seed_frames):
    spec = actor_network(seed_frames).to_dict()
    (rule,) = layer_by_mark(spec, "rule")
    edges = rows(spec, rule)
    ev = named_events(seed_frames)
    pairs = ev.dropna(subset=["source", "target"]).groupby(["source", "target"]).size()
    assert len(pairs) > 0
    assert {(e["source"], e["target"]): e["events"] for e in edges} == pairs.to_dict()
    for e in edges:  # event types in the tooltip data
        types = ev[(ev.source == e["source"]) & (ev.target == e["target"])].type
        assert all(t in e["types"] for t in types)

    (circle,) = layer_by_mark(spec, "circle")
    nodes = {n["name"]: n for n in rows(spec, circle)}
    involved = pd.concat([ev.source, ev.target]).dropna()
    assert set(nodes) == set(involved)
    for name, node in nodes.items():
        assert node["events"] == ((ev.source == name) | (ev.target == name)).sum()
    for e in edges:  # each edge starts and ends at its nodes' positions
        assert (e["x"], e["y"]) == (nodes[e["source"]]["x"], nodes[e["source"]]["y"])
        assert (e["x2"], e["y2"]) == (nodes[e["target"]]["x"], nodes[e["target"]]["y"])
    assert len({(n["x"], n["y"]) for n in nodes.values()}) == len(nodes)  # no two nodes on one spot
    assert actor_network(seed_frames).to_dict() == spec  # deterministic layout


def test_network_without_pairs_still_builds():
    events = [dict(article_id="a", event_id="e1", type="STATEMENT", source_actor_id="act-1")]
    actors = [dict(article_id="a", actor_id="act-1", name="Ministry", kind="government")]
    spec = actor_network(ArticleFrames.from_records(actors=actors, events=events)).to_dict()
    (rule,) = layer_by_mark(spec, "rule")
    assert rows(spec, rule) == []
    assert [n["name"] for n in rows(spec, layer_by_mark(spec, "circle")[0])] == ["Ministry"]
    assert spec["title"]["subtitle"] == "no actor-target pairs"
    assert "<text" in vlc.vegalite_to_svg(spec)


# -- mentions per actor -----------------------------------------------------------------------------------------

def test_mentions_per_actor_sorted_and_limited(seed_frames):
    top = 5
    spec = mentions_per_actor(seed_frames, top=top).to_dict()
    data = rows(spec)
    assert len(data) == top
    counts = [r["n_mentions"] for r in data]
    assert counts == sorted(counts, reverse=True)
    assert spec["encoding"]["y"]["sort"] == [r["name"] for r in data]
    assert counts == sorted(seed_frames.actors.n_mentions, reverse=True)[:top]
    assert {"name", "kind", "country", "code"} <= {t["field"] for t in spec["encoding"]["tooltip"]}
    everyone = rows(mentions_per_actor(seed_frames, top=1000).to_dict())
    assert len(everyone) == seed_frames.actors.name.nunique()
    with pytest.raises(ValueError):
        mentions_per_actor(seed_frames, top=0)


def test_an_apostrophe_in_a_name_shows_as_written_on_the_axis_and_in_the_sort():
    frames = ArticleFrames.from_records(
        articles=[dict(article_id="a1")],
        actors=[dict(article_id="a1", actor_id="act-1", name="Kurdistan Workers' Party", kind="armed_group",
                     n_mentions=3),
                dict(article_id="a1", actor_id="act-2", name='the "Popular" Front', kind="armed_group", n_mentions=1)])
    spec = mentions_per_actor(frames).to_dict()
    assert [r["name"] for r in rows(spec)] == ["Kurdistan Workers' Party", 'the "Popular" Front']
    assert spec["encoding"]["y"]["sort"] == ["Kurdistan Workers' Party", 'the "Popular" Front']


# -- small multiples --------------------------------------------------------------------------------------------

def test_small_multiples_one_panel_per_article(two_articles, seed_frames):
    assert two_articles.articles.article_id.nunique() == 2
    spec = small_multiples(two_articles).to_dict()
    assert spec["facet"]["field"] == "article"
    data = rows(spec)
    assert len({r["article"] for r in data}) == 2 == len(spec["facet"]["sort"])
    for aid, group in two_articles.events.groupby("article_id"):  # each panel counts its own article's events
        label = next(r["article"] for r in data if r["article_id"] == aid)
        mine = {r["type"]: r["events"] for r in data if r["article_id"] == aid and r["events"]}
        assert mine == group.type.value_counts().to_dict(), label
    svg = vlc.vegalite_to_svg(spec)
    assert svg_items(svg).get("rect", 0) == len(data) and svg.count('class="mark-rect role-mark') == 2

    one = small_multiples(seed_frames).to_dict()
    assert len(one["facet"]["sort"]) == 1 and {r["article_id"] for r in rows(one)} == {"000_e51165010699703e"}


# -- empty frames, hostile strings, offline export --------------------------------------------------------------

@pytest.mark.parametrize("chart", CHARTS, ids=lambda f: f.__name__)
def test_empty_frames_give_valid_specs(chart):
    spec = chart(ArticleFrames.empty()).to_dict(validate=True)
    assert "$schema" in spec and "url" not in json.dumps(spec).replace("$schema", "")
    assert vlc.vegalite_to_svg(spec).startswith("<svg")


@pytest.mark.parametrize("chart", CHARTS, ids=lambda f: f.__name__)
def test_hostile_strings_are_escaped(chart):
    text = json.dumps(chart(hostile_frames()).to_dict(), ensure_ascii=False)
    assert "<script" not in text and "<img" not in text and "<svg" not in text and "<b>" not in text
    if chart is not events_by_type:  # it shows types only, a closed vocabulary
        assert "&lt;script&gt;" in text or "&lt;img src=x onerror=" in text  # the data is there, escaped


def test_hostile_event_type_is_refused():
    with pytest.raises(mea.SchemaError, match="events.type"):
        ArticleFrames.from_records(events=[dict(article_id="a1", event_id="ev-1", type="<script>TYPE</script>")])


def test_hostile_strings_escaped_in_every_tooltip_field():
    spec = actor_network(hostile_frames()).to_dict()
    names = {n["name"] for n in rows(spec, layer_by_mark(spec, "circle")[0])}
    assert names == {"&lt;script&gt;alert('x')&lt;/script&gt;",  # no tag can open; quotes are text
                     '&lt;img src=x onerror="alert(1)"&gt;'}
    tl = timeline(hostile_frames()).to_dict()
    (point,) = rows(tl, layer_by_mark(tl, "point")[0])
    assert point["trigger"].startswith("&lt;svg") and "&lt;script&gt;attacked" in point["sentence"]


def test_seed_charts_export_to_svg_with_their_marks(seed_frames):
    ev = seed_frames.events
    dated = ev[ev.date.notna()]
    expected = {
        timeline: {"symbol": (dated.date_precision == "day").sum(), "rect": (dated.date_precision != "day").sum()},
        events_by_type: {"rect": ev.type.nunique()},
        mentions_per_actor: {"rect": min(20, seed_frames.actors.name.nunique())},
    }
    for chart, marks in expected.items():
        spec = chart(seed_frames).to_dict()
        assert "url" not in json.dumps(spec).replace("$schema", "")
        assert {k: v for k, v in svg_items(vlc.vegalite_to_svg(spec)).items() if k in marks} == marks, chart

    spec = actor_network(seed_frames).to_dict()
    drawn = svg_items(vlc.vegalite_to_svg(spec))
    n_edges = len(rows(spec, layer_by_mark(spec, "rule")[0]))
    n_nodes = len(rows(spec, layer_by_mark(spec, "circle")[0]))
    assert drawn["rule"] == n_edges > 0 and drawn["text"] == n_nodes > 0
    assert drawn["symbol"] == n_nodes + n_edges  # circles plus one arrowhead per edge (no self-loops in seed)

    svg = vlc.vegalite_to_svg(small_multiples(seed_frames).to_dict())
    assert svg_items(svg)["rect"] == ev.type.nunique()


def test_use_offline_switches_altair_to_its_offline_jupyter_renderer(seed_frames):
    import altair as alt

    before = alt.renderers.active
    try:
        assert mea.viz.use_offline() == "jupyter"
        data, _ = timeline(seed_frames)._repr_mimebundle_()
        assert "application/vnd.jupyter.widget-view+json" in data  # a JupyterChart widget, not CDN HTML
        assert alt.JupyterChart._is_offline  # its JavaScript is vl-convert's bundle (Vega inside)
        assert "cdn.jsdelivr" not in alt.JupyterChart._esm and "esm.sh" not in alt.JupyterChart._esm
        assert mea.viz.use_offline(False) == "default"
    finally:
        alt.renderers.enable(before)

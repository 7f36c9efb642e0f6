"""One event, many reports: the events of many articles -> one row per real-world event.

Two reports are of one event when every piece of what they say agrees (rules over the tables, no model):
- the same type, or types one event gets from different wordings (SAME_EVENT_TYPES: a deal signed or
  reached); statements, and events that did not or may not happen, link to nothing;
- dates that agree at their precision, a day matching the day before or after (time zones, publication lag);
  a year or an unknown date is too vague to link;
- places within the larger of their `precision_km` (+ PLACE_SLACK_KM, for 'a village near Kirkuk' against
  'Kirkuk'), which covers a place inside another (a district in its city, a city in its country);
- actors that agree in each role: the same, unknown on one side, or the same country; two different named
  armed groups, or a named armed group and a state's forces, are two events;
- and positive evidence beyond type and date: the places agree within the finer precision, or an actor agrees.

Reports join in the order of their pairs' scores, and a cluster takes a report only if it agrees with every
report already in it (complete linkage): no chains, so reports a week apart never meet through
intermediaries. Two rows of one article (its own merging kept them apart) join only when they give the same
day, place and actors. A report without a place is tied by actors alone: a day apart, both roles must agree.
Pairs are found by blocking on type, day and a coarse grid, so 100,000 events link in seconds.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .frames import ArticleFrames, Tables
from .geocoding.gazetteer import distances_km
from .schema import LINK_TABLES, validate
from .spans import stable_id

# Types that one event gets from different wordings: a deal 'signed' is SUPPORT (CAMEO 057), 'reached' AGREE; a
# raid with shooting is ASSAULT, an arrest raid COERCE (the shared event-type mapping).
SAME_EVENT_TYPES = {"SUPPORT": "AGREE", "COERCE": "ASSAULT"}
UNLINKED_TYPES = frozenset({"STATEMENT"})  # a speech act is the speaker's, in one article
REAL = frozenset({"asserted", "reported"})  # negated, hypothetical and future events are no real events
DAY_SLACK = 1  # days: a day matches the day before or after
PLACE_SLACK_KM = 25.0
GRID_KM, GRID_DEGREES = 100.0, 2.0  # places at most this coarse are blocked by 2-degree cells (> GRID_KM + slack)
SYMMETRIC = frozenset({"CONSULT", "AGREE", "COOPERATE"})  # 'A met B' is 'B met A'
STATE_KINDS = frozenset({"country", "government", "military"})
GENERIC_CODES = ("UAF", "CVL", "JRN")  # codes of kinds, not of actors: unidentified armed men, civilians, media
READABLE = {"type": "Type", "date": "Date", "location_name": "Place", "source_name": "Who", "target_name": "On whom",
            "killed": "Killed", "injured": "Injured", "n_articles": "Articles", "n_sources": "Outlets",
            "first_reported": "First reported", "last_reported": "Last reported", "article_ids": "Article ids"}
PRECISION_RANK = {"day": 0, "month": 1, "year": 2, "unknown": 3}
WEIGHTS = {"date": 0.35, "place": 0.45, "actors": 0.2}  # of a pair's score in [0, 1]


@dataclass(frozen=True)
class Links(Tables):
    """`event_links` (each report's event -> its cluster) and `clusters` (one row per real event); written by
    to_csv / to_parquet as DIR/event_links.csv and DIR/clusters.csv (or .parquet)."""

    event_links: pd.DataFrame
    clusters: pd.DataFrame

    def __post_init__(self) -> None:
        for name in LINK_TABLES:
            validate(name, getattr(self, name))

    def tables(self) -> dict[str, pd.DataFrame]:
        return {name: getattr(self, name) for name in LINK_TABLES}

    def summary(self, frames: ArticleFrames) -> pd.DataFrame:
        """One row for the top of a corpus report: articles, outlets, events, real events (clusters), those
        told by more than one article, the period the events cover, and the places named."""
        c = self.clusters
        days = c.loc[c["date_precision"].isin(["day", "month"]), "date"].dropna()
        return pd.DataFrame([{
            "Articles": len(frames.articles), "Outlets": frames.articles["source"].nunique(),
            "Events reported": len(self.event_links), "Real events (clusters)": len(c),
            "Told by several articles": int((c["n_articles"] > 1).sum()),
            "Period": f"{days.min()} to {days.max()}" if len(days) else "unknown",
            "Places": c["location_name"].nunique()}])

    def reports(self, frames: ArticleFrames, top: int = 5) -> pd.DataFrame:
        """The `top` clusters told by the most articles, each with its reports side by side: the outlet,
        the day published, and what each report says (date, place, killed, its sentence)."""
        biggest = self.clusters.sort_values(["n_articles", "cluster_id"], ascending=[False, True]).head(top)
        biggest = biggest[biggest["n_articles"] > 1]
        ev = frames.named_events().merge(self.event_links, on=["article_id", "event_id"])
        ev = ev[ev["cluster_id"].isin(biggest["cluster_id"])].merge(
            frames.articles[["article_id", "source", "published"]].drop_duplicates("article_id"), on="article_id")
        label = biggest.set_index("cluster_id").apply(
            lambda c: f"{c['type']} {c['date'] or ''} {c['location_name'] or ''}".strip(), axis=1)
        ev = ev.assign(event=ev["cluster_id"].map(label),
                       order=ev["cluster_id"].map({cid: k for k, cid in enumerate(biggest["cluster_id"])}))
        ev = ev.sort_values(["order", "published", "article_id"])
        return _shown(ev.rename(columns={"source_y": "outlet", "place": "place named", "source_x": "source"})[
            ["event", "outlet", "published", "date", "place named", "source", "target", "killed", "sentence"]])

    def readable(self) -> pd.DataFrame:
        """The clusters for reading: most reported first, with plain column names."""
        c = self.clusters.sort_values(["n_articles", "date", "cluster_id"], ascending=[False, True, True])
        return _shown(c.rename(columns=READABLE)[list(READABLE.values())])

    def __repr__(self) -> str:
        return f"Links({len(self.event_links)} reports, {len(self.clusters)} clusters)"


def link_events(frames: ArticleFrames) -> Links:
    """The events of many articles linked into real-world events (see the module's rules)."""
    reports = _reports(frames)
    pairs = _scored_pairs(reports)
    cluster_of, score = _cluster(len(reports), pairs)
    return _tables(reports, cluster_of, score)


def _shown(df: pd.DataFrame) -> pd.DataFrame:
    """A table for reading: unknown cells blank rather than <NA>, numbered from 1."""
    df = df.astype(object).where(df.notna(), "")
    df.index = range(1, len(df) + 1)
    return df


# ------------------------------------------------------------------------------------------------ reports

def _reports(frames: ArticleFrames) -> pd.DataFrame:
    """One row per real event with what linking compares: type, date interval (day numbers), place,
    the actors of each role, the article's outlet and publication day."""
    ev = frames.events[frames.events["modality"].isin(REAL)]
    ev = ev[["article_id", "event_id", "type", "date", "date_precision", "lat", "lon", "location_id",
             "source_actor_id", "target_actor_id", "killed", "injured", "start"]].reset_index(drop=True)
    loc = frames.locations[["article_id", "location_id", "name", "precision_km"]].drop_duplicates(
        ["article_id", "location_id"]).rename(columns={"name": "location_name"})
    ev = ev.merge(loc, on=["article_id", "location_id"], how="left")
    actors = frames.actors[["article_id", "actor_id", "name", "kind", "country", "code"]].drop_duplicates(
        ["article_id", "actor_id"])
    for role in ("source", "target"):
        ev = ev.merge(actors.rename(columns={"actor_id": f"{role}_actor_id", "name": f"{role}_name",
                                             "kind": f"{role}_kind", "country": f"{role}_country",
                                             "code": f"{role}_code"}),
                      on=["article_id", f"{role}_actor_id"], how="left")
    art = frames.articles[["article_id", "source", "published"]].drop_duplicates("article_id")
    ev = ev.merge(art.rename(columns={"source": "outlet"}), on="article_id", how="left")
    ev["lo"], ev["hi"] = _interval(ev["date"], ev["date_precision"])
    ev["linkable"] = ~ev["type"].isin(UNLINKED_TYPES) & ev["lo"].notna()
    ev["article"] = pd.factorize(ev["article_id"])[0]
    return ev.sort_values(["article_id", "event_id"], ignore_index=True)


def _interval(dates: pd.Series, precision: pd.Series) -> tuple[pd.Series, pd.Series]:
    """First and last day (days since 1970) a date may mean: its day, or every day of its month; NA for a
    year or an unknown date."""
    day = pd.to_datetime(dates.where(precision == "day"), format="%Y-%m-%d", errors="coerce")
    month = pd.to_datetime(dates.where(precision == "month"), format="%Y-%m", errors="coerce")
    first = day.fillna(month)
    last = day.fillna(month + pd.offsets.MonthEnd(0))
    as_days = lambda s: (s - pd.Timestamp("1970-01-01")).dt.days.astype("Int64")  # noqa: E731
    return as_days(first), as_days(last)


# ------------------------------------------------------------------------------------------------ pairs

def _candidates(reports: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs (i < j) of linkable reports of one type whose days are at most DAY_SLACK apart and whose
    places may agree, by joins on (type, day, grid cell): on the left each report spans its days widened by
    DAY_SLACK and the 3 x 3 cells around its own, on the right its own days and cell. A report placed no
    finer than GRID_KM (a country, a province) or not at all is joined on (type, day) with every report."""
    r = reports[reports["linkable"]]
    idx = r.index.to_numpy()
    types = pd.factorize(r["type"].replace(SAME_EVENT_TYPES))[0].astype(np.int64)
    lo, hi = r["lo"].to_numpy(dtype=np.int64), r["hi"].to_numpy(dtype=np.int64)
    lat = r["lat"].to_numpy(dtype=float, na_value=np.nan)
    lon = r["lon"].to_numpy(dtype=float, na_value=np.nan)
    fine = ~np.isnan(lat) & (r["precision_km"].fillna(np.inf).to_numpy(dtype=float) <= GRID_KM)
    cell_lat = np.floor(np.nan_to_num(lat) / GRID_DEGREES).astype(np.int64) + 100
    cell_lon = np.floor(np.nan_to_num(lon) / GRID_DEGREES).astype(np.int64) + 200

    def rows(which: np.ndarray, slack: int, cells: tuple[tuple[int, int], ...] | None) -> tuple[np.ndarray, np.ndarray]:
        """(report index, key) rows for the reports in `which`: one per day (widened by `slack`) and per grid
        cell shifted by each of `cells` (None: no cell in the key)."""
        sel = np.flatnonzero(which)
        counts = hi[sel] - lo[sel] + 1 + 2 * slack
        row = np.repeat(sel, counts)
        day = np.repeat(lo[sel] - slack, counts) + np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
        key = types[row] * 100_000 + day
        if cells is None:
            return idx[row], key
        keys = [key * 1_000_000 + (cell_lat[row] + dy) * 1000 + cell_lon[row] + dx for dy, dx in cells]
        return np.tile(idx[row], len(cells)), np.concatenate(keys)

    around = tuple((dy, dx) for dy in (-1, 0, 1) for dx in (-1, 0, 1))
    found = [_join(rows(fine, DAY_SLACK, around), rows(fine, 0, ((0, 0),))),
             _join(rows(~fine, DAY_SLACK, None), rows(np.ones(len(idx), dtype=bool), 0, None))]
    i, j = np.concatenate([f[0] for f in found]), np.concatenate([f[1] for f in found])
    i, j = np.minimum(i, j), np.maximum(i, j)
    n = len(reports)
    pair = np.sort((i * n + j)[i < j])  # sorted and deduplicated (np.unique hashes: 10x slower here)
    pair = pair[np.concatenate([[True], pair[1:] != pair[:-1]])] if len(pair) else pair
    return pair // n, pair % n


def _join(left: tuple[np.ndarray, np.ndarray], right: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """The (left index, right index) pairs whose keys are equal."""
    merged = pd.DataFrame({"key": left[1], "i": left[0]}).merge(pd.DataFrame({"key": right[1], "j": right[0]}),
                                                                on="key")
    return merged["i"].to_numpy(dtype=np.int64), merged["j"].to_numpy(dtype=np.int64)


def _scored_pairs(reports: pd.DataFrame) -> pd.DataFrame:
    """The candidate pairs that agree in everything, with their scores (highest first)."""
    i, j = _candidates(reports)
    f = _features(reports)
    a, b = {k: v[i] for k, v in f.items()}, {k: v[j] for k, v in f.items()}
    date_score = np.where((a["lo"] == b["lo"]) & (a["hi"] == b["hi"]), 1.0, 0.6)
    place_ok, place_sure, place_score = _places(a, b)
    actors_ok, actors_sure = _actors(a, b)
    same_article, same_day = a["article"] == b["article"], date_score == 1.0
    # without a place only actors tie two reports: a day apart, both roles must agree
    placeless = np.isnan(a["lat"]) | np.isnan(b["lat"])
    both_roles = _role(a, "source", b, "source")[1] & _role(a, "target", b, "target")[1]
    # two rows of one article: the same day and place, and the same actors (or none named in either)
    actorless = (a["source_class"] == 0) & (a["target_class"] == 0) & (b["source_class"] == 0) & (b["target_class"] == 0)
    keep = (place_ok & actors_ok & (place_sure | actors_sure) & (~placeless | same_day | both_roles)
            & (~same_article | (place_sure & same_day & (actors_sure | actorless))))
    score = (WEIGHTS["date"] * date_score + WEIGHTS["place"] * place_score
             + WEIGHTS["actors"] * np.where(actors_sure, 1.0, 0.5))
    # of equal pairs, the ones told earlier in their articles first: a story leads with its main event, and a
    # later row of the same article is more often a detail of it ('... seized weapons') than the event itself
    lead = a["start"] + b["start"]
    out = pd.DataFrame({"i": i, "j": j, "score": np.round(score, 4), "lead": lead})[keep]
    return out.sort_values(["score", "lead", "i", "j"], ascending=[False, True, True, True], ignore_index=True)


def _features(reports: pd.DataFrame) -> dict[str, np.ndarray]:
    """What pairs compare, as numpy arrays (strings factorized into integers, -1 for none)."""
    f = {"article": reports["article"].to_numpy(),
         "symmetric": reports["type"].replace(SAME_EVENT_TYPES).isin(SYMMETRIC).to_numpy(),
         "lo": reports["lo"].to_numpy(dtype=float, na_value=np.nan),
         "hi": reports["hi"].to_numpy(dtype=float, na_value=np.nan), "start": reports["start"].to_numpy(dtype=np.int64)}
    for col in ("lat", "lon", "precision_km"):
        f[col] = reports[col].to_numpy(dtype=float, na_value=np.nan)
    roles = ("source", "target")
    both = lambda col: pd.concat([reports[f"{r}_{col}"] for r in roles], ignore_index=True).fillna("").to_numpy(  # noqa: E731
        dtype=object)
    names, codes, kinds, countries = both("name"), both("code"), both("kind"), both("country")
    bare = np.array([n[4:] if n[:4].lower() == "the " else n for n in names], dtype=object)
    unknown = (names == "") | (codes == "UNK")
    specific = (codes != "") & (codes != "UNK") & ~np.array([c.endswith(GENERIC_CODES) for c in codes], dtype=bool)
    named = np.array([n[:1].isupper() for n in bare], dtype=bool)  # 'Kataib Hezbollah', not 'armed factions'
    klass = np.select([unknown, (kinds == "armed_group") & named, np.isin(kinds, list(STATE_KINDS)),
                       kinds == "person"], [0, 1, 2, 3], 4)
    ids = lambda values: np.where(values == "", -1, pd.factorize(values)[0])  # noqa: E731
    columns = {"name": ids(np.array([n.lower() for n in bare], dtype=object)), "code": np.where(specific, ids(codes), -1),
               "country": ids(countries), "class": klass}
    n = len(reports)
    for k, values in columns.items():
        for r, part in zip(roles, (values[:n], values[n:])):
            f[f"{r}_{k}"] = part
    return f


def _places(a: dict, b: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per pair: places compatible (within the coarser precision, or unknown on a side), surely the same
    (both known, within the finer precision), and a score in [0, 1] (0.5 when unknown)."""
    km = distances_km(a["lat"], a["lon"], b["lat"], b["lon"])
    known = ~np.isnan(km)
    p1, p2 = np.nan_to_num(a["precision_km"]), np.nan_to_num(b["precision_km"])
    coarse, fine = np.maximum(p1, p2) + PLACE_SLACK_KM, np.minimum(p1, p2) + PLACE_SLACK_KM
    with np.errstate(invalid="ignore"):
        ok = ~known | (km <= coarse)
        sure = known & (km <= fine)
        score = np.where(known, np.clip(1.0 - km / coarse, 0.0, 1.0), 0.5)
    return ok, sure, score


def _actors(a: dict, b: dict) -> tuple[np.ndarray, np.ndarray]:
    """Per pair: actors compatible in both roles, and one of them surely the same. For meetings and deals
    ('A met B' is 'B met A') the roles may also be crossed."""
    ok_s, sure_s = _role(a, "source", b, "source")
    ok_t, sure_t = _role(a, "target", b, "target")
    ok_st, sure_st = _role(a, "source", b, "target")
    ok_ts, sure_ts = _role(a, "target", b, "source")
    straight, crossed = ok_s & ok_t, a["symmetric"] & ok_st & ok_ts
    return straight | crossed, (straight & (sure_s | sure_t)) | (crossed & (sure_st | sure_ts))


def _role(a: dict, ra: str, b: dict, rb: str) -> tuple[np.ndarray, np.ndarray]:
    """Per pair, one role each side: compatible, and surely the same actor. Classes: 0 unknown, 1 a named
    armed group, 2 a state (country, government, military), 3 a person, 4 anything else."""
    k1, k2 = a[f"{ra}_class"], b[f"{rb}_class"]
    c1, c2 = a[f"{ra}_country"], b[f"{rb}_country"]
    unknown = (k1 == 0) | (k2 == 0)
    code = a[f"{ra}_code"]
    same = (a[f"{ra}_name"] == b[f"{rb}_name"]) | ((code >= 0) & (code == b[f"{rb}_code"]))
    two_forces = ((k1 == 1) & (k2 == 1)) | ((k1 == 1) & (k2 == 2)) | ((k1 == 2) & (k2 == 1))
    other_country = (c1 >= 0) & (c2 >= 0) & (c1 != c2)
    ok = unknown | same | ~(two_forces | other_country)
    statesmen = np.isin(k1, (2, 3)) & np.isin(k2, (2, 3)) & (c1 >= 0) & (c1 == c2)
    return ok, ~unknown & (same | statesmen)


# ------------------------------------------------------------------------------------------------ clusters

def _cluster(n: int, pairs: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Greedy complete linkage over the pairs, best first: two clusters join when every report of one agrees
    with every report of the other. Returns each report's cluster (the index of
    a member) and its mean score with the rest of its cluster (NaN alone)."""
    i_all, j_all = pairs["i"].to_numpy(), pairs["j"].to_numpy()
    agree = set((i_all * n + j_all).tolist())
    members: dict[int, list[int]] = {}
    cluster_of = np.arange(n)
    for i, j in zip(i_all.tolist(), j_all.tolist()):
        ci, cj = int(cluster_of[i]), int(cluster_of[j])
        if ci == cj:
            continue
        mi, mj = members.get(ci, [ci]), members.get(cj, [cj])
        if not all(min(x, y) * n + max(x, y) in agree for x in mi for y in mj):
            continue
        members[ci] = mi + mj
        cluster_of[mj] = ci
        members.pop(cj, None)
    inside = cluster_of[i_all] == cluster_of[j_all]
    ends = np.concatenate([i_all[inside], j_all[inside]])
    scores = np.tile(pairs["score"].to_numpy()[inside], 2)
    score = np.full(n, np.nan)
    total, count = np.bincount(ends, scores, minlength=n), np.bincount(ends, minlength=n)
    score[count > 0] = total[count > 0] / count[count > 0]
    return cluster_of, score


def _tables(reports: pd.DataFrame, cluster_of: np.ndarray, score: np.ndarray) -> Links:
    """event_links and clusters from the reports and their clusters. Where reports disagree: the date most
    of them give at the finest precision among them (ties: the earliest); the place of the most precise
    report; the actor most of them name in each role; killed and injured the lowest figure a report gives
    (ACLED's rule for conflicting reports: the most conservative estimate)."""
    r = reports.assign(cluster=cluster_of, score=score)
    first = (r["article_id"] + "\x1f" + r["event_id"]).groupby(r["cluster"]).min()
    r["cluster_id"] = r["cluster"].map(first.map(lambda k: stable_id("clu-", k)))
    links = r[list(LINK_TABLES["event_links"])].astype(dict(LINK_TABLES["event_links"])).reset_index(drop=True)
    by = r.groupby("cluster_id", sort=True)
    out = pd.DataFrame({"type": by["type"].first()})
    r["rank"] = r["date_precision"].map(PRECISION_RANK).fillna(len(PRECISION_RANK))
    finest = r[r["rank"] == r.groupby("cluster_id")["rank"].transform("min")]
    out["date"] = _mode(finest, "date")
    out["date_precision"] = finest.groupby("cluster_id")["date_precision"].first()
    place = r.dropna(subset=["lat", "lon"]).sort_values(["cluster_id", "precision_km", "location_name"])
    place = place.drop_duplicates("cluster_id").set_index("cluster_id")
    out = out.join(place[["location_name", "lat", "lon", "precision_km"]])
    out["source_name"], out["target_name"] = _mode(r, "source_name"), _mode(r, "target_name")
    out["killed"], out["injured"] = by["killed"].min(), by["injured"].min()
    out["n_articles"], out["n_sources"] = by["article_id"].nunique(), by["outlet"].nunique()
    day = r["published"].str[:10]
    out["first_reported"], out["last_reported"] = day.groupby(r["cluster_id"]).min(), day.groupby(r["cluster_id"]).max()
    ids = r[["cluster_id", "article_id"]].drop_duplicates().sort_values(["cluster_id", "article_id"])
    out["article_ids"] = ids.groupby("cluster_id")["article_id"].agg("|".join)
    clusters = out.rename_axis("cluster_id").reset_index()
    clusters = clusters[list(LINK_TABLES["clusters"])].astype(dict(LINK_TABLES["clusters"]))
    return Links(links, clusters)


def _mode(r: pd.DataFrame, column: str) -> pd.Series:
    """Per cluster, the value of `column` most reports give (ties: the first in sorted order)."""
    counts = r.dropna(subset=[column]).groupby(["cluster_id", column]).size().rename("n").reset_index()
    counts = counts.sort_values(["cluster_id", "n", column], ascending=[True, False, True])
    return counts.drop_duplicates("cluster_id").set_index("cluster_id")[column]

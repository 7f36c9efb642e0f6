"""`mideast-analysis extract | link | geocode | report`: the command line of the data contract."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import MideastAnalysisError


def _geocoder(args: argparse.Namespace):
    from .geocoding.base import get_geocoder

    return get_geocoder(args.geocoder, user_agent=args.user_agent, nominatim_url=args.nominatim_url)


def _extract(args: argparse.Namespace) -> int:
    from .corpus import extract_corpus

    if args.dask:
        summary = _on_dask(args)
    else:
        summary = extract_corpus(args.paths, args.out, fmt=args.format, workers=args.workers,
                                 batch_size=args.batch_size, resume=args.resume, quiet=args.quiet,
                                 encoding=args.encoding,
                                 geocoder=_geocoder(args) if args.geocoder == "nominatim" else args.geocoder)
    for err in summary.errors:
        print(f"mideast-analysis: skipped {err}", file=sys.stderr)
    print(f"{args.out}: {summary.line()}")
    if args.link and summary.articles + summary.skipped:
        _write_links(args.out, args.out, args.format)
    if summary.errors:
        return 2 if not summary.articles and not summary.skipped else 1
    return 0


def _on_dask(args: argparse.Namespace):
    """extract on a Dask cluster: `--dask tcp://host:8786`, or `local` for a LocalCluster of this machine."""
    from .cluster import extract
    from .errors import GeocoderError, InputError

    if args.format != "parquet":
        raise InputError(str(args.out), "--dask writes a Parquet dataset: add --format parquet")
    if args.geocoder != "gazetteer":
        raise GeocoderError("the online geocoder keeps one request per second in one process: not on a cluster")
    client = None
    if args.dask != "local":
        from distributed import Client

        client = Client(args.dask)
    return extract(args.paths, args.out, client=client, batch_size=args.batch_size, resume=args.resume)


def _link(args: argparse.Namespace) -> int:
    _write_links(args.dataset, args.out, args.format)
    return 0


def _write_links(dataset: Path, out: Path, fmt: str) -> None:
    """Link the events of the tables under `dataset`; write event_links and clusters to `out`."""
    from .dataset import read_tables
    from .link import link_events

    links = link_events(read_tables(dataset))
    links.to_parquet(out) if fmt == "parquet" else links.to_csv(out)
    c = links.clusters
    print(f"{out}: {len(links.event_links)} event(s) -> {len(c)} cluster(s), "
          f"{int((c['n_articles'] > 1).sum())} reported by more than one article")


def _geocode(args: argparse.Namespace) -> int:
    geocoder = _geocoder(args)
    for name in args.names:
        places = geocoder.candidates(name, limit=args.limit)
        if not places:
            print(f"{name}: no candidates")
        for rank, p in enumerate(places, 1):
            print(f"{name}\t{rank}\t{p.name}\t{p.feature}\t{p.country}\t{p.lat:.5f}\t{p.lon:.5f}\t"
                  f"{p.population}\t{p.source}\t{p.key}")
    return 0


def _report(args: argparse.Namespace) -> int:
    from .report import build_report

    path = build_report(args.paths, args.out, geocoder=args.geocoder, encoding=args.encoding,
                        image_format=args.format)
    print(f"report -> {path}")
    if args.format:
        print(f"charts -> {path.with_name(path.stem + '-charts')}")
    return 0


def _geocoder_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--geocoder", choices=("gazetteer", "nominatim"), default="gazetteer",
                   help="gazetteer: offline (default); nominatim: online, cached, 1 request/s, falls back offline")
    p.add_argument("--user-agent", help="who you are, for Nominatim (or set MEA_NOMINATIM_USER_AGENT)")
    p.add_argument("--nominatim-url", help="a Nominatim server other than the public one, e.g. http://host:8080")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="mideast-analysis", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract", help="write the five tables for articles (files, folders, .jsonl corpora)")
    ex.add_argument("paths", nargs="+")
    ex.add_argument("--out", required=True, type=Path)
    ex.add_argument("--format", choices=("csv", "parquet"), default="csv")
    ex.add_argument("--encoding", default="utf-8", help="text encoding of the inputs (default utf-8; no guessing)")
    ex.add_argument("--workers", type=int, help="processes (default: every core); the output is the same")
    ex.add_argument("--batch-size", type=int, default=32, help="articles parsed together (default 32)")
    ex.add_argument("--resume", action="store_true", help="continue a Parquet dataset: skip the articles it holds")
    ex.add_argument("--quiet", action="store_true", help="no progress bar")
    ex.add_argument("--dask", metavar="ADDRESS", help="run on a Dask cluster (tcp://host:8786, or 'local')")
    ex.add_argument("--link", action="store_true", help="then link events across articles (event_links, clusters)")
    _geocoder_options(ex)
    ex.set_defaults(run=_extract)
    li = sub.add_parser("link", help="link the events of extracted tables across articles: event_links, clusters")
    li.add_argument("dataset", type=Path, help="a folder written by extract (a Parquet dataset or CSV files)")
    li.add_argument("--out", required=True, type=Path)
    li.add_argument("--format", choices=("csv", "parquet"), default="csv")
    li.set_defaults(run=_link)
    ge = sub.add_parser("geocode", help="print the ranked gazetteer candidates for place names")
    ge.add_argument("names", nargs="+")
    ge.add_argument("--limit", type=int, default=5)
    _geocoder_options(ge)
    ge.set_defaults(run=_geocode)
    rp = sub.add_parser("report", help="execute the report notebook for articles and write one HTML file")
    rp.add_argument("paths", nargs="+")
    rp.add_argument("--out", required=True, type=Path)
    rp.add_argument("--encoding", default="utf-8")
    rp.add_argument("--format", choices=("png", "svg"), help="also export every chart as an image (vl-convert)")
    rp.add_argument("--geocoder", choices=("gazetteer", "nominatim"), default="gazetteer",
                    help="nominatim reads MEA_NOMINATIM_USER_AGENT for who you are")
    rp.set_defaults(run=_report)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except MideastAnalysisError as exc:
        print(f"mideast-analysis: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

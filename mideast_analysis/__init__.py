"""mideast_analysis: English news about the Middle East -> tidy tables of actors, places and events.

    import mideast_analysis as mea
    frames = mea.analyze("seeds/000_e51165010699703e.txt")
    frames.events
    mea.viz.event_map(frames)
"""
from __future__ import annotations

from importlib import import_module
from typing import Any

from .article import Article, load_article, load_articles
from .contract import check as check_frames
from .contract import violations as contract_violations
from .corpus import Summary, analyze_corpus, extract_corpus
from .dataset import read_dataset
from .errors import (GeocoderError, InputError, MideastAnalysisError, ModelError, OfflineAssetError, ResourceError,
                     SchemaError)
from .frames import ArticleFrames
from .geocoding import Gazetteer
from .link import Links, link_events
from .link_eval import evaluate_links
from .pipeline import analyze, analyze_article
from .schema import LINK_TABLES, TABLES
from .timex import resolve_date
from .version import __version__

# Maps, charts and reports import folium, Altair and jsonschema (seconds): loaded on first use only.
_LAZY = {"viz": ("viz", None), "dask": ("cluster", None), "build_report": ("report", "build_report"),
         "use_report_charts": ("report", "use_report_charts")}

__all__ = ["Article", "ArticleFrames", "Gazetteer", "GeocoderError", "InputError", "MideastAnalysisError",
           "LINK_TABLES", "Links", "ModelError", "OfflineAssetError", "ResourceError", "SchemaError", "Summary",
           "TABLES", "analyze", "analyze_article", "analyze_corpus", "build_report", "check_frames",
           "contract_violations", "dask", "evaluate_links", "extract_corpus", "link_events", "load_article",
           "load_articles", "read_dataset", "resolve_date", "use_report_charts", "viz", "__version__"]


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module, attr = _LAZY[name]
    value = import_module(f".{module}", __name__)
    return value if attr is None else getattr(value, attr)


def __dir__() -> list[str]:
    return sorted(__all__)

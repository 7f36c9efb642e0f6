"""mideast_analysis: English news about the Middle East -> tidy tables of actors, places and events.

    import mideast_analysis as mea
    frames = mea.analyze("seeds/000_e51165010699703e.txt")
    frames.events
"""
from .article import Article, load_article, load_articles
from .corpus import analyze_corpus
from .errors import GeocoderError, InputError, MideastAnalysisError, ModelError, SchemaError
from .frames import ArticleFrames
from .geocoding import Gazetteer
from .pipeline import analyze, analyze_article
from .report import build_report, use_report_charts
from .schema import TABLES
from .timex import resolve_date
from . import viz

__all__ = ["Article", "ArticleFrames", "Gazetteer", "GeocoderError", "InputError", "MideastAnalysisError",
           "ModelError", "SchemaError", "TABLES", "analyze", "analyze_article", "analyze_corpus", "build_report",
           "load_article", "load_articles", "resolve_date", "use_report_charts", "viz"]
__version__ = "0.1.0"

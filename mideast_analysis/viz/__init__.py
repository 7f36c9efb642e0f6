"""Maps (folium.Map) and charts (alt.Chart) built from ArticleFrames; nothing here displays or saves."""
from .charts import events_by_type, timeline
from .maps import event_map

__all__ = ["event_map", "events_by_type", "timeline"]

"""Maps (folium.Map) and charts (Altair) built from ArticleFrames; nothing here displays or saves."""
from .charts import actor_network, events_by_type, mentions_per_actor, small_multiples, timeline
from .maps import event_map

__all__ = ["actor_network", "event_map", "events_by_type", "mentions_per_actor", "small_multiples", "timeline"]

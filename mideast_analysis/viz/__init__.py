"""Maps (folium.Map) and charts (Altair) built from ArticleFrames; nothing here saves. `use_offline()`
makes the charts draw in notebooks with no network (maps always do)."""
from .charts import actor_network, events_by_type, mentions_per_actor, small_multiples, timeline
from .corpus import cluster_map, clusters_over_time, top_actors, top_pairs
from .maps import OfflineMap, event_map
from .notebook import use_offline

__all__ = ["OfflineMap", "actor_network", "cluster_map", "clusters_over_time", "event_map", "events_by_type",
           "mentions_per_actor", "small_multiples", "timeline", "top_actors", "top_pairs", "use_offline"]

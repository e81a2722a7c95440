"""Events (stories) across outlets."""

from toolkit.events.cluster import cluster_events
from toolkit.events.evaluate import purity

__all__ = ["cluster_events", "purity"]

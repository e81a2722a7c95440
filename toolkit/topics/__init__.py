"""Topic models per outlet and over time."""

from toolkit.topics.coherence import coherence
from toolkit.topics.groups import topics_by, topics_over_time
from toolkit.topics.model import METHODS, TopicModel

__all__ = ["METHODS", "TopicModel", "coherence", "topics_by", "topics_over_time"]

"""Topic models per outlet and over time."""

from toolkit.topics.coherence import coherence
from toolkit.topics.groups import topics_by, topics_over_time
from toolkit.topics.model import METHODS, PARTS, TopicModel
from toolkit.topics.parts import TopicWarning
from toolkit.topics.stability import topic_stability

__all__ = [
    "METHODS",
    "PARTS",
    "TopicModel",
    "TopicWarning",
    "coherence",
    "topic_stability",
    "topics_by",
    "topics_over_time",
]

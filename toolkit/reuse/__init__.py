"""Text reuse across outlets: pairs, clusters, and the words changed between versions."""

from toolkit.reuse.align import align, reuse_passages, substitution_matrix, substitutions
from toolkit.reuse.clusters import reuse_clusters
from toolkit.reuse.detect import find_reuse
from toolkit.schema import EDITS, PAIRS

__all__ = [
    "EDITS",
    "PAIRS",
    "align",
    "find_reuse",
    "reuse_clusters",
    "reuse_passages",
    "substitution_matrix",
    "substitutions",
]

"""Text reuse across outlets: pairs, clusters, and the words changed between versions."""

from toolkit.reuse.align import EDITS, align, substitution_matrix, substitutions
from toolkit.reuse.detect import PAIRS, find_reuse, reuse_clusters

__all__ = ["EDITS", "PAIRS", "align", "find_reuse", "reuse_clusters", "substitution_matrix", "substitutions"]

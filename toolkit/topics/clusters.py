"""Clustering for BERTopic without the hdbscan package."""

from __future__ import annotations

import numpy as np
from sklearn.cluster import HDBSCAN


class CentroidHDBSCAN:
    """scikit-learn's HDBSCAN, plus ``predict`` by the nearest cluster centroid.

    BERTopic calls ``predict`` on new documents; scikit-learn's HDBSCAN has
    none, so a new point goes to the cluster whose centroid is nearest.

    Parameters
    ----------
    min_cluster_size : int
        Smallest cluster.
    min_samples : int, optional
        HDBSCAN's density parameter (default: ``min_cluster_size``).

    Examples
    --------
    >>> X = np.array([[0.0, 0.0], [0.0, 0.1], [0.1, 0.0], [5.0, 5.0], [5.0, 5.1], [5.1, 5.0]])
    >>> model = CentroidHDBSCAN(min_cluster_size=2).fit(X)
    >>> model.labels_.tolist(), model.predict(np.array([[4.9, 5.0]])).tolist()
    ([0, 0, 0, 1, 1, 1], [1])
    """

    def __init__(self, *, min_cluster_size: int = 15, min_samples: int | None = None):
        self.min_cluster_size = min_cluster_size
        self.min_samples = min_samples

    def fit(self, points: np.ndarray, y: object = None) -> CentroidHDBSCAN:
        """Cluster the points; ``labels_`` holds -1 for noise."""
        points = np.asarray(points, dtype=np.float64)
        model = HDBSCAN(min_cluster_size=self.min_cluster_size, min_samples=self.min_samples, copy=True)
        self.labels_ = model.fit(points).labels_.astype(np.int64)
        ids = np.asarray(sorted(set(self.labels_.tolist()) - {-1}), dtype=np.int64)
        self.cluster_ids_ = ids
        self.centroids_ = (
            np.stack([points[self.labels_ == c].mean(axis=0) for c in ids.tolist()])
            if ids.size
            else np.zeros((0, points.shape[1]))
        )
        return self

    def predict(self, points: np.ndarray) -> np.ndarray:
        """The nearest cluster for each point (-1 when no cluster was found)."""
        points = np.asarray(points, dtype=np.float64)
        if self.cluster_ids_.size == 0:
            return np.full(len(points), -1, dtype=np.int64)
        distances = ((points[:, None, :] - self.centroids_[None, :, :]) ** 2).sum(axis=2)
        return self.cluster_ids_[np.argmin(distances, axis=1)]

    def get_params(self, deep: bool = True) -> dict[str, object]:
        """Constructor parameters (scikit-learn style)."""
        return {"min_cluster_size": self.min_cluster_size, "min_samples": self.min_samples}

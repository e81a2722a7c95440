"""Adjusting p-values when many comparisons are made at once."""

from __future__ import annotations

import numpy as np
from scipy.stats import false_discovery_control


def benjamini_hochberg(p_values: np.ndarray) -> np.ndarray:
    """Benjamini–Hochberg adjusted p-values (:func:`scipy.stats.false_discovery_control`).

    Parameters
    ----------
    p_values : array-like
        Raw p-values; NaN stays NaN and is not counted.

    Returns
    -------
    numpy.ndarray
        Adjusted p-values, in the input order.

    Examples
    --------
    >>> benjamini_hochberg([0.01, 0.04, 0.03, 0.2]).round(4).tolist()
    [0.04, 0.0533, 0.0533, 0.2]
    """
    p = np.asarray(p_values, dtype=float)
    out = np.full(p.shape, np.nan)
    ok = ~np.isnan(p)
    if ok.any():  # scipy refuses NaN: adjust the others among themselves
        out[ok] = false_discovery_control(p[ok], method="bh")
    return out

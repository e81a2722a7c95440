"""Fightin' words: log-odds z-scores against frequency."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from toolkit.plot._axes import new_axes, require, styled
from toolkit.plot.style import PALETTE
from toolkit.plot.text import arabic_text


@styled
def plot_log_odds(
    table: pd.DataFrame, *, group: object, n_labels: int = 10, ax: Axes | None = None, z_line: float = 1.96
) -> Figure:
    """Weighted log-odds z-scores of one group against word frequency.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`toolkit.log_odds`.
    group : object
        The group shown.
    n_labels : int
        Words labelled at each end (labels are moved apart so they do not
        overlap and joined to their points by a line).
    ax : matplotlib.axes.Axes, optional
        Draw into these axes.
    z_line : float
        Draw lines at ±z_line.

    Returns
    -------
    matplotlib.figure.Figure
    """
    require(table, ["group", "term", "total", "z"], "plot_log_odds")
    rows = table[table["group"] == group]
    if rows.empty:
        raise ValueError(
            f"group {group!r} is not in the table; groups: {sorted(map(str, table['group'].unique()))}"
        )
    fig, ax = new_axes(ax, width="double", aspect=0.45)
    x = np.log10(rows["total"].to_numpy(dtype=float).clip(min=1))
    z = rows["z"].to_numpy(dtype=float)
    ax.scatter(x, z, s=3, color="#999999", linewidths=0)
    # Labels stand in a column beside the axes, evenly spaced (no overlaps),
    # each joined to its point: the most distinctive words at the top, the
    # least at the bottom.
    slots = np.linspace(0.98, 0.02, 2 * n_labels)
    for sign, colour, positions in ((1, PALETTE[0], slots[:n_labels]), (-1, PALETTE[5], slots[n_labels:])):
        picked = rows.assign(_x=x, _z=z).sort_values("z", ascending=sign < 0).head(n_labels)
        picked = picked[np.sign(picked["_z"]) == sign]
        if sign < 0:
            positions = positions[len(positions) - len(picked) :]
        ax.scatter(picked["_x"], picked["_z"], s=6, color=colour)
        for (_, row), y in zip(picked.iterrows(), positions, strict=False):
            ax.annotate(
                arabic_text(row["term"]), (row["_x"], row["_z"]), xytext=(1.03, y),
                textcoords="axes fraction", fontsize=6.5, color=colour, va="center", ha="left",
                arrowprops={"arrowstyle": "-", "color": "#cccccc", "lw": 0.4},
            )  # fmt: skip
    for line in (z_line, -z_line):
        ax.axhline(line, color="#777777", lw=0.6, ls="--")
    ax.set_xlabel("word frequency in the corpus (log10)")
    ax.set_ylabel("weighted log-odds (z)")
    ax.set_title(arabic_text(f"{group} against the other outlets"))
    return fig

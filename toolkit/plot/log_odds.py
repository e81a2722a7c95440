"""Fightin' words: log-odds z-scores against frequency."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from toolkit.plot._axes import new_axes, require, styled
from toolkit.plot.style import PALETTE
from toolkit.plot.text import arabic_text


@styled
def plot_log_odds(
    table: pd.DataFrame,
    *,
    group: object,
    n_labels: int = 10,
    ax: Axes | None = None,
    z_line: float = 1.96,
    forms: Mapping[str, str] | None = None,
    exclude: Iterable[str] = (),
    title: str | None = None,
) -> Figure:
    """Weighted log-odds z-scores of one group against word frequency.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`toolkit.log_odds`.
    group : object
        The group shown.
    n_labels : int
        Words labelled at each end. Labels stand in a column beside the axes,
        in the order of their z-scores; each leader line runs level from its
        point to the axes' edge and then to its label, so no two cross.
    ax : matplotlib.axes.Axes, optional
        Draw into these axes.
    z_line : float
        Draw lines at ±z_line.
    forms : mapping, optional
        Normalized word → written form shown (:func:`toolkit.plot.written_forms`);
        words without one are shown as counted.
    exclude : iterable of str
        Words (normalized or written) that are not labelled: an outlet's own
        name, a promotional trailer. They stay in the scatter.
    title : str, optional
        Default: «<group> against the other outlets».

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
    forms = dict(forms or {})
    skip = set(exclude)
    fig, ax = new_axes(ax, width="double", aspect=0.42)
    x = np.log10(rows["total"].to_numpy(dtype=float).clip(min=1))
    z = rows["z"].to_numpy(dtype=float)
    # Thousands of words: drawn as an image inside the vector file, so the
    # PDF stays small and fast to open.
    ax.scatter(x, z, s=2, color="#aaaaaa", linewidths=0, rasterized=True)
    frame = rows.assign(_x=x, _z=z)
    shown = frame[~frame["term"].isin(skip) & ~frame["term"].map(lambda t: forms.get(t, t)).isin(skip)]
    top = shown[shown["_z"] > 0].nlargest(n_labels, "_z")
    bottom = shown[shown["_z"] < 0].nsmallest(n_labels, "_z").iloc[::-1]
    slots = np.linspace(0.98, 0.02, 2 * n_labels)
    placed = [(top, slots[: len(top)], PALETTE[0]), (bottom, slots[len(slots) - len(bottom) :], PALETTE[5])]
    # Fixed limits, so that a point's height in axes fraction is known and
    # the leader lines can be plain lines (no arrow patches to clip).
    x_min, x_max = (float(frame["_x"].min()), float(frame["_x"].max())) if len(frame) else (0.0, 1.0)
    x_edge = x_max + 0.04 * (x_max - x_min + 1e-9)
    z_abs = max(float(np.abs(frame["_z"]).max()) if len(frame) else 1.0, z_line) * 1.08
    ax.set_xlim(x_min - 0.02 * (x_edge - x_min + 1e-9), x_edge)
    ax.set_ylim(-z_abs, z_abs)
    for picked, positions, colour in placed:
        ax.scatter(picked["_x"], picked["_z"], s=7, color=colour, zorder=3)
        for (_, row), y in zip(picked.iterrows(), positions, strict=True):
            height = (row["_z"] + z_abs) / (2 * z_abs)
            ax.plot([row["_x"], x_edge], [row["_z"], row["_z"]], color="#c8c8c8", lw=0.35, zorder=1)
            ax.plot([1.0, 1.035], [height, y], transform=ax.transAxes, clip_on=False, color="#c8c8c8",
                    lw=0.35)  # fmt: skip
            ax.text(1.04, y, arabic_text(forms.get(row["term"], row["term"])), transform=ax.transAxes,
                    fontsize=6.5, color=colour, va="center", ha="left")  # fmt: skip
    for line in (z_line, -z_line):
        ax.axhline(line, color="#777777", lw=0.6, ls="--")
    ax.set_xlabel("word frequency in the corpus (log10 of count)")
    ax.set_ylabel("weighted log-odds (z)")
    ax.set_title(arabic_text(title or f"{group} against the other outlets"))
    return fig

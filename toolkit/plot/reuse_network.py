"""Republication between outlets as a network."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Circle

from toolkit.plot._axes import new_axes, require, styled
from toolkit.plot.style import PALETTE
from toolkit.plot.text import arabic_text


@styled
def plot_reuse_network(edges: pd.DataFrame, *, ax: Axes | None = None) -> Figure:
    """Outlets on a circle, joined by lines as wide as the pairs they share.

    Parameters
    ----------
    edges : pandas.DataFrame
        From :func:`toolkit.reuse.outlet_edges`: ``outlet_a``, ``outlet_b``,
        ``n_pairs`` (an outlet paired with itself is drawn as a ring).
    ax : matplotlib.axes.Axes, optional
        Draw into these axes.

    Returns
    -------
    matplotlib.figure.Figure
    """
    require(edges, ["outlet_a", "outlet_b", "n_pairs"], "plot_reuse_network")
    fig, ax = new_axes(ax, aspect=1.0)
    outlets = sorted(set(edges["outlet_a"]) | set(edges["outlet_b"]), key=str)
    angle = np.linspace(0, 2 * np.pi, len(outlets), endpoint=False) + np.pi / 2
    position = {o: (np.cos(a), np.sin(a)) for o, a in zip(outlets, angle, strict=True)}
    widest = max(float(edges["n_pairs"].max()), 1.0) if len(edges) else 1.0
    for row in edges.itertuples(index=False):
        (x1, y1), (x2, y2) = position[row.outlet_a], position[row.outlet_b]
        width = 0.5 + 5 * row.n_pairs / widest
        if row.outlet_a == row.outlet_b:
            ax.add_patch(
                Circle((x1 * 1.12, y1 * 1.12), 0.1, fill=False, lw=width, color=PALETTE[4], alpha=0.7)
            )
        else:
            ax.plot([x1, x2], [y1, y2], lw=width, color=PALETTE[0], alpha=0.6, solid_capstyle="round")
            ax.text((x1 + x2) / 2, (y1 + y2) / 2, f"{int(row.n_pairs)}", fontsize=6, ha="center", va="center",
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none"})  # fmt: skip
    for outlet, (x, y) in position.items():
        ax.scatter([x], [y], s=60, color=PALETTE[1], zorder=3)
        ax.text(x * 1.3, y * 1.3, arabic_text(outlet), ha="center", va="center", fontsize=8)
    ax.set_xlim(-1.6, 1.6)
    ax.set_ylim(-1.6, 1.6)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title("republished text between outlets (document pairs)")
    return fig

"""Republication between outlets as a directed network."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch

from toolkit.plot._axes import new_axes, require, styled
from toolkit.plot.style import PALETTE
from toolkit.plot.text import arabic_text


def directed_edges(pairs: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Reuse pairs counted per direction: original's outlet → copy's outlet.

    Parameters
    ----------
    pairs : pandas.DataFrame
        From :func:`toolkit.find_reuse` (``doc_id_a`` is the likely original).
    documents : pandas.DataFrame
        With ``doc_id`` and ``outlet``.

    Returns
    -------
    pandas.DataFrame
        ``outlet_a`` (original), ``outlet_b`` (copy), ``n_pairs``; pairs
        within one outlet are rows with ``outlet_a == outlet_b``.

    Examples
    --------
    >>> docs = pd.DataFrame({"doc_id": list("abc"), "outlet": ["x", "y", "x"]})
    >>> pairs = pd.DataFrame({"doc_id_a": ["a", "b", "a"], "doc_id_b": ["b", "c", "c"]})
    >>> directed_edges(pairs, docs).values.tolist()
    [['x', 'x', 1], ['x', 'y', 1], ['y', 'x', 1]]
    """
    outlet = documents.drop_duplicates("doc_id").set_index("doc_id")["outlet"]
    frame = pd.DataFrame(
        {
            "outlet_a": pairs["doc_id_a"].map(outlet).astype(str),
            "outlet_b": pairs["doc_id_b"].map(outlet).astype(str),
        }
    )
    edges = frame.groupby(["outlet_a", "outlet_b"]).size().rename("n_pairs").reset_index()
    edges.attrs["directed"] = True
    return edges


@styled
def plot_reuse_network(
    edges: pd.DataFrame, *, ax: Axes | None = None, directed: bool | None = None, width: str = "auto"
) -> Figure:
    """Outlets on a circle; an arrow from the original's outlet to the copy's, as wide as its pairs.

    Parameters
    ----------
    edges : pandas.DataFrame
        ``outlet_a``, ``outlet_b``, ``n_pairs``: from :func:`directed_edges`
        (a → b: b republished a's text) or from
        :func:`toolkit.reuse.outlet_edges` with ``directed=False``.
    ax : matplotlib.axes.Axes, optional
        Draw into these axes.
    directed : bool, optional
        Draw arrows (a → b) rather than lines; default: arrows for a table
        from :func:`directed_edges`, lines otherwise (``outlet_edges`` sorts
        each pair's outlets, which says nothing of direction).
    width : {"auto", "single", "double"}
        Figure width (3.5 or 7.2 in); ``"auto"`` takes the double width for
        more than 10 arrows, whose counts would crowd a single column.

    Returns
    -------
    matplotlib.figure.Figure

    Notes
    -----
    Pairs within one outlet are not drawn as loops: their number follows the
    outlet's name («(12 within)»). Each count sits on its arrow a third of the
    way from the original's outlet, so the counts of a → b and b → a lie at
    opposite ends.
    """
    require(edges, ["outlet_a", "outlet_b", "n_pairs"], "plot_reuse_network")
    if directed is None:
        directed = bool(edges.attrs.get("directed", False))
    between = edges[edges["outlet_a"] != edges["outlet_b"]]
    if width == "auto":
        width = "double" if len(between) > 10 else "single"
    fig, ax = new_axes(ax, width=width, aspect=0.66 if width == "single" else 0.55)
    outlets = sorted(set(edges["outlet_a"]) | set(edges["outlet_b"]), key=str)
    angle = np.linspace(0, 2 * np.pi, len(outlets), endpoint=False) + np.pi / 2
    position = {o: np.array([np.cos(a), np.sin(a)]) for o, a in zip(outlets, angle, strict=True)}
    within = edges[edges["outlet_a"] == edges["outlet_b"]].set_index("outlet_a")["n_pairs"]
    widest = max(float(between["n_pairs"].max()), 1.0) if len(between) else 1.0
    bend = 0.22 if directed else 0.0
    for row in between.itertuples(index=False):
        start, end = position[row.outlet_a], position[row.outlet_b]
        width = 0.5 + 3.0 * row.n_pairs / widest
        # Curved to the right of the direction of travel: a → b and b → a
        # are two separate arcs. Heads keep one size whatever the width, so
        # that the heads of a dense graph do not cover each other's nodes.
        arrow = FancyArrowPatch(
            start, end, connectionstyle=f"arc3,rad={bend}",
            arrowstyle="-|>,head_length=0.55,head_width=0.28" if directed else "-",
            mutation_scale=11, lw=width, color=PALETTE[0], alpha=0.6, shrinkA=7, shrinkB=8,
        )  # fmt: skip
        ax.add_patch(arrow)
        # The count sits on its own arc, a third of the way from the original
        # (arc3's control point is middle + bend·(dy, −dx)): the two arcs of a
        # pair get their counts at opposite ends, and no count sits where the
        # diagonals cross in the middle.
        control = (start + end) / 2 + bend * np.array([end[1] - start[1], start[0] - end[0]])
        t = 0.32 if directed else 0.5
        spot = (1 - t) ** 2 * start + 2 * (1 - t) * t * control + t**2 * end
        ax.text(*spot, f"{int(row.n_pairs)}", fontsize=6, ha="center", va="center", zorder=4,
                bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.9})  # fmt: skip
    for outlet, (x, y) in position.items():
        ax.scatter([x], [y], s=40, color=PALETTE[1], zorder=3)
        # Names outside the circle, aligned away from it, so they never sit
        # on a node or an arrow head.
        ha = "left" if x > 0.3 else "right" if x < -0.3 else "center"
        place = (x * 1.12, y * 1.12)
        if outlet not in within.index:
            va = "bottom" if y > 0.3 else "top" if y < -0.3 else "center"
            ax.text(*place, arabic_text(str(outlet)), ha=ha, va=va, fontsize=7.5)
            continue
        # The count of pairs within the outlet goes on a line of its own,
        # away from the node: on one line with an Arabic name, the bidi
        # algorithm would print «(within 2) العربية».
        if y > 0.3:  # above the circle: the count, then the name above it
            name_at, name_va, count_at, count_va = 10, "bottom", 1, "bottom"
        elif y < -0.3:  # below: the name, then the count
            name_at, name_va, count_at, count_va = -1, "top", -12, "top"
        else:  # beside: the name above the middle line, the count below it
            name_at, name_va, count_at, count_va = 1, "bottom", -1, "top"
        ax.annotate(arabic_text(str(outlet)), place, xytext=(0, name_at), textcoords="offset points",
                    ha=ha, va=name_va, fontsize=7.5)  # fmt: skip
        ax.annotate(f"({int(within[outlet])} within)", place, xytext=(0, count_at),
                    textcoords="offset points", ha=ha, va=count_va, fontsize=6.5, color="#444")  # fmt: skip
    # Wide enough for names beside the circle (left and right of it).
    ax.set_xlim(-2.3, 2.3)
    ax.set_ylim(-1.3, 1.3)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(
        "republished text: original's outlet → copy's outlet (document pairs)"
        if directed
        else "republished text between outlets (document pairs)",
        fontsize=8,
        pad=10,
    )
    return fig

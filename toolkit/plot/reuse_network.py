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
    edges: pd.DataFrame, *, ax: Axes | None = None, directed: bool | None = None
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

    Returns
    -------
    matplotlib.figure.Figure

    Notes
    -----
    Pairs within one outlet are not drawn as loops: their number follows the
    outlet's name («(12 within)»).
    """
    require(edges, ["outlet_a", "outlet_b", "n_pairs"], "plot_reuse_network")
    if directed is None:
        directed = bool(edges.attrs.get("directed", False))
    fig, ax = new_axes(ax, aspect=1.0)
    outlets = sorted(set(edges["outlet_a"]) | set(edges["outlet_b"]), key=str)
    angle = np.linspace(0, 2 * np.pi, len(outlets), endpoint=False) + np.pi / 2
    position = {o: np.array([np.cos(a), np.sin(a)]) for o, a in zip(outlets, angle, strict=True)}
    within = edges[edges["outlet_a"] == edges["outlet_b"]].set_index("outlet_a")["n_pairs"]
    between = edges[edges["outlet_a"] != edges["outlet_b"]]
    widest = max(float(between["n_pairs"].max()), 1.0) if len(between) else 1.0
    for row in between.itertuples(index=False):
        start, end = position[row.outlet_a], position[row.outlet_b]
        width = 0.6 + 4.5 * row.n_pairs / widest
        # Curved to the right of the direction of travel: a → b and b → a
        # are two separate arcs.
        arrow = FancyArrowPatch(
            start, end, connectionstyle="arc3,rad=0.18" if directed else "arc3,rad=0",
            arrowstyle="-|>,head_length=0.7,head_width=0.35" if directed else "-",
            mutation_scale=7 + 2 * width,
            lw=width, color=PALETTE[0], alpha=0.65, shrinkA=9, shrinkB=9,
        )  # fmt: skip
        ax.add_patch(arrow)
        middle = (start + end) / 2
        normal = np.array([end[1] - start[1], start[0] - end[0]])
        spot = middle + (0.13 * normal if directed else 0)
        ax.text(*spot, f"{int(row.n_pairs)}", fontsize=6, ha="center", va="center",
                bbox={"boxstyle": "round,pad=0.12", "fc": "white", "ec": "none", "alpha": 0.85})  # fmt: skip
    for outlet, (x, y) in position.items():
        ax.scatter([x], [y], s=55, color=PALETTE[1], zorder=3)
        name = str(outlet) + (f"\n({int(within[outlet])} within)" if outlet in within.index else "")
        ax.text(x * 1.32, y * 1.24, arabic_text(name), ha="center", va="center", fontsize=7.5)
    ax.set_xlim(-1.75, 1.75)
    ax.set_ylim(-1.5, 1.5)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(
        "republished text: original's outlet → copy's outlet (document pairs)"
        if directed
        else "republished text between outlets (document pairs)",
        fontsize=8,
    )
    return fig

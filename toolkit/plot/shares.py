"""Label shares by outlet with intervals: the headline framing figure."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from toolkit.plot._axes import new_axes, require, styled
from toolkit.plot.labels import concept_names, readable, variant_names
from toolkit.plot.style import PALETTE, WIDTHS
from toolkit.plot.text import arabic_text


def share_limits(table: pd.DataFrame, *, pad: float = 0.04) -> tuple[float, float]:
    """An x range that holds every interval, rounded out to tenths, within [0, 1].

    Parameters
    ----------
    table : pandas.DataFrame
        Share table with ``share``, ``ci_low`` and ``ci_high``.
    pad : float
        Room left beside the extreme values before rounding out.

    Returns
    -------
    tuple of float
        ``(low, high)``, at least 0.5 apart.

    Examples
    --------
    >>> share_limits(pd.DataFrame({"share": [0.3], "ci_low": [0.22], "ci_high": [0.41]}))
    (0.2, 0.7)
    >>> share_limits(pd.DataFrame({"share": [1.0], "ci_low": [1.0], "ci_high": [1.0]}))
    (0.5, 1.0)
    """
    low = pd.concat([table["ci_low"], table["share"]]).min()
    high = pd.concat([table["ci_high"], table["share"]]).max()
    if pd.isna(low) or pd.isna(high):
        return 0.0, 1.0
    lo = max(0.0, math.floor((float(low) - pad / 2) * 10) / 10)
    hi = min(1.0, math.ceil((float(high) + pad / 2) * 10) / 10)
    if hi - lo < 0.5:
        # A near-empty range (one label used throughout) would magnify nothing.
        lo, hi = (max(0.0, hi - 0.5), hi) if hi > 0.5 else (lo, min(1.0, lo + 0.5))
    return (lo, hi) if hi > lo else (0.0, 1.0)


def _row_inches(n_variants: int) -> float:
    """Height of one group's row: its dots, one per label, must not touch (3 pt dots, 4 pt apart)."""
    return max(0.2, 0.06 * n_variants)


def panel_inches(n_groups: int, n_variants: int) -> float:
    """Height of one panel of :func:`plot_label_shares` in a multi-panel figure: legend, rows, axis.

    Parameters
    ----------
    n_groups : int
        Groups (outlets) in the panel, one row each.
    n_variants : int
        Competing labels: each row gives every label room, and the legend
        grows with them.

    Returns
    -------
    float
        Inches, rounded to 0.01.

    Examples
    --------
    >>> panel_inches(5, 3), panel_inches(5, 7)
    (2.19, 3.81)
    """
    return round(0.8 + _row_inches(n_variants) * n_groups + 0.13 * n_variants, 2)


def _panel(ax: Axes, table: pd.DataFrame, by: str, title: str, names: dict, concept: object) -> None:
    groups = sorted(table[by].dropna().unique(), key=str)
    variants = list(dict.fromkeys(table["variant"]))
    step = 0.8 / max(len(variants), 1)
    for k, variant in enumerate(variants):
        rows = table[table["variant"] == variant].set_index(by).reindex(groups)
        y = np.arange(len(groups)) - 0.4 + step * (k + 0.5)
        share = rows["share"].to_numpy(dtype=float)
        low = np.nan_to_num(share - rows["ci_low"].to_numpy(dtype=float))
        high = np.nan_to_num(rows["ci_high"].to_numpy(dtype=float) - share)
        colour = PALETTE[k % len(PALETTE)]
        label = arabic_text(names.get((str(concept), str(variant)), readable(variant)))
        ax.errorbar(share, y, xerr=[low, high], fmt="none", lw=0.9, capsize=1.2, color=colour)
        shaky = rows["unreliable"].fillna(False).to_numpy(dtype=bool) if "unreliable" in rows else None
        solid = ~shaky if shaky is not None else np.ones(len(groups), dtype=bool)
        ax.plot(share[solid], y[solid], "o", ms=3, color=colour, label=label)
        if shaky is not None and shaky.any():
            ax.plot(share[shaky], y[shaky], "o", ms=3, mfc="white", mec=colour, mew=0.8)
    totals = table.groupby(by)["n_mentions"].sum() if "n_mentions" in table else None
    ticks = [arabic_text(f"{g} ({int(totals.get(g, 0))})" if totals is not None else str(g)) for g in groups]
    ax.set_yticks(np.arange(len(groups)), ticks)
    ax.set_ylim(len(groups) - 0.5, -0.5)
    lo, hi = share_limits(table)
    ax.set_xlim(lo - 0.03 * (hi - lo), hi + 0.03 * (hi - lo))
    ax.grid(axis="y", visible=False)
    ax.legend(
        title=arabic_text(title), loc="lower left", bbox_to_anchor=(-0.02, 1.0), ncols=1,
        frameon=False, alignment="left", handletextpad=0.2, columnspacing=0.8, borderaxespad=0.1,
        title_fontproperties={"weight": "bold", "size": 8},
    )  # fmt: skip


@styled
def plot_label_shares(
    table: pd.DataFrame,
    *,
    by: str = "outlet",
    ax: Axes | None = None,
    title: str | None = None,
    lexicon: object | None = None,
    labels: str = "ar",
    concepts: list[str] | None = None,
    ncols: int | None = None,
    width: str | float | None = None,
) -> Figure:
    """Dot-and-whisker plot of each group's label shares; several concepts as small multiples.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`toolkit.label_shares`; several concepts may be stacked
        with a ``concept`` column (one panel each).
    by : str
        The group column.
    ax : matplotlib.axes.Axes, optional
        Draw into these axes (one concept only).
    title : str, optional
        Panel title (default: the concept's display label).
    lexicon : Lexicon, optional
        Gives the display labels of concepts and variants.
    labels : {"ar", "en", "both"}
        Arabic labels, English glosses, or both.
    concepts : list of str, optional
        Concepts drawn, in this order (default: all in the table).
    ncols : int, optional
        Panels per row (default: 1 at single width, 2 at double).
    width : {"single", "double"} or float, optional
        Figure width (default: single for one concept, double for more).

    Returns
    -------
    matplotlib.figure.Figure

    Notes
    -----
    Each panel's x axis is fitted to its intervals (rounded to tenths), so
    panels are not on one scale: read the tick labels. A hollow dot marks an
    interval flagged unreliable (fewer than 2 documents mention the concept);
    the number after each outlet is its mentions of the concept.
    """
    require(table, [by, "variant", "share", "ci_low", "ci_high"], "plot_label_shares")
    variant_text = variant_names(lexicon, labels=labels)
    concept_text = concept_names(lexicon, labels=labels)
    if "concept" not in table.columns:
        table = table.assign(concept="")
    chosen = concepts or list(dict.fromkeys(table["concept"]))

    def heading(concept: object) -> str:
        return title or concept_text.get(str(concept), readable(concept))

    if ax is not None or len(chosen) == 1:
        rows = table[table["concept"] == chosen[0]]
        n_groups = rows[by].nunique()
        n_variants = rows["variant"].nunique()
        fig, ax = new_axes(
            ax,
            width=width or "single",
            aspect=(0.9 + _row_inches(n_variants) * n_groups + 0.13 * n_variants) / 3.5,
        )
        _panel(ax, rows, by, heading(chosen[0]), variant_text, chosen[0])
        ax.set_xlabel("share of mentions (95% interval)")
        return fig
    inches = WIDTHS[width or "double"] if isinstance(width, str) or width is None else float(width)
    ncols = ncols or (1 if float(inches) <= WIDTHS["single"] else 2)
    nrows = math.ceil(len(chosen) / ncols)
    n_groups = max(table[table["concept"] == c][by].nunique() for c in chosen)
    n_variants = max(table[table["concept"] == c]["variant"].nunique() for c in chosen)
    panel_height = panel_inches(n_groups, n_variants)
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(float(inches), panel_height * nrows), layout="constrained", squeeze=False
    )
    for k, panel in enumerate(axes.flat):
        if k >= len(chosen):
            panel.set_visible(False)
            continue
        concept = chosen[k]
        _panel(panel, table[table["concept"] == concept], by, heading(concept), variant_text, concept)
        if k >= len(chosen) - ncols:
            panel.set_xlabel("share of mentions (95% interval)")
    return fig

"""Label shares by outlet with intervals: the headline framing figure."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from toolkit.plot._axes import new_axes, require, styled
from toolkit.plot.style import PALETTE, figure_size, house_style
from toolkit.plot.text import arabic_text


def _panel(ax: Axes, table: pd.DataFrame, by: str, title: str | None) -> None:
    groups = sorted(table[by].dropna().unique(), key=str)
    variants = list(dict.fromkeys(table["variant"]))
    step = 0.8 / max(len(variants), 1)
    for k, variant in enumerate(variants):
        rows = table[table["variant"] == variant].set_index(by).reindex(groups)
        y = np.arange(len(groups)) - 0.4 + step * (k + 0.5)
        share = rows["share"].to_numpy(dtype=float)
        low = share - rows["ci_low"].to_numpy(dtype=float)
        high = rows["ci_high"].to_numpy(dtype=float) - share
        ax.errorbar(share, y, xerr=[np.nan_to_num(low), np.nan_to_num(high)], fmt="o", ms=3.5, lw=1,
                    capsize=1.5, color=PALETTE[k % len(PALETTE)], label=arabic_text(variant))  # fmt: skip
    ax.set_yticks(np.arange(len(groups)), [arabic_text(g) for g in groups])
    ax.set_xlim(-0.02, 1.02)
    ax.set_xlabel("share of mentions (95% interval, documents resampled)")
    ax.invert_yaxis()
    ax.grid(axis="y", visible=False)
    if title:
        ax.set_title(arabic_text(title))


@styled
def plot_label_shares(
    table: pd.DataFrame, *, by: str = "outlet", ax: Axes | None = None, title: str | None = None
) -> Figure:
    """Dot-and-whisker plot of each group's label shares, one panel per concept.

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
        Panel title (default: the concept).

    Returns
    -------
    matplotlib.figure.Figure
    """
    require(table, [by, "variant", "share", "ci_low", "ci_high"], "plot_label_shares")
    concepts = list(dict.fromkeys(table["concept"])) if "concept" in table.columns else [None]
    if ax is not None or len(concepts) == 1:
        fig, ax = new_axes(ax)
        _panel(ax, table, by, title or concepts[0])
        ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False)
        return fig
    with house_style():
        width, height = figure_size("double", aspect=0.3 * len(concepts))
        fig, axes = plt.subplots(
            len(concepts), 1, figsize=(width, height), layout="constrained", squeeze=False
        )
    for panel, concept in zip(axes[:, 0], concepts, strict=True):
        _panel(panel, table[table["concept"] == concept], by, concept)
        panel.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False)
    return fig

"""Label use over time per outlet."""

from __future__ import annotations

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from toolkit.plot._axes import new_axes, require, styled
from toolkit.plot.style import PALETTE
from toolkit.plot.text import arabic_text


@styled
def plot_label_timeline(
    table: pd.DataFrame, *, variant: str, by: str = "outlet", ax: Axes | None = None
) -> Figure:
    """One line per outlet: the share of one variant among the concept's mentions.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`toolkit.compare.label_use_over_time`.
    variant : str
        The variant followed.
    by : str
        Group column.
    ax : matplotlib.axes.Axes, optional
        Draw into these axes.

    Returns
    -------
    matplotlib.figure.Figure
    """
    require(table, ["period", by, "variant", "share", "n_mentions"], "plot_label_timeline")
    fig, ax = new_axes(ax, width="double", aspect=0.4)
    wide = table.pivot_table(index=["period", by], columns="variant", values="share", fill_value=0)
    if variant not in wide.columns:
        raise ValueError(f"variant {variant!r} is not in the table; variants: {list(wide.columns)}")
    share = wide[variant].rename("share").reset_index()
    for k, (group, rows) in enumerate(sorted(share.groupby(by), key=lambda g: str(g[0]))):
        rows = rows.sort_values("period")
        ax.plot(rows["period"], rows["share"], marker="o", ms=2, lw=1, color=PALETTE[k % len(PALETTE)],
                label=arabic_text(group))  # fmt: skip
    ax.set_ylim(-0.02, 1.02)
    ax.set_ylabel(arabic_text(f"share of {variant}"))
    ax.legend(frameon=False, fontsize=6)
    ax.set_title(arabic_text(f"use of {variant} over time"))
    fig.autofmt_xdate()
    return fig

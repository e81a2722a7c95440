"""Label use over time per outlet, clipped to the bulk of the data."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from toolkit.plot._axes import require, styled
from toolkit.plot.labels import concept_names, readable, variant_names
from toolkit.plot.style import PALETTE, WIDTHS
from toolkit.plot.text import arabic_text


def bulk_range(periods: pd.Series, weights: pd.Series, *, coverage: float = 0.98) -> tuple:
    """The first and last period of the central ``coverage`` of the weight.

    Parameters
    ----------
    periods : pandas.Series
        Period start times.
    weights : pandas.Series
        Weight of each period (mentions).
    coverage : float
        Share of the weight the range must hold; the rest is split evenly
        between the two tails.

    Returns
    -------
    tuple of pandas.Timestamp
        First and last period of the range.

    Examples
    --------
    >>> p = pd.Series(pd.to_datetime(["2013-01-01", "2018-01-01", "2018-02-01", "2018-03-01"]))
    >>> bulk_range(p, pd.Series([1, 50, 50, 50]))
    (Timestamp('2018-01-01 00:00:00'), Timestamp('2018-03-01 00:00:00'))
    """
    order = np.argsort(periods.to_numpy(), kind="stable")
    p = periods.to_numpy()[order]
    w = np.cumsum(weights.to_numpy(dtype=float)[order])
    if not len(w) or w[-1] <= 0:
        return (periods.min(), periods.max())
    tail = (1 - coverage) / 2 * w[-1]
    first = p[np.searchsorted(w, tail, side="right")]
    last = p[min(np.searchsorted(w, w[-1] - tail, side="left"), len(p) - 1)]
    return pd.Timestamp(first), pd.Timestamp(last)


@styled
def plot_label_timeline(
    table: pd.DataFrame,
    *,
    variant: str | None = None,
    by: str = "outlet",
    ax: Axes | None = None,
    lexicon: object | None = None,
    labels: str = "ar",
    concept: str | None = None,
    coverage: float = 0.98,
) -> Figure:
    """Each outlet's use of a concept's labels over time, one small panel per outlet.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`toolkit.compare.label_use_over_time` (any concept, any
        frequency).
    variant : str, optional
        Follow the share of this one variant (a line); default: the shares
        of every variant, stacked.
    by : str
        Group column.
    ax : matplotlib.axes.Axes, optional
        Draw into these axes (all groups pooled; only with ``variant``).
    lexicon : Lexicon, optional
        Display labels.
    labels : {"ar", "en", "both"}
        Which display labels.
    concept : str, optional
        The concept (for the title and the labels).
    coverage : float
        The time axis covers the central ``coverage`` of the mentions; the
        periods left out are counted in a note under the panels (a few old
        articles must not squeeze the rest into a corner).

    Returns
    -------
    matplotlib.figure.Figure
    """
    require(table, ["period", by, "variant", "share", "n_mentions"], "plot_label_timeline")
    if variant is not None and variant not in set(table["variant"]):
        raise ValueError(
            f"variant {variant!r} is not in the table; variants: {sorted(set(table['variant']))}"
        )
    names = variant_names(lexicon, labels=labels)
    per_period = table.groupby("period")["n_mentions"].sum().reset_index()
    first, last = bulk_range(per_period["period"], per_period["n_mentions"], coverage=coverage)
    inside = table["period"].between(first, last)
    outside = table.loc[~inside, "n_mentions"].sum()
    rows = table[inside]
    groups = sorted(rows[by].dropna().unique(), key=str)
    variants = list(dict.fromkeys(rows.sort_values("n_mentions", ascending=False)["variant"]))
    periods = pd.Index(sorted(rows["period"].unique()))
    if ax is not None:
        fig = ax.figure
        axes = [ax]
        groups = [None]
    else:
        fig, grid = plt.subplots(
            len(groups), 1, sharex=True, sharey=True, squeeze=False, layout="constrained",
            figsize=(WIDTHS["double"], 0.45 + 0.62 * max(len(groups), 1)),
        )  # fmt: skip
        axes = list(grid[:, 0])
    for panel, group in zip(axes, groups, strict=True):
        part = rows if group is None else rows[rows[by] == group]
        wide = (
            part.pivot_table(index="period", columns="variant", values="n_mentions", aggfunc="sum")
            .reindex(index=periods, columns=variants)
            .fillna(0)
        )
        total = wide.sum(axis=1)
        share = wide.div(total.where(total > 0), axis=0)
        if variant is None:
            panel.stackplot(periods, *(share[v].fillna(0).to_numpy() for v in variants),
                            colors=[PALETTE[k % len(PALETTE)] for k in range(len(variants))],
                            labels=[arabic_text(names.get((str(concept), str(v)), readable(v)))
                                    for v in variants],
                            step="mid", alpha=0.9)  # fmt: skip
        else:
            panel.plot(periods, share[variant], marker="o", ms=1.8, lw=0.9, color=PALETTE[0])
        panel.set_ylim(0, 1)
        panel.set_yticks([0, 0.5, 1], ["0", ".5", "1"])
        panel.grid(axis="x", visible=False)
        if group is not None:
            panel.text(1.005, 0.5, arabic_text(f"{group}\n({int(total.sum())})"), transform=panel.transAxes,
                       va="center", ha="left", fontsize=7)  # fmt: skip
    heading = concept_names(lexicon, labels=labels).get(str(concept), readable(concept or ""))
    what = (
        f"share of «{names.get((str(concept), str(variant)), readable(variant))}»"
        if variant else "shares of the labels"
    )  # fmt: skip
    title = arabic_text(f"{heading}: {what} per period")
    if ax is not None:
        axes[0].set_title(title, loc="left", fontsize=8)
        if variant is None:
            axes[0].legend(loc="lower left", bbox_to_anchor=(0, 1.12), ncols=min(len(variants), 4),
                           frameon=False, fontsize=6.5)  # fmt: skip
    else:
        # The title heads the legend, one block in the figure's top margin:
        # a legend on the first panel sat under the title once it took two rows.
        if variant is None:
            handles, texts = axes[0].get_legend_handles_labels()
            fig.legend(handles, texts, loc="outside upper left", ncols=min(len(variants), 4), frameon=False,
                       fontsize=6.5, title=title, title_fontsize=8, alignment="left")  # fmt: skip
        else:
            axes[0].set_title(title, loc="left", fontsize=8)
    if outside:
        axes[-1].set_xlabel(
            f"{int(outside)} mentions outside {first:%Y-%m-%d} – {last:%Y-%m-%d} are not shown", fontsize=6.5
        )
    fig.autofmt_xdate() if ax is not None else None
    return fig

"""Topic prevalence by outlet, and topics over time."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from toolkit.plot._axes import new_axes, require, styled
from toolkit.plot.style import PALETTE
from toolkit.plot.text import arabic_text


@styled
def plot_topic_prevalence(
    table: pd.DataFrame, *, by: str = "outlet", labels: pd.Series | None = None, top: int = 12,
    intervals: bool = True, ax: Axes | None = None,
) -> Figure:  # fmt: skip
    """Heat map of topic prevalence (share of each group's documents).

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`toolkit.topics_by`.
    by : str
        The group column.
    labels : pandas.Series, optional
        Topic id → label (default: the most frequent ``label`` in the table).
    top : int
        Topics shown (the most prevalent overall).
    intervals : bool
        Print the interval under each cell's value.
    ax : matplotlib.axes.Axes, optional
        Draw into these axes.

    Returns
    -------
    matplotlib.figure.Figure
    """
    require(table, [by, "topic", "prevalence", "ci_low", "ci_high"], "plot_topic_prevalence")
    rows = table[table["topic"] != -1]
    order = rows.groupby("topic")["prevalence"].mean().sort_values(ascending=False).head(top).index
    grid = rows.pivot_table(index="topic", columns=by, values="prevalence").reindex(order)
    low = rows.pivot_table(index="topic", columns=by, values="ci_low").reindex(order)
    high = rows.pivot_table(index="topic", columns=by, values="ci_high").reindex(order)
    if labels is None and "label" in rows.columns:
        labels = rows[rows["label"] != ""].groupby("topic")["label"].agg(lambda s: s.value_counts().index[0])
    fig, ax = new_axes(ax, width="double", aspect=0.12 * max(len(order), 3))
    values = grid.to_numpy(dtype=float)
    ax.imshow(values, cmap="Blues", aspect="auto", vmin=0)
    for (i, j), value in np.ndenumerate(values):
        text = f"{100 * value:.0f}%"
        if intervals:
            text += f"\n[{100 * low.iat[i, j]:.0f}–{100 * high.iat[i, j]:.0f}]"
        ax.text(j, i, text, ha="center", va="center", fontsize=5.5,
                color="white" if value > np.nanmax(values) / 2 else "black")  # fmt: skip
    names = [arabic_text(f"{t}: {labels.get(t, '')}" if labels is not None else t) for t in grid.index]
    ax.set_yticks(range(len(grid.index)), names)
    ax.set_xticks(range(len(grid.columns)), [arabic_text(c) for c in grid.columns])
    ax.grid(False)
    ax.set_title("topic prevalence: share of each outlet's documents (95% interval)")
    return fig


@styled
def plot_topics_over_time(
    table: pd.DataFrame, *, topics: list[int] | None = None, labels: pd.Series | None = None,
    ax: Axes | None = None,
) -> Figure:  # fmt: skip
    """Share of documents per topic and period.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`toolkit.topics_over_time` (without ``by``).
    topics : list of int, optional
        Topics drawn (default: the five largest).
    labels : pandas.Series, optional
        Topic id → label for the legend (default: the table's ``label``
        column, when it has one). The legend says how many of the topics
        are drawn when not all are.
    ax : matplotlib.axes.Axes, optional
        Draw into these axes.

    Returns
    -------
    matplotlib.figure.Figure
    """
    require(table, ["period", "topic", "share"], "plot_topics_over_time")
    rows = table[table["topic"] != -1]
    size = rows.groupby("topic")["n_docs"].sum() if "n_docs" in rows else rows.groupby("topic")["share"].sum()
    chosen = topics or size.sort_values(ascending=False).head(5).index.tolist()
    if labels is None and "label" in rows.columns:
        labels = (
            rows[rows["label"].astype(str) != ""]
            .groupby("topic")["label"]
            .agg(lambda s: s.value_counts().index[0])
        )
    fig, ax = new_axes(ax, width="double", aspect=0.4)
    for k, topic in enumerate(chosen):
        series = rows[rows["topic"] == topic].sort_values("period")
        label = labels.get(topic, "") if labels is not None else ""
        name = f"{topic}: {label}" if label else f"topic {topic}"
        ax.plot(series["period"], series["share"], marker="o", ms=2, lw=1, color=PALETTE[k % len(PALETTE)],
                label=arabic_text(name))  # fmt: skip
    ax.set_ylabel("share of the period's documents")
    n_topics = rows["topic"].nunique()
    ax.legend(frameon=False, fontsize=6, loc="upper left", bbox_to_anchor=(1.0, 1.0),
              title=f"{len(chosen)} of {n_topics} topics" if len(chosen) < n_topics else None,
              title_fontsize=6.5)  # fmt: skip
    ax.set_title("topics over time")
    fig.autofmt_xdate()
    return fig

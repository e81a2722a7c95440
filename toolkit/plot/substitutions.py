"""Which label each copy put in place of which: per concept, between outlets, with direction."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from toolkit.plot._axes import new_axes, require, styled
from toolkit.plot.labels import concept_names, readable, variant_names
from toolkit.plot.style import PALETTE, WIDTHS
from toolkit.plot.text import arabic_text

#: Colour of label changes and of rewordings that keep the label.
CHANGE, SAME = PALETTE[5], PALETTE[7]


@styled
def plot_substitution_matrix(
    matrix: pd.DataFrame,
    *,
    concept: str | None = None,
    ax: Axes | None = None,
    lexicon: object | None = None,
    labels: str = "ar",
) -> Figure:
    """Heat map of one concept's label substitutions (original's variant → copy's variant).

    Rows and columns are the same variants (every variant of the concept seen
    on either side), so the diagonal is true: a copy that kept the label but
    changed its wording (an insertion such as «جيش الاحتلال» →
    «جيش الاحتلال الإسرائيلي»). The diagonal is drawn in grey, apart from
    the label changes.

    Parameters
    ----------
    matrix : pandas.DataFrame
        From :func:`toolkit.substitution_matrix`.
    concept : str, optional
        The concept shown; when the table holds several and none is named,
        :func:`plot_substitutions` draws them (one panel each).
    ax : matplotlib.axes.Axes, optional
        Draw into these axes.
    lexicon : Lexicon, optional
        Display labels.
    labels : {"ar", "en", "both"}
        Which display labels.

    Returns
    -------
    matplotlib.figure.Figure
    """
    require(matrix, ["concept", "a_variant", "b_variant", "n"], "plot_substitution_matrix")
    concepts = sorted(map(str, matrix["concept"].dropna().unique()))
    if concept is None:
        if len(concepts) > 1:
            # One matrix cannot hold several concepts honestly (their labels
            # never replace each other): one panel per concept instead.
            return plot_substitutions(matrix, lexicon=lexicon, labels=labels)
        concept = concepts[0] if concepts else ""
    rows = matrix[matrix["concept"] == concept]
    names = variant_names(lexicon, labels=labels)
    variants = sorted(set(rows["a_variant"]) | set(rows["b_variant"]), key=str)
    table = rows.pivot_table(
        index="a_variant", columns="b_variant", values="n", aggfunc="sum", fill_value=0
    ).reindex(index=variants, columns=variants, fill_value=0)
    fig, ax = new_axes(ax, aspect=0.85)
    values = table.to_numpy(dtype=float)
    changes = values.copy()
    np.fill_diagonal(changes, np.nan)
    top = np.nanmax(changes) if np.isfinite(changes).any() and np.nanmax(changes) > 0 else 1.0
    ax.imshow(np.ma.masked_invalid(changes) if values.size else np.zeros((1, 1)), cmap="Oranges",
              vmin=0, vmax=top, aspect="auto")  # fmt: skip
    for (i, j), value in np.ndenumerate(values):
        if i == j:
            ax.add_patch(plt.Rectangle((j - 0.5, i - 0.5), 1, 1, color="#e6e6e6", lw=0))
        if value:
            dark = i != j and value > top / 2
            ax.text(j, i, f"{int(value)}", ha="center", va="center", fontsize=7,
                    color="white" if dark else "black")  # fmt: skip
    shown = [arabic_text(names.get((str(concept), str(v)), readable(v))) for v in variants]
    ax.set_xticks(range(len(variants)), shown, rotation=35, ha="right", rotation_mode="anchor")
    ax.set_yticks(range(len(variants)), shown)
    ax.set_xlabel("label in the copy")
    ax.set_ylabel("label in the original")
    ax.grid(False)
    ax.set_title(arabic_text(concept_names(lexicon, labels=labels).get(concept, readable(concept))))
    return fig


def _rows(matrix: pd.DataFrame, concept: str, top: int) -> tuple[pd.DataFrame, int]:
    rows = matrix[matrix["concept"] == concept]
    grouped = (
        rows.groupby(["outlet_a", "outlet_b", "a_variant", "b_variant"], dropna=False)["n"]
        .sum()
        .reset_index()
    )
    grouped["change"] = grouped["a_variant"] != grouped["b_variant"]
    grouped = grouped.sort_values(
        ["change", "n", "outlet_a", "outlet_b"], ascending=[False, False, True, True]
    )
    kept = pd.concat(
        [grouped[grouped["change"]].head(top), grouped[~grouped["change"]].head(max(top // 2, 1))]
    )
    return kept, len(grouped) - len(kept)


@styled
def plot_substitutions(
    matrix: pd.DataFrame,
    *,
    lexicon: object | None = None,
    labels: str = "ar",
    concepts: list[str] | None = None,
    top: int = 6,
    width: str | float = "double",
    max_panels: int | None = 5,
) -> Figure:
    """Label changes between outlets, one panel per concept, with direction.

    Each bar is one (original outlet → copying outlet, original label → copy's
    label) combination; its length is the number of edits. Changes of label
    (orange) come first; below them, in grey and apart, edits that kept the
    label and changed its wording (insertions such as «جيش الاحتلال» →
    «جيش الاحتلال الإسرائيلي»).

    Parameters
    ----------
    matrix : pandas.DataFrame
        From :func:`toolkit.substitution_matrix` (``outlet_a`` is the
        original's outlet).
    lexicon : Lexicon, optional
        Display labels.
    labels : {"ar", "en", "both"}
        Which display labels.
    concepts : list of str, optional
        Panels, in this order (default: concepts with a label change first,
        then the others, each by number of edits).
    top : int
        Label-change rows per panel (and half as many same-label rows); the
        rest are counted in the panel's note.
    width : {"single", "double"} or float
        Figure width.
    max_panels : int or None
        Most panels drawn (the first concepts in the order above), so that
        the figure fits a page; the x-axis label counts the concepts left
        out. None draws them all.

    Returns
    -------
    matplotlib.figure.Figure
    """
    require(matrix, ["outlet_a", "outlet_b", "concept", "a_variant", "b_variant", "n"], "plot_substitutions")
    names = variant_names(lexicon, labels=labels)
    titles = concept_names(lexicon, labels=labels)
    if concepts is None:
        change = matrix["a_variant"] != matrix["b_variant"]
        order = (
            matrix.assign(_change=change.astype(int) * matrix["n"])
            .groupby("concept")[["_change", "n"]].sum()
            .sort_values(["_change", "n"], ascending=False)
        )  # fmt: skip
        concepts = [str(c) for c in order.index]
    left_out = len(concepts) - max_panels if max_panels is not None and len(concepts) > max_panels else 0
    if left_out:
        concepts = concepts[:max_panels]
    panels = [(c, *_rows(matrix, c, top)) for c in concepts]
    inches = WIDTHS[width] if isinstance(width, str) else float(width)
    # One column: the row labels are long (two labels and two outlets).
    ncols = 1
    nrows = max(math.ceil(len(panels) / ncols), 1)
    heights = [0.6 + 0.18 * max(len(rows), 1) for _, rows, _ in panels] or [1.0]
    fig, axes = plt.subplots(
        nrows,
        ncols,
        height_ratios=heights,
        figsize=(inches, max(sum(heights), 1.0)),
        layout="constrained",
        squeeze=False,
    )
    for k, ax in enumerate(axes.flat):
        if k >= len(panels):
            ax.set_visible(False)
            continue
        concept, rows, rest = panels[k]
        _bars(ax, rows, concept, names)
        heading = titles.get(concept, readable(concept))
        ax.set_title(arabic_text(heading + (f"  (+{rest} more)" if rest else "")), loc="left", fontsize=8)
        if k == len(panels) - 1:
            more = (
                f"\n{left_out} more concept{'s' * (left_out > 1)} with fewer edits not shown"
                if left_out
                else ""
            )
            ax.set_xlabel("edits (original's outlet → copy's outlet)" + more)
    return fig


def _bars(ax: Axes, rows: pd.DataFrame, concept: str, names: dict) -> None:
    def name(v: object) -> str:
        return names.get((concept, str(v)), readable(v))

    text = [
        arabic_text(
            f"{name(r.a_variant)} → {name(r.b_variant)}" if r.change else f"{name(r.a_variant)}: reworded",
            ltr=True,
        )
        for r in rows.itertuples(index=False)
    ]
    y = np.arange(len(rows))
    colours = [CHANGE if c else SAME for c in rows["change"]]
    ax.barh(y, rows["n"].to_numpy(dtype=float), color=colours, height=0.7)
    for yy, r in zip(y, rows.itertuples(index=False), strict=True):
        ax.text(r.n, yy, arabic_text(f" {int(r.n)}   {r.outlet_a} → {r.outlet_b}", ltr=True), va="center",
                ha="left", fontsize=6, color="#444444")  # fmt: skip
    ax.set_yticks(y, text, fontsize=6.5)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_xlim(0, max(float(rows["n"].max()) * 2.2, 1) if len(rows) else 1)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    first_same = int((~rows["change"]).to_numpy().argmax()) if (~rows["change"]).any() else None
    if first_same and first_same > 0:
        ax.axhline(first_same - 0.5, color="#999999", lw=0.5, ls=":")
    ax.grid(axis="y", visible=False)

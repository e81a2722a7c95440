"""Which label each copy put in place of which."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from toolkit.plot._axes import new_axes, require, styled
from toolkit.plot.text import arabic_text


@styled
def plot_substitution_matrix(
    matrix: pd.DataFrame, *, concept: str | None = None, ax: Axes | None = None
) -> Figure:
    """Heat map of label substitutions (original's variant → copy's variant).

    Parameters
    ----------
    matrix : pandas.DataFrame
        From :func:`toolkit.substitution_matrix`.
    concept : str, optional
        Show one concept (default: all, variants prefixed by their concept).
    ax : matplotlib.axes.Axes, optional
        Draw into these axes.

    Returns
    -------
    matplotlib.figure.Figure
    """
    require(matrix, ["concept", "a_variant", "b_variant", "n"], "plot_substitution_matrix")
    rows = matrix if concept is None else matrix[matrix["concept"] == concept]
    if concept is None:
        rows = rows.assign(
            a_variant=rows["concept"] + ": " + rows["a_variant"],
            b_variant=rows["concept"] + ": " + rows["b_variant"],
        )
    table = rows.pivot_table(index="a_variant", columns="b_variant", values="n", aggfunc="sum", fill_value=0)
    fig, ax = new_axes(ax, aspect=0.8)
    values = table.to_numpy(dtype=float)
    ax.imshow(values if values.size else np.zeros((1, 1)), cmap="Blues", aspect="auto")
    for (i, j), value in np.ndenumerate(values):
        ax.text(j, i, f"{int(value)}", ha="center", va="center", fontsize=7,
                color="white" if value > values.max() / 2 else "black")  # fmt: skip
    ax.set_xticks(range(len(table.columns)), [arabic_text(c) for c in table.columns], rotation=30, ha="right")
    ax.set_yticks(range(len(table.index)), [arabic_text(i) for i in table.index])
    ax.set_xlabel("label in the copy")
    ax.set_ylabel("label in the original")
    ax.grid(False)
    ax.set_title(arabic_text(concept or "label substitutions between versions"))
    return fig

"""Shared helpers of the figure functions."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from toolkit.plot.style import figure_size, house_style


def new_axes(ax: Axes | None, *, width: str = "single", aspect: float = 0.62) -> tuple[Figure, Axes]:
    """The given axes and their figure, or a new figure in the house style."""
    if ax is not None:
        return ax.figure, ax
    with house_style():
        fig, ax = plt.subplots(figsize=figure_size(width, aspect=aspect), layout="constrained")
    return fig, ax


def require(table, columns: list[str], what: str) -> None:
    """A clear error when a figure gets the wrong table."""
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(f"{what} needs column(s) {missing}; got {list(table.columns)}")


F = TypeVar("F", bound=Callable)


def styled(function: F) -> F:
    """Run a figure function inside the house style.

    Text is given its font when it is created, so the whole function, not
    only the figure's creation, must run in the style.
    """

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with house_style():
            return function(*args, **kwargs)

    return wrapper  # type: ignore[return-value]

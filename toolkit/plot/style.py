"""The house style: fonts, sizes for journals, a colour-blind-safe palette."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from importlib import resources
from pathlib import Path

import matplotlib
from matplotlib import font_manager

#: Okabe and Ito's colour-blind-safe palette, without its yellow (#F0E442 is
#: too faint on white for lines and small markers) and with a mid grey last.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#8C8C8C")
#: Figure widths in inches: one and two journal columns.
WIDTHS = {"single": 3.5, "double": 7.2}
ARABIC_FONT = "Amiri"
LATIN_FONT = "DejaVu Sans"

STYLE: dict[str, object] = {
    "font.family": [ARABIC_FONT, LATIN_FONT],
    "font.size": 8,
    "axes.titlesize": 9,
    "axes.labelsize": 8,
    "xtick.labelsize": 7,
    "ytick.labelsize": 7,
    "legend.fontsize": 7,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
    "axes.grid": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.5,
    "figure.dpi": 100,
    "savefig.dpi": 300,
    "savefig.bbox": "tight",
    "pdf.fonttype": 42,
    "ps.fonttype": 42,
    "svg.fonttype": "path",
    "svg.hashsalt": "arabic-framing-toolkit",
}
# matplotlib 3.11 shapes text with a language; older versions lack the setting.
if "text.language" in matplotlib.rcParams:
    STYLE["text.language"] = "ar"


class MissingFontError(RuntimeError):
    """The Arabic font is not available to matplotlib."""


@lru_cache(maxsize=1)
def register_fonts() -> list[Path]:
    """Make the bundled Amiri font known to matplotlib.

    Returns
    -------
    list of pathlib.Path
        The font files registered.

    Raises
    ------
    MissingFontError
        Naming the missing font, rather than drawing empty boxes later.
    """
    folder = resources.files("toolkit") / "data" / "fonts"
    paths = [Path(str(folder / name)) for name in ("Amiri-Regular.ttf", "Amiri-Bold.ttf")]
    missing = [p for p in paths if not p.is_file()]
    if missing:
        raise MissingFontError(
            f"the Arabic font {ARABIC_FONT!r} is missing ({', '.join(map(str, missing))}); "
            "reinstall the package (bash setup.sh) so that toolkit/data/fonts is present"
        )
    for path in paths:
        font_manager.fontManager.addfont(str(path))
    return paths


def check_font(family: str = ARABIC_FONT) -> str:
    """Return the file matplotlib will use for ``family``, or raise.

    Examples
    --------
    >>> check_font().endswith("Amiri-Regular.ttf")
    True
    """
    register_fonts()
    try:
        return font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
    except ValueError as err:
        raise MissingFontError(f"matplotlib cannot find the font {family!r}: {err}") from None


@contextmanager
def house_style() -> Iterator[None]:
    """Use the house style inside a ``with`` block.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> with house_style():
    ...     plt.rcParams["pdf.fonttype"]
    42
    """
    check_font()
    with matplotlib.rc_context(STYLE):
        yield


def figure_size(width: str | float = "single", *, aspect: float = 0.62) -> tuple[float, float]:
    """Figure size in inches for a journal column width.

    Parameters
    ----------
    width : {"single", "double"} or float
        A journal column width, or inches.
    aspect : float
        Height over width.

    Returns
    -------
    tuple of float
        ``(width, height)`` in inches.

    Examples
    --------
    >>> figure_size("double", aspect=0.5)
    (7.2, 3.6)
    """
    inches = WIDTHS[width] if isinstance(width, str) else float(width)
    return inches, round(inches * aspect, 3)

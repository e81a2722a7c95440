"""Keyword-in-context tables for papers (LaTeX) and the web (HTML), right-to-left."""

from __future__ import annotations

import html

import pandas as pd

from toolkit.annotation.kwic import KwicTable

_LATEX_ESCAPES = (
    ("\\", r"\textbackslash{}"), ("&", r"\&"), ("%", r"\%"), ("$", r"\$"), ("#", r"\#"), ("_", r"\_"),
    ("{", r"\{"), ("}", r"\}"), ("~", r"\textasciitilde{}"), ("^", r"\^{}"),
)  # fmt: skip


def kwic_to_html(table: pd.DataFrame, *, title: str = "Keyword in context") -> str:
    """A complete HTML page of a KWIC table (``dir="rtl"`` contexts, matches marked).

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`toolkit.kwic`.
    title : str
        Page title.

    Returns
    -------
    str
        The page.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"doc_id": ["a"], "outlet": ["x"], "variant": ["v"], "left": ["غارات "],
    ...                   "match": ["شهداء"], "right": [" وجرحى"]})
    >>> "<mark><b>شهداء</b></mark>" in kwic_to_html(t)
    True
    """
    body = KwicTable(table).to_rtl_html(max_rows=len(table) or 1)
    return (
        '<!doctype html>\n<html lang="ar"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title>"
        "<style>body{font-family:'Amiri','Noto Naskh Arabic',serif} td{padding:2px 8px} "
        "mark{background:#ffe08a}</style></head>\n"
        f"<body><h1>{html.escape(title)}</h1>\n{body}\n</body></html>\n"
    )


def kwic_to_latex(
    table: pd.DataFrame, *, caption: str = "Keyword in context", label: str = "tab:kwic"
) -> str:
    r"""A LaTeX table of KWIC lines, each Arabic context in ``\RL{}`` with the match in bold.

    Typeset with XeLaTeX or LuaLaTeX and the ``bidi`` package (or polyglossia
    with an Arabic font), which provides ``\RL``.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`toolkit.kwic`.
    caption, label : str
        LaTeX caption and label.

    Returns
    -------
    str
        A ``table`` environment (pandas Styler).

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"doc_id": ["a"], "outlet": ["x"], "variant": ["v"], "left": ["غارات "],
    ...                   "match": ["شهداء"], "right": [" وجرحى"]})
    >>> r"\RL{غارات \textbf{شهداء} وجرحى}" in kwic_to_latex(t)
    True
    """

    def escape(text: str) -> str:
        for a, b in _LATEX_ESCAPES:
            text = text.replace(a, b)
        return text

    frame = pd.DataFrame(
        {
            "doc_id": table["doc_id"].map(lambda v: escape(str(v))),
            "outlet": table["outlet"].map(lambda v: r"\RL{" + escape(str(v)) + "}"),
            "variant": table["variant"].map(lambda v: escape(str(v))),
            "context": [
                r"\RL{"
                + escape(str(left))
                + r"\textbf{"
                + escape(str(match))
                + "}"
                + escape(str(right))
                + "}"
                for left, match, right in zip(table["left"], table["match"], table["right"], strict=True)
            ],
        }
    )
    return frame.style.hide(axis="index").to_latex(
        caption=caption, label=label, column_format="lllp{0.55\\textwidth}", hrules=True
    )

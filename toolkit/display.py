"""Jupyter displays: tables whose Arabic cells read right-to-left, legible figures.

Browsers lay out a table cell left-to-right unless told otherwise, so a cell
that starts with an Arabic word, or mixes Arabic with Latin names and digits
(«BBC: شهداء 3»), comes out with its words in the wrong order. Every cell
written here carries ``dir="auto"``: the browser takes its direction from its
first strong character, so Arabic cells run right-to-left and Latin ones
left-to-right. :func:`use_notebook_display` makes this the display of every
DataFrame in a notebook and sizes inline figures for a screen.

Examples
--------
>>> import pandas as pd
>>> html = html_table(pd.DataFrame({"outlet": ["BBC"], "label": ["شهداء"]}))
>>> html.count('dir="auto"')  # the header row, the index and every cell
6
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from toolkit.lexicon.model import Lexicon
    from toolkit.load.corpus import Corpus

#: Resolution of inline figures in notebooks. The house style draws figures
#: at journal sizes (3.5 or 7.2 inches wide, 7–9 pt text); at 100 dpi that is
#: 350 pixels with 10-pixel text. At 150 dpi, 7 pt text is 15 pixels high.
NOTEBOOK_DPI = 150

_CELL = re.compile(r"<(td|th)(?=[\s>])")


def _with_dir(markup: str) -> str:
    # pandas escapes cell content (``escape=True``), so every ``<td`` or
    # ``<th`` left in the markup is a tag, never text from a cell.
    return _CELL.sub(r'<\1 dir="auto"', markup)


def html_table(frame: pd.DataFrame, *, max_rows: int | None = None, index: bool = True) -> str:
    """A DataFrame as an HTML table whose cells each take their own direction.

    Parameters
    ----------
    frame : pandas.DataFrame
        Any table (matches, shares, KWIC lines, validation results).
    max_rows : int, optional
        Rows shown at most (pandas' ``display.max_rows`` when not given).
    index : bool
        Show the index.

    Returns
    -------
    str
        An HTML ``<table>`` with ``dir="auto"`` on every cell.

    Examples
    --------
    >>> import pandas as pd
    >>> 'dir="auto">حماس</td>' in html_table(pd.DataFrame({"v": ["حماس"]}), index=False)
    True
    """
    rows = pd.get_option("display.max_rows") if max_rows is None else max_rows
    markup = frame.to_html(
        max_rows=rows,
        max_cols=pd.get_option("display.max_columns"),
        show_dimensions=len(frame) > (rows or len(frame)),
        index=index,
        escape=True,
        notebook=True,
    )
    return _with_dir(markup)


class RtlTable:
    """Wrap a DataFrame so that Jupyter shows it with :func:`html_table`.

    Examples
    --------
    >>> import pandas as pd
    >>> RtlTable(pd.DataFrame({"a": ["قتلى"]}))._repr_html_().count('dir="auto"')
    4
    """

    def __init__(self, frame: pd.DataFrame, *, max_rows: int | None = None) -> None:
        self.frame = frame
        self.max_rows = max_rows

    def _repr_html_(self) -> str:
        return html_table(self.frame, max_rows=self.max_rows)

    def __repr__(self) -> str:
        return repr(self.frame)


def _frame_html(obj: pd.DataFrame) -> str | None:
    # A subclass with its own display (KwicTable) keeps it.
    if type(obj)._repr_html_ is not pd.DataFrame._repr_html_:
        return obj._repr_html_()
    markup = obj._repr_html_()
    return None if markup is None else _with_dir(markup)


def corpus_html(corpus: Corpus, *, max_rows: int = 10) -> str:
    """The HTML display of a :class:`~toolkit.load.Corpus`.

    Its one-line summary, the inputs by status, and the first documents.

    Parameters
    ----------
    corpus : Corpus
        A loaded corpus.
    max_rows : int
        Documents shown at most.

    Returns
    -------
    str
        HTML, every table cell with ``dir="auto"``.

    Examples
    --------
    >>> import toolkit
    >>> markup = corpus_html(toolkit.load_corpus(toolkit.paths.SEEDS))
    >>> "8 documents" in markup and 'dir="auto">الجزيرة</td>' in markup
    True
    """
    status = corpus.report["status"].value_counts().rename_axis("status").reset_index(name="inputs")
    columns = [c for c in ("doc_id", "role", "outlet", "title", "published") if c in corpus.documents]
    head = corpus.documents[columns].head(max_rows)
    more = len(corpus.documents) - len(head)
    tail = f"<p>… {more} more documents in <code>.documents</code></p>" if more > 0 else ""
    return (
        f'<div class="toolkit-corpus"><p><b>{html.escape(repr(corpus))}</b></p>'
        f"{html_table(status, index=False)}{html_table(head, index=False)}{tail}</div>"
    )


def lexicon_html(lexicon: Lexicon) -> str:
    """The HTML display of a :class:`~toolkit.lexicon.Lexicon`: one row per variant, with its terms.

    Examples
    --------
    >>> import toolkit
    >>> markup = lexicon_html(toolkit.load_lexicon())
    >>> '<td dir="rtl">حماس' in markup
    True
    """
    terms = lexicon.to_frame().groupby(["concept", "variant"], sort=False)["term"].agg(list)
    rows = []
    for v in lexicon.variants.itertuples(index=False):
        listed = terms.get((v.concept, v.variant), [])
        cells = [
            f'<td dir="auto">{html.escape(str(v.concept))}</td>',
            f'<td dir="auto">{html.escape(str(v.variant))}</td>',
            f'<td dir="auto">{html.escape(str(v.frame))}</td>',
            f'<td dir="rtl">{html.escape(str(getattr(v, "label", "")))}</td>',
            f'<td dir="rtl">{html.escape("، ".join(listed))}</td>',
        ]
        rows.append(f"<tr>{''.join(cells)}</tr>")
    head = "".join(f"<th>{h}</th>" for h in ("concept", "variant", "frame", "label", "terms"))
    return (
        f'<div class="toolkit-lexicon"><p><b>{html.escape(repr(lexicon))}</b></p>'
        f'<table class="dataframe"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
    )


def use_notebook_display(*, dpi: int = NOTEBOOK_DPI, shell: Any = None) -> bool:
    """Show DataFrames with ``dir="auto"`` cells and inline figures at ``dpi``.

    Call it once at the top of a notebook (the project's notebooks do).
    Outside IPython it does nothing.

    Parameters
    ----------
    dpi : int
        Resolution of inline figures (see :data:`NOTEBOOK_DPI`).
    shell : IPython shell, optional
        The running one by default.

    Returns
    -------
    bool
        Whether a running IPython was configured.

    Examples
    --------
    >>> use_notebook_display()  # in a script: nothing to configure
    False
    """
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:
            return False
        shell = get_ipython()
    if shell is None:
        return False
    shell.display_formatter.formatters["text/html"].for_type(pd.DataFrame, _frame_html)
    try:
        from matplotlib_inline.config import InlineBackend
    except ImportError:  # pragma: no cover - ipykernel brings matplotlib-inline
        return True
    # Changing the trait re-registers the PNG formatter (matplotlib-inline
    # observes it), so figures shown from now on use this resolution.
    config = InlineBackend.instance(parent=shell)
    config.print_figure_kwargs = {**config.print_figure_kwargs, "dpi": dpi, "bbox_inches": "tight"}
    shell.run_line_magic("matplotlib", "inline")
    return True

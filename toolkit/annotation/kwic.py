"""Keyword in context: the evidence a reader checks, right-to-left."""

from __future__ import annotations

import html

import pandas as pd

from toolkit import schema
from toolkit.schema import KWIC_COLUMNS


class KwicTable(pd.DataFrame):
    """A keyword-in-context DataFrame that renders right-to-left in Jupyter.

    It is an ordinary DataFrame (filter, sort and save it as usual); only its
    HTML display differs: ``dir="rtl"`` and the match highlighted.
    """

    @property
    def _constructor(self) -> type[KwicTable]:
        return KwicTable

    def _repr_html_(self) -> str:
        return self.to_rtl_html()

    def to_rtl_html(self, *, max_rows: int = 200) -> str:
        """HTML of the table: right-to-left, the match in ``<mark>``.

        A table cut to some of its columns still displays: the context cell
        needs ``left``, ``match`` and ``right``; without them the table is
        shown as an ordinary one, every cell with ``dir="auto"``.

        Parameters
        ----------
        max_rows : int
            Rows shown at most.

        Returns
        -------
        str
            An HTML ``<table>``.

        Examples
        --------
        >>> import pandas as pd
        >>> from toolkit import annotate
        >>> docs = pd.DataFrame({"doc_id": ["a"], "outlet": ["x"], "text": ["سقط شهداء."]})
        >>> table = kwic(docs, annotate(docs), width=5)
        >>> "<mark><b>شهداء</b></mark>" in table[["outlet", "left", "match", "right"]].to_rtl_html()
        True
        >>> 'dir="auto">شهداء</td>' in table[["doc_id", "match"]].to_rtl_html()
        True
        """
        from toolkit.display import html_table

        if not {"left", "match", "right"} <= set(self.columns):
            return html_table(pd.DataFrame(self), max_rows=max_rows, index=False)
        # Every other column is shown as it is, before the context.
        meta_columns = [c for c in self.columns if c not in ("left", "match", "right", "start", "end")]
        rows = []
        for row in self.head(max_rows).itertuples(index=False):
            values = dict(zip(self.columns, row, strict=True))
            # Read right to left: preceding text, the match, following text.
            # On screen, left to right, that is: following | match | preceding,
            # each context hugging the match, so that matches line up.
            context = (
                f'<td dir="rtl" style="text-align:right;white-space:nowrap">{_cell(values["right"])}</td>'
                f'<td dir="rtl" style="text-align:center;white-space:nowrap">'
                f"<mark><b>{_cell(values['match'])}</b></mark></td>"
                f'<td dir="rtl" style="text-align:left;white-space:nowrap">{_cell(values["left"])}</td>'
            )
            meta = "".join(f'<td dir="auto">{_cell(values[c])}</td>' for c in meta_columns)
            # Hits that failed their context stay visible, marked, so that a
            # reader can check what the counts left out.
            if values.get("in_scope", True) is False:
                meta = meta[: -len("</td>")] + " <i>(out of scope: not counted)</i></td>"
                rows.append(f'<tr class="out-of-scope" style="color:#777">{meta}{context}</tr>')
                continue
            rows.append(f"<tr>{meta}{context}</tr>")
        more = f"<p>{len(self) - max_rows} more rows</p>" if len(self) > max_rows else ""
        head = "".join(f"<th>{html.escape(str(c))}</th>" for c in meta_columns)
        head += '<th colspan="3">context (right to left: before, match, after)</th>'
        return f'<table class="kwic" dir="ltr"><tr>{head}</tr>{"".join(rows)}</table>{more}'


def _cell(value: object) -> str:
    """Escaped text of a cell; a missing value shows as an empty cell, not «nan»."""
    try:
        missing = bool(pd.isna(value))
    except (TypeError, ValueError):
        missing = False
    return "" if missing else html.escape(str(value))


def kwic(documents: pd.DataFrame, matches: pd.DataFrame, *, width: int = 60) -> KwicTable:
    """Keyword-in-context lines for matches.

    Parameters
    ----------
    documents : pandas.DataFrame
        With ``doc_id``, ``text`` and (optionally) ``outlet``.
    matches : pandas.DataFrame
        From :func:`toolkit.annotate`.
    width : int
        Characters of context on each side (line breaks shown as spaces).

    Returns
    -------
    KwicTable
        Columns ``doc_id``, ``outlet``, ``concept``, ``variant``, ``left``,
        ``match``, ``right``, ``start``, ``end``, then ``field`` (the
        documents column the offsets refer to) and ``in_scope`` (false for a
        hit that failed its context and is not counted; shown greyed and
        marked in the HTML display).

    Examples
    --------
    >>> import pandas as pd
    >>> from toolkit import annotate
    >>> docs = pd.DataFrame({"doc_id": ["a"], "outlet": ["x"], "text": ["غارات أسفرت عن شهداء وجرحى."]})
    >>> kwic(docs, annotate(docs), width=10)[["left", "match", "right"]].values.tolist()
    [['', 'غارات', ' أسفرت عن '], [' أسفرت عن ', 'شهداء', ' وجرحى.']]
    """
    schema.check_columns(documents, ["doc_id", "text"], table="documents")
    schema.check_columns(matches, ["doc_id", "start", "end", "concept", "variant"], table="matches")
    if documents["doc_id"].duplicated().any():
        repeated = documents.loc[documents["doc_id"].duplicated(), "doc_id"].unique()[:3].tolist()
        raise ValueError(f"documents repeat doc_id(s) {repeated}: a match could not name its text")
    missing = pd.Index(matches["doc_id"].unique()).difference(pd.Index(documents["doc_id"]))
    if len(missing):
        raise ValueError(
            f"{len(missing)} document(s) of the matches are not in documents (e.g. {missing[:3].tolist()}): "
            "pass the documents the matches were made from, or keep the matches of these documents "
            "with matches[matches['doc_id'].isin(documents['doc_id'])]"
        )
    docs = documents.set_index("doc_id")
    outlets = docs["outlet"] if "outlet" in docs.columns else pd.Series(pd.NA, index=docs.index)
    fields = matches["field"] if "field" in matches.columns else pd.Series("text", index=matches.index)
    in_scope = matches["in_scope"] if "in_scope" in matches.columns else pd.Series(True, index=matches.index)
    rows = []
    for m, field, counted in zip(
        matches.itertuples(index=False), fields.astype(str), in_scope.astype(bool), strict=True
    ):
        text = docs.at[m.doc_id, field]
        text = text if isinstance(text, str) else ""
        left = text[max(0, m.start - width) : m.start].replace("\n", " ")
        right = text[m.end : m.end + width].replace("\n", " ")
        rows.append(
            (
                m.doc_id,
                outlets.loc[m.doc_id],
                m.concept,
                m.variant,
                left,
                text[m.start : m.end],
                right,
                m.start,
                m.end,
                field,
                counted,
            )
        )
    return KwicTable(pd.DataFrame(rows, columns=[*KWIC_COLUMNS, "field", "in_scope"]))

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

        Parameters
        ----------
        max_rows : int
            Rows shown at most.

        Returns
        -------
        str
            An HTML ``<table>``.
        """
        rows = []
        for row in self.head(max_rows).itertuples(index=False):
            context = (
                f'<td dir="rtl" style="text-align:right">{html.escape(row.left)}'
                f"<mark><b>{html.escape(row.match)}</b></mark>{html.escape(row.right)}</td>"
            )
            meta = "".join(
                f"<td>{html.escape(str(getattr(row, c)))}</td>" for c in ("doc_id", "outlet", "variant")
            )
            # Hits that failed their context stay visible, marked, so that a
            # reader can check what the counts left out.
            if getattr(row, "in_scope", True) is False:
                meta = meta[: -len("</td>")] + " <i>(out of scope: not counted)</i></td>"
                rows.append(f'<tr class="out-of-scope" style="color:#777">{meta}{context}</tr>')
                continue
            rows.append(f"<tr>{meta}{context}</tr>")
        more = f"<p>{len(self) - max_rows} more rows</p>" if len(self) > max_rows else ""
        head = "<tr><th>doc_id</th><th>outlet</th><th>variant</th><th>context</th></tr>"
        return f'<table class="kwic" dir="ltr">{head}{"".join(rows)}</table>{more}'


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
    [[' أسفرت عن ', 'شهداء', ' وجرحى.']]
    """
    schema.check_columns(documents, ["doc_id", "text"], table="documents")
    schema.check_columns(matches, ["doc_id", "start", "end", "concept", "variant"], table="matches")
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

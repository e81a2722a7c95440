"""Keyword-in-context tables for papers (LaTeX) and the web (HTML), right-to-left."""

from __future__ import annotations

import html

import pandas as pd

_LATEX_ESCAPES = (
    ("\\", r"\textbackslash{}"), ("&", r"\&"), ("%", r"\%"), ("$", r"\$"), ("#", r"\#"), ("_", r"\_"),
    ("{", r"\{"), ("}", r"\}"), ("~", r"\textasciitilde{}"), ("^", r"\^{}"),
)  # fmt: skip


def sample_matches(
    matches: pd.DataFrame, outlets: pd.Series, *, per_cell: int = 3, seed: int = 0
) -> pd.DataFrame:
    """A stratified sample of matches: up to ``per_cell`` per outlet × variant.

    Parameters
    ----------
    matches : pandas.DataFrame
        From :func:`toolkit.annotate`.
    outlets : pandas.Series
        doc_id → outlet.
    per_cell : int
        Matches kept per outlet and variant.
    seed : int
        The sample is a seeded hash of (doc_id, start): the same whatever the
        row order.

    Returns
    -------
    pandas.DataFrame
        The chosen matches with an ``outlet`` column, sorted by concept,
        variant and outlet.
    """
    if matches.empty:
        return matches.assign(outlet=pd.Series(dtype=object))
    keyed = matches.assign(outlet=matches["doc_id"].map(outlets).fillna("(unknown outlet)"))
    key = keyed["doc_id"].astype(str) + ":" + keyed["start"].astype(str) + f":{seed}"
    keyed = keyed.assign(_rank=pd.util.hash_pandas_object(key, index=False).to_numpy())
    chosen = (
        keyed.sort_values(["_rank", "doc_id", "start"])
        .groupby(["concept", "variant", "outlet"], observed=True, sort=False)
        .head(per_cell)
    )
    return chosen.drop(columns="_rank").sort_values(["concept", "variant", "outlet", "doc_id", "start"])


def _cut_left(text: str) -> str:
    # Drop the first (probably cut) word unless the context starts at the text's start.
    text = " ".join(text.split())
    _head, space, rest = text.partition(" ")
    return rest if space else text


def _cut_right(text: str) -> str:
    text = " ".join(text.split())
    rest, space, _tail = text.rpartition(" ")
    return rest if space else text


def kwic_sample(
    documents: pd.DataFrame, matches: pd.DataFrame, *, per_cell: int = 3, width: int = 70, seed: int = 0
) -> pd.DataFrame:
    """Keyword in context for a stratified sample, contexts cut at word boundaries.

    Parameters
    ----------
    documents : pandas.DataFrame
        ``doc_id``, ``outlet``, ``text``; matches of other documents are
        left out.
    matches : pandas.DataFrame
        From :func:`toolkit.annotate`; ``in_scope``, when present, is kept.
    per_cell : int
        Matches per outlet × variant (:func:`sample_matches`).
    width : int
        Characters of context read on each side before cutting at a word
        boundary.
    seed : int
        Seed of the sample.

    Returns
    -------
    pandas.DataFrame
        KWIC columns (``doc_id``, ``outlet``, ``concept``, ``variant``,
        ``left``, ``match``, ``right``, ``start``, ``end``) and ``in_scope``.

    Examples
    --------
    >>> docs = pd.DataFrame({"doc_id": ["a"], "outlet": ["x"],
    ...                      "text": ["قال المتحدث إن الغارات أسفرت عن شهداء وجرحى في المدينة"]})
    >>> m = pd.DataFrame({"doc_id": ["a"], "concept": ["the_dead"], "variant": ["martyrs"],
    ...                   "start": [32], "end": [37]})
    >>> kwic_sample(docs, m, width=14)[["left", "match", "right"]].values.tolist()
    [['أسفرت عن', 'شهداء', 'وجرحى في']]
    """
    from toolkit.annotation.kwic import kwic

    outlets = documents.drop_duplicates("doc_id").set_index("doc_id")["outlet"]
    # Documents may be only those of a sample drawn before (texts fetched
    # from a cluster): the top-ranked matches of each cell lie among them.
    matches = matches[matches["doc_id"].isin(outlets.index)]
    chosen = sample_matches(matches, outlets, per_cell=per_cell, seed=seed)
    texts = documents[documents["doc_id"].isin(set(chosen["doc_id"]))]
    lines = pd.DataFrame(kwic(texts, chosen, width=width))
    starts = chosen["start"].to_numpy()
    lines["left"] = [
        " ".join(left.split()) if start <= width else _cut_left(left)
        for left, start in zip(lines["left"], starts, strict=True)
    ]
    lines["right"] = [_cut_right(r) if len(r) >= width else " ".join(r.split()) for r in lines["right"]]
    in_scope = chosen["in_scope"].to_numpy() if "in_scope" in chosen.columns else True
    return lines.assign(in_scope=in_scope).reset_index(drop=True)


def kwic_to_html(
    table: pd.DataFrame,
    *,
    title: str = "Keyword in context",
    names: dict | None = None,
    fragment: bool = False,
) -> str:
    """An HTML page (or table) of KWIC lines with the keyword aligned in one column.

    Right to left: the words before the keyword stand right of it, the words
    after it to its left, each aligned against the keyword (the table's
    columns run outlet, label, after, keyword, before, document), so that the
    keywords form one column. Matches outside their scope (``in_scope``
    false) are marked as such.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`kwic_sample` or :func:`toolkit.kwic`.
    title : str
        Page title.
    names : dict, optional
        ``(concept, variant)`` → display label (:func:`toolkit.plot.variant_names`).
    fragment : bool
        Return the ``<table>`` only, to put into another page.

    Returns
    -------
    str

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"doc_id": ["a"], "outlet": ["x"], "variant": ["v"], "left": ["غارات "],
    ...                   "match": ["شهداء"], "right": [" وجرحى"]})
    >>> "<mark><b>شهداء</b></mark>" in kwic_to_html(t)
    True
    """
    names = names or {}
    rows = []
    for row in table.itertuples(index=False):
        concept = str(getattr(row, "concept", ""))
        label = names.get((concept, str(row.variant)), str(row.variant))
        scope = getattr(row, "in_scope", True)
        out = scope is False or (not pd.isna(scope) and not bool(scope))
        rows.append(
            f"<tr{' class=out' if out else ''}><td class=meta>{html.escape(str(row.outlet))}</td>"
            f"<td class=meta>{html.escape(label)}{OUT_OF_SCOPE if out else ''}</td>"
            f'<td class=post dir="rtl">{html.escape(str(row.right).strip())}</td>'
            f'<td class=kw dir="rtl"><mark><b>{html.escape(str(row.match))}</b></mark></td>'
            # ltr on purpose: an overlong context is then cut at its far end
            # (the start of the sentence), never next to the keyword.
            f'<td class=pre dir="ltr">{html.escape(str(row.left).strip())}</td>'
            f"<td class=doc>{html.escape(str(row.doc_id))}</td></tr>"
        )
    body = (
        '<table class="kwic"><thead><tr><th>outlet</th><th>label</th>'
        '<th colspan="3">context (read right to left)</th><th>document</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
    if fragment:
        return body
    return (
        '<!doctype html>\n<html lang="ar"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{KWIC_CSS}</style></head>\n"
        f'<body><h1 dir="auto">{html.escape(title)}</h1>\n{body}\n</body></html>\n'
    )


OUT_OF_SCOPE = " <small>(out of scope: not counted)</small>"
#: Styles of the KWIC table: in the rtl cells the words before the keyword
#: (the right-hand cell) align left against it, those after align right.
KWIC_CSS = (
    "body{font-family:'Amiri','Noto Naskh Arabic',serif} .kwic{border-collapse:collapse;width:100%}"
    " .kwic td{padding:2px 6px;border-bottom:1px solid #eee;white-space:nowrap}"
    " .kwic td.pre{text-align:left;width:40%;overflow:hidden;max-width:0}"
    " .kwic td.post{text-align:right;width:40%;overflow:hidden;max-width:0}"
    " .kwic td.kw{text-align:center}"
    " .kwic td.meta,.kwic td.doc{font-family:sans-serif;font-size:80%;color:#555}"
    " .kwic tr.out{color:#999} mark{background:#ffe08a}"
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

"""BASELINE FOR BENCHMARKS ONLY: ``substitutions`` as it was before issue 17.

This is a verbatim copy (docstrings trimmed) of ``toolkit/reuse/align.py`` at
commit ba63850, the parent of 9034e95 ("Substitutions: compiled word
alignment ..."), kept so that ``benchmarks/bench_reuse.py`` can time the old
and the current implementation on the same pairs in one run. It imports
today's normalizer, tokenizer and matcher (the parts the two versions share).
Nothing in ``toolkit`` imports it; do not use it for analysis.
"""

from __future__ import annotations

import itertools
from difflib import SequenceMatcher

import numpy as np
import pandas as pd

from toolkit import schema
from toolkit.annotation.match import Matcher
from toolkit.arabic.normalize import normalize
from toolkit.arabic.tokenize import token_spans
from toolkit.schema import EDITS, SUBSTITUTION_COLUMNS

_OPS = {"replace": "substitute", "insert": "insert", "delete": "delete"}


def _words(text: str) -> tuple[list[str], np.ndarray]:
    spans = token_spans(text)
    keys = [normalize(text[s:e], level="search") for s, e in spans.tolist()]
    return keys, spans


def _as_text(value: str | pd.Series) -> str:
    if isinstance(value, pd.Series):
        value = value["text"]
    return value if isinstance(value, str) else ""


def _paragraphs(text: str, spans: np.ndarray) -> list[tuple[int, int]]:
    """Word index ranges of the text's paragraphs (split at line breaks)."""
    if spans.size == 0:
        return []
    breaks = np.asarray([i for i, ch in enumerate(text) if ch == "\n"], dtype=np.int64)
    paragraph = np.searchsorted(breaks, spans[:, 0])
    cuts = np.flatnonzero(np.diff(paragraph)) + 1
    bounds = [0, *cuts.tolist(), len(spans)]
    return list(itertools.pairwise(bounds))


def _trigrams(words: list[str], lo: int, hi: int) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + 3]) for i in range(lo, max(hi - 2, lo))}


def _pair_paragraphs(
    words_a: list[str], paras_a: list[tuple[int, int]], words_b: list[str], paras_b: list[tuple[int, int]]
) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Match paragraphs one to one, most shared word trigrams first.

    Versions of a story often reorder paragraphs; aligning paragraph with
    paragraph finds the edits inside each one wherever it moved.
    """
    grams_b = [_trigrams(words_b, lo, hi) for lo, hi in paras_b]
    scored = []
    for i, (lo, hi) in enumerate(paras_a):
        grams = _trigrams(words_a, lo, hi)
        for j, other in enumerate(grams_b):
            shared = len(grams & other)
            if shared:
                scored.append((-shared, i, j))
    scored.sort()
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs = []
    for _, i, j in scored:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((paras_a[i], paras_b[j]))
    return sorted(pairs)


def align(
    doc_a: str | pd.Series,
    doc_b: str | pd.Series,
    *,
    max_edit: int = 6,
    min_anchor: int = 3,
    context: int = 4,
) -> pd.DataFrame:
    """Word-level edits between two versions of a text.

    Paragraphs are first paired (most shared word trigrams first, so moved
    paragraphs are found), then each pair is aligned word by word.

    Parameters
    ----------
    doc_a, doc_b : str or pandas.Series
        Two texts, or two rows of ``documents`` (their ``text`` is used).
    max_edit : int
        Longest edit reported, in words on each side.
    min_anchor : int
        Shared words needed on one side of an edit (at least one on the other).
    context : int
        Shared words shown before and after.

    Returns
    -------
    pandas.DataFrame
        One row per edit, columns :data:`EDITS`, in the order of a; offsets
        index each text.

    Examples
    --------
    >>> a = "ثم شن عليها لاحقا غارات أسفرت عن شهداء وجرحى."
    >>> b = "ثم شنَّ عليها لاحقاً غارات أسفرت عن قتلى وجرحى."
    >>> align(a, b)[["op", "a_text", "b_text"]].values.tolist()
    [['substitute', 'شهداء', 'قتلى']]
    """
    text_a, text_b = _as_text(doc_a), _as_text(doc_b)
    words_a, spans_a = _words(text_a)
    words_b, spans_b = _words(text_b)
    rows = []
    paired = _pair_paragraphs(words_a, _paragraphs(text_a, spans_a), words_b, _paragraphs(text_b, spans_b))
    for (a_lo, a_hi), (b_lo, b_hi) in paired:
        matcher = SequenceMatcher(None, words_a[a_lo:a_hi], words_b[b_lo:b_hi], autojunk=False)
        opcodes = [
            (t, i1 + a_lo, i2 + a_lo, j1 + b_lo, j2 + b_lo) for t, i1, i2, j1, j2 in matcher.get_opcodes()
        ]
        for k, (tag, i1, i2, j1, j2) in enumerate(opcodes):
            if tag == "equal" or max(i2 - i1, j2 - j1) > max_edit:
                continue
            before = opcodes[k - 1] if k > 0 else None
            after = opcodes[k + 1] if k + 1 < len(opcodes) else None
            left = before[2] - before[1] if before and before[0] == "equal" else 0
            right = after[2] - after[1] if after and after[0] == "equal" else 0
            if min(left, right) < 1 or max(left, right) < min_anchor:
                continue
            a_start = int(spans_a[i1][0]) if i2 > i1 else int(spans_a[i1 - 1][1])
            a_end = int(spans_a[i2 - 1][1]) if i2 > i1 else a_start
            b_start = int(spans_b[j1][0]) if j2 > j1 else int(spans_b[j1 - 1][1])
            b_end = int(spans_b[j2 - 1][1]) if j2 > j1 else b_start
            ctx_before = text_a[int(spans_a[max(i1 - context, a_lo)][0]) : int(spans_a[i1 - 1][1])]
            ctx_after = text_a[int(spans_a[i2][0]) : int(spans_a[min(i2 + context, a_hi) - 1][1])]
            rows.append(
                (_OPS[tag], text_a[a_start:a_end], text_b[b_start:b_end], a_start, a_end, b_start, b_end,
                 ctx_before, ctx_after)
            )  # fmt: skip
    frame = pd.DataFrame(rows, columns=list(EDITS)).sort_values(["a_start", "b_start"]).reset_index(drop=True)
    return frame.astype({c: "int64" for c in ("a_start", "a_end", "b_start", "b_end")})


def substitutions(
    documents: pd.DataFrame, pairs: pd.DataFrame, lexicon: object = None, **align_options: int
) -> pd.DataFrame:
    """Edits between every reuse pair, with the lexicon labels they touch.

    Parameters
    ----------
    documents : pandas.DataFrame
        With ``doc_id``, ``text`` and optionally ``outlet``.
    pairs : pandas.DataFrame
        From :func:`toolkit.find_reuse` (``doc_id_a`` is the likely original).
    lexicon : Lexicon, path, mapping or None
        Labels to recognise in the edits; None for the bundled lexicon.
    **align_options
        Passed to :func:`align`.

    Returns
    -------
    pandas.DataFrame
        One row per edit: the pair, the outlets, the edit (:data:`EDITS`),
        and when a lexicon term of the same concept touches the edit on
        both sides: ``concept``, ``a_variant``, ``b_variant``, ``a_term``,
        ``b_term``; ``label_change`` is true when the variants differ
        (e.g. ``the_dead: martyrs → killed``).
    """
    schema.check_columns(documents, ["doc_id", "text"], table="documents")
    schema.check_columns(pairs, ["doc_id_a", "doc_id_b"], table="pairs")
    matcher = Matcher(lexicon)
    docs = documents.set_index("doc_id")
    outlets = docs["outlet"] if "outlet" in docs.columns else pd.Series(None, index=docs.index, dtype=object)
    involved = sorted(set(pairs["doc_id_a"]) | set(pairs["doc_id_b"]))
    from toolkit.annotation.match import annotate

    found = annotate(docs.loc[involved, ["text"]].reset_index(), matcher=matcher)
    by_doc = {d: g for d, g in found.groupby("doc_id", sort=False)}
    empty = found.iloc[:0]
    frames = []
    for a_id, b_id in pairs[["doc_id_a", "doc_id_b"]].itertuples(index=False):
        edits = align(docs.loc[a_id, "text"], docs.loc[b_id, "text"], **align_options)
        if edits.empty:
            continue
        labels = [
            _label(by_doc.get(a_id, empty), by_doc.get(b_id, empty), row)
            for row in edits.itertuples(index=False)
        ]
        extra = pd.DataFrame(labels, columns=["concept", "a_variant", "b_variant", "a_term", "b_term"])
        edits = pd.concat([edits.reset_index(drop=True), extra], axis=1)
        edits.insert(0, "doc_id_a", a_id)
        edits.insert(1, "doc_id_b", b_id)
        edits.insert(2, "outlet_a", outlets.get(a_id))
        edits.insert(3, "outlet_b", outlets.get(b_id))
        frames.append(edits)
    if not frames:
        return pd.DataFrame(columns=list(SUBSTITUTION_COLUMNS))
    table = pd.concat(frames, ignore_index=True)
    table["label_change"] = table["concept"].notna() & (table["a_variant"] != table["b_variant"])
    return table[list(SUBSTITUTION_COLUMNS)]


def _label(matches_a: pd.DataFrame, matches_b: pd.DataFrame, edit) -> tuple:
    """Lexicon mentions touching the edit on both sides, of one concept."""
    near_a = matches_a[(matches_a["start"] <= edit.a_end) & (matches_a["end"] >= edit.a_start)]
    near_b = matches_b[(matches_b["start"] <= edit.b_end) & (matches_b["end"] >= edit.b_start)]
    for a in near_a.itertuples(index=False):
        for b in near_b.itertuples(index=False):
            if a.concept == b.concept and (a.surface != b.surface):
                return (a.concept, a.variant, b.variant, a.surface, b.surface)
    return (None, None, None, None, None)

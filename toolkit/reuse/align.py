"""What changed between two versions of a text: word-level edits.

The two texts are compared word by word on search-normalized words (so
«شنّ» and «شن», «لاحقاً» and «لاحقا» are the same word), with
:class:`difflib.SequenceMatcher` (no junk heuristic). An edit is reported
only inside shared passages: it must be short (at most ``max_edit`` words on
each side) and stand between words the versions share, with a run of at
least ``min_anchor`` shared words on one side and at least one on the
other. A replaced paragraph is a different text, not a substitution, and is
not reported.
"""

from __future__ import annotations

import itertools
import re

import numpy as np
import pandas as pd
from rapidfuzz.distance import Indel

from toolkit import schema
from toolkit.annotation.match import Matcher
from toolkit.arabic.normalize import normalize_with_offsets
from toolkit.arabic.tokenize import _TOKEN
from toolkit.schema import EDITS, SUBSTITUTION_COLUMNS

_NEWLINE = re.compile("\n")
_SPLIT = re.compile(f"({_TOKEN.pattern})")
_OPS = {"replace": "substitute", "insert": "insert", "delete": "delete"}


#: Words that are spelled joined to the next one or apart: «عبد العزيز» and
#: «عبدالعزيز» are one name (compare as one word).
JOINED_PREFIXES = frozenset({"عبد"})


def _words(text: str) -> tuple[list[str], np.ndarray]:
    # One vectorized normalization of the text; one split at its tokens (a
    # C-level pass: separators and tokens alternate), whose lengths give the
    # tokens' spans without a match object per word; spans mapped back to
    # the raw text.
    normalized = normalize_with_offsets(text, level="search")
    parts = _SPLIT.split(normalized.text)
    if len(parts) < 2:
        return [], np.zeros((0, 2), dtype=np.int64)
    ends = np.cumsum(np.fromiter(map(len, parts), dtype=np.int64, count=len(parts)))
    keys = parts[1::2]
    token_ends = ends[1::2]
    token_starts = ends[0::2][: len(keys)]
    raw_start, raw_end = normalized.to_raw_many(token_starts, token_ends)
    spans = np.stack([raw_start, raw_end], axis=1)
    if JOINED_PREFIXES.isdisjoint(keys):
        return keys, spans
    # Join each prefix to the next word (left to right: «عبد عبد الله» joins
    # the first pair); only the few prefix positions are visited in Python.
    heads: list[int] = []
    for i in (i for i, k in enumerate(keys) if k in JOINED_PREFIXES):
        if i + 1 < len(keys) and not (heads and heads[-1] == i - 1):
            heads.append(i)
    head = np.asarray(heads, dtype=np.int64)
    for i in reversed(heads):
        keys[i : i + 2] = [keys[i] + keys[i + 1]]
    spans[head, 1] = spans[head + 1, 1]
    spans = np.delete(spans, head + 1, axis=0)
    return keys, spans


#: Spellings of one word that are not editing (search-normalized): compared
#: after these replacements, «المائة»/«المئة», «الأمريكية»/«الأميركية»,
#: «مسئول»/«مسؤول» and decimal commas («1,6»/«1.6») are one word.
SPELLING_VARIANTS = (
    ("مائ", "مئ"), ("امريك", "اميرك"), ("مسئول", "مسؤول"), ("شئون", "شؤون"), (",", "."), ("٫", "."),
)  # fmt: skip

#: Number words (search-normalized): «مائتي وخمسين» → «250» is how a figure
#: is written, not a change of wording.
NUMBER_WORDS = frozenset(
    "صفر واحد واحده اثنان اثنين اثنتان اثنتين ثلاث ثلاثه اربع اربعه خمس خمسه ست سته سبع سبعه ثمان "
    "ثماني ثمانيه تسع تسعه عشر عشره عشرون عشرين ثلاثون ثلاثين اربعون اربعين خمسون خمسين ستون ستين "
    "سبعون سبعين ثمانون ثمانين تسعون تسعين مائه مئه مائتا مائتي مائتين مئتا مئتي مئتين الف الفا الفي "
    "الفين الاف مليون ملايين مليار مليارات".split()
)


def _folded(words: list[str]) -> str:
    joined = "".join(words)  # spacing: «ماورد»/«ما ورد», «711»/«7/11»
    for old, new in SPELLING_VARIANTS:
        joined = joined.replace(old, new)
    return joined


def _is_number_word(word: str) -> bool:
    return word in NUMBER_WORDS or (word[:1] == "و" and word[1:] in NUMBER_WORDS)


def _same_words(a: list[str], b: list[str]) -> bool:
    """True when two sides of an edit differ only in spacing, spelling variant or figures written out."""
    if _folded(a) == _folded(b):
        return True
    digits_a, digits_b = all(w[:1].isdigit() for w in a), all(w[:1].isdigit() for w in b)
    return bool(a and b) and (
        (digits_a and all(_is_number_word(w) for w in b)) or (digits_b and all(_is_number_word(w) for w in a))
    )


def _opcodes(a: list[str], b: list[str], a_lo: int, b_lo: int) -> list[tuple]:
    """Edit operations turning a into b (rapidfuzz's compiled Indel/LCS alignment).

    Indel (insertions and deletions only) keeps the longest common
    subsequence of words, as difflib does; a deletion next to an insertion
    is one substitution.
    """
    raw = Indel.opcodes(a, b)
    merged: list[list] = []
    for op in raw:
        tag = op.tag
        if merged and tag != "equal" and merged[-1][0] != "equal":
            last = merged[-1]
            last[0] = "replace"
            last[2], last[4] = op.src_end, op.dest_end
            continue
        merged.append([tag, op.src_start, op.src_end, op.dest_start, op.dest_end])
    return [(t, i1 + a_lo, i2 + a_lo, j1 + b_lo, j2 + b_lo) for t, i1, i2, j1, j2 in merged]


def _as_text(value: str | pd.Series) -> str:
    if isinstance(value, pd.Series):
        value = value["text"]
    return value if isinstance(value, str) else ""


def _paragraphs(text: str, spans: np.ndarray) -> list[tuple[int, int]]:
    """Word index ranges of the text's paragraphs (split at line breaks)."""
    if spans.size == 0:
        return []
    breaks = np.asarray([m.start() for m in _NEWLINE.finditer(text)], dtype=np.int64)
    paragraph = np.searchsorted(breaks, spans[:, 0])
    cuts = np.flatnonzero(np.diff(paragraph)) + 1
    bounds = [0, *cuts.tolist(), len(spans)]
    return list(itertools.pairwise(bounds))


def _trigrams(words: list[str], lo: int, hi: int) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + 3]) for i in range(lo, max(hi - 2, lo))}


def _pair_paragraphs(
    grams_a: list[set], paras_a: list[tuple[int, int]], grams_b: list[set], paras_b: list[tuple[int, int]]
) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Match paragraphs one to one, most shared word trigrams first.

    Versions of a story often reorder paragraphs; aligning paragraph with
    paragraph finds the edits inside each one wherever it moved.
    """
    scored = []
    for i, grams in enumerate(grams_a):
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


def _prepare(text: str) -> tuple:
    """A text's words, their spans, and its paragraphs with their word trigrams (once per document)."""
    words, spans = _words(text)
    paras = _paragraphs(text, spans)
    return text, words, spans, [_trigrams(words, lo, hi) for lo, hi in paras], paras


def _edit_rows(
    prepared_a: tuple, prepared_b: tuple, max_edit: int, min_anchor: int, context: int
) -> list[tuple]:
    text_a, words_a, spans_a, grams_a, paras_a = prepared_a
    text_b, words_b, spans_b, grams_b, paras_b = prepared_b
    rows: list[tuple] = []
    paired = _pair_paragraphs(grams_a, paras_a, grams_b, paras_b)
    for (a_lo, a_hi), (b_lo, b_hi) in paired:
        opcodes = _opcodes(words_a[a_lo:a_hi], words_b[b_lo:b_hi], a_lo, b_lo)
        for k, (tag, i1, i2, j1, j2) in enumerate(opcodes):
            if tag == "equal" or max(i2 - i1, j2 - j1) > max_edit:
                continue
            before = opcodes[k - 1] if k > 0 else None
            after = opcodes[k + 1] if k + 1 < len(opcodes) else None
            left = before[2] - before[1] if before and before[0] == "equal" else 0
            right = after[2] - after[1] if after and after[0] == "equal" else 0
            if min(left, right) < 1 or max(left, right) < min_anchor:
                continue
            if tag == "replace" and _same_words(words_a[i1:i2], words_b[j1:j2]):
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
    return rows


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
    rows = _edit_rows(_prepare(_as_text(doc_a)), _prepare(_as_text(doc_b)), max_edit, min_anchor, context)
    frame = pd.DataFrame(rows, columns=list(EDITS)).sort_values(["a_start", "b_start"]).reset_index(drop=True)
    return frame.astype({c: "int64" for c in ("a_start", "a_end", "b_start", "b_end")})


#: A pair is two documents cut from one template (a bulletin, a cable, a
#: notice: same frame, different facts) when it has at least
#: ``TEMPLATE_MIN_EDITS`` substitutions and one substitution or more per
#: ``TEMPLATE_WORDS`` words of the shorter text.
TEMPLATE_MIN_EDITS = 3
TEMPLATE_WORDS = 25

#: Two documents are versions of one text only when they share their rare
#: words (names, places, figures): at least ``SAME_TEXT_RARE`` of the rare
#: words of the one with fewer. A word is rare when it occurs in at most
#: ``RARE_SHARE`` of the documents of the pairs (at least 2 documents). Cables
#: and notices cut from one frame («تهنئة ... جمهورية مصر العربية» and
#: «... الجمهورية التونسية»), bulletins of different days and different
#: stories that share only an official title share common words, not rare
#: ones. Chosen on 30 substitutions read by hand (SaudiNewsNet July,
#: seed 17) and checked on a fresh 30 (seed 18): see
#: ``tests/fixtures/substitutions_read.csv``.
SAME_TEXT_RARE = 0.5
RARE_SHARE = 0.004


def substitutions(
    documents: pd.DataFrame,
    pairs: pd.DataFrame,
    lexicon: object = None,
    *,
    templates: bool = False,
    **align_options: int,
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
    templates : bool
        Keep the edits of template pairs (documents filled into one frame:
        market and weather bulletins, execution notices, cables, whose
        «جنوبية → شمالية» are facts, not editing) and of pairs that are
        not one text. Off by default; a pair is a template pair when it has
        at least :data:`TEMPLATE_MIN_EDITS` substitutions, one or more per
        :data:`TEMPLATE_WORDS` words of its shorter text, and it is not one
        text when the documents share less than :data:`SAME_TEXT_RARE` of
        their rare words (see :data:`RARE_SHARE`).
    **align_options
        Passed to :func:`align`.

    Returns
    -------
    pandas.DataFrame
        One row per edit: the pair, the outlets, the edit (:data:`EDITS`),
        and when a lexicon term of the same concept touches the edit on
        both sides: ``concept``, ``a_variant``, ``b_variant``, ``a_term``,
        ``b_term``; ``label_change`` is true when the variants differ
        (e.g. ``the_dead: martyrs → killed``). Names spelled joined or
        apart («عبد العزيز», «عبدالعزيز») are one word, not an edit.
    """
    schema.check_columns(documents, ["doc_id", "text"], table="documents")
    schema.check_columns(pairs, ["doc_id_a", "doc_id_b"], table="pairs")
    options = {"max_edit": 6, "min_anchor": 3, "context": 4, **align_options}
    matcher = Matcher(lexicon)
    docs = documents.drop_duplicates("doc_id").set_index("doc_id")
    outlets = docs["outlet"] if "outlet" in docs.columns else pd.Series(None, index=docs.index, dtype=object)
    involved = sorted(set(pairs["doc_id_a"]) | set(pairs["doc_id_b"]))
    # Each document is tokenized once, however many pairs it is in.
    prepared = {d: _prepare(_as_text(t)) for d, t in docs.loc[involved, "text"].items()}
    rare = _rare_words(prepared) if not templates else {}
    rows: list[tuple] = []
    for a_id, b_id in pairs[["doc_id_a", "doc_id_b"]].itertuples(index=False):
        edits = _edit_rows(prepared[a_id], prepared[b_id], options["max_edit"], options["min_anchor"],
                           options["context"])  # fmt: skip
        if not edits:
            continue
        if not templates and (
            _is_template(edits, prepared[a_id], prepared[b_id]) or not _same_text(rare[a_id], rare[b_id])
        ):
            continue
        rows.extend((a_id, b_id, *edit) for edit in edits)
    columns = ["doc_id_a", "doc_id_b", *EDITS]
    table = pd.DataFrame(rows, columns=columns)
    if table.empty:
        return pd.DataFrame(columns=list(SUBSTITUTION_COLUMNS))
    table = table.astype({c: "int64" for c in ("a_start", "a_end", "b_start", "b_end")})
    table = table.sort_values(["doc_id_a", "doc_id_b", "a_start", "b_start"], kind="stable").reset_index(
        drop=True
    )
    # Only documents with an edit are annotated (the lexicon labels edits).
    from toolkit.annotation.match import annotate

    edited = sorted(set(table["doc_id_a"]) | set(table["doc_id_b"]))
    found = annotate(docs.loc[edited, ["text"]].reset_index(), matcher=matcher)
    by_doc = {d: g for d, g in found.groupby("doc_id", sort=False)}
    labels = _labels(table, by_doc, found.iloc[:0])
    table = pd.concat([table, labels], axis=1)
    table.insert(2, "outlet_a", table["doc_id_a"].map(outlets))
    table.insert(3, "outlet_b", table["doc_id_b"].map(outlets))
    table["label_change"] = table["concept"].notna() & (table["a_variant"] != table["b_variant"])
    return table[list(SUBSTITUTION_COLUMNS)]


def _rare_words(prepared: dict) -> dict:
    """Each document's rare words (integer codes), rare among the documents given."""
    ids = list(prepared)
    lengths = np.fromiter((len(prepared[d][1]) for d in ids), dtype=np.int64, count=len(ids))
    words = list(itertools.chain.from_iterable(prepared[d][1] for d in ids))
    codes = pd.factorize(pd.Series(words, dtype=object))[0] if words else np.zeros(0, dtype=np.int64)
    bounds = np.concatenate([[0], np.cumsum(lengths)])
    unique = [np.unique(codes[lo:hi]) for lo, hi in itertools.pairwise(bounds.tolist())]
    df = np.bincount(np.concatenate(unique), minlength=1) if unique else np.zeros(1, dtype=np.int64)
    limit = max(2, int(np.ceil(RARE_SHARE * len(ids))))
    return {d: u[df[u] <= limit] for d, u in zip(ids, unique, strict=True)}


def _same_text(rare_a: np.ndarray, rare_b: np.ndarray) -> bool:
    fewer = min(rare_a.size, rare_b.size)
    if fewer == 0:  # nothing rare on one side: nothing shows the pair is one text
        return rare_a.size == rare_b.size
    return np.intersect1d(rare_a, rare_b, assume_unique=True).size >= SAME_TEXT_RARE * fewer


def _is_template(edits: list[tuple], prepared_a: tuple, prepared_b: tuple) -> bool:
    n_subs = sum(1 for e in edits if e[0] == "substitute")
    shorter = min(len(prepared_a[1]), len(prepared_b[1]))
    return n_subs >= TEMPLATE_MIN_EDITS and n_subs * TEMPLATE_WORDS >= shorter


def _labels(table: pd.DataFrame, by_doc: dict, empty: pd.DataFrame) -> pd.DataFrame:
    """Lexicon labels of each edit; only edits that touch a match on both sides are looked at closely."""
    out = np.full((len(table), 5), None, dtype=object)

    def touches(doc_ids: pd.Series, start: pd.Series, end: pd.Series) -> np.ndarray:
        hit = np.zeros(len(table), dtype=bool)
        for doc, index in doc_ids.groupby(doc_ids, sort=False).groups.items():
            m = by_doc.get(doc)
            if m is None or m.empty:
                continue
            ms, me = m["start"].to_numpy(), m["end"].to_numpy()
            s, e = start.loc[index].to_numpy(), end.loc[index].to_numpy()
            hit[table.index.get_indexer(index)] = (
                (ms[None, :] <= e[:, None]) & (me[None, :] >= s[:, None])
            ).any(1)
        return hit

    near = touches(table["doc_id_a"], table["a_start"], table["a_end"]) & touches(
        table["doc_id_b"], table["b_start"], table["b_end"]
    )
    for k in np.flatnonzero(near).tolist():
        row = table.iloc[k]
        out[k] = _label(by_doc.get(row["doc_id_a"], empty), by_doc.get(row["doc_id_b"], empty), row)
    return pd.DataFrame(out, columns=["concept", "a_variant", "b_variant", "a_term", "b_term"])


def _label(matches_a: pd.DataFrame, matches_b: pd.DataFrame, edit) -> tuple:
    """Lexicon mentions touching the edit on both sides, of one concept."""
    near_a = matches_a[(matches_a["start"] <= edit.a_end) & (matches_a["end"] >= edit.a_start)]
    near_b = matches_b[(matches_b["start"] <= edit.b_end) & (matches_b["end"] >= edit.b_start)]
    for a in near_a.itertuples(index=False):
        for b in near_b.itertuples(index=False):
            if a.concept == b.concept and (a.surface != b.surface):
                return (a.concept, a.variant, b.variant, a.surface, b.surface)
    return (None, None, None, None, None)


def substitution_matrix(table: pd.DataFrame) -> pd.DataFrame:
    """How often each label was replaced by which, per pair of outlets.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`substitutions`.

    Returns
    -------
    pandas.DataFrame
        ``outlet_a``, ``outlet_b``, ``concept``, ``a_variant``,
        ``b_variant``, ``n`` (edits), ``n_pairs`` (document pairs).
    """
    labelled = table[table["concept"].notna()]
    keys = ["outlet_a", "outlet_b", "concept", "a_variant", "b_variant"]
    return (
        labelled.assign(_pair=labelled["doc_id_a"] + "|" + labelled["doc_id_b"])
        .groupby(keys, dropna=False, observed=True)
        .agg(n=("op", "size"), n_pairs=("_pair", "nunique"))
        .reset_index()
        .sort_values("n", ascending=False)
        .reset_index(drop=True)
    )


#: Columns of :func:`reuse_passages`.
PASSAGE_COLUMNS = ("doc_id_a", "doc_id_b", "a_start", "a_end", "b_start", "b_end", "n_words", "text")


def reuse_passages(documents: pd.DataFrame, pairs: pd.DataFrame, *, min_words: int = 7) -> pd.DataFrame:
    """The passages each pair shares, with offsets in both documents.

    Paragraphs are paired as in :func:`align`; inside each pair, every run
    of at least ``min_words`` identical words (search-normalized) is a
    passage.

    Parameters
    ----------
    documents : pandas.DataFrame
        With ``doc_id`` and ``text``.
    pairs : pandas.DataFrame
        From :func:`toolkit.find_reuse`.
    min_words : int
        Shortest passage, in words (7: the shingle of :func:`toolkit.find_reuse`).

    Returns
    -------
    pandas.DataFrame
        :data:`PASSAGE_COLUMNS`: offsets index each document's ``text``;
        ``text`` is the passage as written in a.

    Examples
    --------
    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "text": [
    ...     "مقدمة خاصة. قال المتحدث إن الغارات أسفرت عن سقوط عدد من الضحايا في المدينة",
    ...     "قال المتحدث إن الغارات أسفرت عن سقوط عدد من الضحايا في المدينة ليلا"]})
    >>> pairs = pd.DataFrame({"doc_id_a": ["a"], "doc_id_b": ["b"]})
    >>> reuse_passages(docs, pairs)[["a_start", "b_start", "n_words"]].values.tolist()
    [[12, 0, 12]]
    """
    schema.check_columns(documents, ["doc_id", "text"], table="documents")
    schema.check_columns(pairs, ["doc_id_a", "doc_id_b"], table="pairs")
    docs = documents.drop_duplicates("doc_id").set_index("doc_id")["text"]
    involved = sorted(set(pairs["doc_id_a"]) | set(pairs["doc_id_b"]))
    prepared = {d: _prepare(_as_text(docs.get(d, ""))) for d in involved}
    rows = []
    for a_id, b_id in pairs[["doc_id_a", "doc_id_b"]].itertuples(index=False):
        text_a, words_a, spans_a, grams_a, paras_a = prepared[a_id]
        _, words_b, spans_b, grams_b, paras_b = prepared[b_id]
        for (a_lo, a_hi), (b_lo, b_hi) in _pair_paragraphs(grams_a, paras_a, grams_b, paras_b):
            for tag, i1, i2, j1, j2 in _opcodes(words_a[a_lo:a_hi], words_b[b_lo:b_hi], a_lo, b_lo):
                if tag == "equal" and i2 - i1 >= min_words:
                    start, end = int(spans_a[i1][0]), int(spans_a[i2 - 1][1])
                    rows.append((a_id, b_id, start, end, int(spans_b[j1][0]), int(spans_b[j2 - 1][1]),
                                 i2 - i1, text_a[start:end]))  # fmt: skip
    table = pd.DataFrame(rows, columns=list(PASSAGE_COLUMNS))
    return table.sort_values(["doc_id_a", "doc_id_b", "a_start"], kind="stable").reset_index(drop=True)

"""Names and meanings of the columns of every table the toolkit passes on.

Each stage of the pipeline (load → normalize → annotate → compare → plot)
takes and returns pandas DataFrames. This module is the one place that says
which columns they have; code refers to these constants rather than to
string literals, and :func:`check_columns` guards stage boundaries.

Examples
--------
>>> from toolkit import schema
>>> schema.DOCUMENTS[:3]
('doc_id', 'outlet', 'source')
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

#: ``corpus.documents``: one row per article.
DOCUMENT_COLUMNS: dict[str, str] = {
    "doc_id": "unique id, stable across runs and machines: the input's path "
    "relative to the loaded folder without extension, ':<record number>' for "
    "records, '~r<k>' for the k-th related article appended to a page",
    "outlet": "who published this copy (clean-normalized), or missing",
    "source": "the original source(s) the copy credits, e.g. «الجزيرة + وكالات»",
    "title": "headline as written (whitespace trimmed), or missing",
    "published": "publication time, tz-aware UTC, NaT when unknown",
    "crawled": "time an aggregator or crawler stamped the page, tz-aware UTC",
    "url": "address of the article, or missing",
    "text": "the story body: the raw text of its body segments, joined by the raw whitespace between them",
    "tags": "list of tags (clean-normalized)",
    "role": "'main' for the page's story, 'related' for an appended article",
    "parent_id": "doc_id of the main article a related one was appended to",
    "dateline": "place prefix split off the first body line («الولايات المتحدة»)",
    "path": "input file, relative to the loaded folder",
    "record": "record number inside a JSONL/CSV/Parquet file (1-based), <NA> for pages",
}
DOCUMENTS: tuple[str, ...] = tuple(DOCUMENT_COLUMNS)

#: ``corpus.segments``: every character of every input, classified.
SEGMENT_COLUMNS: dict[str, str] = {
    "path": "input file, relative to the loaded folder",
    "record": "record number for JSONL/CSV/Parquet inputs, <NA> for pages",
    "doc_id": "document the segment belongs to, <NA> when none",
    "kind": "one of SEGMENT_KINDS",
    "start": "offset of the first character in the decoded input",
    "end": "offset after the last character",
    "text": "the raw characters, exactly",
    "text_start": "offset of this segment inside documents.text, <NA> when "
    "the segment is not part of the story text",
}
SEGMENTS: tuple[str, ...] = tuple(SEGMENT_COLUMNS)

#: Kinds a segment can have. ``body`` segments (and the whitespace between
#: them) make up ``documents.text``.
SEGMENT_KINDS: dict[str, str] = {
    "header": "an aggregator's outlet label at the top of a page («الجزيرة:»)",
    "crawl_stamp": "an aggregator's crawl time (not the publication date)",
    "title": "the headline, or a repetition of it",
    "date": "a publication date line («تاريخ النشر: …»)",
    "dateline": "place prefix of the first paragraph («الولايات المتحدة – »)",
    "body": "story text",
    "attribution": "a source line («المصدر: …»)",
    "tags": "a tag list («كلمات دلالية: …»)",
    "share_widget": "print/share buttons rendered as text («طباعة شارك»)",
    "related_marker": "a «اقرأ أيضاً» marker: a whole other article follows",
    "similar_list": "a list of other headlines («مقالات مشابهة» and its items)",
    "aggregator_boilerplate": "text an aggregator wraps around copied stories",
    "boilerplate": "a line that repeats across many documents of one outlet",
    "trailer": "unrecognized text after the story's end",
    "html_source": "an HTML file's markup, kept whole (its text is segmented under '<path>#text')",
    "blank": "whitespace between the segments above",
    "rejected": "the whole text of an input that yielded no document",
}

#: ``corpus.report``: one row per input (file or record).
REPORT_COLUMNS: dict[str, str] = {
    "path": "input file, relative to the loaded folder",
    "record": "record number for JSONL/CSV/Parquet inputs, <NA> for files",
    "status": "'loaded' or 'rejected'",
    "reason": "why an input was rejected, empty when loaded",
    "note": "what a user should know about a loaded input (decoding repairs, ...)",
    "encoding": "detected encoding of the file",
    "n_documents": "number of documents taken from the input",
}
REPORT: tuple[str, ...] = tuple(REPORT_COLUMNS)

#: Later stages' tables, each named where the stage is documented.

MATCH_COLUMNS: dict[str, str] = {
    "doc_id": "document of the match",
    "field": "'text' or 'title': the documents column the offsets refer to",
    "concept": "lexicon concept",
    "variant": "lexicon variant (the label chosen)",
    "frame": "frame tag of the variant",
    "term": "the lexicon term matched, as listed",
    "start": "offset of the match in documents.text",
    "end": "offset after the match",
    "surface": "the text as written, clitics included: text[start:end]",
    "proclitics": "proclitics attached to the first word (normalized), '' when none",
    "enclitic": "pronoun suffix on the last word, '' when none",
    "in_quote": 'inside «…», “…” or "…" (quoted speech rather than the outlet\'s voice)',
    "sentence_start": "offset of the sentence holding the match",
    "sentence_end": "offset after that sentence (text[sentence_start:sentence_end] is the sentence)",
    "appositive_variant": "variant of an appositive label of the same mention, or missing",
    "appositive_surface": "its text as written, or missing",
    "in_scope": "true when the hit counts: its term needs no context, or a scope anchor licensed it",
    "scope": "name of the lexicon scope that licensed the hit, '' when none was needed or found",
    "scope_anchor": "surface of the anchor that licensed the hit, '' when none",
    "scope_anchor_start": "offset of that anchor in the same field, <NA> when none",
}

MATCHES: tuple[str, ...] = tuple(MATCH_COLUMNS)

PAIR_COLUMNS: dict[str, str] = {
    "doc_id_a": "first document (the earlier when known)",
    "doc_id_b": "second document",
    "shared_shingles": "distinct n-word shingles the two share",
    "jaccard": "shared / union of the two shingle sets",
    "containment_a": "share of a's shingles that occur in b (how much of a is covered by shared passages)",
    "containment_b": "share of b's shingles that occur in a",
    "shared_words_a": "words of a covered by shared shingles",
    "shared_words_b": "words of b covered by shared shingles",
    "earlier": "doc_id of the likely original, missing when unknown",
    "earlier_by": "'published' (earlier date), 'credited source' (the copy credits the other's "
    "outlet), or ''",
}

PAIRS: tuple[str, ...] = tuple(PAIR_COLUMNS)

EDIT_COLUMNS: dict[str, str] = {
    "op": "substitute, insert (words only in b) or delete (words only in a)",
    "a_text": "the words of a, as written ('' for an insertion)",
    "b_text": "the words of b, as written ('' for a deletion)",
    "a_start": "offset in a's text (for an insertion: where b's words would go)",
    "a_end": "offset after the words in a",
    "b_start": "offset in b's text",
    "b_end": "offset after the words in b",
    "before": "the shared words just before the edit (from a)",
    "after": "the shared words just after the edit (from a)",
}

EDITS: tuple[str, ...] = tuple(EDIT_COLUMNS)

SHARE_COLUMNS: dict[str, str] = {
    "variant": "the label",
    "n_mentions": "mentions of the variant in the group",
    "n_docs": "documents of the group using the variant",
    "share": "the variant's share of the group's mentions of the concept",
    "ci_low": "lower bound of the share's interval (documents as units; see toolkit.compare.shares)",
    "ci_high": "upper bound",
    "doc_share": "share of the group's documents using the variant",
    "doc_share_low": "interval of doc_share",
    "doc_share_high": "",
    "rate_per_1000": "mentions per 1,000 word tokens of the group",
    "group_docs": "documents in the group",
    "group_mentions": "mentions of the concept in the group",
    "unreliable": "true when the interval is no 95% promise: under 2 documents mention the concept, "
    "an effective sample below 10, or an interval wider than 0.5",
    "n_eff": "effective number of independent mentions behind the share's interval (design effect)",
}

KWIC_COLUMNS = ("doc_id", "outlet", "concept", "variant", "left", "match", "right", "start", "end")

COUNT_COLUMNS = (
    "concept", "variant", "n_mentions", "n_docs", "group_docs", "group_tokens", "rate_per_1000",
)  # fmt: skip

REVIEW_COLUMNS = ("match_id", "doc_id", "concept", "variant", "term", "surface", "left", "right", "correct")

PRECISION_COLUMNS = ("concept", "variant", "n_reviewed", "n_correct", "precision", "ci_low", "ci_high")

LOG_ODDS_COLUMNS = ("group", "term", "count", "count_other", "total", "delta", "variance", "z")

DIFFERENCE_COLUMNS = (
    "group_a", "group_b", "variant", "share_a", "share_b", "difference", "ci_low", "ci_high",
    "p_value", "p_adjusted", "significant",
)  # fmt: skip

CLUSTER_COLUMNS = ("doc_id", "cluster_id", "n_docs", "original", "is_original")

SUBSTITUTION_COLUMNS = (
    "doc_id_a", "doc_id_b", "outlet_a", "outlet_b", *EDITS,
    "concept", "a_variant", "b_variant", "a_term", "b_term", "label_change",
)  # fmt: skip

BY_GROUP_COLUMNS = ("topic", "n_docs", "prevalence", "ci_low", "ci_high", "group_docs", "words", "label")

BOILERPLATE_COLUMNS = ("outlet", "line", "n_docs", "share")

STATUS_LOADED = "loaded"
STATUS_REJECTED = "rejected"
ROLE_MAIN = "main"
ROLE_RELATED = "related"


def check_columns(frame: pd.DataFrame, required: Iterable[str], *, table: str) -> None:
    """Raise a clear error when a table lacks columns a stage needs.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table handed to a stage.
    required : iterable of str
        Column names the stage reads.
    table : str
        Name of the table, for the message.

    Raises
    ------
    ValueError
        Naming the missing columns and the ones present.

    Examples
    --------
    >>> import pandas as pd
    >>> check_columns(pd.DataFrame({"doc_id": []}), ["doc_id"], table="documents")
    >>> check_columns(pd.DataFrame({"x": []}), ["doc_id"], table="documents")
    Traceback (most recent call last):
    ...
    ValueError: documents lacks column(s) ['doc_id']; it has ['x']
    """
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise ValueError(f"{table} lacks column(s) {missing}; it has {list(frame.columns)}")

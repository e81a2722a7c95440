"""Clusters of copies of one text, and where each text came from.

The rule (tested in ``tests/test_reuse.py``):

1. Two documents are *linked* when one holds at least ``min_similarity``
   (0.5) of the other's shingles: one is mostly a copy of the other.
2. A cluster is a connected group of links **in which every two members
   share at least ``min_mutual`` (0.2) of each** (mutual containment,
   ``min(containment_a, containment_b)``; 0 for two documents that were
   not paired). A connected group that breaks this (a roundup that quotes
   several different stories, a short statement quoted by all) is split by
   complete linkage on ``1 - mutual containment`` cut at
   ``1 - min_mutual``, and the links are then followed inside each part.
   So a chain «A ⊂ roundup ⊃ C» never puts A and C together, while the
   copies of one wire story stay one cluster.

The original of a cluster is decided from evidence only, in this order:

1. ``published`` dates (never ``crawled``: a crawler's clock says when it
   came by). Undated members stay candidates beside the earliest dated
   ones, since they may be earlier.
2. A credited source: a member whose outlet another member credits (its
   ``source`` field, its dateline, or a credit line at the start or end of
   its text: «(واس)», «(د ب أ)», «المصدر: …»). When most members credit a
   wire agency that has no document in the cluster, the text is that
   agency's: ``original_source`` names it and ``original`` is missing.
3. A wire agency's own document among the candidates (:data:`AGENCIES`).
4. Otherwise a tie: ``original`` is missing and ``original_by`` is
   ``'tie'``; the tied candidates are listed in ``candidates``.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.sparse.csgraph import connected_components
from scipy.spatial.distance import squareform

from toolkit import schema
from toolkit.arabic.normalize import normalize
from toolkit.schema import CLUSTER_COLUMNS

#: Wire agencies: the names by which copies credit them (search-normalized
#: when matched) and the outlet ids under which corpora file their own
#: documents. Short acronyms such as «أ ب» count only in parentheses.
AGENCIES: dict[str, dict[str, tuple[str, ...]]] = {
    "SPA": {"names": ("واس", "وكالة الأنباء السعودية"), "outlets": ("was", "spa", "spa.gov.sa", "واس")},
    "AFP": {"names": ("أ ف ب", "ا ف ب", "فرانس برس", "وكالة الصحافة الفرنسية"), "outlets": ("afp",)},
    "Reuters": {"names": ("رويترز",), "outlets": ("reuters",)},
    "AP": {"names": ("(أ ب)", "أسوشيتد برس", "اسوشيتدبرس"), "outlets": ("ap", "apnews")},
    "dpa": {"names": ("د ب أ", "وكالة الأنباء الألمانية"), "outlets": ("dpa",)},
    "KUNA": {"names": ("كونا",), "outlets": ("kuna",)},
    "WAM": {"names": ("وام",), "outlets": ("wam",)},
    "QNA": {"names": ("قنا",), "outlets": ("qna",)},
    "MENA": {"names": ("أ ش أ",), "outlets": ("mena",)},
    "Anadolu": {"names": ("الأناضول",), "outlets": ("aa", "anadolu")},
    "Xinhua": {"names": ("شينخوا",), "outlets": ("xinhua",)},
    "Petra": {"names": ("بترا",), "outlets": ("petra",)},
    "SANA": {"names": ("سانا",), "outlets": ("sana",)},
    "BNA": {"names": ("بنا",), "outlets": ("bna",)},
}

#: Characters at each end of a text searched for a credit line.
CREDIT_SPAN = 200

#: Columns added after :data:`toolkit.schema.CLUSTER_COLUMNS`.
CLUSTER_EXTRA = ("original_by", "original_source", "candidates", "representative", "copied_from")

_WORD = r"[^\W\d_]"


def _alias_pattern(names: tuple[str, ...]) -> str:
    parts = []
    for name in names:
        key = normalize(name, level="search")
        body = r"\s*".join(re.escape(w) for w in key.split())
        parts.append(body if name.startswith("(") else rf"(?<!{_WORD}){body}(?!{_WORD})")
    return "|".join(parts)


_AGENCY_RE = {agency: re.compile(_alias_pattern(spec["names"])) for agency, spec in AGENCIES.items()}
_OUTLET_AGENCY = {o.lower(): agency for agency, spec in AGENCIES.items() for o in spec["outlets"]}
_SOURCE_LINE = re.compile(r"المصدر\s*[:：]\s*([^\n]{1,60})")


def credits(documents: pd.DataFrame) -> pd.Series:
    """Sources each document credits: wire agencies and named outlets.

    Parameters
    ----------
    documents : pandas.DataFrame
        With ``doc_id``; ``source``, ``dateline``, ``title`` and ``text``
        are read when present (for the text, its first and last
        :data:`CREDIT_SPAN` characters, where credit lines stand).

    Returns
    -------
    pandas.Series
        A frozenset of credited names per document (agency keys of
        :data:`AGENCIES`, or the search-normalized text after «المصدر:»),
        indexed by ``doc_id``.

    Examples
    --------
    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"],
    ...     "text": ["الرياض (واس) أعلن …", "قال الوزير … (د ب أ)", "واسفر الحادث عن …"]})
    >>> [sorted(s) for s in credits(docs)]
    [['SPA'], ['dpa'], []]
    """
    schema.check_columns(documents, ["doc_id"], table="documents")
    pieces = []
    for column in ("source", "dateline", "title"):
        if column in documents.columns:
            pieces.append(documents[column].where(documents[column].notna(), "").astype(str))
    if "text" in documents.columns:
        text = documents["text"].where(documents["text"].notna(), "").astype(str)
        pieces += [text.str[:CREDIT_SPAN], text.str[-CREDIT_SPAN:]]
    if not pieces:
        return pd.Series([frozenset()] * len(documents), index=documents["doc_id"].to_numpy(), dtype=object)
    joined = pieces[0].str.cat(pieces[1:], sep="\n") if len(pieces) > 1 else pieces[0]
    keys = [normalize(t, level="search") for t in joined.tolist()]
    found = []
    for key in keys:
        names = {agency for agency, pattern in _AGENCY_RE.items() if pattern.search(key)}
        names |= {m.strip() for m in _SOURCE_LINE.findall(key)}
        found.append(frozenset(names))
    return pd.Series(found, index=documents["doc_id"].to_numpy(), dtype=object)


def reuse_clusters(
    pairs: pd.DataFrame,
    documents: pd.DataFrame | None = None,
    *,
    min_similarity: float = 0.5,
    min_mutual: float = 0.2,
) -> pd.DataFrame:
    """Group documents that are copies of one text, and find each text's original.

    Parameters
    ----------
    pairs : pandas.DataFrame
        From :func:`toolkit.find_reuse`.
    documents : pandas.DataFrame, optional
        With ``doc_id``; ``published``, ``outlet``, ``source``,
        ``dateline``, ``title`` and ``text`` are used when present to find
        originals (module documentation).
    min_similarity : float
        A link needs one document to hold at least this share of the other.
    min_mutual : float
        Every two members of a cluster share at least this much of each
        (module documentation).

    Returns
    -------
    pandas.DataFrame
        One row per clustered document: :data:`toolkit.schema.CLUSTER_COLUMNS`
        (``doc_id``, ``cluster_id`` numbered by each cluster's smallest
        doc_id, ``n_docs``, ``original``, missing when unknown,
        ``is_original``), then ``original_by`` ('published', 'credited
        source', 'wire agency' or 'tie'), ``original_source`` (the outlet or
        agency the text comes from, when known), ``candidates`` (tied
        candidates, ``|``-separated), ``representative`` (one member per
        cluster that stands for it in statistics: the original, else the
        first candidate by doc_id) and ``copied_from`` (the original, for a
        copy linked to it; the copy's source → copy edge).

    Examples
    --------
    >>> import pandas as pd
    >>> pairs = pd.DataFrame({"doc_id_a": ["x", "y"], "doc_id_b": ["y", "z"],
    ...     "containment_a": [0.9, 0.9], "containment_b": [0.8, 0.1]})
    >>> docs = pd.DataFrame({"doc_id": ["x", "y", "z"],
    ...     "published": pd.to_datetime(["2024-01-01", "2024-01-02", None], utc=True)})
    >>> reuse_clusters(pairs, docs)[["doc_id", "cluster_id", "original", "original_by"]].values.tolist()
    [['x', 0, 'x', 'published'], ['y', 0, 'x', 'published']]
    """
    schema.check_columns(pairs, ["doc_id_a", "doc_id_b"], table="pairs")
    columns = [*CLUSTER_COLUMNS, *CLUSTER_EXTRA]
    has_containment = {"containment_a", "containment_b"} <= set(pairs.columns)
    if has_containment:
        mutual = np.minimum(pairs["containment_a"], pairs["containment_b"]).to_numpy(dtype=float)
        larger = np.maximum(pairs["containment_a"], pairs["containment_b"]).to_numpy(dtype=float)
        links = pairs[(larger >= min_similarity) & (mutual >= min_mutual)]
    else:
        mutual = np.ones(len(pairs))
        links = pairs
    ids = np.unique(np.concatenate([links["doc_id_a"].astype(str), links["doc_id_b"].astype(str)]))
    if ids.size == 0:
        return pd.DataFrame(columns=columns)
    index = pd.Series(np.arange(ids.size), index=ids)
    rows = index.reindex(links["doc_id_a"].astype(str)).to_numpy()
    cols = index.reindex(links["doc_id_b"].astype(str)).to_numpy()
    # Mutual containment of every pair among the linked documents.
    pa = index.reindex(pairs["doc_id_a"].astype(str)).to_numpy()
    pb = index.reindex(pairs["doc_id_b"].astype(str)).to_numpy()
    ok = ~(np.isnan(pa) | np.isnan(pb))
    pa, pb, pm = pa[ok].astype(np.int64), pb[ok].astype(np.int64), mutual[ok]
    strength = sparse.coo_matrix(
        (np.r_[pm, pm], (np.r_[pa, pb], np.r_[pb, pa])), shape=(ids.size,) * 2
    ).tocsr()
    graph = sparse.coo_matrix((np.ones(rows.size), (rows, cols)), shape=(ids.size,) * 2).tocsr()
    labels = _split_chains(graph, strength, min_mutual=min_mutual)
    first: dict[int, int] = {}
    for label in labels.tolist():  # ids are sorted: clusters by smallest doc_id
        first.setdefault(label, len(first))
    table = pd.DataFrame({"doc_id": ids, "cluster_id": [first[x] for x in labels.tolist()]})
    table["n_docs"] = table.groupby("cluster_id")["doc_id"].transform("size")
    keep = table["n_docs"] > 1
    table = table[keep].reset_index(drop=True)
    first = {c: i for i, c in enumerate(pd.unique(table["cluster_id"]))}
    table["cluster_id"] = table["cluster_id"].map(first).astype(np.int64)
    table = table.join(_originals(table, documents), on="cluster_id")
    table["is_original"] = table["doc_id"] == table["original"]
    table["representative"] = table["doc_id"] == table["_representative"]
    linked = pd.concat([links[["doc_id_a", "doc_id_b"]].set_axis(["x", "y"], axis=1),
                        links[["doc_id_b", "doc_id_a"]].set_axis(["x", "y"], axis=1)])  # fmt: skip
    linked_to_original = set(zip(linked["x"], linked["y"], strict=True))
    table["copied_from"] = [
        o if isinstance(o, str) and d != o and (d, o) in linked_to_original else None
        for d, o in zip(table["doc_id"], table["original"], strict=True)
    ]
    return table[columns]


def _split_chains(graph: sparse.csr_matrix, strength: sparse.csr_matrix, *, min_mutual: float) -> np.ndarray:
    """Connected components, split where two members share less than ``min_mutual``."""
    n, labels = connected_components(graph, directed=False)
    result = labels.copy()
    next_label = n
    for component in np.flatnonzero(np.bincount(labels) > 2):
        members = np.flatnonzero(labels == component)
        block = strength[members][:, members].toarray()
        if (block + np.eye(members.size) >= min_mutual).all():
            continue
        distance = 1.0 - np.clip(block, 0.0, 1.0)
        np.fill_diagonal(distance, 0.0)
        parts = fcluster(
            linkage(squareform(distance, checks=False), "complete"), 1.0 - min_mutual, "distance"
        )
        # Links are followed again inside each part: complete linkage may
        # group two documents that no copy link joins.
        sub = graph[members][:, members]
        same = parts[sub.nonzero()[0]] == parts[sub.nonzero()[1]]
        kept = sparse.coo_matrix(
            (np.ones(same.sum()), (sub.nonzero()[0][same], sub.nonzero()[1][same])), shape=sub.shape
        )
        _, pieces = connected_components(kept, directed=False)
        result[members] = next_label + pieces
        next_label += int(pieces.max()) + 1
    return result


def _originals(table: pd.DataFrame, documents: pd.DataFrame | None) -> pd.DataFrame:
    """Per cluster: original, how it was decided, source, candidates, representative."""
    members = table[["doc_id", "cluster_id"]].copy()
    known = documents if documents is not None else pd.DataFrame({"doc_id": members["doc_id"]})
    known = known[known["doc_id"].astype(str).isin(set(members["doc_id"]))].drop_duplicates("doc_id")
    info = known.set_index(known["doc_id"].astype(str))
    members["published"] = members["doc_id"].map(
        pd.to_datetime(info["published"], utc=True)
        if "published" in info.columns
        else pd.Series(dtype=object)
    )
    outlets = info["outlet"].astype(str) if "outlet" in info.columns else pd.Series(dtype=object)
    members["outlet"] = members["doc_id"].map(outlets)
    members["credits"] = members["doc_id"].map(credits(known.assign(doc_id=known["doc_id"].astype(str))))
    members["credits"] = members["credits"].apply(lambda c: c if isinstance(c, frozenset) else frozenset())
    members = members.sort_values(["cluster_id", "doc_id"])
    records = list(
        zip(members["doc_id"], members["published"], members["outlet"], members["credits"], strict=True)
    )
    bounds = np.searchsorted(members["cluster_id"].to_numpy(), np.arange(members["cluster_id"].max() + 2))
    rows = {c: _decide(records[bounds[c] : bounds[c + 1]]) for c in range(bounds.size - 1)}
    return pd.DataFrame.from_dict(
        rows, orient="index",
        columns=["original", "original_by", "original_source", "candidates", "_representative"],
    )  # fmt: skip


def _agency_of(outlet: object) -> str | None:
    return _OUTLET_AGENCY.get(outlet.lower()) if isinstance(outlet, str) else None


def _decide(group: list[tuple]) -> tuple:
    """The original of one cluster from its members' (doc_id, published, outlet, credits)."""
    dated = [m for m in group if not pd.isna(m[1])]
    candidates = group
    if dated:
        earliest = min(m[1] for m in dated)
        candidates = [m for m in group if pd.isna(m[1]) or m[1] == earliest]
        if len(candidates) == 1:
            doc, _, outlet, _ = candidates[0]
            return doc, "published", outlet, "", doc
    # Credited sources: which candidates do the other members credit?
    score = []
    for doc, _, outlet, _ in candidates:
        names = {normalize(outlet, level="search")} if isinstance(outlet, str) else set()
        if _agency_of(outlet):
            names.add(_agency_of(outlet))
        score.append(sum(bool(names & m[3]) for m in group if m[0] != doc))
    if max(score) > 0:
        candidates = [m for m, k in zip(candidates, score, strict=True) if k == max(score)]
        if len(candidates) == 1:
            doc, _, outlet, _ = candidates[0]
            return doc, "credited source", outlet, "", doc
    wire = [m for m in candidates if _agency_of(m[2])]
    if len(wire) == 1:
        doc, _, outlet, _ = wire[0]
        return doc, "wire agency", outlet, "", doc
    # One agency credited (and no other): copies that say nothing are
    # consistent with it, and its own document is not in the corpus.
    agencies = {a for m in group for a in m[3] if a in AGENCIES}
    if len(agencies) == 1 and max(score) == 0:
        return None, "credited source", agencies.pop(), "", candidates[0][0]
    tied = [m[0] for m in candidates]
    return None, "tie", None, "|".join(tied), tied[0]

"""Word shingles of normalized text, hashed, for the whole corpus at once."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from toolkit.arabic.normalize import normalize_with_offsets
from toolkit.arabic.tokenize import _TOKEN

_PRIME = np.uint64(0x100000001B3)
#: Joins texts for normalization; not a word character, kept by normalization.
_SEPARATOR = "\x00"


def _mix(values: np.ndarray) -> np.ndarray:
    """splitmix64 finalizer: spreads the bits of a polynomial hash."""
    z = values.copy()
    with np.errstate(over="ignore"):
        z ^= z >> np.uint64(30)
        z *= np.uint64(0xBF58476D1CE4E5B9)
        z ^= z >> np.uint64(27)
        z *= np.uint64(0x94D049BB133111EB)
        z ^= z >> np.uint64(31)
    return z


@dataclass(frozen=True)
class Shingles:
    """Hashed word n-grams of a list of texts.

    Attributes
    ----------
    n : int
        Words per shingle.
    tokens : list of numpy.ndarray
        Per text, the word hashes (of search-normalized words).
    hashes : numpy.ndarray
        Hash of every shingle, in text order.
    doc : numpy.ndarray
        Text index of every shingle.
    position : numpy.ndarray
        Index of the shingle's first word in its text.
    """

    n: int
    tokens: list[np.ndarray]
    hashes: np.ndarray
    doc: np.ndarray
    position: np.ndarray

    def matrix(self, n_docs: int) -> tuple[sparse.csr_matrix, np.ndarray]:
        """Binary documents × distinct shingles matrix (int32), and the hash of each column."""
        columns, inverse = np.unique(self.hashes, return_inverse=True)
        data = np.ones(inverse.size, dtype=np.int32)
        matrix = sparse.csr_matrix((data, (self.doc, inverse)), shape=(n_docs, columns.size))
        matrix.sum_duplicates()
        matrix.data[:] = 1
        return matrix, columns


def shingle_texts(texts: list[str], *, n: int) -> Shingles:
    """Hash the word n-grams of texts.

    Parameters
    ----------
    texts : list of str
        Texts (missing ones as "").
    n : int
        Words per shingle.

    Returns
    -------
    Shingles

    Examples
    --------
    >>> s = shingle_texts(["غارات أسفرت عن شهداء", "غارات أسفرت عن قتلى"], n=3)
    >>> s.doc.tolist(), int((s.hashes[0] == s.hashes[2]))
    ([0, 0, 1, 1], 1)
    """
    if n < 1:
        raise ValueError("a shingle has at least one word")
    words: list[str] = []
    lengths = np.zeros(len(texts), dtype=np.int64)
    for i, text in enumerate(_normalized(texts)):
        found = _TOKEN.findall(text) if text else []
        words.extend(found)
        lengths[i] = len(found)
    # A content hash of each word (not an id local to this call), so that
    # shingles computed on different partitions of a corpus agree.
    ids = pd.util.hash_array(np.asarray(words, dtype=object)) if words else np.zeros(0, dtype=np.uint64)
    bounds = np.concatenate([[0], np.cumsum(lengths)])
    tokens = [ids[bounds[i] : bounds[i + 1]] for i in range(len(texts))]
    total = ids.size
    if total < n:
        empty = np.zeros(0, dtype=np.int64)
        return Shingles(n, tokens, np.zeros(0, dtype=np.uint64), empty, empty)
    count = total - n + 1
    hashes = np.zeros(count, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(n):
            hashes = hashes * _PRIME + ids[k : k + count]
    doc_of_token = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
    start = np.arange(count, dtype=np.int64)
    inside = doc_of_token[start] == doc_of_token[start + n - 1]
    doc = doc_of_token[start[inside]]
    position = start[inside] - bounds[doc]
    return Shingles(n, tokens, _mix(hashes[inside]), doc, position)


def _normalized(texts: list[str]) -> list[str]:
    """Search-normalize many texts in one pass (one vectorized call, not one per text)."""
    if not texts:
        return []
    joined = _SEPARATOR.join(t.replace(_SEPARATOR, " ") if t else "" for t in texts)
    return normalize_with_offsets(joined, level="search").text.split(_SEPARATOR)


def coverage(position: np.ndarray, hit: np.ndarray, n: int) -> int:
    """Words covered by some of a text's shingles.

    Parameters
    ----------
    position : numpy.ndarray
        First-word position of each shingle of the text.
    hit : numpy.ndarray
        Which shingles count.
    n : int
        Words per shingle.

    Returns
    -------
    int
        Number of distinct word positions covered.

    Examples
    --------
    >>> coverage(np.array([0, 1, 2, 5]), np.array([True, True, False, True]), 3)
    7
    """
    starts = position[hit]
    if starts.size == 0:
        return 0
    delta = np.zeros(int(position.max()) + n + 1, dtype=np.int64)
    np.add.at(delta, starts, 1)
    np.add.at(delta, starts + n, -1)
    return int((np.cumsum(delta) > 0).sum())

"""How a normalized word is written: the display form of log-odds and topic words.

Statistics count words in search-normalized spelling («الامريكيه»), which a
reader takes for a misspelling. :func:`written_forms` finds, for each
normalized word, its most frequent spelling in the texts («الأمريكية»).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

import numpy as np
import pandas as pd

from toolkit.arabic.normalize import normalize
from toolkit.arabic.tokenize import TOKEN_PATTERN

_TOKEN = re.compile(TOKEN_PATTERN)


def written_forms(
    documents: pd.DataFrame,
    words: Iterable[str],
    *,
    by: str | None = "outlet",
    per_group: int = 400,
    seed: int = 0,
) -> dict[str, str]:
    """Normalized word → its most frequent written form in the texts.

    Parameters
    ----------
    documents : pandas.DataFrame
        With ``doc_id`` and ``text`` (and ``by``).
    words : iterable of str
        Normalized words (as :func:`toolkit.log_odds` returns them).
    by : str or None
        Sample up to ``per_group`` documents of each group, so that words one
        outlet alone uses are found too; None samples the whole table.
    per_group : int
        Documents read per group (a seeded sample chosen by document id, so
        the result does not depend on row order); 0 reads all.
    seed : int
        Seed of the sample.

    Returns
    -------
    dict
        Only words that were found; ties go to the spelling first in
        Unicode order.

    Examples
    --------
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["x", "x"],
    ...                      "text": ["الولايات المتحدة الأمريكية", "المتحدة والأمريكية"]})
    >>> written_forms(docs, ["الامريكيه", "المتحده", "غزه"])
    {'الامريكيه': 'الأمريكية', 'المتحده': 'المتحدة'}
    """
    wanted = set(words)
    if not wanted or documents.empty:
        return {}
    rows = documents
    if per_group:
        rank = pd.util.hash_pandas_object(rows["doc_id"].astype(str), index=False).to_numpy()
        rank = rank ^ np.uint64(seed * 0x9E3779B97F4A7C15 % 2**64)
        rows = rows.assign(_rank=rank).sort_values(["_rank", "doc_id"])
        rows = rows.groupby(by, sort=False).head(per_group) if by else rows.head(per_group)
    counts = Counter(_TOKEN.findall("\n".join(rows["text"].dropna().astype(str))))
    best: dict[str, tuple[int, str]] = {}
    for form, n in counts.items():
        key = normalize(form, level="search")
        if key in wanted:
            current = best.get(key)
            if current is None or (n, _neg(form)) > (current[0], _neg(current[1])):
                best[key] = (n, form)
    return {key: best[key][1] for key in sorted(best)}


def _neg(text: str) -> tuple[int, ...]:
    return tuple(-ord(ch) for ch in text)

"""Keyness of terms in a target group against a reference.

For each term, the 2×2 table is (target, reference) × (term, other terms),
cells ``a`` (term in target), ``b`` (term in reference), ``c`` and ``d``
(other terms), ``N`` their sum and ``E = (a + b)(a + c) / N`` the expected
target count. Statistics are signed: negative when ``a <= E`` (the term is
not more frequent in the target), as in quanteda.

Corrections (``correction=``), following quanteda.textstats' computation
(``textstat_keyness``; the code, not its help page, which says Williams for
G² by default):

``"default"`` and ``"yates"``
    Yates' continuity correction only when an expected cell is below 5 and
    ``|ad - bc| >= N / 2``: χ² uses ``N (|ad - bc| - N/2)^2 / (row and column
    products)``; G² moves each cell half a unit towards independence.
``"williams"``
    No Yates; both statistics divided by Williams' ``q = 1 + (N/(a+b) +
    N/(c+d) - 1)(N/(a+c) + N/(b+d) - 1) / (6N)`` (``q = 1`` when a cell is 0).
``"none"``
    Neither.
``"scipy"``
    Yates always, each observed count moved half a unit towards its
    expectation but never past it (:func:`scipy.stats.chi2_contingency`).

G² is ``2 Σ O log(O / E + 1e-9)``, quanteda's guard against empty cells
(it moves G² by at most ``2e-9 N``). p-values come from χ² with one degree of
freedom.

PMI is ``log(a' N' / ((a' + b')(a' + c')))`` over the table with
``pmi_smoothing`` (default 0.5, Jeffreys' prior for a binomial) added to
every cell: finite when the target never uses a term, and close to the raw
PMI for frequent terms. ``pmi_smoothing=0`` gives the raw value (−inf for an
unused term).

Terms that neither the target nor the reference uses are dropped (with
``reference=``, the other groups' vocabulary would otherwise sort into the
middle with a statistic of 0).

``resample="permutation"`` adds ``p_docs``: the permutation p-value of
the sorting measure when the target/reference labels are shuffled among
documents (see :mod:`toolkit.compare.resampling`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import chi2 as chi2_distribution

from toolkit.compare.resampling import document_stats, permutation_labels, resampled_counts
from toolkit.compare.terms import document_terms

MEASURES = ("chi2", "g2", "pmi")
CORRECTIONS = ("default", "yates", "williams", "none", "scipy")
EPSILON = 1e-9


def _statistics(a, b, target_total, reference_total, *, correction: str, pmi_smoothing: float) -> dict:
    """χ², G² and PMI for arrays of cells (broadcasting over resamples)."""
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    c = target_total - a
    d = reference_total - b
    n = a + b + c + d
    expected = (a + b) * (a + c) / n
    sign = np.where(a > expected, 1.0, -1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        margins = (a + b) * (c + d) * (a + c) * (b + d)
        cross = np.abs(a * d - b * c)
        small = (
            ((a + b) * (a + c) / n < 5) | ((a + b) * (b + d) / n < 5)
            | ((a + c) * (c + d) / n < 5) | ((c + d) * (b + d) / n < 5)
        )  # fmt: skip
        yates = np.where((cross >= n / 2) & small, 0.5, 0.0) if correction in ("default", "yates") else 0.0
        q = 1.0
        if correction == "williams":
            williams = 1 + (n / (a + b) + n / (c + d) - 1) * (n / (a + c) + n / (b + d) - 1) / (6 * n)
            q = np.where(a * b * c * d == 0, 1.0, williams)
        if correction == "scipy":
            observed = np.stack([a, b, c, d])
            exp = np.stack([expected, (a + b) * (b + d) / n, (a + c) * (c + d) / n, (b + d) * (c + d) / n])
            diff = exp - observed
            moved = observed + np.sign(diff) * np.minimum(0.5, np.abs(diff))
            chi2 = ((moved - exp) ** 2 / exp).sum(axis=0)
        else:
            chi2 = n * (cross - n * yates) ** 2 / margins / q
        # G²: Yates moves the cells half a unit towards independence (quanteda's lr).
        shift = yates * np.where(a * d - b * c > 0, 1.0, -1.0) if correction in ("default", "yates") else 0.0
        aa, bb, cc, dd = a - shift, b + shift, c + shift, d - shift

        def term(o, row, col):
            return np.where(o != 0, o * np.log(o / (row * col / n) + EPSILON), 0.0)

        g2 = 2 * (term(aa, aa + bb, aa + cc) + term(bb, aa + bb, bb + dd)
                  + term(cc, aa + cc, cc + dd) + term(dd, bb + dd, cc + dd)) / q  # fmt: skip
        s = pmi_smoothing
        pmi = np.log((a + s) * (n + 4 * s) / ((a + b + 2 * s) * (a + c + 2 * s)))
    return {"chi2": sign * chi2, "g2": sign * g2, "pmi": pmi}


def keyness_table(
    target: np.ndarray,
    reference: np.ndarray,
    terms: list[str],
    *,
    correction: str = "default",
    pmi_smoothing: float = 0.5,
) -> pd.DataFrame:
    """Keyness statistics from two count vectors over the same terms.

    Parameters
    ----------
    target, reference : numpy.ndarray
        Counts of each term in the target and in the reference.
    terms : list of str
        The terms.
    correction : {"default", "yates", "williams", "none", "scipy"}
        See the module documentation.
    pmi_smoothing : float
        Added to every cell of the 2×2 table before PMI.

    Returns
    -------
    pandas.DataFrame
        ``term``, ``target``, ``reference``, ``chi2``, ``g2``, ``pmi``,
        ``p_chi2``, ``p_g2``; terms absent from both are dropped.

    Examples
    --------
    >>> t = keyness_table(np.array([10, 90, 0]), np.array([5, 195, 0]), ["a", "b", "c"])
    >>> t["term"].tolist(), round(float(t.loc[0, "chi2"]), 3), round(float(t.loc[0, "g2"]), 3)
    (['a', 'b'], 7.895, 7.33)
    """
    if correction not in CORRECTIONS:
        raise ValueError(f"correction is one of {CORRECTIONS}, not {correction!r}")
    a = np.asarray(target, dtype=float)
    b = np.asarray(reference, dtype=float)
    stats = _statistics(a, b, a.sum(), b.sum(), correction=correction, pmi_smoothing=pmi_smoothing)
    table = pd.DataFrame(
        {"term": terms, "target": a.astype(np.int64), "reference": b.astype(np.int64),
         "chi2": stats["chi2"], "g2": stats["g2"], "pmi": stats["pmi"],
         "p_chi2": chi2_distribution.sf(np.abs(stats["chi2"]), 1),
         "p_g2": chi2_distribution.sf(np.abs(stats["g2"]), 1)}
    )  # fmt: skip
    return table[(a + b) > 0].reset_index(drop=True)


def keyness(
    documents: pd.DataFrame,
    *,
    target: object,
    by: str = "outlet",
    reference: object = None,
    measure: str = "g2",
    matches: pd.DataFrame | None = None,
    min_count: int = 5,
    correction: str = "default",
    pmi_smoothing: float = 0.5,
    per_document: bool = False,
    resample: str | None = None,
    n_resamples: int = 200,
    seed: int = 0,
) -> pd.DataFrame:
    """Terms over- and under-represented in one group.

    Parameters
    ----------
    documents : pandas.DataFrame
        With ``doc_id``, ``text`` and ``by``.
    target : object
        The group studied.
    by : str
        Document column of the groups.
    reference : object, optional
        The group compared with; default: all other groups together.
    measure : {"chi2", "g2", "pmi"}
        Sort order (descending).
    matches : pandas.DataFrame, optional
        Use lexicon variants as terms.
    min_count : int
        Terms rarer than this in the corpus are left out.
    correction : {"default", "yates", "williams", "none", "scipy"}
        See :mod:`toolkit.compare.keyness` (default: quanteda's).
    pmi_smoothing : float
        Added to each cell before PMI.
    per_document : bool
        Add ``n_docs`` (target documents using the term), ``top_doc_share``
        and ``one_article`` (more than half of the target's count from one
        document).
    resample : {None, "permutation"}
        Add ``p_docs``, the share of ``n_resamples`` shuffles of the
        documents' target/reference labels with a statistic (``measure``) at
        least as extreme; articles, not tokens, are the units.
    n_resamples, seed : int
        For ``resample``.

    Returns
    -------
    pandas.DataFrame
        See :func:`keyness_table`.

    Examples
    --------
    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": list("abcd"), "outlet": ["x", "x", "y", "y"],
    ...                      "text": ["شهداء غزة", "شهداء", "قتلى غزة", "قتلى"]})
    >>> keyness(docs, target="x", min_count=1)["term"].tolist()
    ['شهداء', 'غزه', 'قتلي']
    """
    if measure not in MEASURES:
        raise ValueError(f"measure is one of {MEASURES}")
    if resample not in (None, "permutation"):
        raise ValueError("resample is None or 'permutation' (document labels shuffled)")
    dt = document_terms(documents, by=by, matches=matches)
    if target not in dt.groups:
        raise ValueError(f"target {target!r} is not a group; groups: {list(dt.groups)}")
    if reference is not None and reference not in dt.groups:
        raise ValueError(f"reference {reference!r} is not a group; groups: {list(dt.groups)}")
    t_code = dt.groups.index(target)
    in_play = dt.codes == t_code
    in_play |= (dt.codes == dt.groups.index(reference)) if reference is not None else True
    dt = dt._replace(matrix=dt.matrix[in_play].tocsr(), codes=dt.codes[in_play], doc_ids=dt.doc_ids[in_play],
                     lengths=dt.lengths[in_play])  # fmt: skip
    # min_count over the whole corpus, as before (the compared documents with reference=).
    dt = dt.keep(np.asarray(dt.matrix.sum(axis=0)).ravel() >= min_count)
    is_target = dt.codes == t_code
    a = np.asarray(dt.matrix[is_target].sum(axis=0)).ravel()
    b = np.asarray(dt.matrix[~is_target].sum(axis=0)).ravel()
    table = keyness_table(a, b, list(dt.terms), correction=correction, pmi_smoothing=pmi_smoothing)
    used = (a + b) > 0
    if per_document:
        stats = document_stats(dt._replace(codes=np.where(is_target, 0, 1), groups=["target", "reference"]))
        stats = stats[stats["group"] == "target"].drop(columns="group")
        table = table.merge(stats, on="term", how="left", validate="one_to_one")
    if resample == "permutation":
        observed = table[measure].to_numpy()
        order = np.argsort(dt.doc_ids.astype(str), kind="stable")  # canonical: row order does not matter
        labels = permutation_labels(int(is_target.sum()), len(order), n_resamples=n_resamples, seed=seed)
        matrix = dt.matrix[order][:, used].tocsr()
        totals = np.asarray(matrix.sum(axis=1)).ravel()
        t_totals = labels @ totals
        grand = totals.sum()
        column_totals = np.asarray(matrix.sum(axis=0)).ravel()
        extreme = np.zeros(used.sum())
        for columns, draws in resampled_counts(matrix, np.arange(len(order)), labels):
            stat = _statistics(draws, column_totals[columns][None, :] - draws, t_totals[:, None],
                               grand - t_totals[:, None], correction=correction,
                               pmi_smoothing=pmi_smoothing)[measure]  # fmt: skip
            extreme[columns] = (np.abs(stat) >= np.abs(observed[columns])[None, :] - 1e-12).sum(axis=0)
        table["p_docs"] = (extreme + 1) / (n_resamples + 1)
    return table.sort_values([measure, "term"], ascending=[False, True]).reset_index(drop=True)

"""Defending a lexicon: sample matches for a person to mark, then measure precision."""

from __future__ import annotations

from pathlib import Path
from statistics import NormalDist

import numpy as np
import pandas as pd

from toolkit import schema
from toolkit.annotation.counts import counted
from toolkit.schema import PRECISION_COLUMNS, REVIEW_COLUMNS

_TRUE = {"1", "y", "yes", "true", "t", "correct", "✓", "نعم", "صح"}
_FALSE = {"0", "n", "no", "false", "f", "incorrect", "wrong", "✗", "لا", "خطأ"}


def sample_for_review(
    matches: pd.DataFrame,
    *,
    documents: pd.DataFrame | None = None,
    per_variant: int = 30,
    seed: int = 0,
    path: str | Path | None = None,
    width: int = 50,
    include_out_of_scope: bool = False,
) -> pd.DataFrame:
    """Draw matches of each variant for a person to mark correct or not.

    Only hits that count (``in_scope``) are drawn, unless asked: precision
    is measured on what the statistics count.

    Parameters
    ----------
    matches : pandas.DataFrame
        From :func:`toolkit.annotate`.
    documents : pandas.DataFrame, optional
        Gives the ``left``/``right`` context the reviewer reads.
    per_variant : int
        Matches drawn per variant (all of them when there are fewer).
    seed : int
        The draw is reproducible and does not depend on row order.
    path : path, optional
        Where to write the CSV (UTF-8 with BOM, so spreadsheet programs show
        Arabic).
    width : int
        Characters of context.
    include_out_of_scope : bool
        Draw from every hit, also those that failed their context.

    Returns
    -------
    pandas.DataFrame
        Columns ``match_id``, ``doc_id``, ``concept``, ``variant``, ``term``,
        ``surface``, ``left``, ``right`` and an empty ``correct`` to fill with
        1/0 (or yes/no). ``match_id`` is ``doc_id:start-end``, with
        ``:title`` after the ``doc_id`` for a hit in the headline.

    Examples
    --------
    >>> import pandas as pd
    >>> from toolkit import annotate
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["قتلى وشهداء", "الشهداء"]})
    >>> sample_for_review(annotate(docs), per_variant=1)[["variant", "surface"]].values.tolist()
    [['martyrs', 'الشهداء'], ['killed', 'قتلى']]
    """
    schema.check_columns(
        matches, ["doc_id", "start", "end", "concept", "variant", "term", "surface"], table="matches"
    )
    matches = counted(matches, include_out_of_scope=include_out_of_scope)
    if "field" not in matches.columns:
        matches = matches.assign(field="text")
    matches = matches.assign(field=matches["field"].astype(str))
    ordered = matches.sort_values(["concept", "variant", "doc_id", "field", "start"]).reset_index(drop=True)
    rng = np.random.default_rng(seed)
    picked = []
    for _, group in ordered.groupby(["concept", "variant"], sort=True):
        take = min(per_variant, len(group))
        picked.append(group.iloc[np.sort(rng.choice(len(group), size=take, replace=False))])
    sample = pd.concat(picked) if picked else ordered.iloc[:0]
    sample = sample.assign(
        match_id=sample["doc_id"].astype(str)
        + sample["field"].map({"title": ":title"}).fillna("")
        + ":"
        + sample["start"].astype(str)
        + "-"
        + sample["end"].astype(str)
    )
    left = right = pd.Series("", index=sample.index)
    if documents is not None:
        docs = documents.set_index("doc_id")
        texts = [
            docs.at[d, f] if isinstance(docs.at[d, f], str) else ""
            for d, f in zip(sample["doc_id"], sample["field"], strict=True)
        ]
        left = pd.Series(
            [t[max(0, s - width) : s] for t, s in zip(texts, sample["start"], strict=True)],
            index=sample.index,
        )
        right = pd.Series(
            [t[e : e + width] for t, e in zip(texts, sample["end"], strict=True)], index=sample.index
        )
    out = sample.assign(left=left.str.replace("\n", " "), right=right.str.replace("\n", " "), correct="")
    out = out[list(REVIEW_COLUMNS)].reset_index(drop=True)
    if path is not None:
        out.to_csv(path, index=False, encoding="utf-8-sig")
    return out


def wilson_interval(
    successes: np.ndarray, trials: np.ndarray, *, ci: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for binomial proportions.

    Parameters
    ----------
    successes, trials : numpy.ndarray
        Counts; NaN comes out where there are no trials.
    ci : float
        Confidence level.

    Returns
    -------
    tuple of numpy.ndarray
        Lower and upper bounds.

    Examples
    --------
    >>> low, high = wilson_interval(np.array([18]), np.array([20]))
    >>> round(float(low[0]), 3), round(float(high[0]), 3)
    (0.699, 0.972)
    """
    successes = np.asarray(successes, dtype=float)
    trials = np.asarray(trials, dtype=float)
    z = NormalDist().inv_cdf(0.5 + ci / 2)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = successes / trials
        denominator = 1 + z**2 / trials
        centre = (p + z**2 / (2 * trials)) / denominator
        half = z * np.sqrt(p * (1 - p) / trials + z**2 / (4 * trials**2)) / denominator
    return centre - half, centre + half


def lexicon_precision(reviewed: str | Path | pd.DataFrame, *, ci: float = 0.95) -> pd.DataFrame:
    """Precision of each variant from a reviewed sample, with Wilson intervals.

    Parameters
    ----------
    reviewed : path or pandas.DataFrame
        The CSV from :func:`sample_for_review` with ``correct`` filled in
        (1/0, yes/no, true/false, ✓/✗, نعم/لا). Blank rows are not counted.
    ci : float
        Confidence level.

    Returns
    -------
    pandas.DataFrame
        ``concept``, ``variant``, ``n_reviewed``, ``n_correct``,
        ``precision``, ``ci_low``, ``ci_high``.

    Raises
    ------
    ValueError
        Naming the first row with a mark that is not understood.
    """
    frame = (
        reviewed.copy()
        if isinstance(reviewed, pd.DataFrame)
        else pd.read_csv(reviewed, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    )
    schema.check_columns(frame, ["concept", "variant", "correct"], table="reviewed sample")
    marks = frame["correct"].fillna("").astype(str).str.strip().str.lower()
    known = marks.isin(_TRUE | _FALSE) | (marks == "")
    if not known.all():
        row = int(np.flatnonzero(~known.to_numpy())[0])
        raise ValueError(
            f"row {row + 2} of the reviewed sample (counting the header as row 1): mark "
            f"{frame['correct'].iloc[row]!r} is not one of {sorted(_TRUE | _FALSE)} or blank"
        )
    frame = frame.assign(_ok=marks.isin(_TRUE), _done=marks != "")
    done = frame[frame["_done"]]
    table = (
        done.groupby(["concept", "variant"], sort=True)
        .agg(n_reviewed=("_ok", "size"), n_correct=("_ok", "sum"))
        .reset_index()
    )
    table["precision"] = table["n_correct"] / table["n_reviewed"]
    low, high = wilson_interval(table["n_correct"].to_numpy(), table["n_reviewed"].to_numpy(), ci=ci)
    table["ci_low"], table["ci_high"] = low, high
    return table[list(PRECISION_COLUMNS)]

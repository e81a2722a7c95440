"""Defending a lexicon: sample matches for a person to mark, then measure precision."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from statistics import NormalDist

import numpy as np
import pandas as pd

from toolkit import schema
from toolkit.schema import PRECISION_COLUMNS

_TRUE = {"1", "y", "yes", "true", "t", "correct", "✓", "نعم", "صح"}
_FALSE = {"0", "n", "no", "false", "f", "incorrect", "wrong", "✗", "لا", "خطأ"}


def sample_for_review(
    matches: pd.DataFrame,
    *,
    documents: pd.DataFrame | None = None,
    per_variant: int | Mapping[str, int] = 30,
    seed: int = 0,
    path: str | Path | None = None,
    width: int = 50,
    out_of_scope: int | Mapping[str, int] = 0,
    dedupe: bool = True,
    rule: str | None = None,
    codebook=None,
) -> pd.DataFrame:
    """Draw matches of each variant for coders to mark correct or not.

    The draw is stratified by variant (and by scope, see ``out_of_scope``),
    seeded, and independent of row order: every match gets a pseudo-random
    rank from its id and the seed, and the lowest ranks are taken. Repeated
    sentences (republished texts repeat them) are drawn once per stratum, so
    that the sample is not spent on copies of one sentence.

    Parameters
    ----------
    matches : pandas.DataFrame
        From :func:`toolkit.annotate`. Without an ``in_scope`` column every
        match counts as in scope.
    documents : pandas.DataFrame, optional
        Gives the ``left``/``right`` context the coder reads and the
        sentences compared to remove repeats.
    per_variant : int or mapping
        In-scope matches drawn per variant (all of them when there are
        fewer); a mapping concept → number draws only the concepts named.
    seed : int
        Seed of the draw.
    path : path, optional
        Where to write the coding sheet: ``.xlsx`` (right to left, with an
        instructions sheet) or ``.csv`` (UTF-8 with BOM, instructions in
        ``<name>.instructions.txt``); see :func:`toolkit.validate.write_sheet`.
    width : int
        Characters of context.
    out_of_scope : int
        Matches per variant drawn from those a scope rule excluded
        (``in_scope`` false), as a separate stratum: coding them estimates
        what the scopes exclude wrongly. 0 (default) draws none; a mapping
        concept → number as for ``per_variant``.
    dedupe : bool
        Draw a sentence at most once per stratum (needs ``documents`` and the
        ``sentence_start``/``sentence_end`` columns; whitespace is ignored).
    rule : str, optional
        The coding rule written into the instructions.
    codebook : mapping or list, optional
        The codes offered (default yes/no), see :func:`toolkit.validate.read_coded`.

    Returns
    -------
    pandas.DataFrame
        One row per drawn match: ``match_id``, ``left``, ``surface``,
        ``right``, an empty ``correct`` and ``note``, ``concept``,
        ``variant``, ``term``, ``doc_id``, ``field``, ``start``, ``end``,
        ``stratum`` and ``sample_id`` (see
        :data:`toolkit.validate.SHEET_COLUMNS`).

    Examples
    --------
    >>> import pandas as pd
    >>> from toolkit import annotate
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["قتلى وشهداء في غزة", "الشهداء في غزة"]})
    >>> sample_for_review(annotate(docs), per_variant=1)[["variant", "surface"]].values.tolist()
    [['martyrs', 'وشهداء'], ['killed', 'قتلى']]
    """
    from toolkit.validate.precision import match_ids
    from toolkit.validate.sheets import DEFAULT_RULE, SHEET_COLUMNS, sample_fingerprint, write_sheet

    schema.check_columns(
        matches, ["doc_id", "start", "end", "concept", "variant", "term", "surface"], table="matches"
    )
    frame = matches.reset_index(drop=True)
    field = (
        frame["field"].astype(object).fillna("text").astype(str)
        if "field" in frame.columns
        else pd.Series("text", index=frame.index)
    )
    frame = frame.assign(field=field, match_id=match_ids(frame))
    scope = (
        frame["in_scope"].astype(object).fillna(True).astype(bool) if "in_scope" in frame.columns else True
    )
    frame["stratum"] = np.where(scope, "in_scope", "out_of_scope")
    texts = _field_texts(frame, documents)
    sentence = pd.Series(frame["match_id"], index=frame.index)  # unique: no dedupe
    if dedupe and texts is not None and {"sentence_start", "sentence_end"} <= set(frame.columns):
        sentence = pd.Series(
            [
                " ".join(t[s:e].split()) if isinstance(t, str) else m
                for t, s, e, m in zip(
                    texts, frame["sentence_start"], frame["sentence_end"], frame["match_id"], strict=True
                )
            ],
            index=frame.index,
        )
    # An order-free random rank: a keyed hash of the match id.
    key = f"{seed % 10**16:016d}"
    rank = pd.util.hash_pandas_object(frame["match_id"], index=False, hash_key=key).to_numpy()
    frame = frame.assign(_rank=rank, _sentence=sentence).sort_values(["_rank", "match_id"])
    concept = frame["concept"].astype(str)
    quota = np.where(
        frame["stratum"] == "in_scope", _quota(per_variant, concept), _quota(out_of_scope, concept)
    )
    frame = frame.assign(_quota=quota)
    picked = frame[frame["_quota"] > 0].drop_duplicates(["concept", "variant", "stratum", "_sentence"])
    picked = picked[
        picked.groupby(["concept", "variant", "stratum"], observed=True).cumcount() < picked["_quota"]
    ]
    # Offsets of different fields (title, text) are not comparable: sort by
    # field first; the match id breaks any tie, so row order never shows.
    ordered = picked.sort_values(["concept", "variant", "stratum", "doc_id", "field", "start", "match_id"])
    sample = ordered.reset_index(drop=True)
    left = right = pd.Series("", index=sample.index)
    if texts is not None:
        chosen = texts.loc[ordered.index]
        left = pd.Series(
            [t[max(0, s - width) : s] for t, s in zip(chosen, sample["start"], strict=True)],
            index=sample.index,
        )
        right = pd.Series(
            [t[e : e + width] for t, e in zip(chosen, sample["end"], strict=True)], index=sample.index
        )
    out = sample.assign(
        left=left.str.replace("\n", " "),
        right=right.str.replace("\n", " "),
        correct="",
        note="",
        sample_id=sample_fingerprint(sample["match_id"]),
    )
    out = out[list(SHEET_COLUMNS)].reset_index(drop=True)
    if path is not None:
        write_sheet(out, path, rule=rule or DEFAULT_RULE, codebook=codebook)
    return out


def _quota(number: int | Mapping[str, int], concept: pd.Series) -> np.ndarray:
    if isinstance(number, Mapping):
        unknown = set(number) - set(concept)
        if unknown:
            raise ValueError(f"no matches of concept(s) {sorted(unknown)}; concepts: {sorted(set(concept))}")
        return concept.map(number).fillna(0).to_numpy(dtype=np.int64)
    return np.full(len(concept), int(number))


def _field_texts(frame: pd.DataFrame, documents: pd.DataFrame | None) -> pd.Series | None:
    """The text each match's offsets refer to (its document's text or title)."""
    if documents is None:
        return None
    schema.check_columns(documents, ["doc_id", "text"], table="documents")
    by_id = documents.drop_duplicates("doc_id").set_index("doc_id")
    unknown = ~frame["doc_id"].isin(by_id.index)
    if unknown.any():
        raise ValueError(
            f"{int(unknown.sum())} match(es) refer to documents not given, "
            f"e.g. {frame['doc_id'][unknown].iloc[0]!r}"
        )
    text = by_id["text"].reindex(frame["doc_id"]).to_numpy()
    if "title" in by_id.columns:
        title = by_id["title"].reindex(frame["doc_id"]).to_numpy()
        text = np.where(frame["field"].to_numpy() == "title", title, text)
    return pd.Series(text, index=frame.index)


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

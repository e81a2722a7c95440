"""Label shares corrected for the lexicon's measurement error.

The model
---------
A variant ``v`` has ``H_v`` hits in a group. A share ``p_v`` of its hits
are true mentions of the concept's referent (its precision, estimated from a
coded sample of its hits), and the lexicon finds a share ``r_v`` of the true
mentions that use ``v`` (its recall, estimated from documents in which a
coder listed every mention; taken as 1 when not known). The expected number
of true mentions using ``v`` is ``H_v p_v / r_v``, so the corrected share is

    s*_v = s_v q_v / sum_w s_w q_w,    q_v = p_v / r_v,

where ``s_v`` is the observed share. The group's total cancels out: only
the observed shares and the ratios ``q`` enter.

The interval combines both sources of uncertainty. In each resample the
documents are resampled (the cluster bootstrap of
:func:`toolkit.compare.bootstrap_shares`) and, independently, each variant's
precision (and recall) is drawn from its Beta posterior given the coded
sample (Jeffreys prior, Beta(k + 1/2, n - k + 1/2)); the percentile interval
of the corrected shares over the resamples is reported. The point estimate
uses the posterior means (k + 1/2) / (n + 1) of precision and recall. One precision draw
serves all groups of a resample, since one coded sample measured them all.

Assumptions: a variant's precision and recall are the same in every group
(outlet) and document; the coded hits are a simple random sample of the
variant's in-scope hits (what :func:`toolkit.sample_for_review` draws);
coding is right (the agreement between coders says how far to trust that);
without recall, missed mentions are assumed to be missed at the same rate
for every variant, which cancels out of the shares.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from toolkit.compare.shares import bootstrap_shares

#: Columns :func:`corrected_shares` adds to :data:`toolkit.schema.SHARE_COLUMNS`.
CORRECTED_COLUMNS: dict[str, str] = {
    "share_corrected": "estimated share of true mentions (precision and recall applied)",
    "ci_low_corrected": "interval of the corrected share: documents resampled, precision drawn",
    "ci_high_corrected": "",
    "n_mentions_corrected": "n_mentions × precision / recall (posterior means): expected true mentions",
    "precision": "the variant's measured precision, n_correct / n_coded (in-scope coded hits)",
    "n_coded": "coded hits behind it",
    "recall": "the variant's recall as used, the posterior mean (1 when not known)",
    "validated": "false when the variant had no coded hits (kept as observed, with unvalidated='as_is')",
}


class ValidationWarning(UserWarning):
    """A variant without validation, kept uncorrected."""


def _validation_counts(validation: pd.DataFrame, concept: str) -> pd.DataFrame:
    """Coded and correct counts per variant of one concept (in-scope stratum)."""
    table = validation
    if "stratum" in table.columns:
        table = table[table["stratum"] == "in_scope"]
    n_col = "n_coded" if "n_coded" in table.columns else "n_reviewed"
    missing = [c for c in ("concept", "variant", n_col, "n_correct") if c not in table.columns]
    if missing:
        raise ValueError(
            "validation needs a precision table (toolkit.validate.variant_precision or "
            f"toolkit.lexicon_precision); it lacks {missing}"
        )
    table = table[table["concept"].astype(str) == concept]
    return pd.DataFrame(
        {
            "variant": table["variant"].astype(str).to_numpy(),
            "n": table[n_col].to_numpy(dtype=float),
            "k": table["n_correct"].to_numpy(dtype=float),
        }
    ).set_index("variant")


def _recall_counts(recall: pd.DataFrame | None, concept: str) -> pd.DataFrame:
    if recall is None:
        return pd.DataFrame({"n": [], "k": []}, index=pd.Index([], name="variant"))
    missing = [c for c in ("concept", "variant", "n_instances", "n_found") if c not in recall.columns]
    if missing:
        raise ValueError(f"recall needs a table from toolkit.validate.variant_recall; it lacks {missing}")
    table = recall[recall["concept"].astype(str) == concept]
    return pd.DataFrame(
        {
            "n": table["n_instances"].to_numpy(dtype=float),
            "k": table["n_found"].to_numpy(dtype=float),
        },
        index=pd.Index(table["variant"].astype(str), name="variant"),
    )


def corrected_shares(
    matches: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    concept: str,
    validation: pd.DataFrame,
    recall: pd.DataFrame | None = None,
    by: str | list[str] = "outlet",
    n_boot: int = 2000,
    ci: float = 0.95,
    seed: int = 0,
    within: str | None = None,
    reuse: pd.DataFrame | None = None,
    event_weight: str = "size",
    unvalidated: str = "error",
) -> pd.DataFrame:
    """Label shares with and without the correction for precision (and recall).

    Parameters
    ----------
    matches, documents : pandas.DataFrame
        As for :func:`toolkit.label_shares`. Hits that a scope excluded
        (``in_scope`` false) are left out before counting.
    concept : str
        The concept whose variants compete.
    validation : pandas.DataFrame
        Per-variant precision counts: :func:`toolkit.validate.variant_precision`
        (its in-scope stratum) or :func:`toolkit.lexicon_precision`.
    recall : pandas.DataFrame, optional
        Per-variant recall counts from :func:`toolkit.validate.variant_recall`.
    by, n_boot, ci, seed, within, reuse, event_weight
        As for :func:`toolkit.label_shares` (the same seed gives the same
        document resamples, so the uncorrected columns equal its output).
    unvalidated : {"error", "as_is"}
        A variant of the concept without coded hits: raise (default), or
        keep it as observed (precision and recall 1, ``validated`` false)
        with a :class:`ValidationWarning`.

    Returns
    -------
    pandas.DataFrame
        :func:`toolkit.label_shares`' columns and :data:`CORRECTED_COLUMNS`.

    Raises
    ------
    ValueError
        A variant without validation (with ``unvalidated="error"``), or
        validation in which no hit of the concept was coded correct.

    Examples
    --------
    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": list("abcd"), "outlet": "x", "text": ""})
    >>> hits = pd.DataFrame({"doc_id": list("abcd"), "concept": "dead",
    ...                      "variant": ["martyrs", "martyrs", "killed", "killed"]})
    >>> checked = pd.DataFrame({"concept": "dead", "variant": ["martyrs", "killed"],
    ...                         "n_coded": [10, 10], "n_correct": [10, 5]})
    >>> t = corrected_shares(hits, docs, concept="dead", validation=checked, n_boot=200)
    >>> t[["variant", "share", "share_corrected"]].round(3).values.tolist()
    [['killed', 0.5, 0.344], ['martyrs', 0.5, 0.656]]
    """
    if unvalidated not in ("error", "as_is"):
        raise ValueError("unvalidated is 'error' or 'as_is'")
    if "in_scope" in matches.columns:
        matches = matches[matches["in_scope"].astype(object).fillna(True).astype(bool)]
    boot = bootstrap_shares(
        matches, documents, concept=concept, by=by, n_boot=n_boot, ci=ci, seed=seed, within=within,
        reuse=reuse, event_weight=event_weight,
    )  # fmt: skip
    variants = boot.variants
    precision = _validation_counts(validation, concept).reindex(variants)
    recall_counts = _recall_counts(recall, concept).reindex(variants)
    lacking = [v for v in variants if not precision.loc[v, "n"] > 0]
    if recall is not None:
        lacking += [v for v in variants if not recall_counts.loc[v, "n"] > 0 and v not in lacking]
    if lacking and unvalidated == "error":
        raise ValueError(
            f"variant(s) {lacking} of {concept!r} have no coded hits in the validation; code a sample "
            "of them, or pass unvalidated='as_is' to keep them uncorrected"
        )
    if lacking:
        warnings.warn(
            f"variant(s) {lacking} of {concept!r} have no validation and are kept as observed",
            ValidationWarning,
            stacklevel=2,
        )
    validated = precision["n"].fillna(0).to_numpy() > 0
    if recall is not None:
        validated &= recall_counts["n"].fillna(0).to_numpy() > 0
    p_n, p_k = precision["n"].fillna(0).to_numpy(), precision["k"].fillna(0).to_numpy()
    r_n, r_k = recall_counts["n"].fillna(0).to_numpy(), recall_counts["k"].fillna(0).to_numpy()
    if validated.any() and p_k[validated].sum() == 0:
        raise ValueError(f"no coded hit of {concept!r} is correct: the corrected shares are undefined")
    # Point estimates use the posterior means, (k + 1/2) / (n + 1): a variant
    # with 0 of 12 hits correct gets 0.04, not an exact zero that no finite
    # sample can show (and that would sit outside its own interval).
    p_hat = np.where(p_n > 0, (p_k + 0.5) / (p_n + 1.0), 1.0)
    r_hat = np.where(r_n > 0, (r_k + 0.5) / (r_n + 1.0), 1.0)
    # One stream for the coded samples, apart from the groups' document streams.
    rng = np.random.default_rng([seed, 0x5EED])
    p_draws = np.where(p_n > 0, rng.beta(p_k + 0.5, p_n - p_k + 0.5, size=(n_boot, len(variants))), 1.0)
    r_draws = np.where(r_n > 0, rng.beta(r_k + 0.5, r_n - r_k + 0.5, size=(n_boot, len(variants))), 1.0)
    q_hat = np.where(validated, p_hat / r_hat, 1.0)
    q_draws = np.where(validated, p_draws / r_draws, 1.0)
    table = boot.table
    tail = (1 - ci) / 2
    corrected = np.full(len(table), np.nan)
    low = np.full(len(table), np.nan)
    high = np.full(len(table), np.nan)
    keys = boot.keys
    positions = {v: i for i, v in enumerate(variants)}
    for group in boot.groups:
        rows = np.flatnonzero(
            np.logical_and.reduce([_equal(table[k], g) for k, g in zip(keys, group, strict=True)])
        )
        share = table["share"].to_numpy(dtype=float)[rows]
        idx = np.array([positions[v] for v in table["variant"].iloc[rows]])
        weighted = share * q_hat[idx]
        with np.errstate(invalid="ignore", divide="ignore"):
            corrected[rows] = weighted / weighted.sum()
            drawn = boot.draws[group][:, idx] * q_draws[:, idx]
            drawn = drawn / drawn.sum(axis=1, keepdims=True)
        if np.isfinite(drawn).any():
            low[rows], high[rows] = np.nanquantile(drawn, [tail, 1 - tail], axis=0)
    idx = table["variant"].map(positions).to_numpy()
    return table.assign(
        share_corrected=corrected,
        ci_low_corrected=low,
        ci_high_corrected=high,
        n_mentions_corrected=table["n_mentions"].to_numpy() * q_hat[idx],
        precision=np.where(p_n > 0, p_k / np.maximum(p_n, 1), np.nan)[idx],
        n_coded=p_n[idx].astype(int),
        recall=r_hat[idx],
        validated=validated[idx],
    )


def _equal(column: pd.Series, value) -> np.ndarray:
    if pd.isna(value):
        return column.isna().to_numpy()
    return (column == value).to_numpy()

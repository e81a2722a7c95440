"""Precision and recall of each variant from coded samples, with Wilson intervals."""

from __future__ import annotations

import numpy as np
import pandas as pd

from toolkit import schema
from toolkit.annotation.review import wilson_interval

#: Columns of :func:`variant_precision`'s table.
PRECISION_TABLE_COLUMNS: dict[str, str] = {
    "concept": "lexicon concept",
    "variant": "lexicon variant",
    "stratum": "'in_scope' (what the counts use) or 'out_of_scope' (hits a scope excluded)",
    "n_coded": "hits with a pooled code",
    "n_correct": "of them, coded correct",
    "precision": "n_correct / n_coded; for the out_of_scope stratum: the share wrongly excluded",
    "ci_low": "Wilson interval of the precision",
    "ci_high": "",
    "n_unresolved": "hits left out: coders tied, or nobody coded them",
}

#: Columns of :func:`variant_recall`'s table.
RECALL_COLUMNS: dict[str, str] = {
    "concept": "lexicon concept",
    "variant": "the variant the coder saw in the text",
    "n_instances": "instances a coder listed in the coded documents",
    "n_found": "of them, overlapped by an in-scope hit of the same concept",
    "recall": "n_found / n_instances",
    "ci_low": "Wilson interval of the recall",
    "ci_high": "",
}


def match_ids(matches: pd.DataFrame) -> pd.Series:
    """The id a coding sheet gives each match: ``doc_id:start-end`` (``doc_id:title:start-end``).

    Examples
    --------
    >>> match_ids(pd.DataFrame({"doc_id": ["a"], "start": [3], "end": [7]})).tolist()
    ['a:3-7']
    """
    field = (
        matches["field"].astype(object).fillna("text").astype(str)
        if "field" in matches.columns
        else pd.Series("text", index=matches.index)
    )
    where = (field + ":").where(field != "text", "")
    return (
        matches["doc_id"].astype(str)
        + ":"
        + where
        + matches["start"].astype(str)
        + "-"
        + matches["end"].astype(str)
    )


def restratify(codes: pd.DataFrame, matches: pd.DataFrame) -> pd.DataFrame:
    """Codes with their ``stratum`` taken from the current matches' ``in_scope``.

    A sample coded before scope rules changed still measures precision: each
    coded hit is put in the stratum the current rules give it, so that the
    in-scope precision describes the hits that are now counted. Hits the
    current lexicon no longer finds get the stratum ``"unmatched"``.

    Parameters
    ----------
    codes : pandas.DataFrame
        From :func:`toolkit.validate.read_coded`.
    matches : pandas.DataFrame
        The current :func:`toolkit.annotate` output.

    Returns
    -------
    pandas.DataFrame
        ``codes`` with ``stratum`` replaced.

    Examples
    --------
    >>> codes = pd.DataFrame({"match_id": ["a:0-4", "a:9-12"], "coder": "x", "code": "yes"})
    >>> hits = pd.DataFrame({"doc_id": ["a"], "start": [0], "end": [4], "in_scope": [False]})
    >>> restratify(codes, hits)["stratum"].tolist()
    ['out_of_scope', 'unmatched']
    """
    scope = (
        matches["in_scope"].astype(object).fillna(True).astype(bool)
        if "in_scope" in matches.columns
        else pd.Series(True, index=matches.index)
    )
    stratum = pd.Series(np.where(scope, "in_scope", "out_of_scope"), index=match_ids(matches).to_numpy())
    stratum = stratum[~stratum.index.duplicated()]
    return codes.assign(stratum=codes["match_id"].map(stratum).fillna("unmatched").to_numpy())


def pool_codes(
    codes: pd.DataFrame, *, pool: str = "majority", adjudicator: str | None = None
) -> pd.DataFrame:
    """One code per hit from several coders.

    Parameters
    ----------
    codes : pandas.DataFrame
        Long table ``match_id, coder, code`` (from :func:`read_coded`),
        with ``concept``/``variant``/``stratum`` columns carried along.
    pool : {"majority", "adjudicator"}
        ``"majority"``: the code most coders gave; a tie leaves the hit
        unresolved. ``"adjudicator"``: the named coder's code where that
        coder coded the hit, the majority elsewhere.
    adjudicator : str, optional
        The coder whose code settles a hit (with ``pool="adjudicator"``).

    Returns
    -------
    pandas.DataFrame
        One row per hit: ``match_id``, the carried columns, ``code``
        (missing when unresolved), ``n_coders``, ``how`` (``"majority"``,
        ``"adjudicator"``, ``"tie"`` or ``"uncoded"``).

    Examples
    --------
    >>> codes = pd.DataFrame({"match_id": ["a", "a", "a", "b", "b"], "coder": list("xyzxy"),
    ...                       "code": ["yes", "no", "yes", "no", "yes"]})
    >>> pool_codes(codes)[["match_id", "code", "how"]].values.tolist()
    [['a', 'yes', 'majority'], ['b', None, 'tie']]
    >>> pool_codes(codes, pool="adjudicator", adjudicator="y")["code"].tolist()
    ['no', 'yes']
    """
    schema.check_columns(codes, ["match_id", "coder", "code"], table="codes")
    if pool not in ("majority", "adjudicator"):
        raise ValueError("pool is 'majority' or 'adjudicator'")
    if pool == "adjudicator":
        if adjudicator is None:
            raise ValueError("pool='adjudicator' needs the adjudicator's name")
        if adjudicator not in set(codes["coder"].astype(str)):
            raise ValueError(
                f"adjudicator {adjudicator!r} is not among the coders "
                f"{sorted(set(codes['coder'].astype(str)))}"
            )
    carried = [c for c in ("doc_id", "concept", "variant", "stratum") if c in codes.columns]
    hits = codes.drop_duplicates("match_id")[["match_id", *carried]].set_index("match_id")
    given = codes[codes["code"].notna()]
    votes = given.groupby(["match_id", "code"]).size().unstack(fill_value=0)
    top = votes.max(axis=1)
    leaders = votes.eq(top, axis=0)
    majority = leaders.idxmax(axis=1).where(leaders.sum(axis=1) == 1)
    out = hits.assign(
        code=majority.reindex(hits.index),
        n_coders=given.groupby("match_id").size().reindex(hits.index).fillna(0).astype(int),
    )
    out["how"] = np.where(out["n_coders"] == 0, "uncoded", np.where(out["code"].isna(), "tie", "majority"))
    if pool == "adjudicator":
        settled = given[given["coder"].astype(str) == adjudicator].set_index("match_id")["code"]
        settled = settled.reindex(out.index)
        out["how"] = np.where(settled.notna(), "adjudicator", out["how"])
        out["code"] = settled.where(settled.notna(), out["code"])
    out["code"] = out["code"].astype(object).where(out["code"].notna(), None)
    return out.reset_index()


def variant_precision(
    codes: pd.DataFrame,
    *,
    pool: str = "majority",
    adjudicator: str | None = None,
    positive: str = "yes",
    ci: float = 0.95,
) -> pd.DataFrame:
    """Precision of each variant from coded hits, with Wilson intervals.

    Parameters
    ----------
    codes : pandas.DataFrame
        From :func:`read_coded` (one or more coders), or already pooled
        (one row per hit with a ``code``; then ``coder`` may be absent).
    pool, adjudicator : str
        How several coders' codes become one, see :func:`pool_codes`.
    positive : str
        The code that means "a correct hit".
    ci : float
        Confidence level.

    Returns
    -------
    pandas.DataFrame
        :data:`PRECISION_TABLE_COLUMNS`, one row per concept, variant and
        stratum.

    Examples
    --------
    >>> codes = pd.DataFrame({"match_id": list("abcd"), "coder": "x", "concept": "c",
    ...                       "variant": ["v", "v", "v", "w"], "code": ["yes", "yes", "no", "yes"]})
    >>> variant_precision(codes)[["variant", "n_coded", "precision"]].values.tolist()
    [['v', 3, 0.6666666666666666], ['w', 1, 1.0]]
    """
    schema.check_columns(codes, ["match_id", "concept", "variant", "code"], table="codes")
    pooled = pool_codes(codes, pool=pool, adjudicator=adjudicator) if "coder" in codes.columns else codes
    if "stratum" not in pooled.columns:
        pooled = pooled.assign(stratum="in_scope")
    known = set(pooled["code"].dropna().astype(str))
    if known and positive not in known:
        raise ValueError(
            f"no hit is coded {positive!r}; the codes are {sorted(known)}: name the positive code"
        )
    pooled = pooled.assign(
        _done=pooled["code"].notna(), _ok=pooled["code"].astype(object).eq(positive) & pooled["code"].notna()
    )
    table = (
        pooled.groupby(["concept", "variant", "stratum"], observed=True, sort=True)
        .agg(n_coded=("_done", "sum"), n_correct=("_ok", "sum"), n_hits=("_done", "size"))
        .reset_index()
    )
    table["n_unresolved"] = table["n_hits"] - table["n_coded"]
    with np.errstate(invalid="ignore", divide="ignore"):
        table["precision"] = table["n_correct"] / table["n_coded"]
    low, high = wilson_interval(table["n_correct"].to_numpy(), table["n_coded"].to_numpy(), ci=ci)
    table["ci_low"], table["ci_high"] = low, high
    return table[list(PRECISION_TABLE_COLUMNS)]


def variant_recall(instances: pd.DataFrame, matches: pd.DataFrame, *, ci: float = 0.95) -> pd.DataFrame:
    """Recall of each variant from documents in which a coder listed every instance.

    Parameters
    ----------
    instances : pandas.DataFrame
        Every mention of a concept's referent that a coder found in a
        sample of documents: ``doc_id``, ``start``, ``end`` (offsets in
        ``documents.text``), ``concept`` and ``variant`` (the label the text
        uses). Label Studio span exports give this table, see
        :func:`toolkit.validate.read_label_studio`.
    matches : pandas.DataFrame
        :func:`toolkit.annotate`'s matches (only those in the coded
        documents matter; out-of-scope hits do not count as found).
    ci : float
        Confidence level.

    Returns
    -------
    pandas.DataFrame
        :data:`RECALL_COLUMNS`, one row per concept and variant.

    Examples
    --------
    >>> inst = pd.DataFrame({"doc_id": ["a", "a"], "start": [0, 10], "end": [4, 15],
    ...                      "concept": "the_dead", "variant": "killed"})
    >>> hits = pd.DataFrame({"doc_id": ["a"], "start": [0], "end": [4], "concept": ["the_dead"],
    ...                      "variant": ["killed"]})
    >>> variant_recall(inst, hits)[["variant", "n_instances", "n_found", "recall"]].values.tolist()
    [['killed', 2, 1, 0.5]]
    """
    schema.check_columns(instances, ["doc_id", "start", "end", "concept", "variant"], table="instances")
    schema.check_columns(matches, ["doc_id", "start", "end", "concept"], table="matches")
    hits = matches[matches["doc_id"].isin(set(instances["doc_id"]))]
    if "in_scope" in hits.columns:
        hits = hits[hits["in_scope"].astype(object).fillna(True).astype(bool)]
    if "field" in hits.columns:
        hits = hits[hits["field"].astype(object).fillna("text") == "text"]
    inst = instances.reset_index(drop=True).assign(_row=lambda f: np.arange(len(f)))
    pairs = inst.merge(
        hits[["doc_id", "start", "end", "concept"]]
        .astype({"concept": str})
        .rename(columns={"start": "h_start", "end": "h_end"}),
        on=["doc_id", "concept"],
        how="inner",
    )
    overlap = (pairs["h_start"] < pairs["end"]) & (pairs["start"] < pairs["h_end"])
    found = np.zeros(len(inst), dtype=bool)
    found[pairs.loc[overlap, "_row"].to_numpy()] = True
    table = (
        inst.assign(_found=found)
        .groupby(["concept", "variant"], sort=True, observed=True)
        .agg(n_instances=("_found", "size"), n_found=("_found", "sum"))
        .reset_index()
    )
    table["recall"] = table["n_found"] / table["n_instances"]
    low, high = wilson_interval(table["n_found"].to_numpy(), table["n_instances"].to_numpy(), ci=ci)
    table["ci_low"], table["ci_high"] = low, high
    return table[list(RECALL_COLUMNS)]

"""Agreement between coders: Krippendorff's alpha, Cohen's kappa, coincidences.

Krippendorff's alpha is computed from the coincidence matrix (Krippendorff,
"Computing Krippendorff's Alpha-Reliability", 2011): every ordered pair of
values that two different coders gave to the same unit adds ``1 / (m_u - 1)``
to its cell, where ``m_u`` is the number of values of the unit. Then

    alpha = 1 - (n - 1) * sum(o_ck * d_ck) / sum(n_c * n_k * d_ck)

with ``n_c`` the margins of the coincidence matrix, ``n`` their sum and
``d_ck`` the squared difference of the level of measurement. Units with one
value only are not pairable and do not enter.

The bootstrap resamples *units* with replacement. A unit enters only through
its row of category counts, so resampling ``N`` units equals drawing how often
each distinct count vector is picked (a multinomial over the few distinct
vectors): 2,000 resamples of 10,000 units cost a few small matrix products,
and the result does not depend on the order of the rows.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

LEVELS = ("nominal", "ordinal", "interval", "ratio")


class AgreementUndefinedError(ValueError):
    """Alpha is undefined: the pairable values show no variation at all."""


class AgreementWarning(UserWarning):
    """Units left out (coded by one coder only) or an undefined statistic."""


@dataclass(frozen=True)
class Agreement:
    """Agreement between coders (see :func:`agreement`).

    Attributes
    ----------
    alpha : float
        Krippendorff's alpha at ``level``; NaN only when ``defined`` is False
        (``reason`` says why).
    ci_low, ci_high : float
        Percentile bootstrap interval over units.
    level : str
        Level of measurement.
    defined : bool
        False when every pairable value is the same category (no variation:
        the expected disagreement is zero and alpha is 0/0).
    reason : str
        Why alpha is undefined, '' otherwise.
    kappa : float or None
        Cohen's kappa when there are exactly two coders (units both coded).
    n_units, n_coders, n_values : int
        Pairable units, coders, pairable values.
    n_unpairable : int
        Units left out because fewer than two coders coded them.
    n_boot_undefined : int
        Resamples in which alpha was undefined (left out of the interval).
    coincidences : pandas.DataFrame
        The coincidence matrix (categories × categories).
    categories : pandas.DataFrame
        Per category: ``category``, ``n_values`` (the margin),
        ``agreement`` (share of the category's pairable values matched by
        the same category in the same unit) and ``alpha`` (nominal alpha of
        the category against all others).
    """

    alpha: float
    ci_low: float
    ci_high: float
    level: str
    defined: bool
    reason: str
    kappa: float | None
    n_units: int
    n_coders: int
    n_values: int
    n_unpairable: int
    n_boot_undefined: int
    coincidences: pd.DataFrame = field(repr=False)
    categories: pd.DataFrame = field(repr=False)

    def to_frame(self) -> pd.DataFrame:
        """One-row summary table."""
        return pd.DataFrame(
            [
                {
                    "level": self.level,
                    "alpha": self.alpha,
                    "ci_low": self.ci_low,
                    "ci_high": self.ci_high,
                    "defined": self.defined,
                    "reason": self.reason,
                    "kappa": np.nan if self.kappa is None else self.kappa,
                    "n_units": self.n_units,
                    "n_coders": self.n_coders,
                    "n_values": self.n_values,
                    "n_unpairable": self.n_unpairable,
                }
            ]
        )


def _long_form(codes: pd.DataFrame | np.ndarray, *, unit: str, coder: str, code: str) -> pd.DataFrame:
    """Codes as a long table ``unit, coder, code`` without missing codes."""
    if isinstance(codes, pd.DataFrame) and {unit, coder, code} <= set(codes.columns):
        long = codes[[unit, coder, code]].rename(columns={unit: "unit", coder: "coder", code: "code"})
    else:
        wide = pd.DataFrame(codes)
        if wide.ndim != 2 or wide.shape[1] == 0:
            raise ValueError("codes: a long table (unit, coder, code) or a units × coders table")
        wide.index = pd.RangeIndex(len(wide)) if not isinstance(codes, pd.DataFrame) else wide.index
        wide.index.name, wide.columns.name = "unit", "coder"
        long = wide.stack(future_stack=True).rename("code").reset_index()
    # Blank strings are missing codes too; checked on the distinct values only.
    values = pd.unique(long["code"].dropna())
    empty = [v for v in values if isinstance(v, str) and not v.strip()]
    long = long[long["code"].notna() & ~long["code"].isin(empty)]
    duplicated = long.duplicated(["unit", "coder"], keep=False)
    if duplicated.any():
        clash = long[duplicated].groupby(["unit", "coder"])["code"].nunique()
        clash = clash[clash > 1]
        if len(clash):
            (u, c) = map(_plain, clash.index[0])
            raise ValueError(
                f"{len(clash)} unit(s) have two different codes from one coder, e.g. unit {u!r}, coder {c!r}"
            )
        long = long.drop_duplicates(["unit", "coder"])
    return long.reset_index(drop=True)


def _unit_types(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct rows of ``counts`` (in a fixed order) and how often each occurs."""
    base = int(counts.max()) + 1
    if base ** counts.shape[1] < 2**62:  # one integer per row: a 1-D unique is much faster
        key = counts.astype(np.int64) @ (base ** np.arange(counts.shape[1], dtype=np.int64))
        _, first, frequency = np.unique(key, return_index=True, return_counts=True)
        return counts[first], frequency
    return np.unique(counts, axis=0, return_counts=True)


def _plain(value):
    """A NumPy scalar as the Python value (for readable messages)."""
    return value.item() if isinstance(value, np.generic) else value


def _distances(level: str, values: np.ndarray, margins: np.ndarray) -> np.ndarray:
    """Squared differences ``d_ck``; for ``ordinal`` one matrix per row of ``margins``.

    ``margins`` is ``(B, K)``; the result is ``(B, K, K)`` for ordinal, ``(K, K)`` otherwise.
    """
    k = len(values)
    if level == "nominal":
        return 1.0 - np.eye(k)
    if level == "interval":
        v = values.astype(float)
        return (v[:, None] - v[None, :]) ** 2
    if level == "ratio":
        v = values.astype(float)
        with np.errstate(invalid="ignore", divide="ignore"):
            d = ((v[:, None] - v[None, :]) / (v[:, None] + v[None, :])) ** 2
        return np.nan_to_num(d)
    # ordinal: (sum of the margins from c to k, less half of the two ends)^2
    cumulative = np.cumsum(margins, axis=1)  # (B, K)
    low = np.minimum.outer(np.arange(k), np.arange(k))
    high = np.maximum.outer(np.arange(k), np.arange(k))
    between = cumulative[:, high] - cumulative[:, low] + margins[:, low]
    return (between - (margins[:, low] + margins[:, high]) / 2) ** 2


def _alpha_from(coincidences: np.ndarray, level: str, values: np.ndarray) -> np.ndarray:
    """Alpha for a stack of coincidence matrices ``(B, K, K)``; NaN where undefined."""
    margins = coincidences.sum(axis=2)
    n = margins.sum(axis=1)
    d = np.broadcast_to(_distances(level, values, margins), coincidences.shape)
    observed = (coincidences * d).sum(axis=(1, 2))
    expected = np.einsum("bc,bk,bck->b", margins, margins, d)
    with np.errstate(invalid="ignore", divide="ignore"):
        alpha = 1.0 - (n - 1.0) * observed / expected
    return np.where(expected > 0, alpha, np.nan)


def agreement(
    codes: pd.DataFrame | np.ndarray,
    *,
    level: str = "nominal",
    unit: str = "unit",
    coder: str = "coder",
    code: str = "code",
    categories: list | None = None,
    n_boot: int = 2000,
    ci: float = 0.95,
    seed: int = 0,
    undefined: str = "raise",
) -> Agreement:
    """Agreement between any number of coders, with missing codes.

    Parameters
    ----------
    codes : pandas.DataFrame or array
        Either a long table with one row per unit and coder (columns named
        by ``unit``, ``coder``, ``code``) or a units × coders table (rows are
        units, columns coders). Missing codes are NaN/None/blank.
    level : {"nominal", "ordinal", "interval", "ratio"}
        Level of measurement. Nominal (the default) treats codes as
        unordered names: renaming a category does not change alpha. The
        other levels need numeric codes, or ``categories`` in their order.
    unit, coder, code : str
        Column names of a long table.
    categories : list, optional
        The codebook, in order (for ``ordinal``). A code outside it raises
        :class:`ValueError` naming the offending value and unit.
    n_boot : int
        Bootstrap resamples of units (0: no interval).
    ci : float
        Confidence level of the percentile interval.
    seed : int
        Seed of the resampling.
    undefined : {"raise", "warn"}
        When all pairable values are the same category alpha is 0/0:
        raise :class:`AgreementUndefinedError` (default), or return an
        :class:`Agreement` with ``defined=False``, a ``reason`` and NaN
        alpha, with an :class:`AgreementWarning`.

    Returns
    -------
    Agreement
        Alpha with its interval, Cohen's kappa for two coders, the
        coincidence matrix and per-category agreement.

    Raises
    ------
    ValueError
        A code outside ``categories``, one coder giving a unit two codes,
        non-numeric codes at the interval or ratio level, or fewer than one
        pairable unit.

    Examples
    --------
    Krippendorff's (2011) first example, two coders and ten binary units:

    >>> result = agreement([[0, 1], [1, 1], [0, 1], [0, 0], [0, 0],
    ...                     [0, 1], [0, 0], [0, 0], [1, 0], [0, 0]], n_boot=0)
    >>> round(result.alpha, 3), round(result.kappa, 3)
    (0.095, 0.091)
    """
    if level not in LEVELS:
        raise ValueError(f"level is one of {LEVELS}, not {level!r}")
    if undefined not in ("raise", "warn"):
        raise ValueError("undefined is 'raise' or 'warn'")
    long = _long_form(codes, unit=unit, coder=coder, code=code)
    if categories is not None:
        outside = ~long["code"].isin(list(categories))
        if outside.any():
            row = long[outside].astype(object).iloc[0].map(_plain)
            raise ValueError(
                f"{int(outside.sum())} code(s) outside the codebook {list(categories)}, "
                f"e.g. {row['code']!r} for unit {row['unit']!r} by coder {row['coder']!r}"
            )
        values = np.asarray(list(categories), dtype=object)
    else:
        present = pd.unique(long["code"])
        try:
            values = np.asarray(sorted(present), dtype=object)
        except TypeError:  # mixed types: a stable order by their text
            values = np.asarray(sorted(present, key=str), dtype=object)
    if level in ("interval", "ratio"):
        try:
            values = values.astype(float)
        except (TypeError, ValueError):
            raise ValueError(f"level {level!r} needs numeric codes; got {list(values)[:5]}") from None
    coded_by = long.groupby("unit")["coder"].transform("size")
    pairable = long[coded_by >= 2]
    n_unpairable = int(long.loc[coded_by < 2, "unit"].nunique())
    if n_unpairable:
        lone = [_plain(u) for u in long.loc[coded_by < 2, "unit"].drop_duplicates().head(3)]
        warnings.warn(
            f"{n_unpairable} unit(s) coded by one coder only are left out of the agreement, e.g. {lone}",
            AgreementWarning,
            stacklevel=2,
        )
    if pairable.empty:
        raise ValueError("no unit was coded by two or more coders: agreement cannot be computed")
    k = len(values)
    # Units only need an index: the unit types below make the result order-free.
    unit_index, unit_codes = pd.factorize(pairable["unit"])
    observed_codes = pairable["code"].astype(float) if level in ("interval", "ratio") else pairable["code"]
    category = pd.Categorical(observed_codes, categories=values.tolist()).codes.astype(np.int64)
    counts = np.zeros((len(unit_codes), k))
    np.add.at(counts, (unit_index, category), 1.0)
    # Each distinct row of counts is a unit type; its coincidences are the same.
    types, frequency = _unit_types(counts)
    m = types.sum(axis=1)
    per_type = (types[:, :, None] * types[:, None, :] - types[:, :, None] * np.eye(k)) / (m - 1)[
        :, None, None
    ]
    coincidence = np.tensordot(frequency.astype(float), per_type, axes=1)
    alpha = float(_alpha_from(coincidence[None], level, values)[0])
    defined = not np.isnan(alpha)
    reason = ""
    if not defined:
        only = values[int(np.argmax(coincidence.sum(axis=1)))]
        reason = (
            f"alpha is undefined: all {int(coincidence.sum())} pairable values are {only!r} "
            "(no variation, so the disagreement expected by chance is zero)"
        )
        if undefined == "raise":
            raise AgreementUndefinedError(reason)
        warnings.warn(reason, AgreementWarning, stacklevel=2)
    low = high = np.nan
    n_boot_undefined = 0
    if n_boot and defined:
        rng = np.random.default_rng(seed)
        picks = rng.multinomial(len(unit_codes), frequency / frequency.sum(), size=n_boot).astype(float)
        stacked = np.tensordot(picks, per_type, axes=1)  # (B, K, K)
        draws = _alpha_from(stacked, level, values)
        n_boot_undefined = int(np.isnan(draws).sum())
        tail = (1 - ci) / 2
        low, high = (float(q) for q in np.nanquantile(draws, [tail, 1 - tail]))
    kappa = _kappa(pairable) if long["coder"].nunique() == 2 and defined else None
    names = [str(v) if level == "nominal" else v for v in values.tolist()]
    table = pd.DataFrame(
        coincidence, index=pd.Index(names, name="code"), columns=pd.Index(names, name="code")
    )
    return Agreement(
        alpha=alpha, ci_low=low, ci_high=high, level=level, defined=defined, reason=reason, kappa=kappa,
        n_units=len(unit_codes), n_coders=int(long["coder"].nunique()), n_values=int(m @ frequency),
        n_unpairable=n_unpairable, n_boot_undefined=n_boot_undefined, coincidences=table,
        categories=_per_category(coincidence, names),
    )  # fmt: skip


def _per_category(coincidence: np.ndarray, names: list) -> pd.DataFrame:
    """Each category against the rest: matched share and a binary nominal alpha."""
    margins = coincidence.sum(axis=1)
    n = margins.sum()
    diagonal = np.diag(coincidence)
    # Collapsing to (c, not c): the off-diagonal cell is margins - diagonal.
    off = margins - diagonal
    with np.errstate(invalid="ignore", divide="ignore"):
        matched = diagonal / margins
        alpha = 1.0 - (n - 1.0) * (2 * off) / (2 * margins * (n - margins))
    return pd.DataFrame({"category": names, "n_values": margins, "agreement": matched, "alpha": alpha})


def _kappa(pairable: pd.DataFrame) -> float:
    """Cohen's kappa over the units both coders coded (scikit-learn's)."""
    from sklearn.metrics import cohen_kappa_score

    wide = pairable.pivot(index="unit", columns="coder", values="code").dropna()
    first, second = wide.columns
    return float(cohen_kappa_score(wide[first].astype(str), wide[second].astype(str)))

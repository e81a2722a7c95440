"""Agreement between coders: Krippendorff's worked examples, an independent implementation, bad input."""

from __future__ import annotations

import krippendorff
import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import cohen_kappa_score

import toolkit
from toolkit.validate import AgreementUndefinedError, AgreementWarning, agreement

NAN = np.nan
# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", example C:
# four observers (rows), twelve units (columns), missing values.
EXAMPLE_C = np.array(
    [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, NAN, NAN, NAN],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NAN, 3],
        [NAN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NAN],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NAN],
    ]
)


@pytest.mark.parametrize(
    ("level", "expected"), [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)]
)
def test_krippendorff_worked_example_with_missing_data(level, expected):
    with pytest.warns(AgreementWarning, match="1 unit"):  # unit 12 has one value: not pairable
        result = agreement(EXAMPLE_C.T, level=level, n_boot=0)
    assert round(result.alpha, 3) == expected
    assert result.n_units == 11 and result.n_coders == 4 and result.n_unpairable == 1
    assert result.n_values == 40  # pairable values of the paper's coincidence matrix


def test_coincidence_matrix_of_the_worked_example():
    with pytest.warns(AgreementWarning):
        table = agreement(EXAMPLE_C.T, n_boot=0).coincidences
    # The paper's matrix: diagonal 7, 10, 8, 4, 3; margins 9, 13, 10, 5, 3 (n = 40).
    assert table.shape == (5, 5)
    np.testing.assert_allclose(table.to_numpy(), table.to_numpy().T)
    np.testing.assert_allclose(np.diag(table), [7, 10, 8, 4, 3])
    np.testing.assert_allclose(table.sum(axis=1), [9, 13, 10, 5, 3])
    assert table.loc["1.0", "2.0"] == pytest.approx(4 / 3)
    assert table.loc["3.0", "4.0"] == pytest.approx(1 / 3)


def test_krippendorff_binary_and_nominal_two_coder_examples():
    a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    result = agreement(np.array([a, b]).T, n_boot=0)
    assert round(result.alpha, 3) == 0.095
    assert result.kappa == pytest.approx(cohen_kappa_score(a, b))
    first = "a a b b d c c c e d d a".split()
    second = "b a b b b c c c e d d d".split()
    assert round(agreement(np.array([first, second]).T, n_boot=0).alpha, 3) == 0.692


@pytest.mark.parametrize("seed", range(6))
def test_equals_the_krippendorff_package_on_random_data(seed):
    rng = np.random.default_rng(seed)
    coders, units, k = rng.integers(2, 6), rng.integers(20, 300), rng.integers(2, 7)
    data = rng.integers(0, k, size=(coders, units)).astype(float)
    copy = rng.random(data.shape) < 0.6  # agreement well above chance
    data = np.where(copy, data[0], data)
    data[rng.random(data.shape) < 0.15] = np.nan
    data[:, 0] = [0] + [np.nan] * (coders - 1)  # a unit with one value
    with pytest.warns(AgreementWarning):
        ours = agreement(data.T, n_boot=0).alpha
    assert ours == pytest.approx(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))
    for level in ("ordinal", "interval"):
        with pytest.warns(AgreementWarning):
            other = agreement(data.T, level=level, n_boot=0).alpha
        assert other == pytest.approx(krippendorff.alpha(reliability_data=data, level_of_measurement=level))


def test_renaming_categories_leaves_nominal_alpha_unchanged():
    rng = np.random.default_rng(3)
    codes = rng.integers(0, 3, size=(200, 3))
    codes[:, 1] = np.where(rng.random(200) < 0.7, codes[:, 0], codes[:, 1])
    renamed = np.vectorize({0: 7, 1: 0, 2: 3}.get)(codes)
    named = np.vectorize({0: "مقاومة", 1: "إرهاب", 2: "other"}.get)(codes)
    base = agreement(codes, n_boot=0).alpha
    assert agreement(renamed, n_boot=0).alpha == pytest.approx(base)
    assert agreement(named, n_boot=0).alpha == pytest.approx(base)
    # The package's default level (interval) is not invariant: the trap the issue names.
    default = krippendorff.alpha(reliability_data=codes.T.astype(float))
    assert default != pytest.approx(krippendorff.alpha(reliability_data=renamed.T.astype(float)))


def test_long_table_and_row_order_do_not_matter():
    rng = np.random.default_rng(5)
    wide = pd.DataFrame(rng.integers(0, 3, size=(80, 3)), columns=["amal", "badr", "sami"])
    wide["badr"] = np.where(rng.random(80) < 0.7, wide["amal"], wide["badr"])
    long = wide.rename_axis("unit").reset_index().melt(id_vars="unit", var_name="coder", value_name="code")
    a = agreement(wide, n_boot=500, seed=1)
    b = agreement(long.sample(frac=1, random_state=2), n_boot=500, seed=1)
    assert (a.alpha, a.ci_low, a.ci_high) == pytest.approx((b.alpha, b.ci_low, b.ci_high))
    assert a.ci_low < a.alpha < a.ci_high
    c = agreement(wide, n_boot=500, seed=2)
    assert (c.ci_low, c.ci_high) != (a.ci_low, a.ci_high)


def test_bootstrap_interval_covers_the_population_alpha():
    """Over simulated coders with a known agreement, the 95% interval covers it in most runs."""
    rng = np.random.default_rng(11)
    truth = agreement(_simulate(rng, 200_000), n_boot=0).alpha  # the population value
    hits = sum(
        (r := agreement(_simulate(rng, 300), n_boot=400, seed=s)).ci_low <= truth <= r.ci_high
        for s in range(100)
    )
    assert 88 <= hits <= 99


def _simulate(rng, n):
    true = rng.integers(0, 3, size=n)
    coders = [np.where(rng.random(n) < 0.75, true, rng.integers(0, 3, size=n)) for _ in range(3)]
    return np.column_stack(coders)


def test_kappa_for_two_coders_only():
    two = pd.DataFrame({"x": list("aabbcab"), "y": list("abbbcaa")})
    assert agreement(two, n_boot=0).kappa == pytest.approx(cohen_kappa_score(two["x"], two["y"]))
    three = two.assign(z=list("aabbcaa"))
    assert agreement(three, n_boot=0).kappa is None


def test_per_category_agreement():
    rng = np.random.default_rng(8)
    codes = rng.integers(0, 2, size=(150, 2))
    codes[:, 1] = np.where(rng.random(150) < 0.8, codes[:, 0], codes[:, 1])
    result = agreement(codes, n_boot=0)
    # With two categories, each category against the rest is the whole table.
    np.testing.assert_allclose(result.categories["alpha"], result.alpha)
    table = result.coincidences.to_numpy()
    np.testing.assert_allclose(result.categories["agreement"], np.diag(table) / table.sum(axis=1))
    assert result.categories["n_values"].sum() == result.n_values == 300


def test_all_identical_codes_say_alpha_is_undefined():
    same = [["yes", "yes"], ["yes", "yes"], ["yes", "yes"]]
    with pytest.raises(AgreementUndefinedError, match="undefined: all 6 pairable values are 'yes'"):
        agreement(same)
    with pytest.warns(AgreementWarning, match="undefined"):
        result = agreement(same, undefined="warn")
    assert not result.defined and "no variation" in result.reason
    assert np.isnan(result.alpha)  # and the reason says why, in the result and its table
    assert result.to_frame()["defined"].item() is False or not result.to_frame()["defined"].item()


def test_bad_input_is_named():
    codes = pd.DataFrame(
        {"unit": [1, 1, 2, 2], "coder": ["a", "b", "a", "b"], "code": ["y", "n", "y", "maybe"]}
    )
    with pytest.raises(ValueError, match=r"outside the codebook \['y', 'n'\], e.g. 'maybe' for unit 2"):
        agreement(codes, categories=["y", "n"])
    twice = pd.concat([codes, codes.assign(code="n").head(1)])
    with pytest.raises(ValueError, match="two different codes from one coder"):
        agreement(twice)
    lonely = pd.DataFrame({"unit": [1, 2], "coder": ["a", "b"], "code": ["y", "n"]})
    with pytest.warns(AgreementWarning), pytest.raises(ValueError, match="no unit was coded by two"):
        agreement(lonely)
    with pytest.raises(ValueError, match="needs numeric codes"):
        agreement(codes, level="interval")
    with pytest.raises(ValueError, match="level is one of"):
        agreement(codes, level="nominalish")


def test_a_unit_coded_by_one_coder_is_left_out_and_reported():
    codes = pd.DataFrame({"unit": [1, 1, 2, 2, 3, 4, 4], "coder": list("ababaab"), "code": list("yynnyny")})
    codes.loc[6, "coder"] = "b"
    with pytest.warns(AgreementWarning, match=r"1 unit\(s\) coded by one coder only .* \[3\]"):
        result = agreement(codes, n_boot=0)
    assert result.n_unpairable == 1 and result.n_units == 3


def test_exported_from_the_package():
    assert toolkit.agreement is agreement

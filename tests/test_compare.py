"""Honest statistics (issue 5): shares, differences, log-odds, keyness."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2_contingency, power_divergence

import toolkit
from toolkit.compare import ShareWarning, benjamini_hochberg, keyness_table, log_odds_table
from toolkit.compare.simulate import simulate_mentions


def _simulate(rng, *, n_docs, true_share, groups=("x",)):
    return simulate_mentions(rng, n_docs=n_docs, true_share=true_share, groups=groups)


def test_bootstrap_intervals_cover_the_truth():
    """95% intervals cover the true share in 93-97% of 400 simulated corpora."""
    rng = np.random.default_rng(12345)
    hits = 0
    for sim in range(400):
        matches, documents = _simulate(rng, n_docs=500, true_share=0.3)
        boot = toolkit.compare.bootstrap_shares(matches, documents, concept="dead", n_boot=800, seed=sim)
        row = boot.table.set_index("variant").loc["martyrs"]
        hits += row["ci_low"] <= 0.3 <= row["ci_high"]
    assert 0.93 <= hits / 400 <= 0.97, hits / 400


def test_independent_of_row_order_and_deterministic():
    rng = np.random.default_rng(1)
    matches, documents = _simulate(rng, n_docs=50, true_share=0.5, groups=("x", "y"))
    a = toolkit.label_shares(matches, documents, concept="dead", n_boot=300, seed=7)
    b = toolkit.label_shares(
        matches.sample(frac=1, random_state=2), documents.sample(frac=1, random_state=3), concept="dead",
        n_boot=300, seed=7,
    )  # fmt: skip
    pd.testing.assert_frame_equal(a, b)
    c = toolkit.label_shares(matches, documents, concept="dead", n_boot=300, seed=8)
    assert not a[["ci_low", "ci_high"]].equals(c[["ci_low", "ci_high"]])


def test_shares_on_a_known_table():
    docs = pd.DataFrame({"doc_id": list("abcd"), "outlet": ["x", "x", "y", "y"], "text": ["", "", "", ""]})
    matches = pd.DataFrame(
        {
            "doc_id": ["a", "a", "a", "b", "c"],
            "concept": "dead",
            "variant": ["martyrs"] * 3 + ["killed", "killed"],
        }
    )
    table = toolkit.label_shares(matches, docs, concept="dead", n_boot=200).set_index(["outlet", "variant"])
    assert table.loc[("x", "martyrs"), "share"] == 0.75
    assert table.loc[("x", "martyrs"), "n_docs"] == 1 and table.loc[("x", "martyrs"), "doc_share"] == 0.5
    assert table.loc[("y", "killed"), "share"] == 1.0 and table.loc[("y", "killed"), "doc_share"] == 0.5
    # Resampling documents: x's share moves between 0 (only b), 0.75 and 1 (only a).
    assert table.loc[("x", "martyrs"), "ci_low"] == 0 and table.loc[("x", "martyrs"), "ci_high"] == 1


def test_bad_input_is_explained():
    docs = pd.DataFrame({"doc_id": list("abc"), "outlet": ["x", "y", "y"], "text": ["", "", ""]})
    matches = pd.DataFrame({"doc_id": ["b", "c"], "concept": "dead", "variant": ["killed", "martyrs"]})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        table = toolkit.label_shares(matches, docs, concept="dead", n_boot=100).set_index(
            ["outlet", "variant"]
        )
    messages = " ".join(str(w.message) for w in caught if issubclass(w.category, ShareWarning))
    assert "no mentions" in messages and "unreliable" in messages
    assert table.loc[("x", "killed"), "n_mentions"] == 0 and math.isnan(table.loc[("x", "killed"), "share"])
    assert table.loc[("x", "killed"), "unreliable"]
    with pytest.raises(ValueError, match=r"unknown concept 'deads'; concepts in these matches: \['dead'\]"):
        toolkit.label_shares(matches, docs, concept="deads")


def test_within_events_keeps_only_events_every_group_covered():
    docs = pd.DataFrame(
        {"doc_id": list("abcdef"), "outlet": list("xxxyyy"), "event_id": [1, 2, 2, 2, 3, 3], "text": [""] * 6}
    )
    matches = pd.DataFrame(
        {"doc_id": list("abcdef"), "concept": "dead",
         "variant": ["martyrs", "killed", "killed", "martyrs", "killed", "killed"]}
    )  # fmt: skip
    pooled = toolkit.label_shares(matches, docs, concept="dead", n_boot=100).set_index(["outlet", "variant"])
    matched = toolkit.label_shares(matches, docs, concept="dead", n_boot=100, within="event_id")
    matched = matched.set_index(["outlet", "variant"])
    assert pooled.loc[("y", "martyrs"), "share"] == pytest.approx(1 / 3)
    assert matched.loc[("y", "martyrs"), "share"] == 1.0  # only event 2 counts
    assert matched.loc[("x", "martyrs"), "share"] == 0.0
    assert matched.loc[("x", "martyrs"), "group_docs"] == 2


def test_equal_event_weights():
    docs = pd.DataFrame(
        {"doc_id": list("abcde"), "outlet": list("xxxxy"), "event_id": [1, 1, 1, 2, 1], "text": [""] * 5}
    )
    docs = pd.concat([docs, pd.DataFrame({"doc_id": ["f"], "outlet": ["y"], "event_id": [2], "text": [""]})])
    matches = pd.DataFrame(
        {
            "doc_id": list("abcdef"),
            "concept": "dead",
            "variant": ["martyrs"] * 3 + ["killed", "martyrs", "killed"],
        }
    )
    size = toolkit.label_shares(matches, docs, concept="dead", n_boot=50, within="event_id")
    equal = toolkit.label_shares(
        matches, docs, concept="dead", n_boot=50, within="event_id", event_weight="equal"
    )
    x_size = size.set_index(["outlet", "variant"]).loc[("x", "martyrs"), "share"]
    x_equal = equal.set_index(["outlet", "variant"]).loc[("x", "martyrs"), "share"]
    assert x_size == 0.75 and x_equal == 0.5  # event 1 (3 docs) and event 2 (1 doc) weigh the same


def test_reuse_aware_counts_copies_once():
    docs = pd.DataFrame({"doc_id": list("abc"), "outlet": ["x", "x", "x"], "text": [""] * 3})
    matches = pd.DataFrame(
        {"doc_id": list("abc"), "concept": "dead", "variant": ["martyrs", "martyrs", "killed"]}
    )
    clusters = pd.DataFrame({"doc_id": ["a", "b"], "cluster_id": [0, 0], "is_original": [True, False]})
    once = toolkit.label_shares(matches, docs, concept="dead", n_boot=50, reuse=clusters)
    assert once.set_index("variant").loc["martyrs", "share"] == 0.5


def test_compare_shares_and_benjamini_hochberg():
    rng = np.random.default_rng(3)
    m1, d1 = _simulate(rng, n_docs=80, true_share=0.8, groups=("x",))
    m2, d2 = _simulate(rng, n_docs=80, true_share=0.2, groups=("y",))
    m3, d3 = _simulate(rng, n_docs=80, true_share=0.8, groups=("z",))
    matches, docs = pd.concat([m1, m2, m3]), pd.concat([d1, d2, d3])
    table = toolkit.compare_shares(matches, docs, concept="dead", n_boot=1000)
    martyrs = table[table["variant"] == "martyrs"].set_index(["group_a", "group_b"])
    assert martyrs.loc[("x", "y"), "significant"] and martyrs.loc[("x", "y"), "ci_low"] > 0.3
    assert not martyrs.loc[("x", "z"), "significant"]
    assert martyrs.loc[("x", "z"), "ci_low"] < 0 < martyrs.loc[("x", "z"), "ci_high"]
    assert (table["p_adjusted"] >= table["p_value"]).all()
    with pytest.raises(ValueError, match="unknown group"):
        toolkit.compare_shares(matches, docs, concept="dead", pairs=[("x", "w")])


def test_benjamini_hochberg_by_hand():
    p = np.array([0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205, np.nan])
    m = 8
    ranked = np.sort(p[:m]) * m / np.arange(1, m + 1)
    expected = np.minimum.accumulate(ranked[::-1])[::-1]
    assert np.allclose(benjamini_hochberg(p)[:m], expected) and np.isnan(benjamini_hochberg(p)[m])


# -- log-odds -----------------------------------------------------------------

COUNTS = pd.DataFrame(
    {"شهداء": [12, 2, 5], "قتلى": [3, 15, 6], "ضحايا": [4, 4, 9], "غزة": [20, 18, 25]}, index=["a", "b", "c"]
)


def _monroe_by_hand(counts: pd.DataFrame, group: str, *, prior: str, alpha0: float) -> dict[str, tuple]:
    """Equations 16-22 of Monroe, Colaresi and Quinn (2008), term by term."""
    total = float(counts.to_numpy().sum())
    n_terms = counts.shape[1]
    out = {}
    for term in counts.columns:
        y_w = float(counts[term].sum())
        a_w = alpha0 * y_w / total if prior == "informative" else alpha0 / n_terms
        y_i = float(counts.loc[group, term])
        y_j = y_w - y_i
        n_i = float(counts.loc[group].sum())
        n_j = total - n_i
        delta = math.log((y_i + a_w) / (n_i + alpha0 - y_i - a_w)) - math.log(
            (y_j + a_w) / (n_j + alpha0 - y_j - a_w)
        )
        variance = 1 / (y_i + a_w) + 1 / (y_j + a_w)
        out[term] = (delta, variance, delta / math.sqrt(variance))
    return out


@pytest.mark.parametrize("prior", ["informative", "uninformative"])
@pytest.mark.parametrize("alpha0", [None, 10.0])
def test_log_odds_equals_the_paper(prior, alpha0):
    table = log_odds_table(COUNTS, prior=prior, alpha0=alpha0)
    for group in COUNTS.index:
        expected = _monroe_by_hand(
            COUNTS, group, prior=prior, alpha0=alpha0 or float(COUNTS.to_numpy().sum())
        )
        got = table[table["group"] == group].set_index("term")
        for term, (delta, variance, z) in expected.items():
            assert got.loc[term, "delta"] == pytest.approx(delta, abs=1e-9)
            assert got.loc[term, "variance"] == pytest.approx(variance, abs=1e-9)
            assert got.loc[term, "z"] == pytest.approx(z, abs=1e-9)


def test_log_odds_is_antisymmetric_between_two_groups():
    two = COUNTS.loc[["a", "b"]]
    ab = log_odds_table(two, reference="b").set_index("term")
    ba = log_odds_table(two, reference="a").set_index("term")
    assert np.allclose(ab["delta"], -ba.loc[ab.index, "delta"], atol=1e-12)
    assert np.allclose(ab["z"], -ba.loc[ab.index, "z"], atol=1e-12)


def test_uninformative_prior_is_the_smoothed_log_odds_ratio():
    two = COUNTS.loc[["a", "b"]]
    a0 = 4.0
    table = log_odds_table(two, prior="uninformative", alpha0=a0, reference="b").set_index("term")
    alpha = a0 / two.shape[1]
    for term in two.columns:
        yi, yj = two.loc["a", term], two.loc["b", term]
        ni, nj = two.loc["a"].sum(), two.loc["b"].sum()
        closed = math.log((yi + alpha) * (nj + a0 - yj - alpha) / ((ni + a0 - yi - alpha) * (yj + alpha)))
        assert table.loc[term, "delta"] == pytest.approx(closed, abs=1e-12)


def test_log_odds_on_documents_and_lexicon_variants(seeds_corpus):
    docs = seeds_corpus.documents[seeds_corpus.documents["role"] == "main"].assign(
        side=["a", "b", "a", "b", "b"]
    )
    words = toolkit.log_odds(docs, by="side", min_count=2)
    assert {"group", "term", "z"} <= set(words.columns) and "قال" not in set(words["term"])  # stop word
    variants = toolkit.log_odds(docs, by="side", matches=toolkit.annotate(docs), min_count=1)
    assert variants["term"].str.contains(":").all()


# -- keyness ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "n_t", "n_r"), [(10, 5, 100, 200), (3, 40, 500, 900), (0, 7, 60, 80), (25, 25, 50, 5000)]
)
def test_keyness_equals_scipy(a, b, n_t, n_r):
    table = keyness_table(np.array([a, n_t - a]), np.array([b, n_r - b]), ["w", "rest"]).iloc[0]
    contingency = np.array([[a, b], [n_t - a, n_r - b]])
    chi2 = chi2_contingency(contingency, correction=True)[0]
    g2 = power_divergence(
        contingency, lambda_="log-likelihood", f_exp=chi2_contingency(contingency)[3], axis=None
    )[0]
    n = contingency.sum()
    rows, cols = contingency.sum(axis=1), contingency.sum(axis=0)
    q = 1 + (n * (1 / rows).sum() - 1) * (n * (1 / cols).sum() - 1) / (6 * n)  # Williams (1976), 2x2
    sign = 1 if a / n_t >= b / n_r else -1
    assert table["chi2"] == pytest.approx(sign * chi2, rel=1e-12)
    assert table["g2"] == pytest.approx(sign * g2 / q, rel=1e-9)
    if a:
        assert table["pmi"] == pytest.approx(math.log((a / n_t) / ((a + b) / n)), rel=1e-12)


def test_keyness_on_documents(seeds_corpus):
    docs = seeds_corpus.documents[seeds_corpus.documents["role"] == "main"].fillna({"outlet": "?"})
    table = toolkit.keyness(docs, target="صحيفة المرصد الليبية", min_count=1)
    assert table.iloc[0]["g2"] >= table.iloc[-1]["g2"]
    assert "الفصائل" in set(table.head(20)["term"])  # the republisher's fingerprint
    with pytest.raises(ValueError, match="not a group"):
        toolkit.keyness(docs, target="nobody")

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
    """95% intervals cover the true share in 93-97% of 400 simulated groups of 500 documents."""
    rng = np.random.default_rng(12345)
    groups = tuple(f"g{sim:03d}" for sim in range(400))
    matches, documents = simulate_mentions(rng, n_docs=500, true_share=0.3, groups=groups)
    table = toolkit.label_shares(matches, documents, concept="dead", n_boot=20)
    rows = table[table["variant"] == "martyrs"]
    coverage = ((rows["ci_low"] <= 0.3) & (0.3 <= rows["ci_high"])).mean()
    assert 0.93 <= coverage <= 0.97, coverage


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
    pd.testing.assert_frame_equal(a, c)  # the default interval draws nothing at random
    a = toolkit.label_shares(matches, documents, concept="dead", n_boot=300, seed=7, interval="bootstrap")
    c = toolkit.label_shares(matches, documents, concept="dead", n_boot=300, seed=8, interval="bootstrap")
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
    table = toolkit.label_shares(matches, docs, concept="dead", n_boot=200, interval="bootstrap")
    table = table.set_index(["outlet", "variant"])
    assert table.loc[("x", "martyrs"), "share"] == 0.75
    assert table.loc[("x", "martyrs"), "n_docs"] == 1 and table.loc[("x", "martyrs"), "doc_share"] == 0.5
    assert table.loc[("y", "killed"), "share"] == 1.0 and table.loc[("y", "killed"), "doc_share"] == 0.5
    # Resampling documents: x's share moves between 0 (only b), 0.75 and 1 (only a).
    assert table.loc[("x", "martyrs"), "ci_low"] == 0 and table.loc[("x", "martyrs"), "ci_high"] == 1
    # Two documents: whatever the interval, it is no 95% promise.
    assert table["unreliable"].all()


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


def _monroe_by_hand(
    counts: pd.DataFrame, group: str, *, prior: str, alpha0: float | None
) -> dict[str, tuple]:
    """Equations 16-22 of Monroe, Colaresi and Quinn (2008), term by term."""
    total = float(counts.to_numpy().sum())
    n_terms = counts.shape[1]
    if alpha0 is None:  # informative: the corpus size; uninformative: one pseudo-count per term
        alpha0 = total if prior == "informative" else float(n_terms)
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
        expected = _monroe_by_hand(COUNTS, group, prior=prior, alpha0=alpha0)
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
def test_keyness_scipy_mode_equals_scipy(a, b, n_t, n_r):
    table = keyness_table(np.array([a, n_t - a]), np.array([b, n_r - b]), ["w", "rest"], correction="scipy")
    row = table.iloc[0]
    contingency = np.array([[a, b], [n_t - a, n_r - b]])
    chi2 = chi2_contingency(contingency, correction=True)[0]
    g2 = power_divergence(
        contingency, lambda_="log-likelihood", f_exp=chi2_contingency(contingency)[3], axis=None
    )[0]
    n = contingency.sum()
    sign = 1 if a * (n_r - b) - b * (n_t - a) > 0 else -1
    assert row["chi2"] == pytest.approx(sign * chi2, rel=1e-12)
    assert row["g2"] == pytest.approx(sign * g2, abs=2e-9 * n + 1e-12)  # quanteda's 1e-9 guard in the log
    raw = keyness_table(np.array([a, n_t - a]), np.array([b, n_r - b]), ["w", "rest"], pmi_smoothing=0).iloc[
        0
    ]
    if a:
        assert raw["pmi"] == pytest.approx(math.log((a / n_t) / ((a + b) / n)), rel=1e-12)


def test_keyness_on_documents(seeds_corpus):
    docs = seeds_corpus.documents[seeds_corpus.documents["role"] == "main"].fillna({"outlet": "?"})
    table = toolkit.keyness(docs, target="صحيفة المرصد الليبية", min_count=1)
    assert table.iloc[0]["g2"] >= table.iloc[-1]["g2"]
    assert "الفصائل" in set(table.head(20)["term"])  # the republisher's fingerprint
    with pytest.raises(ValueError, match="not a group"):
        toolkit.keyness(docs, target="nobody")


# -- issue 18: priors, n_i, tidylo --------------------------------------------


def _small_and_large() -> pd.DataFrame:
    """A 60-token group beside a 60,000-token one; 400 rare terms only the large group uses."""
    rng = np.random.default_rng(5)
    common = {f"c{i}": (6 if i < 10 else 0, int(rng.integers(300, 900))) for i in range(40)}
    rare = {f"r{i}": (0, int(rng.integers(1, 4))) for i in range(400)}
    table = pd.DataFrame({**common, **rare}, index=["small", "large"])
    table.loc["large", "c0"] += 60_000 - table.loc["large"].sum()
    return table


def test_the_uniform_prior_alone_would_favour_absent_terms_in_a_small_group():
    """Why the rule below is needed: Monroe's formula with a pseudo-count of 1 per term."""
    counts = _small_and_large()
    by_hand = _monroe_by_hand(counts, "small", prior="uninformative", alpha0=None)
    absent = [t for t in counts.columns if counts.loc["small", t] == 0]
    assert np.mean([by_hand[t][2] > 1.96 for t in absent]) > 0.5


@pytest.mark.parametrize(
    ("prior", "options"),
    [("informative", {}), ("informative", {"alpha0": 10.0}), ("informative", {"alpha0": 1e6}),
     ("uninformative", {}), ("uninformative", {"pseudo_count": 0.01}), ("uninformative", {"pseudo_count": 10}),
     ("uninformative", {"alpha0": 1e6})],
)  # fmt: skip
@pytest.mark.parametrize("reference", [None, "large"])
def test_a_term_absent_from_a_group_is_never_over_represented_in_it(prior, options, reference):
    counts = _small_and_large()
    table = log_odds_table(counts, prior=prior, reference=reference, **options)
    absent = table[table["count"] == 0]
    assert len(absent) >= 400
    assert (absent["z"] <= 0).all() and (absent["delta"] <= 0).all()
    only_here = table[(table["count"] > 0) & (table["count_other"] == 0)]
    assert (only_here["z"] >= 0).all()


def test_n_i_can_count_every_token(seeds_corpus):
    docs = seeds_corpus.documents[seeds_corpus.documents["role"] == "main"].assign(side=list("ababb"))
    kept = toolkit.log_odds(docs, by="side", min_count=2)
    every = toolkit.log_odds(docs, by="side", min_count=2, n_from="all")
    counts = toolkit.compare.term_counts(docs, by="side", min_count=2)
    from toolkit.annotation.counts import document_lengths

    lengths = document_lengths(docs)
    totals = pd.Series(lengths.to_numpy(), index=docs["side"].to_numpy()).groupby(level=0).sum()
    assert totals.sum() > counts.to_numpy().sum()  # stop words and rare words are tokens too
    pd.testing.assert_frame_equal(every, log_odds_table(counts, totals=totals))
    merged = kept.merge(every, on=["group", "term"])
    assert not np.allclose(merged["z_x"], merged["z_y"])
    with pytest.raises(ValueError, match="n_from"):
        toolkit.log_odds(docs, by="side", n_from="tokens")


def _tidylo_by_hand(long: pd.DataFrame, *, uninformative: bool) -> pd.DataFrame:
    """tidylo's bind_log_odds written out (Silge & Robinson; Monroe et al. eq. 15, 18, 21).

    On a tidy table with one row per (set, feature) seen: alpha is 1 (uninformative)
    or the feature's total count (empirical Bayes); y_wi = n + alpha; y_w = sum over sets
    of y_wi; n_i = sum over features of y_wi; omega_wi = y_wi / (n_i - y_wi);
    omega_w = y_w / (sum(y_wi) - y_w); delta = log omega_wi - log omega_w;
    sigma2 = 1 / y_wi + 1 / y_w; weighted log odds = delta / sqrt(sigma2).
    """
    rows = []
    total_pseudo = 0.0
    pseudo = {}
    feature_total = long.groupby("term")["n"].sum()
    for group, term, n in long.itertuples(index=False):
        alpha = 1.0 if uninformative else float(feature_total[term])
        pseudo[(group, term)] = n + alpha
        total_pseudo += n + alpha
    for (group, term), y_wi in pseudo.items():
        y_w = sum(v for (g, t), v in pseudo.items() if t == term)
        n_i = sum(v for (g, t), v in pseudo.items() if g == group)
        delta = math.log(y_wi / (n_i - y_wi)) - math.log(y_w / (total_pseudo - y_w))
        rows.append((group, term, delta / math.sqrt(1 / y_wi + 1 / y_w)))
    return pd.DataFrame(rows, columns=["group", "term", "z"])


@pytest.mark.parametrize("uninformative", [False, True])
def test_tidylo_mode_equals_its_formula(uninformative):
    counts = COUNTS.copy()
    counts.loc["b", "ضحايا"] = 0  # a zero cell: tidy data has no row for it
    long = counts.stack().rename("n").reset_index()
    long.columns = ["group", "term", "n"]
    long = long[long["n"] > 0]
    expected = _tidylo_by_hand(long, uninformative=uninformative).set_index(["group", "term"])
    got = log_odds_table(
        counts, method="tidylo", prior="uninformative" if uninformative else "informative"
    ).set_index(["group", "term"])
    assert set(got.index) == set(expected.index)
    for key in expected.index:
        assert got.loc[key, "z"] == pytest.approx(expected.loc[key, "z"], abs=1e-12)


# -- keyness against quanteda -------------------------------------------------

QUANTEDA_EPSILON = 0.000000001


def _quanteda(
    a: float, b: float, target_total: float, reference_total: float, measure: str, cor: str
) -> float:
    """A port of quanteda.textstats' keyness.cpp (chisq_lambda, lr_lambda, pmi_lambda), from its formulas."""
    c, d = target_total - a, reference_total - b
    n = a + b + c + d
    e = (a + b) * (a + c) / n

    def yates() -> float:
        if abs(a * d - b * c) >= n / 2 and (
            (a + b) * (a + c) / n < 5 or (a + b) * (b + d) / n < 5
            or (a + c) * (c + d) / n < 5 or (c + d) * (b + d) / n < 5
        ):  # fmt: skip
            return 0.5
        return 0.0

    def williams() -> float:
        if a * b * c * d == 0:
            return 1.0
        return 1.0 + (n / (a + b) + n / (c + d) - 1.0) * (n / (a + c) + n / (b + d) - 1.0) / (6.0 * n)

    if measure == "chi2":
        delta = yates() if cor in ("default", "yates") else 0.0
        q = williams() if cor == "williams" else 1.0
        num = n * (abs(a * d - b * c) - n * delta) ** 2
        den = (a + b) * (c + d) * (a + c) * (b + d) * (1.0 if a > e else -1.0) / q
        return num / den
    if measure == "lr":
        aa, bb, cc, dd = a, b, c, d
        if cor in ("default", "yates"):
            delta = yates()
            sign = a * d - b * c > 0
            aa += -delta if sign else delta
            bb += delta if sign else -delta
            cc += delta if sign else -delta
            dd += -delta if sign else delta

        def part(o, expected):
            return 0.0 if o == 0 else o * math.log(o / expected + QUANTEDA_EPSILON)  # C++: 0 * log(eps) = 0

        res = 2 * (
            part(aa, (aa + bb) * (aa + cc) / n) + part(bb, (aa + bb) * (bb + dd) / n)
            + part(cc, (aa + cc) * (cc + dd) / n) + part(dd, (bb + dd) * (cc + dd) / n)
        ) * (1.0 if a > e else -1.0)  # fmt: skip
        if cor == "williams":
            res /= williams()
        return res
    return math.log(a / e + QUANTEDA_EPSILON)


@pytest.mark.parametrize("correction", ["default", "yates", "williams", "none"])
def test_keyness_equals_the_quanteda_port(correction):
    rng = np.random.default_rng(18)
    # Rare and frequent terms, zero cells and expected counts on both sides of 5.
    target = np.concatenate(
        [rng.integers(0, 4, 60), rng.integers(0, 40, 60), rng.integers(50, 500, 20), [0, 3]]
    )
    reference = np.concatenate(
        [rng.integers(0, 6, 60), rng.integers(0, 80, 60), rng.integers(50, 900, 20), [2, 0]]
    )
    terms = [f"t{i}" for i in range(target.size)]
    table = keyness_table(target, reference, terms, correction=correction).set_index("term")
    kept = [t for t, x, y in zip(terms, target, reference, strict=True) if x + y > 0]
    assert list(table.index) == kept
    nt, nr = float(target.sum()), float(reference.sum())
    yates_used = 0
    for term, x, y in zip(terms, target, reference, strict=True):
        if x + y == 0:
            continue
        chi2 = _quanteda(float(x), float(y), nt, nr, "chi2", correction)
        g2 = _quanteda(float(x), float(y), nt, nr, "lr", correction)
        if correction == "williams":
            # quanteda's chisq_lambda divides the *denominator* by q, which multiplies chi2 by
            # Williams' q instead of dividing it; the toolkit divides (as its G² does and as
            # Williams 1976 defines): the two differ by exactly q squared.
            x_, y_ = float(x), float(y)
            c_, d_, n_ = nt - x_, nr - y_, nt + nr
            q = (
                1.0
                if x_ * y_ * c_ * d_ == 0
                else 1
                + (n_ / (x_ + y_) + n_ / (c_ + d_) - 1) * (n_ / (x_ + c_) + n_ / (y_ + d_) - 1) / (6 * n_)
            )
            chi2 = chi2 / q**2
        assert table.loc[term, "chi2"] == pytest.approx(chi2, abs=1e-9, rel=1e-12)
        assert table.loc[term, "g2"] == pytest.approx(g2, abs=1e-9, rel=1e-12)
        yates_used += chi2 != _quanteda(float(x), float(y), nt, nr, "chi2", "none")
    assert (
        yates_used > 10 if correction in ("default", "yates") else yates_used == 0 or correction == "williams"
    )
    raw = keyness_table(target, reference, terms, pmi_smoothing=0).set_index("term")
    for term, x, y in zip(terms, target, reference, strict=True):
        if x > 0:
            assert raw.loc[term, "pmi"] == pytest.approx(
                _quanteda(float(x), float(y), nt, nr, "pmi", ""), abs=1e-7
            )


def test_keyness_pmi_is_finite_and_unused_terms_are_dropped():
    docs = pd.DataFrame(
        {"doc_id": list("abcdef"), "outlet": list("xxyyzz"),
         "text": ["شهداء غزة", "شهداء", "قتلى غزة", "قتلى", "نفط برميل", "نفط"]}
    )  # fmt: skip
    table = toolkit.keyness(docs, target="x", reference="y", min_count=1, measure="pmi")
    assert set(table["term"]) == {"شهداء", "قتلي", "غزه"}  # z's words are in neither group
    assert np.isfinite(table["pmi"]).all()
    assert table.set_index("term").loc["قتلي", "pmi"] < 0 < table.set_index("term").loc["شهداء", "pmi"]
    with pytest.raises(ValueError, match="correction"):
        keyness_table(np.array([1]), np.array([2]), ["w"], correction="Yates")


# -- document-level uncertainty -------------------------------------------------


def _one_loud_article() -> pd.DataFrame:
    """Group x: 20 articles; «حصار» repeated 30 times in one, «معبر» once in each of 15."""
    rng = np.random.default_rng(7)
    filler = "غزة قصف الاحتلال النازحين القطاع مساعدات مستشفى".split()
    rows = []
    for group in ("x", "y"):
        for i in range(20):
            words = rng.choice(filler, size=40).tolist()
            if group == "x" and i == 3:
                words += ["حصار"] * 30
            if group == "x" and i < 15:
                words += ["معبر", "معبر"]
            if group == "y" and i < 2:
                words += ["معبر", "حصار"]
            rows.append((f"{group}{i:02d}", group, " ".join(words)))
    return pd.DataFrame(rows, columns=["doc_id", "outlet", "text"])


def test_log_odds_by_documents_flags_the_loud_article():
    docs = _one_loud_article()
    table = toolkit.log_odds(docs, min_count=1, resample="bootstrap", n_resamples=300, seed=1)
    x = table[table["group"] == "x"].set_index("term")
    loud, spread = x.loc["حصار"], x.loc["معبر"]
    assert loud["z"] > 1.96 and spread["z"] > 1.96  # tokens as units: both "significant"
    assert loud["one_article"] and loud["n_docs"] == 1 and loud["top_doc_share"] == pytest.approx(30 / 30)
    assert (
        not spread["one_article"]
        and spread["n_docs"] == 15
        and spread["top_doc_share"] == pytest.approx(2 / 30)
    )
    assert loud["delta_low"] <= 0 < loud["delta_high"] and loud["p_docs"] > 0.05  # articles as units: no
    assert spread["delta_low"] > 0 and spread["p_docs"] < 0.05
    shuffled = toolkit.log_odds(
        docs.sample(frac=1, random_state=3), min_count=1, resample="bootstrap", n_resamples=300, seed=1
    )
    pd.testing.assert_frame_equal(table, shuffled)


def test_keyness_permutation_treats_articles_as_units():
    docs = _one_loud_article()
    table = toolkit.keyness(docs, target="x", min_count=1, per_document=True, resample="permutation",
                            n_resamples=300, seed=2).set_index("term")  # fmt: skip
    assert table.loc["حصار", "p_g2"] < 1e-6 and table.loc["حصار", "p_docs"] > 0.05
    assert table.loc["معبر", "p_docs"] < 0.05 and table.loc["حصار", "one_article"]
    assert (table["p_docs"] > 0).all() and (table["p_docs"] <= 1).all()
    again = toolkit.keyness(docs.iloc[::-1], target="x", min_count=1, per_document=True, resample="permutation",
                            n_resamples=300, seed=2).set_index("term")  # fmt: skip
    pd.testing.assert_frame_equal(table, again.loc[table.index])


# -- coverage at the edges (fast subset of benchmarks/bench_compare.py's grid) ----------


def _coverage(n_docs: int, true_share: float, concentration: float, *, runs: int, interval: str) -> tuple:
    """Coverage over ``runs`` independent simulated groups (one label_shares call; each group is one run)."""
    rng = np.random.default_rng([n_docs, int(true_share * 100), int(concentration)])
    groups = tuple(f"g{run:04d}" for run in range(runs))
    matches, documents = simulate_mentions(
        rng, n_docs=n_docs, true_share=true_share, concentration=concentration, groups=groups
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ShareWarning)
        table = toolkit.label_shares(matches, documents, concept="dead", n_boot=300, interval=interval)
    rows = table[table["variant"] == "martyrs"]
    if len(rows) < runs:  # the label never drawn in any group: it has no row to read
        pytest.fail("the simulation never drew the label")
    covered = (rows["ci_low"] <= true_share) & (true_share <= rows["ci_high"])
    misses = ~covered
    return covered.mean(), int(misses.sum()), int((misses & rows["unreliable"]).sum())


@pytest.mark.parametrize(
    ("n_docs", "true_share", "concentration"),
    [(10, 0.1, 1.0), (20, 0.05, 1.0), (20, 0.3, 1.0), (30, 0.1, 1.0)],
)
def test_share_intervals_keep_their_promise_for_small_groups(n_docs, true_share, concentration):
    coverage, misses, flagged = _coverage(
        n_docs, true_share, concentration, runs=250, interval="design-effect"
    )
    if n_docs >= 20:
        assert coverage >= 0.92, coverage
    else:
        assert coverage >= 0.90 or flagged >= 0.9 * misses, (coverage, misses, flagged)


def test_percentile_bootstrap_under_covers_where_the_default_does_not():
    """The old default at 10 articles and a rare, clustered label (why the default changed)."""
    coverage, _, _ = _coverage(10, 0.1, 1.0, runs=250, interval="bootstrap")
    assert coverage < 0.88

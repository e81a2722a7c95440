"""Speed and calibration of the comparison statistics.

Run: ``nice -n 10 .venv/bin/python benchmarks/bench_compare.py [--quick] [--no-ant] [--grid-only]``
(the ANT part needs ../shared/corpora).

1. label_shares: 2,000 cluster-bootstrap resamples for 100,000 documents
   across 5 outlets (synthetic mentions, 1-4 per document).
2. Coverage grid of the 95% share intervals: groups of 10-50 documents,
   shares of the first label from rare (0.05) to even, and clustering from
   strong (Beta concentration 1) to almost none (50); at every point the
   default (design-effect) interval and the percentile bootstrap (the old
   default, the peer) are read from the same call, with how often the
   ``unreliable`` flag fires and how many misses it catches. The grid is
   simulated afresh (a different seed from the test suite's fast subset).
3. On ANT politics (17,795 articles, 5 outlets): the uninformative prior
   before and after (rare terms absent from a group with z > 1.96), n_i
   counted two ways, keyness under quanteda's default against the old
   always-Yates, and document-level uncertainty: how many token-level
   "significant" terms survive when articles are the units.
"""

from __future__ import annotations

import sys
import time
import warnings

import numpy as np
import pandas as pd

import toolkit
from toolkit.compare.logodds import log_odds_table
from toolkit.compare.simulate import simulate_mentions
from toolkit.paths import ANT_POLITICS


def synthetic(n_docs: int, outlets: int, rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    doc_ids = np.array([f"d{i}" for i in range(n_docs)])
    outlet = rng.integers(0, outlets, size=n_docs)
    documents = pd.DataFrame({"doc_id": doc_ids, "outlet": [f"o{o}" for o in outlet], "text": ""})
    per_doc = rng.integers(1, 5, size=n_docs)
    owner = np.repeat(np.arange(n_docs), per_doc)
    share = 0.2 + 0.15 * outlet[owner]
    variant = np.where(rng.random(owner.size) < share, "martyrs", "killed")
    matches = pd.DataFrame({"doc_id": doc_ids[owner], "concept": "dead", "variant": variant})
    return matches, documents


def speed() -> None:
    rng = np.random.default_rng(0)
    matches, documents = synthetic(100_000, 5, rng)
    start = time.perf_counter()
    table = toolkit.label_shares(matches, documents, concept="dead", n_boot=2000)
    print(
        f"label_shares, 100,000 documents, {len(matches):,} mentions, 5 outlets, 2,000 resamples: "
        f"{time.perf_counter() - start:.2f} s"
    )
    print(table[["outlet", "variant", "share", "ci_low", "ci_high", "n_eff"]].head(4).to_string(index=False))


def coverage_grid(*, runs: int, quick: bool) -> pd.DataFrame:
    sizes = (10, 20, 50) if quick else (10, 20, 30, 50)
    shares = (0.05, 0.3) if quick else (0.05, 0.1, 0.3, 0.5)
    clustering = (1.0, 50.0) if quick else (1.0, 4.0, 50.0)
    rows = []
    start = time.perf_counter()
    for n_docs in sizes:
        for true_share in shares:
            for concentration in clustering:
                rng = np.random.default_rng([2026, n_docs, int(true_share * 1000), int(concentration)])
                groups = tuple(f"g{run:04d}" for run in range(runs))
                matches, documents = simulate_mentions(
                    rng, n_docs=n_docs, true_share=true_share, concentration=concentration, groups=groups
                )
                boot = toolkit.compare.bootstrap_shares(matches, documents, concept="dead", n_boot=500)
                table = boot.table
                rows_m = table[table["variant"] == "martyrs"].set_index("outlet")
                v = boot.variants.index("martyrs") if "martyrs" in boot.variants else None
                lows, highs = [], []
                for key in rows_m.index:
                    draws = boot.draws[(key,)][:, v]
                    draws = draws[~np.isnan(draws)]
                    low, high = np.quantile(draws, [0.025, 0.975]) if draws.size else (np.nan, np.nan)
                    lows.append(low)
                    highs.append(high)
                covered = (rows_m["ci_low"] <= true_share) & (true_share <= rows_m["ci_high"])
                covered_boot = (np.asarray(lows) <= true_share) & (true_share <= np.asarray(highs))
                flagged = rows_m["unreliable"]
                misses = ~covered
                rows.append(
                    {
                        "docs": n_docs, "share": true_share, "concentration": concentration,
                        "coverage": covered.mean(), "bootstrap": covered_boot.mean(),
                        "misses_low": float(((rows_m["ci_high"] < true_share)).mean()),
                        "flag_fires": flagged.mean(),
                        "misses_flagged": (misses & flagged).sum() / max(misses.sum(), 1),
                        "unflagged_coverage": covered[~flagged].mean() if (~flagged).any() else np.nan,
                        "median_width": float((rows_m["ci_high"] - rows_m["ci_low"]).median()),
                    }
                )  # fmt: skip
    grid = pd.DataFrame(rows)
    print(
        f"\ncoverage of 95% share intervals, {runs} simulated groups per point "
        f"({time.perf_counter() - start:.0f} s); 'bootstrap' is the percentile interval from the same draws:"
    )
    print(grid.to_string(index=False, float_format=lambda x: f"{x:.3f}"))
    big = grid[grid["docs"] >= 20]
    small = grid[grid["docs"] == 10]
    ok_small = (small["coverage"] >= 0.90) | (small["misses_flagged"] >= 0.90)
    print(
        f"worst coverage with >= 20 documents: {big['coverage'].min():.3f} (acceptance 0.92; bootstrap: "
        f"{big['bootstrap'].min():.3f}); at 10 documents: {small['coverage'].min():.3f} "
        f"(bootstrap {small['bootstrap'].min():.3f}); 10-document points meeting the rule: "
        f"{int(ok_small.sum())}/{len(small)}"
    )
    return grid


def differences_grid(*, runs: int, quick: bool) -> pd.DataFrame:
    """Coverage of compare_shares' 95% difference intervals and its false-positive rate.

    Each run is a pair of groups of ``docs`` documents each, simulated like
    the share grid, with true shares ``share_a`` and ``share_a + delta``; all
    runs of a point go through one ``compare_shares`` call (pairs given).
    ``coverage`` is how often the interval holds the true difference;
    ``p<0.05`` how often the raw p-value falls below 0.05 (at delta 0, the
    false-positive rate, nominal 0.05).
    """
    sizes = (10, 20) if quick else (10, 20, 30)
    shares = (0.05, 0.3) if quick else (0.05, 0.1, 0.3)
    deltas = (0.0, 0.2)
    clustering = (1.0, 50.0) if quick else (1.0, 4.0, 50.0)
    rows = []
    start = time.perf_counter()
    for n_docs in sizes:
        for share_a in shares:
            for delta in deltas:
                for concentration in clustering:
                    seed = [2027, n_docs, int(share_a * 1000), int(delta * 1000), int(concentration)]
                    rng = np.random.default_rng(seed)
                    parts = []
                    for side, share in (("a", share_a), ("b", share_a + delta)):
                        parts.append(
                            simulate_mentions(
                                rng, n_docs=n_docs, true_share=share, concentration=concentration,
                                groups=tuple(f"{side}{run:04d}" for run in range(runs)),
                            )
                        )  # fmt: skip
                    matches = pd.concat([p[0] for p in parts], ignore_index=True)
                    documents = pd.concat([p[1] for p in parts], ignore_index=True)
                    table = toolkit.compare_shares(
                        matches, documents, concept="dead", n_boot=500,
                        pairs=[(f"a{run:04d}", f"b{run:04d}") for run in range(runs)],
                    )  # fmt: skip
                    rows_m = table[table["variant"] == "martyrs"]
                    truth = -delta
                    covered = (rows_m["ci_low"] <= truth + 1e-12) & (truth - 1e-12 <= rows_m["ci_high"])
                    rows.append(
                        {
                            "docs": n_docs, "share_a": share_a, "delta": delta,
                            "concentration": concentration, "pairs": len(rows_m), "coverage": covered.mean(),
                            "p<0.05": float((rows_m["p_value"] < 0.05).mean()),
                            "median_width": float((rows_m["ci_high"] - rows_m["ci_low"]).median()),
                        }
                    )  # fmt: skip
    grid = pd.DataFrame(rows)
    print(
        f"\ncompare_shares: coverage of 95% difference intervals, {runs} simulated pairs per point "
        f"({time.perf_counter() - start:.0f} s); at delta 0, 'p<0.05' is the false-positive rate:"
    )
    print(grid.to_string(index=False, float_format=lambda x: f"{x:.3f}"))
    return grid


def ant() -> None:
    if not ANT_POLITICS.exists():
        print(f"\nskipped the ANT part: {ANT_POLITICS} not found")
        return
    start = time.perf_counter()
    docs = toolkit.load_corpus(ANT_POLITICS).documents
    docs = docs[docs["role"] == "main"] if "role" in docs.columns else docs
    print(f"\nANT politics: {len(docs):,} articles loaded in {time.perf_counter() - start:.0f} s")
    start = time.perf_counter()
    odds = toolkit.log_odds(docs)
    print(f"log_odds over ANT: {time.perf_counter() - start:.2f} s, {len(odds):,} rows")

    counts = toolkit.compare.term_counts(docs, min_count=5)
    total = float(counts.to_numpy().sum())
    rare = counts.sum(axis=0) < 20
    print(f"\nuninformative prior: rare terms (< 20 occurrences, {int(rare.sum()):,}) absent from a group")
    for label, options in (
        ("old: alpha0 = corpus size (pseudo-count N/V)", {"alpha0": total}),
        ("new: pseudo-count 1", {}),
    ):
        table = log_odds_table(counts, prior="uninformative", **options)
        absent = table[(table["count"] == 0) & table["term"].isin(rare[rare].index)]
        # The formula's own value, before the rule that zeroes a direction the data do not show:
        a = options.get("alpha0", counts.shape[1]) / counts.shape[1]
        a0 = a * counts.shape[1]
        n_i = absent["group"].map(counts.sum(axis=1))
        n_j = total - n_i
        y_j = absent["count_other"]
        raw = np.log(a / (n_i + a0 - a)) - np.log((y_j + a) / (n_j + a0 - y_j - a))
        raw_z = raw / np.sqrt(1 / a + 1 / (y_j + a))
        print(
            f"  {label}: formula z > 1.96 in {np.mean(raw_z > 1.96):.1%}; reported "
            f"{np.mean(absent['z'] > 1.96):.1%} (of {len(absent):,} absent group-term pairs)"
        )
    kept = toolkit.log_odds(docs)
    every = toolkit.log_odds(docs, n_from="all")
    merged = kept.merge(every, on=["group", "term"])
    print(
        f"n_i counted over kept terms vs every token: max |z difference| "
        f"{(merged['z_x'] - merged['z_y']).abs().max():.2f}, per outlet: "
        + ", ".join(f"{g} {d:.2f}" for g, d in merged.groupby("group")
                    .apply(lambda f: (f["z_x"] - f["z_y"]).abs().max()).items())
    )  # fmt: skip

    target = "skynews"
    old = toolkit.keyness(docs, target=target, measure="chi2", correction="scipy")
    new = toolkit.keyness(docs, target=target, measure="chi2")
    both = old.merge(new, on="term")
    print(
        f"\nkeyness of {target}: chi2 under quanteda's default vs always-Yates: max |difference| "
        f"{(both['chi2_x'] - both['chi2_y']).abs().max():.2f}; "
        f"PMI finite: {bool(np.isfinite(new['pmi']).all())}"
    )

    start = time.perf_counter()
    boot = toolkit.log_odds(docs, resample="bootstrap", n_resamples=200, seed=0)
    seconds = time.perf_counter() - start
    token = boot[boot["z"].abs() > 1.96]
    survive = token["p_docs"] < 0.05
    print(
        f"\nlog_odds with a document bootstrap (200 resamples, {len(boot):,} rows): {seconds:.1f} s"
        f" (token-level alone: see above)\n  token-level |z| > 1.96: {len(token):,} group-term pairs; "
        f"significant with articles as units (p_docs < 0.05): {int(survive.sum()):,} ({survive.mean():.1%}); "
        f"flagged one_article: {int(token['one_article'].sum()):,}"
    )
    start = time.perf_counter()
    perm = toolkit.keyness(docs, target=target, per_document=True, resample="permutation", n_resamples=200)
    seconds = time.perf_counter() - start
    strong = perm[perm["p_g2"] < 0.05]
    print(
        f"keyness of {target} with 200 permutations of article labels: {seconds:.1f} s; "
        f"p_g2 < 0.05: {len(strong):,} terms, of which p_docs < 0.05: "
        f"{int((strong['p_docs'] < 0.05).sum()):,}"
    )
    print(
        boot[boot["group"] == "CNN"]
        .head(8)[["term", "count", "z", "n_docs", "top_doc_share", "p_docs"]]
        .to_string(index=False, float_format=lambda x: f"{x:.3f}")
    )


def main() -> None:
    quick = "--quick" in sys.argv
    if not {"--grid-only", "--differences-only"} & set(sys.argv):
        speed()
    if "--differences-only" not in sys.argv:
        coverage_grid(runs=150 if quick else 300, quick=quick)
    differences_grid(runs=100 if quick else 200, quick=quick)
    if not {"--no-ant", "--grid-only", "--differences-only"} & set(sys.argv):
        ant()


if __name__ == "__main__":
    warnings.simplefilter("ignore", toolkit.compare.ShareWarning)
    main()

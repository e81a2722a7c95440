"""Speed and calibration of the comparison statistics.

Run: ``.venv/bin/python benchmarks/bench_compare.py`` (ANT part needs ../shared/corpora).

1. label_shares: 2,000 cluster-bootstrap resamples for 100,000 documents
   across 5 outlets (synthetic mentions, 1-4 per document).
2. Coverage of the 95% intervals over 400 simulated corpora of 500
   documents with clustered mentions (the test suite checks 93-97%).
3. log_odds over the ANT politics corpus (17,795 articles, 5 outlets),
   tokenization included.
"""

from __future__ import annotations

import time
import warnings

import numpy as np
import pandas as pd

import toolkit
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


def main() -> None:
    rng = np.random.default_rng(0)
    matches, documents = synthetic(100_000, 5, rng)
    start = time.perf_counter()
    table = toolkit.label_shares(matches, documents, concept="dead", n_boot=2000)
    print(
        f"label_shares, 100,000 documents, {len(matches):,} mentions, 5 outlets, 2,000 resamples: "
        f"{time.perf_counter() - start:.2f} s"
    )
    print(table[["outlet", "variant", "share", "ci_low", "ci_high"]].head(4).to_string(index=False))

    hits = 0
    start = time.perf_counter()
    sim_rng = np.random.default_rng(12345)
    for sim in range(400):
        m, d = simulate_mentions(sim_rng, n_docs=500, true_share=0.3)
        row = (
            toolkit.label_shares(m, d, concept="dead", n_boot=800, seed=sim)
            .set_index("variant")
            .loc["martyrs"]
        )
        hits += row["ci_low"] <= 0.3 <= row["ci_high"]
    print(
        f"coverage of 95% intervals, 400 simulated corpora of 500 documents: {hits / 400:.3f} "
        f"({time.perf_counter() - start:.1f} s)"
    )

    if ANT_POLITICS.exists():
        docs = toolkit.load_corpus(ANT_POLITICS).documents
        start = time.perf_counter()
        odds = toolkit.log_odds(docs)
        print(
            f"log_odds over ANT ({len(docs):,} articles): {time.perf_counter() - start:.2f} s, "
            f"{len(odds):,} rows"
        )
    else:
        print(f"skipped log_odds: {ANT_POLITICS} not found")


if __name__ == "__main__":
    warnings.simplefilter("ignore", toolkit.compare.ShareWarning)
    main()

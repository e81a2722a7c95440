"""Topic models on the ANT politics corpus: outliers, coherence, stability, renaming.

Run: ``nice -n 10 .venv/bin/python benchmarks/bench_topics.py [--per-outlet N | --full]
[--methods bertopic,nmf,lda] [--seeds 0,1,2] [--no-reference] [--cache DIR]`` (needs ../shared/corpora).

The corpus is split in two halves by a hash of each article's text: half A
was used to choose BERTopic's settings (representation, candidates, outlier
assignment), half B is held out and is what this script reports on. By
default it fits a seeded sample of 200 articles per outlet of half B
(1,000 articles) and scores coherence on the fitted sample and on the rest
of half B (a held-out reference corpus); ``--full`` fits all 17,795
articles (both halves; coherence on the fitted corpus only).

For each method, at BERTopic's number of topics K:

1. outlier share before and after assignment and the largest topic's share
   (a catch-all topic would show here);
2. NPMI coherence computed the same way for every method
   (:func:`toolkit.coherence`: top 10 words, boolean documents, the same
   vocabulary, the same reference corpus);
3. adjusted Rand index between fits under each pair of seeds (as
   :func:`toolkit.topic_stability` computes it, reusing the first fit);
4. every ``doc_id`` renamed and the rows shuffled: are the assignments
   identical?

BERTopic with plain c-TF-IDF words from all documents after assignment
(the word setting before this tuning; same clustering) is fitted once as a
reference row, "bertopic c-tf-idf/all". Last, BERTopic on 213 articles of one
outlet (the case that used to put every document in topic -1).
"""

from __future__ import annotations

import hashlib
import itertools
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.metrics import adjusted_rand_score

import toolkit
from toolkit.paths import ANT_POLITICS
from toolkit.topics import TopicModel, TopicWarning


def option(name: str, default: str | None) -> str | None:
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default


def load(cache: str | None) -> pd.DataFrame:
    stored = Path(cache) / "ant-politics.parquet" if cache else None
    if stored is not None and stored.exists():
        return pd.read_parquet(stored)
    corpus = toolkit.load_corpus(ANT_POLITICS).documents
    corpus = corpus[corpus["role"] == "main"] if "role" in corpus.columns else corpus
    corpus = corpus[["doc_id", "outlet", "text"]].reset_index(drop=True)
    if stored is not None:
        stored.parent.mkdir(parents=True, exist_ok=True)
        corpus.to_parquet(stored)
    return corpus


def halves(corpus: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Half A (tuning) and half B (held out), by the md5 of each text."""
    bit = corpus["text"].map(lambda t: int(hashlib.md5(t.encode("utf-8")).hexdigest(), 16) % 2)
    return corpus[bit == 0].reset_index(drop=True), corpus[bit == 1].reset_index(drop=True)


def sample(docs: pd.DataFrame, per_outlet: int) -> pd.DataFrame:
    parts = [
        part.sample(n=min(per_outlet, len(part)), random_state=18)
        for _, part in docs.groupby("outlet", sort=True)
    ]
    return pd.concat(parts, ignore_index=True)


def renamed_identical(model: TopicModel, docs: pd.DataFrame) -> bool:
    rng = np.random.default_rng(1)
    names = dict(zip(docs["doc_id"], [f"r{i:06d}" for i in rng.permutation(len(docs))], strict=True))
    other = TopicModel(**model.get_params()).fit(
        docs.assign(doc_id=docs["doc_id"].map(names)).sample(frac=1, random_state=2)
    )
    left = model.document_topics_.assign(doc_id=model.document_topics_["doc_id"].map(names))
    left = left.set_index("doc_id").sort_index()
    right = other.document_topics_.set_index("doc_id").sort_index()
    return bool(left["topic"].equals(right["topic"]))


def run(name: str, params: dict, docs: pd.DataFrame, heldout: pd.DataFrame | None) -> dict:
    start = time.perf_counter()
    model = TopicModel(**params).fit(docs)
    seconds = time.perf_counter() - start
    info = model.topic_info_
    sizes = info.loc[info["topic"] != -1, "size"]
    row = {
        "method": name,
        "n_topics": len(sizes),
        "fit_s": round(seconds, 1),
        "outliers_before": model.outlier_share_["before"],
        "outliers_after": model.outlier_share_["after"],
        "largest_share": float(sizes.max() / len(docs)) if len(sizes) else float("nan"),
        "npmi_fit": toolkit.coherence(model, docs).attrs["mean"],
        "npmi_heldout": toolkit.coherence(model, heldout).attrs["mean"] if heldout is not None else np.nan,
    }
    print(dict(row), flush=True)
    row["model"] = model
    return row


def stability(row: dict, docs: pd.DataFrame, seeds: tuple[int, ...]) -> None:
    """ARI between fits under each pair of seeds (as topic_stability), reusing the fit already made."""
    model = row["model"]
    fits = {model.seed: model}
    for seed in seeds:
        if seed not in fits:
            fits[seed] = clone(model).set_params(seed=seed).fit(docs)
    assigned = {s: f.document_topics_.sort_values("doc_id")["topic"].to_numpy() for s, f in fits.items()}
    aris = [adjusted_rand_score(assigned[a], assigned[b]) for a, b in itertools.combinations(sorted(fits), 2)]
    row["ari_mean"] = float(np.mean(aris))
    row["ari_min"] = float(np.min(aris))
    row["renamed_identical"] = renamed_identical(model, docs)
    print(row["method"], {k: row[k] for k in ("ari_mean", "ari_min", "renamed_identical")}, flush=True)


def verdicts(results: list[dict]) -> None:
    bert = results[0]
    nmf = next((r for r in results if r["method"] == "nmf"), None)
    print(f"\nBERTopic outlier share after assignment {bert['outliers_after']:.3f} (acceptance <= 0.20)")
    if nmf is not None:
        for column in ("npmi_fit", "npmi_heldout"):
            if not np.isnan(bert[column]):
                verdict = "not below" if bert[column] >= nmf[column] else "BELOW"
                print(
                    f"{column}: BERTopic {bert[column]:.3f} vs NMF {nmf[column]:.3f} "
                    f"at K = {bert['n_topics']}: {verdict}",
                    flush=True,
                )


def main() -> None:
    if not ANT_POLITICS.exists():
        print(f"skipped: {ANT_POLITICS} not found")
        return
    corpus = load(option("--cache", None))
    methods = option("--methods", "bertopic,nmf,lda").split(",")
    seeds = tuple(int(s) for s in option("--seeds", "0,1,2").split(","))
    _, held = halves(corpus)
    if "--full" in sys.argv:
        docs, heldout = corpus, None
        print(f"{len(docs):,} articles (all); NPMI over the fitted corpus")
    else:
        per_outlet = int(option("--per-outlet", "200"))
        docs = sample(held, per_outlet)
        heldout = held[~held["doc_id"].isin(docs["doc_id"])]
        print(
            f"{len(docs):,} articles of the held-out half B ({per_outlet} per outlet, seeded); "
            f"held-out NPMI reference: the other {len(heldout):,} articles of half B"
        )
    results = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TopicWarning)
        # First every model's fit and coherence (the criterion), then the refits for stability.
        results.append(run("bertopic", {"method": "bertopic"}, docs, heldout))
        k = results[0]["n_topics"]
        for method in ("nmf", "lda"):
            if method in methods:
                results.append(run(method, {"method": method, "n_topics": k}, docs, heldout))
        verdicts(results)
        for row in results:
            stability(row, docs, seeds)
        if "--no-reference" not in sys.argv:
            plain = {"method": "bertopic", "representation": "c-tf-idf", "words_from": "all"}
            results.append(run("bertopic c-tf-idf/all", plain, docs, heldout))
    table = pd.DataFrame([{key: v for key, v in r.items() if key != "model"} for r in results])
    print()
    print(table.to_string(index=False, float_format=lambda x: f"{x:.3f}"))
    verdicts(results)
    for result in results:
        info = result["model"].topic_info_
        print(f"\n{result['method']}: the 8 largest topics")
        largest = info[info["topic"] != -1].head(8)[["topic", "size", "label"]]
        for topic, size, label in largest.itertuples(index=False):
            print(f"  {topic:>3} {size:>5}  {label}")

    one = corpus[corpus["outlet"] == "alarabia"].sample(n=213, random_state=3)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", TopicWarning)
        small = TopicModel(method="bertopic").fit(one)
    said = [str(w.message) for w in caught if issubclass(w.category, TopicWarning)]
    print(
        f"\n213 articles of one outlet: {int((small.topic_info_['topic'] != -1).sum())} topics, "
        f"outlier share {small.outlier_share_['after']:.3f}; warning: {said[0] if said else 'none'}"
    )
    print(small.topic_info_.head(5)[["topic", "size", "label"]].to_string(index=False))


if __name__ == "__main__":
    main()

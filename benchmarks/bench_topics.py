"""Topic models on the ANT politics corpus: outliers, coherence, stability, renaming.

Run: ``nice -n 10 .venv/bin/python benchmarks/bench_topics.py [--per-outlet N | --full]``
(needs ../shared/corpora).

By default a seeded sample of 400 articles per outlet (2,000 of 17,795;
``--full`` for all of them: it takes long on a shared 2-core machine). On
that sample:

1. BERTopic (default local embedding, HDBSCAN decides the number of topics
   K), outliers kept and assigned: outlier share before and after, NPMI
   coherence (``toolkit.coherence``, top 10 words over the sample);
2. NMF and LDA at the same K: the peers for coherence;
3. each method fitted under seeds 1 and 2: adjusted Rand index between
   the fits (``toolkit.topics.topic_stability``), and with every ``doc_id``
   renamed and the rows shuffled: are the assignments identical?
4. BERTopic on 213 articles of one outlet (the case that used to put every
   document in topic -1 with an empty label).
"""

from __future__ import annotations

import sys
import time
import warnings

import numpy as np
import pandas as pd

import toolkit
from toolkit.paths import ANT_POLITICS
from toolkit.topics import TopicModel, TopicWarning, topic_stability


def sample(docs: pd.DataFrame, per_outlet: int | None) -> pd.DataFrame:
    if per_outlet is None:
        return docs.reset_index(drop=True)
    parts = [
        part.sample(n=min(per_outlet, len(part)), random_state=18)
        for _, part in docs.groupby("outlet", sort=True)
    ]
    return pd.concat(parts, ignore_index=True)


def renamed_identical(model: TopicModel, docs: pd.DataFrame) -> bool:
    rng = np.random.default_rng(1)
    names = dict(zip(docs["doc_id"], [f"r{i:06d}" for i in rng.permutation(len(docs))], strict=True))
    other = toolkit.topics.model.TopicModel(**model.get_params()).fit(
        docs.assign(doc_id=docs["doc_id"].map(names)).sample(frac=1, random_state=2)
    )
    left = model.document_topics_.assign(doc_id=model.document_topics_["doc_id"].map(names))
    left = left.set_index("doc_id").sort_index()
    right = other.document_topics_.set_index("doc_id").sort_index()
    return bool(left["topic"].equals(right["topic"]))


def run(method: str, docs: pd.DataFrame, n_topics: int | None) -> dict:
    start = time.perf_counter()
    model = TopicModel(method=method, n_topics=n_topics).fit(docs)
    seconds = time.perf_counter() - start
    score = toolkit.coherence(model, docs)
    info = model.topic_info_
    stability = topic_stability(model, docs, seeds=(1, 2))
    return {
        "method": method,
        "seconds": seconds,
        "topics": int((info["topic"] != -1).sum()),
        "outliers_before": model.outlier_share_["before"],
        "outliers_after": model.outlier_share_["after"],
        "npmi": score.attrs["mean"],
        "ari_mean": stability.attrs["mean_ari"],
        "ari_min": float(stability["ari"].min()),
        "reproduced": float(stability.attrs["topics"]["reproduced"].mean()),
        "renamed_identical": renamed_identical(model, docs),
        "model": model,
    }


def main() -> None:
    if not ANT_POLITICS.exists():
        print(f"skipped: {ANT_POLITICS} not found")
        return
    per_outlet = None if "--full" in sys.argv else 400
    if "--per-outlet" in sys.argv:
        per_outlet = int(sys.argv[sys.argv.index("--per-outlet") + 1])
    corpus = toolkit.load_corpus(ANT_POLITICS).documents
    corpus = corpus[corpus["role"] == "main"] if "role" in corpus.columns else corpus
    docs = sample(corpus, per_outlet)
    print(f"{len(docs):,} articles ({'all' if per_outlet is None else f'{per_outlet} per outlet, seeded'})")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TopicWarning)
        results = [run("bertopic", docs, None)]
        k = results[0]["topics"]
        print({key: v for key, v in results[0].items() if key != "model"}, flush=True)
        for method in ("nmf", "lda"):
            results.append(run(method, docs, k))
            print({key: v for key, v in results[-1].items() if key != "model"}, flush=True)
    table = pd.DataFrame([{key: v for key, v in r.items() if key != "model"} for r in results])
    print(table.to_string(index=False, float_format=lambda x: f"{x:.3f}"))
    bert, nmf = results[0], results[1]
    print(
        f"\nBERTopic outlier share after assignment {bert['outliers_after']:.3f} (acceptance <= 0.20); "
        f"NPMI {bert['npmi']:.3f} vs NMF {nmf['npmi']:.3f} at K = {k} "
        f"(ratio {bert['npmi'] / nmf['npmi']:.2f})"
    )
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
        f"outlier share "
        f"{small.outlier_share_['after']:.3f}; warning: {said[0] if said else 'none'}"
    )
    print(small.topic_info_.head(5)[["topic", "size", "label"]].to_string(index=False))


if __name__ == "__main__":
    main()

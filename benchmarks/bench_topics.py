"""Topic models on the ANT politics corpus: time, memory, coherence, outliers, topics.

Run: ``.venv/bin/python benchmarks/bench_topics.py`` (needs ../shared/corpora).

Each method runs in a fresh process (so its peak memory is its own), on the
whole corpus (17,795 articles, 5 outlets), with the default local embedding
for BERTopic. Coherence is NPMI of each topic's top 10 words over the corpus
(``toolkit.coherence``).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd

from toolkit.paths import ANT_POLITICS

RUN = r"""
import json, resource, sys, time
import toolkit
docs = toolkit.load_corpus(toolkit.paths.ANT_POLITICS).documents
method = sys.argv[1]
start = time.perf_counter()
model = toolkit.TopicModel(method=method, n_topics=None if method == "bertopic" else 40).fit(docs)
seconds = time.perf_counter() - start
score = toolkit.coherence(model, docs)
info = model.topic_info_
outliers = float(info.loc[info["topic"] == -1, "size"].sum() / len(docs))
top = info[info["topic"] != -1].head(10)
print(json.dumps({
    "method": method, "seconds": seconds,
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "topics": int((info["topic"] != -1).sum()), "outliers": outliers, "npmi": score.attrs["mean"],
    "top": [[int(t), int(s), l] for t, s, l in top[["topic", "size", "label"]].itertuples(index=False)],
}, ensure_ascii=False))
"""


def main() -> None:
    if not ANT_POLITICS.exists():
        print(f"skipped: {ANT_POLITICS} not found")
        return
    results = []
    for method in ("bertopic", "nmf", "lda"):
        done = subprocess.run([sys.executable, "-c", RUN, method], capture_output=True, text=True, check=True)
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    table = pd.DataFrame(results)[["method", "seconds", "peak_mb", "topics", "outliers", "npmi"]]
    print(table.to_string(index=False, float_format=lambda x: f"{x:.3f}"))
    for result in results:
        print(f"\n{result['method']}: the 10 largest topics")
        for topic, size, label in result["top"]:
            print(f"  {topic:>3} {size:>5}  {label}")


if __name__ == "__main__":
    main()

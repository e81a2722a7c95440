# ---
# jupyter:
#   jupytext:
#     formats: py:percent
# ---

# %% [markdown]
# # 05 · Topics by outlet
#
# What each outlet writes about, with intervals, on the SaudiNewsNet sample
# shipped with the project (220 articles, CC BY-NC-SA 4.0; see
# `corpora/saudinewsnet-sample/README.md`). The same calls run on a full corpus.

# %%
import toolkit
from toolkit.paths import CORPORA

documents = toolkit.load_corpus(CORPORA / "saudinewsnet-sample" / "sample.jsonl.gz").documents
model = toolkit.TopicModel(method="nmf", n_topics=8, min_df=3, seed=0).fit(documents)
model.topics()[["topic", "size", "label"]]

# %% [markdown]
# Each outlet's share of documents per topic (documents resampled), with the
# topic's words computed from that outlet's own documents.

# %%
by_outlet = toolkit.topics_by(model, documents, by="outlet", n_boot=500)
by_outlet[["outlet", "topic", "n_docs", "prevalence", "ci_low", "ci_high", "label"]]

# %%
labels = model.topic_info_.set_index("topic")["label"]
fig = toolkit.plot.plot_topic_prevalence(by_outlet, labels=labels)

# %%
score = toolkit.coherence(model, documents)
print(f"mean NPMI coherence of {len(score)} topics: {score.attrs['mean']:.3f}")

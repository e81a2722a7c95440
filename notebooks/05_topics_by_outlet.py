# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python (arabic-framing-toolkit)
#     language: python
#     name: arabic-framing-toolkit
# ---

# %% [markdown]
# # 05 · Topics by outlet
#
# **Question.** What does each outlet write about, and which differences in
# topic prevalence between outlets are larger than the sampling noise?
#
# Data: the SaudiNewsNet sample shipped with the project (220 articles from
# three outlets, CC BY-NC-SA 4.0; see `corpora/saudinewsnet-sample/README.md`).
# The same calls run on the full corpus: it is in `../shared/corpora` here, or
# `toolkit.datasets.fetch_saudinewsnet()` fetches it (CC BY-NC-SA 4.0, cite
# Alhagri 2015).

# %%
import toolkit
from toolkit.paths import CORPORA

toolkit.display.use_notebook_display()
toolkit.datasets.find_corpus("saudinewsnet")  # where the full corpus is, or how to fetch it

documents = toolkit.load_corpus(CORPORA / "saudinewsnet-sample" / "sample.jsonl.gz").documents
model = toolkit.TopicModel(method="nmf", n_topics=8, min_df=3, seed=0).fit(documents)
model.topics()[["topic", "size", "label"]]

# %% [markdown]
# **Evidence.** Each outlet's share of documents per topic, with 95% intervals
# (documents resampled), and the topic's words computed from that outlet's
# own documents.

# %%
by_outlet = toolkit.topics_by(model, documents, by="outlet", n_boot=500, seed=0)
by_outlet[["outlet", "topic", "n_docs", "prevalence", "ci_low", "ci_high", "label"]]

# %%
labels = model.topic_info_.set_index("topic")["label"]
fig = toolkit.plot.plot_topic_prevalence(by_outlet, labels=labels)

# %% [markdown]
# Topics whose intervals do not overlap between two outlets.

# %%
wide = by_outlet.pivot_table(index="topic", columns="outlet", values=["ci_low", "ci_high"], observed=True)
separated = [
    (topic, a, b)
    for topic in wide.index
    for a in wide["ci_low"].columns
    for b in wide["ci_low"].columns
    if a < b and (wide.loc[topic, ("ci_low", a)] > wide.loc[topic, ("ci_high", b)]
                  or wide.loc[topic, ("ci_low", b)] > wide.loc[topic, ("ci_high", a)])
]  # fmt: skip
print(f"topic × outlet pairs with non-overlapping 95% intervals: {len(separated)}")
score = toolkit.coherence(model, documents)
print(f"mean NPMI coherence of {len(score)} topics: {score.attrs['mean']:.3f}")

# %% [markdown]
# ## What a researcher may and may not conclude
#
# - **May:** describe these topics in the sample and point to the topics whose
#   prevalence differs between outlets beyond the intervals (non-overlapping
#   intervals are a conservative sign of a difference).
# - **May not:** read the sample's prevalences as the outlets' (the sample
#   was drawn to test the loader: 90, 90 and 40 articles chosen by rules, see
#   its README), or treat the topics as given: they depend on the number of
#   topics and the method (check `toolkit.coherence` and read the documents
#   of each topic). Eight topics on 220 short articles are a demonstration.

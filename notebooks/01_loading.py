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
# # 01 · Loading and cleaning the seed articles
#
# **Question.** When we count words in these articles, do we count the story,
# and only the story? Scraped pages carry an aggregator's labels, crawl
# stamps, share widgets, tags, «مقالات مشابهة» lists and whole other articles
# appended after «إقرأ أيضاً». Every count later in the workflow depends on
# separating them.
#
# Data: the five seed articles shipped with the project (`seeds/`, also
# `toolkit.load_seeds()` from an installed package).

# %%
import toolkit
from toolkit.paths import SEEDS

toolkit.display.use_notebook_display()  # right-to-left table cells, legible figures

corpus = toolkit.load_corpus(SEEDS)
corpus

# %% [markdown]
# Every input has a row in the load report: loaded (with its encoding), or
# rejected with a reason. Nothing is dropped without a row here.

# %%
corpus.report

# %% [markdown]
# One row per article: five stories and the three articles appended after them
# (`role="related"`, with the story they were appended to as `parent_id`).

# %%
corpus.documents[["doc_id", "role", "parent_id", "outlet", "source", "title", "published"]]

# %% [markdown]
# How the raw file of seed 000 was classified. Only `body` segments are story
# text; the segments tile the file, so every character is accounted for.

# %%
segments = corpus.segments[corpus.segments["path"] == "000_989eea801e3711f0.txt"]
segments[segments["kind"] != "blank"][["kind", "start", "end", "text"]]

# %% [markdown]
# **Evidence.** «حماس» in the raw file against the story the loader kept, and a
# check that the segments rebuild the file exactly.

# %%
raw = corpus.raw_text("000_989eea801e3711f0.txt")
story = corpus.documents.set_index("doc_id").loc["000_989eea801e3711f0", "text"]
rebuilt = (SEEDS / "000_989eea801e3711f0.txt").read_text(encoding="utf-8") == raw
print(raw.count("حماس"), "in the file;", story.count("حماس"), "in the story")
print("segments rebuild the file exactly:", rebuilt)
kinds = corpus.segments.groupby("kind")["end"].count().sort_values(ascending=False)
kinds.rename("segments").to_frame()

# %% [markdown]
# ## What a researcher may and may not conclude
#
# - **May:** counts computed from `documents.text` in the next notebooks leave
#   out page furniture and appended articles on these five pages; that is
#   checked here character by character (4 of 7 «حماس» in seed 000 were not
#   in the story).
# - **May not:** assume the same for another outlet's pages without looking.
#   The segmenter's markers are rules; on a new corpus read `corpus.report`
#   and a sample of `corpus.segments` per outlet before counting. There is no
#   sampling error to put an interval on here: this notebook checks a
#   procedure, not an estimate.

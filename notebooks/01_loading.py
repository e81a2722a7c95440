# ---
# jupyter:
#   jupytext:
#     formats: py:percent
# ---

# %% [markdown]
# # 01 · Loading and cleaning the seed articles
#
# Five scraped articles about the same March 2024 event. The loader splits each
# page into the story, its metadata and the furniture around it, and accounts
# for every character.

# %%
import toolkit
from toolkit.paths import SEEDS

corpus = toolkit.load_corpus(SEEDS)
corpus

# %% [markdown]
# Every input has a row in the load report.

# %%
corpus.report

# %% [markdown]
# One row per article: five stories and the three articles appended after them.

# %%
corpus.documents[["doc_id", "role", "outlet", "source", "title", "published", "tags"]]

# %% [markdown]
# How the raw file of seed 000 was classified. Only `body` segments are story
# text: «حماس» occurs 7 times in the file but 3 times in the story.

# %%
segments = corpus.segments[corpus.segments["path"] == "000_989eea801e3711f0.txt"]
segments[segments["kind"] != "blank"][["kind", "start", "end", "text"]]

# %%
raw = corpus.raw_text("000_989eea801e3711f0.txt")
story = corpus.documents.set_index("doc_id").loc["000_989eea801e3711f0", "text"]
print(raw.count("حماس"), "in the file;", story.count("حماس"), "in the story")

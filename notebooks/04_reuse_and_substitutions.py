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
# # 04 · Republication and the words changed between versions
#
# **Question.** Seeds 000 (الجزيرة) and 002 share whole sentences. Is one a
# copy of the other, and which words did the copy change — in particular,
# which labels of the lexicon?
#
# Data: the five seed articles.

# %%
import toolkit
from toolkit.paths import SEEDS

toolkit.display.use_notebook_display()

corpus = toolkit.load_corpus(SEEDS)
documents = corpus.documents
pairs = toolkit.find_reuse(documents, min_similarity=0.1)  # shared passages, not only copies
pairs

# %% [markdown]
# **Evidence.** Every edit inside the shared passages, with the lexicon labels
# it touches.

# %%
subs = toolkit.substitutions(documents, pairs)
subs[["op", "a_text", "b_text", "before", "after", "concept", "a_variant", "b_variant"]]

# %% [markdown]
# The substitution matrix: which label each outlet pair replaced by which.

# %%
matrix = toolkit.substitution_matrix(subs)
matrix

# %% [markdown]
# The five seeds report one event; the appended articles are other stories.

# %%
documents.assign(event_id=toolkit.cluster_events(documents, window_days=10))[
    ["doc_id", "role", "outlet", "event_id"]
]

# %%
changes = subs[subs["label_change"]]
for row in changes.itertuples():
    print(f"{row.concept}: {row.a_variant} → {row.b_variant} ({row.a_text} → {row.b_text or row.b_term})")

# %% [markdown]
# ## What a researcher may and may not conclude
#
# - **May:** show that 002 reuses passages of 000 (containment in both
#   directions above) and list, word for word, what was changed in the shared
#   sentences: «شهداء» became «قتلى», «جيش الاحتلال» gained «الإسرائيلي».
#   These are observations of two texts, not estimates, so they carry no
#   interval.
# - **May not:** say who made the edit or why (a wire service, an editor, a
#   later update of the same story), or that an outlet always edits this way:
#   that needs many pairs (on a corpus, `toolkit.substitution_matrix` counts
#   them per outlet pair) and a check that the pairs are copies and not two
#   reports quoting one source.

# ---
# jupyter:
#   jupytext:
#     formats: py:percent
# ---

# %% [markdown]
# # 04 · Republication and the words changed between versions
#
# Seeds 000 (الجزيرة) and 002 share whole sentences. Which words did the
# second version change?

# %%
import toolkit
from toolkit.paths import SEEDS

corpus = toolkit.load_corpus(SEEDS)
documents = corpus.documents
pairs = toolkit.find_reuse(documents, min_similarity=0.1)  # shared passages, not only copies
pairs

# %% [markdown]
# Every edit inside the shared passages, with the lexicon labels it touches.

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

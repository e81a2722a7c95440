# ---
# jupyter:
#   jupytext:
#     formats: py:percent
# ---

# %% [markdown]
# # 02 · Lexicon framing on the seeds
#
# Which labels did each of the five outlets choose for the same event?

# %%
import toolkit
from toolkit.paths import SEEDS

corpus = toolkit.load_corpus(SEEDS)
stories = corpus.documents[corpus.documents["role"] == "main"]
matches = toolkit.annotate(stories)
matches[["doc_id", "concept", "variant", "surface", "in_quote", "appositive_variant"]]

# %% [markdown]
# The labels each outlet used, per concept (the same event, five outlets).

# %%
table = toolkit.counts(matches, stories, by="doc_id")
focus = ["hamas_naming", "the_dead", "israeli_army", "captives"]
table[table["concept"].isin(focus)].pivot_table(
    index=["concept", "variant"], columns="doc_id", values="n_mentions", fill_value=0, observed=True
)

# %% [markdown]
# The republisher (صحيفة المرصد الليبية, seed 001) reads «حركة الفصائل
# الفلسطينية» where a name of Hamas stood: a find-and-replace fingerprint.

# %%
kwic = toolkit.kwic(stories, matches[matches["variant"] == "palestinian_factions"], width=50)
kwic

# %% [markdown]
# The same sentence in الجزيرة (000) and in 002: «شهداء» against «قتلى».

# %%
dead = matches[matches["concept"] == "the_dead"]
toolkit.kwic(stories, dead, width=60)[["doc_id", "outlet", "left", "match", "right"]]

# %%
martyrs = set(dead.loc[dead["variant"] == "martyrs", "doc_id"])
killed = set(dead.loc[dead["variant"] == "killed", "doc_id"])
print("martyrs:", sorted(martyrs), "killed:", sorted(killed))

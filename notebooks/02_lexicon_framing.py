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
# # 02 · Lexicon framing on the seeds
#
# **Question.** The five seed articles report the same event. Which labels did
# each choose for the dead, for Hamas, for the Israeli army and for captives?
#
# Data: the five seed stories; the bundled lexicon.

# %%
import warnings

import toolkit
from toolkit.paths import SEEDS

toolkit.display.use_notebook_display()
warnings.simplefilter("ignore", toolkit.compare.ShareWarning)  # five documents: every share is flagged

corpus = toolkit.load_corpus(SEEDS)
stories = corpus.documents[corpus.documents["role"] == "main"]
lexicon = toolkit.load_lexicon()
lexicon

# %%
matches = toolkit.annotate(stories, lexicon)
matches[["doc_id", "concept", "variant", "surface", "in_quote", "appositive_variant"]]

# %% [markdown]
# The labels each article used, per concept (mentions).

# %%
table = toolkit.counts(matches, stories, by="doc_id")
focus = ["hamas_naming", "the_dead", "israeli_army", "captives"]
table[table["concept"].isin(focus)].pivot_table(
    index=["concept", "variant"], columns="doc_id", values="n_mentions", fill_value=0, observed=True
)

# %% [markdown]
# **Evidence in context.** The republisher, seed 001 (صحيفة المرصد الليبية),
# reads «حركة الفصائل الفلسطينية» where a name of Hamas stood: a
# find-and-replace fingerprint.

# %%
toolkit.kwic(stories, matches[matches["variant"] == "palestinian_factions"], width=50)

# %% [markdown]
# The same sentence in seed 000 (الجزيرة) and in seed 002: «شهداء» against «قتلى». A
# KWIC table cut to some of its columns still shows right-to-left.

# %%
dead = matches[matches["concept"] == "the_dead"]
toolkit.kwic(stories, dead, width=60)[["doc_id", "outlet", "left", "match", "right"]]

# %% [markdown]
# **With intervals.** Pooled over the five stories, the share of each label of
# the dead, with a 95% cluster-bootstrap interval (articles resampled). Five
# articles make the interval wide: that width is the finding.

# %%
pooled = stories.assign(outlet="all five")
shares = toolkit.label_shares(matches, pooled, concept="the_dead", n_boot=2000, seed=0)
shares[["variant", "n_mentions", "n_docs", "share", "ci_low", "ci_high"]]

# %%
martyrs = set(dead.loc[dead["variant"] == "martyrs", "doc_id"])
killed = set(dead.loc[dead["variant"] == "killed", "doc_id"])
print("martyrs:", sorted(martyrs), "killed:", sorted(killed))

# %% [markdown]
# ## What a researcher may and may not conclude
#
# - **May:** state which label each of these five articles used, and show the
#   sentence (KWIC); that seed 001 replaced a name of Hamas, and that «شهداء»
#   and «قتلى» both occur for the same dead.
# - **May not:** describe an outlet's editorial line from one article, or give
#   a share of «شهداء» across outlets: with five articles the 95% interval
#   above spans most of the range. Before counting on a corpus, check the
#   lexicon's precision on a coded sample (`toolkit.sample_for_review`,
#   `toolkit.lexicon_precision`).

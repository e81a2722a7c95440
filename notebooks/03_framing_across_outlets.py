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
# # 03 · Framing across five outlets around 14 May 2018
#
# **Question.** The US embassy opened in Jerusalem on 14 May 2018 while dozens
# of Palestinians were killed at the Gaza border; all five outlets of the ANT
# corpus covered it. Within the events that every outlet covered, how did each
# name the dead and the Israeli army, and which differences between outlets
# survive a correction for multiple comparisons?
#
# Data: the ANT politics corpus: the copy in `../shared/corpora` when there is
# one, else a fetched copy (`toolkit.datasets.fetch_ant_multisource`), else the
# five seed articles, so that the notebook still runs and shows the method (on
# five articles about one event in March 2024, not on ANT).

# %%
import warnings

import toolkit

toolkit.display.use_notebook_display()
warnings.simplefilter("ignore", toolkit.compare.ShareWarning)

source = toolkit.datasets.find_corpus("ant-politics")
on_ant = source is not None
if on_ant:
    documents = toolkit.load_corpus(source).documents
    window = documents[(documents["published"] >= "2018-05-10") & (documents["published"] < "2018-05-20")]
else:
    print("Running on the five seed articles instead: the method, not the paper's result.")
    seeds = toolkit.load_seeds().documents
    window = seeds[seeds["role"] == "main"].assign(outlet=lambda d: d["outlet"].fillna("(unknown)"))
window = window.assign(event_id=toolkit.cluster_events(window, window_days=10))
matches = toolkit.annotate(window)
n_outlets = window["outlet"].nunique()
print(f"{len(window)} articles from {n_outlets} outlets; {len(matches)} label mentions")

# %% [markdown]
# **Which events did every outlet cover?** Comparing outlets on all their
# articles would compare their agendas; within shared events it compares
# their words for the same things.

# %%
coverage = window.groupby("event_id")["outlet"].nunique()
shared_events = coverage[coverage == n_outlets].index
print(f"events covered by all {n_outlets} outlets: {len(shared_events)} of {coverage.size}")

# %% [markdown]
# **Evidence.** Shares of each label of the dead per outlet, within the shared
# events, with 95% cluster-bootstrap intervals (articles resampled;
# `unreliable` marks shares resting on too few articles).

# %%
dead = toolkit.label_shares(matches, window, concept="the_dead", within="event_id", n_boot=1000, seed=0)
dead[["outlet", "variant", "n_mentions", "n_docs", "share", "ci_low", "ci_high", "unreliable"]]

# %%
fig = toolkit.plot.plot_label_shares(dead.assign(concept="the_dead"))

# %% [markdown]
# **Which differences survive correction?** Every pair of outlets, every label
# of the Israeli army, pooled over the ten days: differences in share with
# intervals, p-values and Benjamini–Hochberg correction.

# %%
army = toolkit.compare_shares(matches, window, concept="israeli_army", n_boot=1000, seed=0)
army[["group_a", "group_b", "variant", "difference", "ci_low", "ci_high", "p_adjusted", "significant"]]

# %%
survive = army[army["significant"]]
print(f"differences that survive BH correction: {len(survive)} of {len(army)} comparisons")
for row in survive.itertuples():
    interval = f"[{row.ci_low:+.2f}, {row.ci_high:+.2f}]"
    print(f"  {row.variant}: {row.group_a} − {row.group_b} = {row.difference:+.2f} {interval}")
if not on_ant:
    print("(seeds: one article per outlet; resampling one article cannot show its variability,")
    print(" so these intervals and p-values say nothing about the outlets)")

# %% [markdown]
# ## What a researcher may and may not conclude
#
# - **May:** (on ANT) report, for the events all five outlets covered, each
#   outlet's share of each label with its interval, and name the outlet pairs
#   whose difference survives correction — as differences in wording for the
#   same events in these ten days.
# - **May not:** read shares of outlets with few articles in the window (BBC
#   has a handful; see `n_docs` and `unreliable`) as their policy; generalise
#   from ten days to the outlets' coverage of the war; or treat copies of one
#   agency text as independent evidence (notebook 04 and
#   `label_shares(..., reuse=...)` count them once). On the seeds fallback,
#   nothing here is about ANT: five articles of one event show the method only.

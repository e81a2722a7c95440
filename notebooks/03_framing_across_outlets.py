# ---
# jupyter:
#   jupytext:
#     formats: py:percent
# ---

# %% [markdown]
# # 03 · Framing across five outlets around 14 May 2018
#
# The US embassy opened in Jerusalem on 14 May 2018 while dozens of Palestinians
# were killed at the Gaza border. All five outlets of the ANT corpus covered it.
# How did each name the dead and the Israeli army, within the events all of
# them covered?
#
# Reads the ANT corpus from `../shared/corpora` (its licence does not clearly
# allow shipping a sample with the project).

# %%
import warnings

import toolkit
from toolkit.paths import ANT_POLITICS

if not ANT_POLITICS.exists():
    print(f"SKIPPED: the ANT corpus is not at {ANT_POLITICS}; nothing to show without it.")
    raise SystemExit(0)

warnings.simplefilter("ignore", toolkit.compare.ShareWarning)
documents = toolkit.load_corpus(ANT_POLITICS).documents
window = documents[(documents["published"] >= "2018-05-10") & (documents["published"] < "2018-05-20")]
window = window.assign(event_id=toolkit.cluster_events(window))
matches = toolkit.annotate(window)
len(window), len(matches)

# %% [markdown]
# Shares of each label of the dead, per outlet, within the events that every
# outlet covered (documents resampled for the intervals).

# %%
dead = toolkit.label_shares(matches, window, concept="the_dead", within="event_id", n_boot=1000)
dead[["outlet", "variant", "n_mentions", "share", "ci_low", "ci_high", "unreliable"]]

# %%
fig = toolkit.plot.plot_label_shares(dead.assign(concept="the_dead"))

# %% [markdown]
# The same for the Israeli army, pooled over the ten days.

# %%
army = toolkit.label_shares(matches, window, concept="israeli_army", n_boot=1000)
toolkit.compare_shares(matches, window, concept="israeli_army", n_boot=1000).query("significant")

# %%
shared_events = window.groupby("event_id")["outlet"].nunique()
print(f"events covered by all five outlets: {(shared_events == 5).sum()}")

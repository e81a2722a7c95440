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
# # The paper's figures, from raw inputs
#
# **Question.** Can a reader rebuild every figure of the paper from the raw
# inputs? This notebook regenerates them into `figures/` (ignored by git), each
# as PDF, SVG and PNG with a provenance record (hashes of the corpus and the
# lexicon, parameters). Figures 1–2 come from the seeds shipped with the
# project, always; figures 3–4 from the ANT corpus: the copy in
# `../shared/corpora`, else a fetched copy; without either, the notebook says
# which call fetches it.
#
#     .venv/bin/python notebooks/paper.py

# %%
import warnings

import pandas as pd

import toolkit
from toolkit.paths import REPO, SEEDS
from toolkit.reuse.network import outlet_edges

FIGURES = REPO / "figures"
toolkit.display.use_notebook_display()
warnings.simplefilter("ignore", toolkit.compare.ShareWarning)


def provenance(documents: pd.DataFrame, **parameters) -> dict:
    lexicon = toolkit.load_lexicon()
    return {
        "notebook": "notebooks/paper.py",
        "corpus_sha256": toolkit.plot.content_hash(documents),
        "lexicon_sha256": lexicon.sha256,
        "parameters": parameters,
    }


# %% [markdown]
# Figure 1: the seeds: labels of the dead and of Hamas in five outlets.

# %%
seeds = toolkit.load_corpus(SEEDS).documents
stories = seeds[seeds["role"] == "main"].assign(outlet=lambda d: d["outlet"].fillna("(unknown)"))
matches = toolkit.annotate(stories)
shares = pd.concat(
    toolkit.label_shares(matches, stories, concept=c, n_boot=2000, seed=0).assign(concept=c)
    for c in ("the_dead", "hamas_naming")
)
fig = toolkit.plot.plot_label_shares(shares)
written = [
    toolkit.plot.save(fig, FIGURES / "fig1_seeds_label_shares", provenance=provenance(stories, n_boot=2000))
]

# %% [markdown]
# Figure 2: what the republished versions changed.

# %%
pairs = toolkit.find_reuse(seeds)
matrix = toolkit.substitution_matrix(toolkit.substitutions(seeds, pairs))
fig = toolkit.plot.plot_substitution_matrix(matrix)
written.append(toolkit.plot.save(fig, FIGURES / "fig2_seeds_substitutions", provenance=provenance(seeds)))

# %% [markdown]
# Figures 3 and 4: ANT, 10-20 May 2018: the dead within shared events, and the
# reuse network.

# %%
ant_source = toolkit.datasets.find_corpus("ant-politics")
if ant_source is not None:
    ant = toolkit.load_corpus(ant_source).documents
    window = ant[(ant["published"] >= "2018-05-10") & (ant["published"] < "2018-05-20")]
    window = window.assign(event_id=toolkit.cluster_events(window))
    ant_matches = toolkit.annotate(window)
    dead = toolkit.label_shares(ant_matches, window, concept="the_dead", within="event_id", n_boot=2000)
    fig = toolkit.plot.plot_label_shares(dead.assign(concept="the_dead"))
    written.append(
        toolkit.plot.save(
            fig,
            FIGURES / "fig3_ant_dead_within_events",
            provenance=provenance(window, within="event_id", n_boot=2000),
        )
    )
    ant_pairs = toolkit.find_reuse(window)
    fig = toolkit.plot.plot_reuse_network(outlet_edges(ant_pairs, window))
    written.append(toolkit.plot.save(fig, FIGURES / "fig4_ant_reuse_network", provenance=provenance(window)))
else:
    print("figures 3-4 not made: they need the ANT corpus (see above)")

# %% [markdown]
# **Evidence with intervals.** Figure 1's shares, as a table: five articles,
# so wide intervals.

# %%
shares[["concept", "outlet", "variant", "n_mentions", "share", "ci_low", "ci_high"]]

# %%
for files in written:
    print("wrote", files["pdf"].relative_to(REPO))

# %% [markdown]
# ## What a reader may and may not conclude
#
# - **May:** check that each figure follows from the inputs and parameters in
#   its `.provenance.json` (the same inputs give byte-identical files), and
#   rebuild figures 1–2 from a fresh clone.
# - **May not:** take figure 1 (five articles) as evidence about outlets; it
#   illustrates the method. Figures 3–4 rest on ANT's ten days around
#   14 May 2018 and inherit notebook 03's limits.

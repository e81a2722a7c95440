# ---
# jupyter:
#   jupytext:
#     formats: py:percent
# ---

# %% [markdown]
# # The paper's figures, from raw inputs
#
# Regenerates every figure into `figures/` (ignored by git), each as PDF, SVG
# and PNG with a provenance record. Seeds figures always; ANT figures when the
# corpus is in `../shared/corpora`.
#
#     .venv/bin/python notebooks/paper.py

# %%
import warnings

import matplotlib.pyplot as plt
import pandas as pd

import toolkit
from toolkit.paths import ANT_POLITICS, REPO, SEEDS
from toolkit.reuse.network import outlet_edges

FIGURES = REPO / "figures"
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
plt.close(fig)

# %% [markdown]
# Figure 2: what the republished versions changed.

# %%
pairs = toolkit.find_reuse(seeds)
matrix = toolkit.substitution_matrix(toolkit.substitutions(seeds, pairs))
fig = toolkit.plot.plot_substitution_matrix(matrix)
written.append(toolkit.plot.save(fig, FIGURES / "fig2_seeds_substitutions", provenance=provenance(seeds)))
plt.close(fig)

# %% [markdown]
# Figures 3 and 4: ANT, 10-20 May 2018: the dead within shared events, and the
# reuse network.

# %%
if ANT_POLITICS.exists():
    ant = toolkit.load_corpus(ANT_POLITICS).documents
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
    plt.close(fig)
    ant_pairs = toolkit.find_reuse(window)
    fig = toolkit.plot.plot_reuse_network(outlet_edges(ant_pairs, window))
    written.append(toolkit.plot.save(fig, FIGURES / "fig4_ant_reuse_network", provenance=provenance(window)))
    plt.close(fig)
else:
    print(f"SKIPPED figures 3-4: the ANT corpus is not at {ANT_POLITICS}")

# %%
for files in written:
    print("wrote", files["pdf"].relative_to(REPO))

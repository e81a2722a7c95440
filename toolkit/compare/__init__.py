"""Comparing outlets: label shares with intervals, differences, log-odds, keyness."""

from toolkit.compare.differences import compare_shares
from toolkit.compare.keyness import keyness, keyness_table
from toolkit.compare.logodds import log_odds, log_odds_table
from toolkit.compare.multiple import benjamini_hochberg
from toolkit.compare.shares import ShareWarning, bootstrap_shares, label_shares
from toolkit.compare.simulate import simulate_mentions
from toolkit.compare.terms import term_counts
from toolkit.schema import DIFFERENCE_COLUMNS, LOG_ODDS_COLUMNS, SHARE_COLUMNS

__all__ = [
    "DIFFERENCE_COLUMNS",
    "LOG_ODDS_COLUMNS",
    "SHARE_COLUMNS",
    "ShareWarning",
    "benjamini_hochberg",
    "bootstrap_shares",
    "compare_shares",
    "keyness",
    "keyness_table",
    "label_shares",
    "log_odds",
    "log_odds_table",
    "simulate_mentions",
    "term_counts",
]

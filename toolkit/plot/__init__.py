"""Publication-ready figures with correct Arabic (matplotlib ≥ 3.9).

matplotlib 3.11 and later shape Arabic themselves; older versions get text
shaped by arabic-reshaper and python-bidi (:func:`arabic_text`), never both.

Each figure function takes a table a ``toolkit`` statistic returned and an
optional ``ax``, and returns the figure; none computes statistics.
"""

from toolkit.plot.kwic_export import kwic_sample, kwic_to_html, kwic_to_latex
from toolkit.plot.labels import concept_names, variant_names
from toolkit.plot.log_odds import plot_log_odds
from toolkit.plot.reuse_network import directed_edges, plot_reuse_network
from toolkit.plot.save import content_hash, save, write_atomic
from toolkit.plot.shares import plot_label_shares
from toolkit.plot.style import PALETTE, MissingFontError, check_font, figure_size, house_style
from toolkit.plot.substitutions import plot_substitution_matrix, plot_substitutions
from toolkit.plot.text import arabic_text, shapes_arabic
from toolkit.plot.timeline import plot_label_timeline
from toolkit.plot.topics import plot_topic_prevalence, plot_topics_over_time
from toolkit.plot.words import written_forms

__all__ = [
    "PALETTE",
    "MissingFontError",
    "arabic_text",
    "check_font",
    "concept_names",
    "content_hash",
    "directed_edges",
    "figure_size",
    "house_style",
    "kwic_sample",
    "kwic_to_html",
    "kwic_to_latex",
    "plot_label_shares",
    "plot_label_timeline",
    "plot_log_odds",
    "plot_reuse_network",
    "plot_substitution_matrix",
    "plot_substitutions",
    "plot_topic_prevalence",
    "plot_topics_over_time",
    "save",
    "shapes_arabic",
    "variant_names",
    "write_atomic",
    "written_forms",
]

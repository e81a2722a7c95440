"""Loading scraped articles: pages and record files into a :class:`Corpus`."""

from toolkit.load.api import load_corpus
from toolkit.load.boilerplate import BoilerplatePolicy
from toolkit.load.corpus import Corpus
from toolkit.load.dates import parse_date, parse_dates
from toolkit.load.decode import decode_bytes
from toolkit.load.markers import load_markers

__all__ = [
    "BoilerplatePolicy",
    "Corpus",
    "decode_bytes",
    "load_corpus",
    "load_markers",
    "parse_date",
    "parse_dates",
]

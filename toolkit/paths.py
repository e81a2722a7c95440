"""The one module that knows where things are.

Examples
--------
>>> from toolkit.paths import SEEDS
>>> sorted(p.name for p in SEEDS.glob("*.txt"))[0]
'000_989eea801e3711f0.txt'
"""

from __future__ import annotations

import os
from pathlib import Path

#: Package folder (``toolkit/``).
PACKAGE = Path(__file__).resolve().parent
#: Repository root when the package is used from a checkout.
REPO = PACKAGE.parent
#: Bundled data files of the package (marker rules, stop words, lexicons).
DATA = PACKAGE / "data"
#: The five seed articles, kept byte for byte: ``seeds/`` in a checkout, else
#: the copy shipped inside the package (``toolkit/data/seeds/``, identical;
#: a test compares them), so that an installed package finds them too.
SEEDS = (
    REPO / "seeds" if (REPO / "pyproject.toml").is_file() and (REPO / "seeds").is_dir() else DATA / "seeds"
)
#: The copy of the seeds shipped as package data.
PACKAGED_SEEDS = DATA / "seeds"
#: Small corpus samples and corpus descriptions shipped with the project.
CORPORA = REPO / "corpora"
#: The shared public corpora beside the checkout; override with
#: ``FRAMING_SHARED_CORPORA``.
SHARED_CORPORA = Path(os.environ.get("FRAMING_SHARED_CORPORA", REPO.parent / "shared" / "corpora"))
#: The ANT politics corpus (17,797 articles, five outlets).
ANT_POLITICS = SHARED_CORPORA / "ant-multisource" / "politics.jsonl.gz"
#: SaudiNewsNet, first half (15,042 articles).
SAUDINEWSNET = SHARED_CORPORA / "saudinewsnet" / "2015-07-21_to_2015-07-31.jsonl.gz"
#: Where generated outputs go by default (ignored by git).
OUTPUT = REPO / "output"

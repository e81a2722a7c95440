from __future__ import annotations

import pytest

import toolkit
from toolkit.paths import SEEDS


@pytest.fixture(scope="session")
def seeds_corpus() -> toolkit.Corpus:
    return toolkit.load_corpus(SEEDS)


@pytest.fixture(scope="session")
def seed_docs(seeds_corpus):
    return seeds_corpus.documents.set_index("doc_id", drop=False)

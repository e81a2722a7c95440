"""Measure candidate scope anchors for the Israel–Palestine scope of the bundled lexicon.

A word is a good anchor when the documents that use it are about Israel and
Palestine: this script counts, for every word (search-normalized, a leading
و ف ب ل ال stripped), how many documents of a corpus use it and what share
of those documents name Israel or Palestine unambiguously at least twice
(«غزة», «حماس», «إسرائيل», «فلسطين» and their adjectives). Words with a high
share and enough documents are candidates; the list in
``toolkit/data/lexicons/israel_gaza.yml`` was chosen from this output.

Run::

    PYTHONPATH=. nice -n 10 python benchmarks/lexicon_anchors.py [--min-docs 20] [--top 120]
"""

from __future__ import annotations

import argparse
import re
from collections import Counter

import toolkit
from toolkit.arabic.normalize import normalize

CORE = re.compile(r"(?<!\w)[وفبل]?(?:ال)?(?:غزه|حماس|اسرائيل(?:ي|يه|يين|يون)?|فلسطين(?:ي|يه|يين|يون)?)(?!\w)")
WORD = re.compile(r"\w+")
PREFIX = re.compile(r"^(?:و|ف)?(?:ب|ل|ك)?(?:ال|ل(?=ل))?")


def _stem(word: str) -> str:
    stripped = PREFIX.sub("", word)
    return stripped if len(stripped) >= 3 else word


def anchor_table(texts: list[str], *, min_docs: int) -> list[tuple[str, int, float]]:
    """(word, documents using it, share of them that are about Israel–Palestine)."""
    about = []
    df: Counter[str] = Counter()
    df_about: Counter[str] = Counter()
    for text in texts:
        norm = normalize(text, level="search")
        is_about = len(CORE.findall(norm)) >= 2
        about.append(is_about)
        words = {_stem(w) for w in WORD.findall(norm) if not w.isdigit()}
        df.update(words)
        if is_about:
            df_about.update(words)
    rows = [(w, n, df_about[w] / n) for w, n in df.items() if n >= min_docs]
    print(f"{sum(about)} of {len(texts)} documents name Israel/Palestine at least twice")
    return sorted(rows, key=lambda r: (-r[2], -r[1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--min-docs", type=int, default=20)
    parser.add_argument("--top", type=int, default=150)
    args = parser.parse_args()
    for name, path in [
        ("ANT politics", toolkit.paths.ANT_POLITICS),
        ("SaudiNewsNet", toolkit.paths.SAUDINEWSNET),
    ]:
        docs = toolkit.load_corpus(path).documents
        texts = (docs["title"].fillna("") + "\n" + docs["text"].fillna("")).tolist()
        print(f"== {name}")
        for word, n, share in anchor_table(texts, min_docs=args.min_docs)[: args.top]:
            print(f"{word}\t{n}\t{share:.2f}")


if __name__ == "__main__":
    main()

"""Annotation speed: the Aho-Corasick matcher against a naive per-term regex loop.

Run: ``.venv/bin/python benchmarks/bench_annotate.py`` (needs ../shared/corpora).

The lexicon has 300 terms: the bundled default plus frequent words of the
corpus, each its own variant. The matcher is timed end to end on the whole
ANT politics corpus (normalization, matching, offsets, sentences, quotes);
the naive loop (one compiled regex per term, clitics in the pattern, run
over search-normalized text) on a slice, because it is too slow for more.
"""

from __future__ import annotations

import re
import time
from collections import Counter

import toolkit
from toolkit.arabic import normalize, tokenize
from toolkit.lexicon.model import term_key
from toolkit.paths import ANT_POLITICS

N_TERMS = 300
SLICE_DOCS = 300


def build_lexicon(texts: list[str]) -> toolkit.Lexicon:
    base = toolkit.load_lexicon()
    taken = {t.key for t in base.terms}
    counter = Counter(w for text in texts[:3000] for w in tokenize(normalize(text)) if len(w) >= 5)
    extra = []
    for word, _ in counter.most_common():
        if len(base.terms) + len(extra) >= N_TERMS:
            break
        key = term_key(word)
        if key not in taken and not any(key.startswith(p) for p in ("و", "ف", "ب", "ل", "ك", "ال")):
            taken.add(key)
            extra.append(word)
    raw = {"name": "bench", "concepts": {}}
    for term in base.terms:
        concept = raw["concepts"].setdefault(term.concept, {"variants": {}})
        variant = concept["variants"].setdefault(term.variant, {"frame": term.frame, "terms": []})
        variant["terms"].append({"term": term.text, "article": term.article, "enclitics": term.enclitics})
    frequent = {f"w{i}": {"frame": "x", "terms": [w]} for i, w in enumerate(extra)}
    raw["concepts"]["frequent"] = {"variants": frequent}
    return toolkit.load_lexicon(raw)


def naive(texts: list[str], lexicon: toolkit.Lexicon) -> int:
    found = 0
    normalized = [normalize(t, level="search") for t in texts]
    for term in lexicon.terms:
        body = r"\s+".join(re.escape(w) for w in term.key.split(" "))
        pattern = re.compile(rf"(?<!\w)(?:[وف])?(?:[بلك])?(?:ال|ل)?{body}(?!\w)")
        for text in normalized:
            found += sum(1 for _ in pattern.finditer(text))
    return found


def main() -> None:
    if not ANT_POLITICS.exists():
        print(f"skipped: {ANT_POLITICS} not found")
        return
    documents = toolkit.load_corpus(ANT_POLITICS).documents
    texts = documents["text"].tolist()
    lexicon = build_lexicon(texts)
    print(lexicon)
    megabytes = sum(len(t.encode()) for t in texts) / 1e6
    matcher = toolkit.Matcher(lexicon)
    print(f"automaton: {len(matcher.forms):,} written forms")

    start = time.perf_counter()
    matches = toolkit.annotate(documents, matcher=matcher)
    fast = time.perf_counter() - start
    print(
        f"matcher, whole corpus: {len(documents):,} documents, {megabytes:.1f} MB in {fast:.2f} s = "
        f"{megabytes / fast:.1f} MB/s ({len(matches):,} mentions)"
    )

    part = documents.iloc[:SLICE_DOCS]
    part_mb = sum(len(t.encode()) for t in part["text"]) / 1e6
    start = time.perf_counter()
    toolkit.annotate(part, matcher=matcher)
    fast_part = time.perf_counter() - start
    start = time.perf_counter()
    naive_hits = naive(part["text"].tolist(), lexicon)
    slow = time.perf_counter() - start
    print(f"slice of {SLICE_DOCS} documents ({part_mb:.2f} MB): matcher {part_mb / fast_part:.1f} MB/s")
    print(f"naive per-term re loop on the slice: {part_mb / slow:.3f} MB/s ({naive_hits:,} raw hits)")
    ratio = (megabytes / fast) / (part_mb / slow)
    print(f"speed-up of the matcher (whole-corpus rate) over the naive loop: {ratio:.0f}x")


if __name__ == "__main__":
    main()

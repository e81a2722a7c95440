"""Annotation speed: the Aho-Corasick matcher against a naive per-term regex loop.

Run: ``.venv/bin/python benchmarks/bench_annotate.py`` (needs ../shared/corpora).

The lexicon has 300 terms: the bundled default plus frequent words of the
corpus, each its own variant. Scopes are on: the bundled lexicon's scopes
and contexts where it has them, else a benchmark scope of Israel–Palestine
anchors required by the context-free concepts. A third of the frequent
words need an anchor in their sentence (and, where the lexicon has a second
scope, no anchor of that blocking scope within 3 words: ``unless``), a
third one within 8 words, a third none (as names need none), so that most
hits go through the scope check. The matcher is timed end to end on
the whole ANT politics corpus, titles and texts (normalization, matching,
offsets, sentences, quotes, scopes); the same lexicon without scopes is
timed as the peer. The naive loop (one compiled regex per term, clitics in
the pattern, run over search-normalized text) runs on a slice, because it
is too slow for more.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter

import toolkit
from toolkit.arabic import normalize, tokenize
from toolkit.lexicon.model import term_key
from toolkit.paths import ANT_POLITICS
from toolkit.yamlio import read_yaml

N_TERMS = 300
SLICE_DOCS = 300


#: Used only when the bundled lexicon declares no scopes.
BENCH_SCOPE = {
    "description": "benchmark scope: the passage is about Israel and the Palestinians",
    "terms": [
        {"term": "غزة", "min_stem": 3}, {"term": "رفح", "min_stem": 3}, "فلسطين", "الفلسطيني",
        "الفلسطينية", "الفلسطينيين", "الفلسطينيون", {"term": "إسرائيل", "article": False},
        "الإسرائيلي", "الإسرائيلية", "الإسرائيليين", "الاحتلال", {"term": "حماس", "article": False},
        "الضفة الغربية", "القدس", "جنين", "نابلس", "الخليل", "رام الله", "تل أبيب", "نتنياهو",
        "المستوطنين", "الأقصى", "الأونروا", "فتح", "الجهاد الإسلامي", "القطاع", "عباس",
    ],
}  # fmt: skip
#: Concepts whose words need the benchmark scope (when the lexicon has none).
CONTEXT_FREE = ("hamas_naming", "the_dead", "captives", "war_naming", "military_action", "genocide")


def build_lexicon(texts: list[str], *, scopes: bool = True) -> toolkit.Lexicon:
    base = toolkit.load_lexicon()
    raw = json.loads(json.dumps(read_yaml(base.source)))  # plain dicts, the bundled options kept
    raw["name"] = "bench"
    if scopes and not raw.get("scopes"):
        raw["scopes"] = {"bench": BENCH_SCOPE}
        for name in CONTEXT_FREE:
            if name in raw["concepts"]:
                raw["concepts"][name]["context"] = {"scope": "bench", "within": "sentence"}
    if not scopes:
        raw.pop("scopes", None)
        _drop_contexts(raw)
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
    names = list(raw.get("scopes") or {})
    scope = names[0] if names else None
    # With a second scope (the bundled lexicon's blocking scope), the words
    # needing their sentence also carry a negative scope, so the blocking
    # check runs on a third of the frequent words, not only on the bundled
    # «المقاومة» and «… الاحتلال».
    blocker = names[-1] if len(names) > 1 else None
    frequent = {}
    for i, w in enumerate(extra):
        frequent[f"w{i}"] = {"frame": "x", "terms": [w]}
        if scope is not None and i % 3:
            within = "sentence" if i % 3 == 1 else 8
            frequent[f"w{i}"]["context"] = {"scope": scope, "within": within}
            if blocker is not None and within == "sentence":
                frequent[f"w{i}"]["context"]["unless"] = {"scope": blocker, "within": 3}
    raw["concepts"]["frequent"] = {"variants": frequent}
    return toolkit.load_lexicon(raw)


def _drop_contexts(node: object) -> None:
    if isinstance(node, dict):
        node.pop("context", None)
        for value in node.values():
            _drop_contexts(value)
    elif isinstance(node, list):
        for value in node:
            _drop_contexts(value)


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
    fields = [documents[c].dropna() for c in ("title", "text")]
    megabytes = sum(len(t.encode()) for column in fields for t in column) / 1e6
    matcher = toolkit.Matcher(lexicon)
    n_context = sum(t.context is not None for t in lexicon.terms)
    print(f"automaton: {len(matcher.forms):,} written forms, {len(matcher.anchor_forms):,} anchor forms")
    n_unless = sum(t.context is not None and t.context.unless is not None for t in lexicon.terms)
    print(
        f"scopes: {list(lexicon.scopes)}; {n_context} of {len(lexicon.terms)} terms need context, "
        f"{n_unless} with a blocking scope (unless)"
    )

    start, cpu = time.perf_counter(), time.process_time()
    matches = toolkit.annotate(documents, matcher=matcher)
    fast, fast_cpu = time.perf_counter() - start, time.process_time() - cpu
    need = matches["scope_anchor"].ne("") | ~matches["in_scope"]
    print(
        f"matcher with scopes, whole corpus (titles and texts): {len(documents):,} documents, "
        f"{megabytes:.1f} MB in {fast:.2f} s = {megabytes / fast:.1f} MB/s ({len(matches):,} mentions, "
        f"{int(need.sum()):,} needed context, {int(matches['in_scope'].sum()):,} in scope); "
        f"CPU time {fast_cpu:.2f} s = {megabytes / fast_cpu:.1f} MB/s (on a shared machine wall time "
        "includes waiting for a core)"
    )
    plain = toolkit.Matcher(build_lexicon(texts, scopes=False))
    start, cpu = time.perf_counter(), time.process_time()
    plain_matches = toolkit.annotate(documents, matcher=plain)
    unscoped, unscoped_cpu = time.perf_counter() - start, time.process_time() - cpu
    print(
        f"same lexicon without scopes: {megabytes / unscoped:.1f} MB/s, "
        f"CPU {megabytes / unscoped_cpu:.1f} MB/s "
        f"({len(plain_matches):,} mentions); scopes cost {100 * (fast_cpu / unscoped_cpu - 1):.0f}% "
        "of the CPU time"
    )
    assert len(plain_matches) == len(matches), "scopes never add or drop a hit, they mark it"

    part = documents.iloc[:SLICE_DOCS]
    part_mb = sum(len(t.encode()) for t in part["text"]) / 1e6
    start = time.perf_counter()
    toolkit.annotate(part, matcher=matcher, fields=["text"])
    fast_part = time.perf_counter() - start
    start = time.perf_counter()
    naive_hits = naive(part["text"].tolist(), lexicon)
    slow = time.perf_counter() - start
    print(f"slice of {SLICE_DOCS} documents ({part_mb:.2f} MB): matcher {part_mb / fast_part:.1f} MB/s")
    print(
        f"naive per-term re loop on the slice (no scopes): {part_mb / slow:.3f} MB/s "
        f"({naive_hits:,} raw hits)"
    )
    ratio = (megabytes / fast) / (part_mb / slow)
    print(f"speed-up of the matcher (whole-corpus rate, scopes on) over the naive loop: {ratio:.0f}x")


if __name__ == "__main__":
    main()

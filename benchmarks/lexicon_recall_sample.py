"""Draw the per-concept recall sample of the bundled lexicon, and print it for a coder.

The sample behind ``tests/fixtures/gold/recall_docs.csv`` and the
``sample == "s2"`` rows of ``tests/fixtures/gold/recall_{ant,snn}.csv``;
``benchmarks/bench_lexicon_precision.py`` prints recall from them. How the
documents are drawn, per corpus and per concept, without the lexicon:

1. A document is *about the conflict* when its search-normalized title and
   text name Gaza, Palestine/Palestinians, Israel/Israelis, Hamas, the West
   Bank or Jerusalem at least ``MIN_ANCHORS`` times (a plain pattern, not the
   lexicon's scopes, so the selection does not favour what the lexicon finds).
2. It is a *candidate* for a concept when its title or text holds one of the
   concept's cues (``LISTING``): noun stems of the concept's referent, many of
   which the lexicon does not count («جثمان», «موقوفين», «سجين», «معارك»,
   «ضربات» …). Instances are noun labels (``CODING_RULE.md``), so a document
   without a cue has none the coder would list.
3. Texts of ``MIN_CHARS``–``MAX_CHARS`` characters; repeated texts (the
   first 300 normalized characters) are kept once.
4. Each candidate gets a key: a hash of the seed, the corpus, the concept and
   its id (independent of row order). The first ``DRAWN`` by key are printed
   and read in key order; a document whose cues are none of them the
   concept's referent (a Turkish prisoner, a Syrian dead) is *not about the
   referent* and is recorded as such; reading stops when ``PER_CONCEPT``
   documents are about the referent. Of these, the 1st, 3rd, 5th … form the
   *tuning* half and the 2nd, 4th … the *held-out* half
   (``tests/fixtures/gold/recall_docs.csv``). The lexicon was changed after
   reading the tuning half only.

Printing (``--print``) writes, per document, every sentence that holds one of
the concept's *instance cues* (noun stems, ``LISTING``), with the cue in
⟦ ⟧ and numbered; the coder judges each and lists the instances. The corpus
text goes to a local file only; the fixture holds offsets and short surfaces.

Run::

    PYTHONPATH=. nice -n 10 python benchmarks/lexicon_recall_sample.py ant --print /tmp/recall_ant.txt
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).parent))

import lexicon_gold_sample as gold

from toolkit.arabic.normalize import normalize

SEED = 14
PER_CONCEPT = 30
#: Documents drawn per concept, read in key order until PER_CONCEPT are about the referent.
DRAWN = 60
MIN_ANCHORS = 3
MIN_CHARS, MAX_CHARS = 300, 5000
CONCEPTS = (
    "the_dead",
    "captives",
    "war_naming",
    "strikes",
    "settlements",
    "genocide",
    "military_action",
    "hamas_naming",
)

_ANCHORS = re.compile(r"غزه|فلسطين|اسرائيل|حماس|الضفه|القدس")
#: Listing cues (raw text): noun stems of possible instances, printed for the coder.
_RAW = r"(?:^|(?<=[\s\"«(]))(?:[وفبلك]?(?:ال|لل)?)"
LISTING = {
    "the_dead": _RAW + r"(?:شهيد|شهدا|قتلى|قتيل|ضحايا|ضحاي|ضحية|جثث|جثة|جثمان|جثامين|موتى|أموات|الأموات)\w*",
    "captives": _RAW
    + r"(?:أسير|أسرى|أسرا|معتقل|سجين|سجناء|سجناؤ|سجنائ|رهين|رهائن|محتجز|مختطف|مخطوف|موقوف)\w*",
    "war_naming": _RAW + r"(?:حرب|حروب|عدوان|تصعيد|مواجه|معرك|جولة|اشتباك|قتال|اقتتال)\w*",
    "strikes": _RAW + r"(?:غارة|غارت|غارات|قصف|ضرب|استهداف|هجوم جوي|هجمات جوية)\w*",
    "settlements": _RAW + r"(?:مستوطن|مستعمر|بؤر|الكتل الاستيطاني|كتل استيطاني)\w*",
    "genocide": _RAW + r"(?:إباد|ابادة|مجزر|مجازر|مذبح|مذابح|محرق|تطهير عرقي)\w*",
    "military_action": _RAW
    + r"(?:اجتياح|هجوم|هجمات|عملية عسكرية|عملية برية|حملة عسكرية|غزو|توغل|اقتحام|عملية)\w*",
    "hamas_naming": _RAW
    + r"(?:حماس|حركة المقاومة|المقاومة|مقاوم|الفصائل|فصائل|مسلح|إرهابي|الإرهابي"
    + r"|جماعة إرهابية|منظمة إرهابية)\w*",
}


def about_the_conflict(documents: pd.DataFrame) -> pd.DataFrame:
    """Documents that name the conflict's places and actors at least ``MIN_ANCHORS`` times."""
    key = (documents["title"].fillna("") + "\n" + documents["text"]).map(
        lambda t: normalize(t, level="search")
    )
    n = key.str.count(_ANCHORS.pattern)
    length = documents["text"].str.len()
    keep = (n >= MIN_ANCHORS) & length.between(MIN_CHARS, MAX_CHARS)
    out = documents[keep].assign(_key=key[keep])
    head = out["_key"].str.replace(r"\s+", " ", regex=True).str[:300]
    return out[~head.duplicated()]


def draw(corpus: str, documents: pd.DataFrame, *, concepts=CONCEPTS, seed: int = SEED) -> pd.DataFrame:
    """The per-concept draw in reading order: ``corpus, concept, doc_id, rank, pool``."""
    pool = about_the_conflict(documents)
    parts = []
    for concept in concepts:
        cue = pool["title"].fillna("") + "\n" + pool["text"]
        has = pool[cue.str.contains(LISTING[concept], regex=True)]
        keys = [
            int.from_bytes(
                hashlib.blake2b(f"{seed}|{corpus}|{concept}|{d}".encode(), digest_size=8).digest(), "big"
            )
            for d in has["doc_id"].astype(str)
        ]
        chosen = has.assign(_h=keys).sort_values("_h").head(DRAWN)
        rank = range(1, len(chosen) + 1)
        parts.append(
            pd.DataFrame(
                {
                    "corpus": corpus,
                    "concept": concept,
                    "doc_id": chosen["doc_id"].astype(str).to_numpy(),
                    "rank": list(rank),
                    "pool": len(has),
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def print_for_coder(sample: pd.DataFrame, documents: pd.DataFrame, path: str) -> None:
    """Numbered cue sentences per document and concept, with offsets."""
    by_id = documents.set_index("doc_id")
    with open(path, "w", encoding="utf-8") as out:
        for row in sample.itertuples():
            out.write(f"\n##### {row.concept} {row.doc_id} ({row.rank})\n")
            for field in ("title", "text"):
                text = by_id.at[row.doc_id, field]
                if not isinstance(text, str):
                    continue
                for m in re.finditer(LISTING[row.concept], text):
                    left = text[max(0, m.start() - 100) : m.start()].replace("\n", " / ")
                    right = text[m.end() : m.end() + 50].replace("\n", " / ")
                    out.write(f"{field}|{m.start()}|{m.end()}  {left}⟦{m.group()}⟧{right}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", choices=sorted(gold.CORPORA))
    parser.add_argument("--cache", help="pickled documents (from an earlier load) instead of loading")
    parser.add_argument("--print", dest="print_to", help="write the cue lines for a coder to this file")
    parser.add_argument("--csv", help="write the drawn documents to this CSV")
    args = parser.parse_args()
    if args.cache and Path(args.cache).exists():
        documents = pd.read_pickle(args.cache)
    else:
        documents = gold.load_documents(args.corpus)
    sample = draw(args.corpus, documents)
    print(sample.groupby("concept")[["pool"]].first().assign(drawn=sample.groupby("concept").size()))
    if args.csv:
        sample.to_csv(args.csv, index=False)
    if args.print_to:
        print_for_coder(sample, documents, args.print_to)


if __name__ == "__main__":
    main()

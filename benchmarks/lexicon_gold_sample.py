"""Draw the gold sample of the bundled lexicon's hits, and print it for a coder.

The sample behind ``tests/fixtures/gold/precision_*.csv`` and
``benchmarks/bench_lexicon_precision.py``. How it is drawn:

1. The corpus (ANT politics or SaudiNewsNet, :mod:`toolkit.paths`) is
   annotated with the bundled lexicon, titles and texts.
2. Every hit gets a random key: a hash of the seed, the corpus name, its
   document id, field and start offset. The key does not depend on row order,
   and a hit keeps its key when the lexicon changes, so samples drawn before
   and after a revision share the hits they have in common.
3. Per variant, the hits (in scope only, by default) are ordered by key and a
   hit is dropped when its sentence, whitespace collapsed, was already seen
   for that variant (ANT repeats 903 texts; agencies repeat sentences).
4. The first ``per_variant`` hits form round 1. A variant redesigned after
   its round 1 was read gets round 2: the first ``per_variant`` hits of the
   revised lexicon that were not coded in round 1. Its precision is reported
   on round 2 only (never on the sample it was tuned on).
5. A variant redesigned in the second session (``holdout.csv``) was tuned
   by reading hits of one half of the documents (:func:`held_out` false);
   its fresh round is drawn from the other half only, leaving out every hit
   that overlaps a mention coded before (``--holdout``).

Printing (``--print``) writes numbered lines for a coder: the sentence with
the hit in ⟦ ⟧. The corpus text is printed to the terminal or a local file
only; the committed fixture has offsets and marks, no text.

Run::

    PYTHONPATH=. nice -n 10 python benchmarks/lexicon_gold_sample.py ant --round 1 --print /tmp/ant_r1.txt

    # a fresh held-out round of one redesigned variant (session 2)
    PYTHONPATH=. nice -n 10 python benchmarks/lexicon_gold_sample.py ant --round 5 --holdout \\
        --variants occupation --earlier tests/fixtures/gold/precision_ant.csv \\
        --cache /tmp/lexicon-cache --print /tmp/ant_r5.txt --csv /tmp/ant_r5.csv
"""

from __future__ import annotations

import argparse
import hashlib
import re
from pathlib import Path

import numpy as np
import pandas as pd

import toolkit

CORPORA = {"ant": toolkit.paths.ANT_POLITICS, "snn": toolkit.paths.SAUDINEWSNET}
SEED = 12
PER_VARIANT = 25
KEY_COLUMNS = ["corpus", "doc_id", "field", "start", "end"]
_SPACE = re.compile(r"\s+")


def load_documents(corpus: str, *, cache: str | Path | None = None) -> pd.DataFrame:
    """The corpus' documents (``doc_id``, ``outlet``, ``title``, ``text``).

    With ``cache`` (a folder), the loaded frame is pickled there and read
    back on later runs while the corpus file is unchanged (its size and
    modification time name the pickle), which saves the load on every re-run.
    """
    path = Path(CORPORA[corpus])
    if not path.exists():
        raise FileNotFoundError(f"{path} is not present: the gold sample is drawn from the shared corpora")
    if cache is not None:
        stat = path.stat()
        pickled = Path(cache) / f"{corpus}-{stat.st_size}-{int(stat.st_mtime)}.pkl"
        if pickled.exists():
            return pd.read_pickle(pickled)
    documents = toolkit.load_corpus(path).documents[["doc_id", "outlet", "title", "text"]]
    if cache is not None:
        pickled.parent.mkdir(parents=True, exist_ok=True)
        documents.to_pickle(pickled)
    return documents


def random_key(
    corpus: str, doc_id: pd.Series, field: pd.Series, start: pd.Series, *, seed: int = SEED
) -> np.ndarray:
    """A uniform key in [0, 1) per hit, from a hash of where it is (not of row order)."""
    ids = [
        f"{seed}|{corpus}|{d}|{f}|{s}"
        for d, f, s in zip(doc_id.astype(str), field.astype(str), start.astype(int), strict=True)
    ]
    return np.array(
        [int.from_bytes(hashlib.blake2b(i.encode(), digest_size=8).digest(), "big") / 2**64 for i in ids]
    )


def sentences(matches: pd.DataFrame, documents: pd.DataFrame) -> pd.Series:
    """The sentence of each hit, as written (from the field the offsets refer to)."""
    by_id = documents.set_index("doc_id")
    out = []
    for doc, field, s, e in zip(
        matches["doc_id"],
        matches["field"].astype(str),
        matches["sentence_start"],
        matches["sentence_end"],
        strict=True,
    ):
        text = by_id.at[doc, field]
        out.append(text[s:e] if isinstance(text, str) else "")
    return pd.Series(out, index=matches.index)


def ranked_hits(
    corpus: str,
    documents: pd.DataFrame,
    *,
    in_scope_only: bool = True,
    seed: int = SEED,
    matches: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """All hits of the bundled lexicon with their per-variant rank (duplicates of a sentence removed).

    Returns the matches with ``corpus``, ``key``, ``sentence`` and ``rank``
    (1 = first drawn within its variant). ``matches`` (``annotate``'s output
    for ``documents`` with the bundled lexicon) saves annotating again.
    """
    if matches is None:
        matches = toolkit.annotate(documents)
    if in_scope_only:
        matches = matches[matches["in_scope"]]
    matches = matches.assign(
        corpus=corpus,
        key=random_key(corpus, matches["doc_id"], matches["field"], matches["start"], seed=seed),
    )
    matches = matches.assign(sentence=sentences(matches, documents))
    seen = matches["sentence"].map(lambda s: _SPACE.sub(" ", s).strip())
    matches = matches.assign(_seen=seen).sort_values(["concept", "variant", "key"])
    matches = matches[~matches.duplicated(["variant", "_seen"])].drop(columns="_seen")
    rank = matches.groupby("variant", observed=True).cumcount() + 1
    return matches.assign(rank=rank.to_numpy()).reset_index(drop=True)


def held_out(corpus: str, doc_id: pd.Series) -> np.ndarray:
    """True for documents of the held-out half (a hash of corpus and id, not of row order).

    A variant redesigned in the second session was tuned by reading hits of
    the other half only; its fresh round (``holdout.csv``) is drawn from
    this half.
    """
    return np.array(
        [
            hashlib.blake2b(f"holdout|{corpus}|{d}".encode(), digest_size=8).digest()[0] >= 128
            for d in doc_id.astype(str)
        ],
        dtype=bool,
    )


def _overlaps_earlier(ranked: pd.DataFrame, earlier: pd.DataFrame) -> np.ndarray:
    """True for hits whose span overlaps a hit coded in an earlier round (same document and field)."""
    left = ranked[["doc_id", "field", "start", "end"]].astype({"doc_id": str, "field": str})
    right = earlier[["doc_id", "field", "start", "end"]].astype({"doc_id": str, "field": str})
    joined = left.reset_index(names="row").merge(right, on=["doc_id", "field"], suffixes=("", "_coded"))
    hit = (joined["start"] < joined["end_coded"]) & (joined["end"] > joined["start_coded"])
    rows = set(joined.loc[hit, "row"])
    return np.array([i in rows for i in left.index], dtype=bool)


def draw(
    ranked: pd.DataFrame,
    *,
    round_: int = 1,
    per_variant: int = PER_VARIANT,
    earlier: pd.DataFrame | None = None,
    holdout: bool = False,
) -> pd.DataFrame:
    """Round 1: the first ``per_variant`` hits of each variant by key.

    Round 2 (a fresh sample for a variant redesigned after round 1 was read):
    the first ``per_variant`` hits by key that are not at a place (document,
    field, start) of an ``earlier`` round, so no hit is coded twice even when
    a redesigned term now ends elsewhere.

    ``holdout``: draw only from the held-out half of the documents
    (:func:`held_out`) and leave out every hit overlapping one coded earlier
    («جنود الاحتلال» where «الاحتلال» was coded), so the round is fresh both
    in documents and in mentions.
    """
    if holdout:
        corpus = str(ranked["corpus"].iloc[0]) if len(ranked) else ""
        keep = held_out(corpus, ranked["doc_id"])
        if earlier is not None and len(earlier):
            keep &= ~_overlaps_earlier(ranked, earlier)
        fresh = ranked[keep]
        order = fresh.groupby("variant", observed=True).cumcount()
        return fresh[order.to_numpy() < per_variant]
    if round_ == 1 or earlier is None:
        return ranked[ranked["rank"] <= per_variant]

    def places(frame: pd.DataFrame) -> list[tuple[str, str, int]]:
        columns = (frame["doc_id"].astype(str), frame["field"].astype(str), frame["start"].astype(int))
        return list(zip(*columns, strict=True))

    seen = set(places(earlier))
    place = places(ranked)
    fresh = ranked[[p not in seen for p in place]]
    order = fresh.groupby("variant", observed=True).cumcount()
    return fresh[order.to_numpy() < per_variant]


def kwic_line(row: pd.Series, documents: pd.DataFrame, *, width: int = 160) -> str:
    """The hit's sentence with the hit in ⟦ ⟧, cut to ``width`` characters each side."""
    text = documents.set_index("doc_id").at[row["doc_id"], str(row["field"])]
    s, e = int(row["sentence_start"]), int(row["sentence_end"])
    left = text[s : row["start"]][-width:]
    right = text[row["end"] : e][:width]
    line = f"{left}⟦{text[row['start'] : row['end']]}⟧{right}"
    return _SPACE.sub(" ", line).strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", choices=sorted(CORPORA))
    parser.add_argument("--round", type=int, default=1, dest="round_")
    parser.add_argument("--per-variant", type=int, default=PER_VARIANT)
    parser.add_argument("--variants", nargs="*", help="only these variants")
    parser.add_argument(
        "--earlier", help="CSV of an earlier round (the committed fixture): round 2 avoids its hits"
    )
    parser.add_argument(
        "--holdout", action="store_true", help="draw from the held-out half only, avoiding coded mentions"
    )
    parser.add_argument("--cache", help="folder for the loaded corpus (pickled; reused while unchanged)")
    parser.add_argument("--print", dest="print_to", help="write numbered KWIC lines to this file")
    parser.add_argument("--csv", help="write the drawn hits (no text) to this CSV")
    args = parser.parse_args()
    documents = load_documents(args.corpus, cache=args.cache)
    earlier = pd.read_csv(args.earlier) if args.earlier else None
    ranked = ranked_hits(args.corpus, documents)
    if args.variants:
        ranked = ranked[ranked["variant"].isin(args.variants)]
        if earlier is not None:
            earlier = earlier[earlier["variant"].isin(args.variants)]
    sample = draw(
        ranked, round_=args.round_, per_variant=args.per_variant, earlier=earlier, holdout=args.holdout
    )
    if args.variants:
        sample = sample[sample["variant"].isin(args.variants)]
    sample = sample.assign(round=args.round_)
    print(sample.groupby(["concept", "variant"], observed=True).size().to_string())
    if args.csv:
        sample[[*KEY_COLUMNS, "concept", "variant", "term", "rank", "round"]].to_csv(args.csv, index=False)
    if args.print_to:
        with open(args.print_to, "w", encoding="utf-8") as out:
            for variant, group in sample.groupby("variant", observed=True, sort=False):
                out.write(f"## {group['concept'].iloc[0]}.{variant}\n")
                for i, (_, row) in enumerate(group.iterrows()):
                    out.write(
                        f"{i + 1:>3} {row['doc_id']}|{row['field']}|{row['start']}  "
                        f"{kwic_line(row, documents)}\n"
                    )


if __name__ == "__main__":
    main()

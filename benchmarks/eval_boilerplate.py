"""Precision and recall of learned boilerplate against hand-labelled edges.

Run: ``PYTHONPATH=. python benchmarks/eval_boilerplate.py`` (needs ../shared/corpora).

Two seeded 5,000-record samples (SaudiNewsNet July 2015, ANT politics) are
loaded twice: without learned boilerplate and with the default policy.
``tests/fixtures/boilerplate_labels.csv`` marks, for 78 documents drawn at
random across 13 outlets, the furniture in the first, second-to-last and
last body lines, coded by hand under this rule:

* ``T`` (template furniture): text an outlet adds to many stories at their
  edges that is not part of the report: links back to the site («رابط الخبر
  بصحيفة الوئام: <title>»), tag lists («سمات …»), bylines («<name> – عين
  اليوم», «عين اليوم – متابعات», «Next Previous …»), app promotions
  («يمكنكم استلام إشعارات …»), separator lines («-----»).
* ``R`` (related furniture): other stories' teasers, episode links and
  photo captions appended to a story; not repeated, so not learnable from
  repetition; reported apart.
* Not furniture: datelines («سبق- بيشة :», «(CNN)--»), closing sentences,
  sub-headings. Uncertain cases were coded as not furniture.

A label runs from the quoted opening words to the end of the line. The
sample was split (``split``) before any threshold was tuned: the thresholds
are the defaults chosen beforehand and were not changed after looking at the
``dev`` half; the ``heldout`` half is reported as the figure of record.
Only the labelled lines are scored. The learner as it was before (short
lines only, no templates) is scored beside it as the baseline.
"""

from __future__ import annotations

import gzip
import random
import tempfile
from pathlib import Path

import pandas as pd

import toolkit
from toolkit.paths import ANT_POLITICS, SAUDINEWSNET

LABELS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "boilerplate_labels.csv"
SOURCES = {"snn": SAUDINEWSNET, "ant": ANT_POLITICS}


def _sample(source: Path, folder: Path, name: str, n: int = 5000) -> Path:
    lines = [line for line in gzip.open(source, "rt", encoding="utf-8").read().split("\n") if line.strip()]
    keep = sorted(random.Random(13).sample(range(len(lines)), n))
    target = folder / f"{name}.jsonl"
    target.write_text("\n".join(lines[k] for k in keep) + "\n", encoding="utf-8")
    return target


def _spans(segments: pd.DataFrame, record: int, kinds: tuple[str, ...]) -> list[tuple[int, int]]:
    rows = segments[(segments["record"] == record) & segments["kind"].isin(kinds)].sort_values("start")
    return [(int(s), int(e)) for s, e in zip(rows["start"], rows["end"], strict=True)]


def _overlap(a: tuple[int, int], spans: list[tuple[int, int]]) -> int:
    return sum(max(0, min(a[1], e) - max(a[0], s)) for s, e in spans)


#: The learner as it was before templates and long lines: the baseline.
POLICIES = {
    "default": toolkit.BoilerplatePolicy(),
    "before (short lines only)": toolkit.BoilerplatePolicy(templates=False, long_max_words=12),
}


def evaluate(policy: toolkit.BoilerplatePolicy) -> pd.DataFrame:
    labels = pd.read_csv(LABELS, keep_default_na=False)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, source in SOURCES.items():
            path = _sample(source, Path(tmp), name)
            plain = toolkit.load_corpus(path, boilerplate=None)
            learned = toolkit.load_corpus(path, boilerplate=policy)
            print(f"{name}: learned {len(learned.boilerplate)} lines/anchors")
            print(learned.boilerplate.head(40).to_string())
            for doc_id, group in labels[labels["corpus"] == name].groupby("doc_id", sort=False):
                record = int(doc_id.split(":")[1])
                lines = _spans(plain.segments, record, ("body",))
                positions = {"first": 0, "prev": len(lines) - 2, "last": len(lines) - 1}
                scored = {positions[p] for p in ("first", "prev", "last") if 0 <= positions[p] < len(lines)}
                removed = _spans(learned.segments, record, ("boilerplate",))
                text = plain.raw_text(plain.report.loc[0, "path"], record=record)
                furniture = {"T": [], "R": []}
                for row in group.itertuples():
                    if not row.line:
                        continue
                    s, e = lines[positions[row.line]]
                    at = text[s:e].find(row.furniture_from)
                    assert at >= 0, (doc_id, row.line, row.furniture_from)
                    furniture[row.kind].append((s + at, e))
                for k in scored:
                    line = lines[k]
                    cut = [
                        (max(s, line[0]), min(e, line[1])) for s, e in removed if s < line[1] and e > line[0]
                    ]
                    for piece in cut:
                        inside = _overlap(piece, furniture["T"] + furniture["R"])
                        rows.append(
                            {
                                "split": group["split"].iloc[0],
                                "outlet": group["outlet"].iloc[0],
                                "unit": "removed",
                                "chars": piece[1] - piece[0],
                                "good_chars": inside,
                                "correct": inside >= 0.9 * (piece[1] - piece[0]),
                            }
                        )
                    for kind in ("T", "R"):
                        for piece in furniture[kind]:
                            if not (line[0] <= piece[0] < line[1]):
                                continue
                            got = _overlap(piece, cut)
                            rows.append(
                                {
                                    "split": group["split"].iloc[0],
                                    "outlet": group["outlet"].iloc[0],
                                    "unit": f"furniture_{kind}",
                                    "chars": piece[1] - piece[0],
                                    "good_chars": got,
                                    "correct": got >= 0.9 * (piece[1] - piece[0]),
                                }
                            )
    return pd.DataFrame(rows)


def summarize(scores: pd.DataFrame) -> pd.DataFrame:
    out = []
    for split, part in scores.groupby("split"):
        removed = part[part["unit"] == "removed"]
        t = part[part["unit"] == "furniture_T"]
        tr = part[part["unit"].str.startswith("furniture")]
        out.append(
            {
                "split": split,
                "removed pieces": len(removed),
                "precision (pieces)": removed["correct"].mean(),
                "precision (chars)": removed["good_chars"].sum() / max(removed["chars"].sum(), 1),
                "T pieces": len(t),
                "recall T (pieces)": t["correct"].mean(),
                "recall T (chars)": t["good_chars"].sum() / max(t["chars"].sum(), 1),
                "T+R pieces": len(tr),
                "recall T+R (pieces)": tr["correct"].mean(),
            }
        )
    return pd.DataFrame(out).set_index("split").T


if __name__ == "__main__":
    pd.set_option("display.width", 200)
    for label, policy in POLICIES.items():
        print(f"== policy: {label}")
        scores = evaluate(policy)
        print(scores[~scores["correct"]].to_string())
        print(summarize(scores).to_string())

"""The main job (issue 7): one command from raw pages to index.html."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd

from toolkit.paths import SEEDS


def test_report_on_the_seeds(tmp_path):
    out = tmp_path / "report"
    done = subprocess.run(
        [sys.executable, "-m", "toolkit", "report", str(SEEDS), "--out", str(out), "--n-boot", "300", "--quiet"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert "index.html" in done.stdout
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "5 inputs: 5 loaded, 0 rejected" in index
    for name in ("label_shares", "substitution_matrix", "reuse_network", "log_odds_00"):
        assert (out / "figures" / f"{name}.pdf").exists() and f'figures/{name}.png"' in index
        record = json.loads((out / "figures" / f"{name}.provenance.json").read_text(encoding="utf-8"))
        assert record["lexicon"]["name"] == "israel-gaza" and len(record["corpus"]["documents_sha256"]) == 64
    subs = pd.read_csv(out / "tables" / "substitutions.csv")
    assert {("martyrs", "killed")} <= set(zip(subs["a_variant"], subs["b_variant"], strict=True))
    shares = pd.read_csv(out / "tables" / "label_shares.csv")
    assert set(shares["concept"]) >= {"the_dead", "hamas_naming"}
    assert (out / "corpus" / "documents.parquet").exists() and (out / "kwic.html").exists()

"""The pipeline on Dask equals the pandas pipeline (issue 8)."""

from __future__ import annotations

import sys
import warnings

import pandas as pd
import pytest

import toolkit
import toolkit.dask as tkd
from toolkit.paths import CORPORA, SEEDS

SAMPLE = CORPORA / "saudinewsnet-sample" / "sample.jsonl.gz"


def _builds():
    return list(sys.modules["toolkit.dask.annotate"].BUILDS)


@pytest.fixture(scope="module")
def client():
    warnings.simplefilter("ignore")
    client = tkd.get_client(n_workers=2, memory_limit="2GiB")
    yield client
    client.cluster.close()
    client.close()


@pytest.fixture(scope="module")
def pandas_docs():
    seeds = toolkit.load_corpus(SEEDS).documents
    sample = toolkit.load_corpus(SAMPLE, boilerplate=None).documents
    return pd.concat([seeds, sample], ignore_index=True)


@pytest.fixture(scope="module")
def dask_docs(client, pandas_docs, tmp_path_factory):
    folder = tmp_path_factory.mktemp("parquet") / "documents"
    tkd.write_documents(pandas_docs, folder, npartitions=5)
    return tkd.read_documents(folder).persist()


def test_documents_keep_columns_and_dtypes(dask_docs, pandas_docs):
    assert list(dask_docs.columns) == list(toolkit.schema.DOCUMENTS)
    got = dask_docs.compute().reset_index(drop=True)
    pd.testing.assert_frame_equal(got, tkd.conform(pandas_docs).reset_index(drop=True))
    assert dask_docs.npartitions >= 2


def test_raw_files_load_like_the_pandas_loader(client, tmp_path):
    got = tkd.read_documents([SEEDS, SAMPLE]).compute().sort_values("doc_id").reset_index(drop=True)
    seeds = toolkit.load_corpus(SEEDS, boilerplate=None).documents
    sample = toolkit.load_corpus(SAMPLE, boilerplate=None).documents
    expected = tkd.conform(pd.concat([sample, seeds])).sort_values("doc_id").reset_index(drop=True)
    pd.testing.assert_frame_equal(got, expected)


def test_annotation_counts_and_the_automaton_once_per_worker(client, dask_docs, pandas_docs):
    before = {w: len(b) for w, b in client.run(_builds).items()}
    matches = tkd.annotate(dask_docs)
    got = matches.compute().reset_index(drop=True)
    expected = toolkit.annotate(pandas_docs)
    pd.testing.assert_frame_equal(got, expected)
    pd.testing.assert_frame_equal(tkd.counts(matches, dask_docs), toolkit.counts(expected, pandas_docs))
    tkd.annotate(dask_docs).compute()  # again: no new builds
    after = client.run(_builds)
    assert all(len(builds) - before[w] <= 1 for w, builds in after.items())
    assert sum(len(b) for b in after.values()) <= 2, "one automaton per worker, not per partition"


def test_label_shares_with_bootstrap_intervals_are_equal(dask_docs, pandas_docs):
    matches = tkd.annotate(dask_docs)
    for concept in ("israel_naming", "the_dead"):
        got = tkd.label_shares(matches, dask_docs, concept=concept, n_boot=300, seed=4)
        expected = toolkit.label_shares(
            toolkit.annotate(pandas_docs), pandas_docs, concept=concept, n_boot=300, seed=4
        )
        pd.testing.assert_frame_equal(got, expected)


def test_log_odds_are_equal(dask_docs, pandas_docs):
    pd.testing.assert_frame_equal(
        tkd.log_odds(dask_docs, min_count=3), toolkit.log_odds(pandas_docs, min_count=3)
    )
    variants = tkd.log_odds(dask_docs, matches=tkd.annotate(dask_docs), min_count=1)
    expected = toolkit.log_odds(pandas_docs, matches=toolkit.annotate(pandas_docs), min_count=1)
    pd.testing.assert_frame_equal(variants, expected)


def test_reuse_is_equal(dask_docs, pandas_docs):
    got = tkd.find_reuse(dask_docs)
    expected = toolkit.find_reuse(pandas_docs)
    assert len(expected) > 10
    pd.testing.assert_frame_equal(got, expected)
    strict = tkd.find_reuse(dask_docs, n=7, min_similarity=0.5, min_shared=1)
    pd.testing.assert_frame_equal(
        strict, toolkit.find_reuse(pandas_docs, n=7, min_similarity=0.5, min_shared=1)
    )


def test_reuse_with_the_p2p_shuffle_is_equal(dask_docs, pandas_docs):
    import dask

    with dask.config.set({"dataframe.shuffle.method": "p2p"}):
        got = tkd.find_reuse(dask_docs)
    pd.testing.assert_frame_equal(got, toolkit.find_reuse(pandas_docs))


def test_reuse_verified_in_many_buckets_is_equal(dask_docs, pandas_docs, monkeypatch):
    # A few pairs per bucket: documents in pairs of several buckets are sent
    # to each of them, and the date window is applied on the workers.
    monkeypatch.setattr(sys.modules["toolkit.dask.reuse"], "PAIRS_PER_BUCKET", 3)
    # The sample's only clock is SaudiNewsNet's crawl time (crawled); it
    # stands in for publication dates here to exercise the window.
    dask_docs = dask_docs.assign(published=dask_docs["crawled"])
    pandas_docs = pandas_docs.assign(published=pandas_docs["crawled"])
    got = tkd.find_reuse(dask_docs, window_days=2)
    expected = toolkit.find_reuse(pandas_docs, window_days=2)
    assert 10 < len(expected) < len(toolkit.find_reuse(pandas_docs))
    pd.testing.assert_frame_equal(got, expected)


def test_no_reuse_gives_an_empty_table(client, pandas_docs):
    unique = pandas_docs.drop_duplicates("text").groupby("outlet").head(1)
    import dask.dataframe as dd

    got = tkd.find_reuse(dd.from_pandas(tkd.conform(unique), npartitions=2), min_similarity=0.9)
    expected = toolkit.find_reuse(unique, min_similarity=0.9)
    assert got.empty and expected.empty and list(got.columns) == list(expected.columns)


def test_ingest_accounts_for_every_input(client, tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        (raw / seed.name).write_bytes(seed.read_bytes())
    (raw / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (raw / "empty.txt").write_bytes(b"")
    (raw / "notes.docx").write_bytes(b"PK\x03\x04")
    (raw / "sample.jsonl.gz").write_bytes(SAMPLE.read_bytes())
    expected = toolkit.load_corpus(raw, boilerplate=None)
    report = tkd.ingest(raw, tmp_path / "out")
    pd.testing.assert_frame_equal(report, expected.report)
    assert set(report.loc[report["status"] == "rejected", "path"]) >= {
        "binary.txt",
        "empty.txt",
        "notes.docx",
    }
    got = tkd.read_documents(tmp_path / "out" / "documents").compute()
    pd.testing.assert_frame_equal(got.reset_index(drop=True), tkd.conform(expected.documents))
    segments = pd.read_parquet(tmp_path / "out" / "segments")
    assert len(segments) == len(expected.segments)
    with pytest.raises(FileExistsError, match="overwrite=True"):
        tkd.ingest(raw, tmp_path / "out")
    with pytest.warns(UserWarning, match="1 inputs are not read"):
        tkd.read_documents(raw)


def test_report_on_dask_loads_on_the_workers(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        (raw / seed.name).write_bytes(seed.read_bytes())
    (raw / "binary.txt").write_bytes(bytes(range(256)) * 4)
    from toolkit.report import run_report as run

    run(raw, tmp_path / "dask", n_boot=200, progress=False, engine="dask", formats=("png", "pdf"))
    run(raw, tmp_path / "pandas", n_boot=200, progress=False)
    index = (tmp_path / "dask" / "index.html").read_text(encoding="utf-8")
    assert "6 inputs: 5 loaded, 1 rejected" in index and "binary.txt" in index
    for table in ("reuse_pairs", "substitutions", "label_shares"):
        pd.testing.assert_frame_equal(
            pd.read_csv(tmp_path / "dask" / "tables" / f"{table}.csv"),
            pd.read_csv(tmp_path / "pandas" / "tables" / f"{table}.csv"),
        )
    assert (tmp_path / "dask" / "figures" / "label_shares_1.pdf").exists()

"""The corpora's own formats: TREC/SGML <DOC> files and zips of JSON arrays."""

from __future__ import annotations

import gzip
import json
import zipfile

import pandas as pd
import pytest

import toolkit
from toolkit.load.jsonzip import read_json_zip
from toolkit.load.sources import InputFile
from toolkit.load.trec import parse_trec, read_trec_file
from toolkit.paths import ANT_POLITICS, REPO, SAUDINEWSNET

FIXTURES = REPO / "tests" / "fixtures" / "native"
ANT_NATIVE = ANT_POLITICS.parent / "native-sample"
SNN_NATIVE = SAUDINEWSNET.parent / "native-sample" / "2015-07-23.zip"


# --- committed fixtures -------------------------------------------------------


def test_ant_style_files_load_as_records_with_their_fields():
    corpus = toolkit.load_corpus(FIXTURES / "ant", boilerplate=None)
    assert (corpus.report["status"] == "loaded").all() and len(corpus.documents) == 3
    docs = corpus.documents.set_index("doc_id")
    bbc = docs.loc["BBC/middleEast/BB-middleEast-1-20180514:1"]
    assert bbc["outlet"] == "BBC"
    assert bbc["title"] == "مقتل عشرات الفلسطينيين برصاص الجيش الإسرائيلي قرب حدود غزة"
    assert bbc["published"] == pd.Timestamp("2018-05-14 16:05", tz="UTC")
    assert bbc["url"] == "https://example.org/bbc/1"
    # Text is not escaped in the format: a bare & and < are kept as written.
    assert "في القدس & وسط" in bbc["text"] and "(< 2 كم" in bbc["text"]
    sky = docs.loc["SkyNews/internationalNews/SK-internationalNews-2-20180514:1"]
    assert sky["published"] == pd.Timestamp("2018-05-14 14:30", tz="UTC")  # +0400


def test_gigaword_style_file_keeps_good_documents_and_reports_broken_ones():
    corpus = toolkit.load_corpus(FIXTURES / "gigaword_style.sgml", boilerplate=None)
    docs = corpus.documents
    assert docs["doc_id"].tolist() == ["gigaword_style:1", "gigaword_style:2", "gigaword_style:5"]
    first = docs.iloc[0]
    assert first["title"] == "غزة: عشرات القتلى & مئات الجرحى"
    # <P> becomes a paragraph break; the line wrap inside a paragraph stays.
    assert "الإسرائيلي\nعلى الحدود" in first["text"]
    assert "غزة.\n\nوقالت" in first["text"] and "< ألفي جريح" in first["text"]
    rejected = corpus.report[corpus.report["status"] == "rejected"]
    reasons = dict(zip(rejected["record"].astype(int), rejected["reason"], strict=True))
    assert set(reasons) == {3, 4}
    assert "no </DOC>" in reasons[3] and "without text" in reasons[4]


def test_parse_trec_reports_text_outside_documents():
    records, errors = parse_trec("junk before\n<DOC><TEXT>نص</TEXT></DOC>\ntrailing junk")
    assert [r["text"] for r in records] == ["نص"]
    assert len(errors) == 2 and all("outside <DOC>" in e[1] for e in errors)


def test_gzipped_trec_file(tmp_path):
    path = tmp_path / "afp_arb_201805.sgml.gz"
    path.write_bytes(gzip.compress((FIXTURES / "gigaword_style.sgml").read_bytes()))
    corpus = toolkit.load_corpus(path, boilerplate=None)
    assert len(corpus.documents) == 3 and corpus.documents["doc_id"].iloc[0] == "afp_arb_201805:1"


def test_a_txt_page_is_not_mistaken_for_trec(tmp_path):
    (tmp_path / "page.txt").write_text("مقال عادي عن <DOC> في وسط السطر\n", encoding="utf-8")
    assert InputFile(tmp_path / "page.txt", "page.txt").kind == "page"


def test_saudinewsnet_zip_fixture_loads():
    corpus = toolkit.load_corpus(FIXTURES / "saudinewsnet" / "dataset" / "2015-07-23.zip", boilerplate=None)
    assert corpus.documents["doc_id"].tolist() == [f"2015-07-23:{i}" for i in range(1, 5)]
    assert corpus.documents["outlet"].tolist() == ["aawsat", "almadina", "alwatan", "sabq"]
    # SaudiNewsNet's date_extracted is its crawler's clock: loaded as `crawled`,
    # and the archive has no publication date, so `published` stays empty.
    assert corpus.documents["crawled"].iloc[0] == pd.Timestamp("2015-07-23 19:28:17", tz="UTC")
    assert corpus.documents["crawled"].notna().all()
    assert corpus.documents["published"].isna().all()


def test_zip_with_bad_members_keeps_the_good_records(tmp_path):
    path = tmp_path / "day.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.json", json.dumps([{"source": "x", "content": "نص أول"}, "not an object"]))
        archive.writestr("b.json", "[{broken")
        archive.writestr("c.json", json.dumps({"source": "y", "content": "نص ثان"}))
    corpus = toolkit.load_corpus(path, boilerplate=None)
    assert corpus.documents["text"].tolist() == ["نص أول", "نص ثان"]
    rejected = corpus.report[corpus.report["status"] == "rejected"]
    assert sorted(rejected["reason"].str.split(":").str[0]) == ["a.json", "b.json"]
    (tmp_path / "bad.zip").write_bytes(b"PK\x03\x04 not really")
    bad = toolkit.load_corpus(tmp_path / "bad.zip")
    assert bad.report["reason"].iloc[0].startswith("not a readable zip archive")


# --- the corpora's native samples, against the converted files ------------------


@pytest.mark.skipif(not ANT_NATIVE.is_dir(), reason=f"ANT's native sample is not at {ANT_NATIVE}")
def test_trec_reader_gives_the_fields_of_the_converted_ant_file():
    """The 20 native ANT files read to the same fields as the project's JSONL conversion."""
    files = sorted(ANT_NATIVE.rglob("*.txt"))
    assert len(files) == 20
    wanted = {}
    with gzip.open(ANT_POLITICS, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            wanted[record["docno"]] = record
    for path in files:
        frame, errors, _ = read_trec_file(path)
        assert errors == [] and len(frame) == 1
        got = frame.iloc[0]
        expected = wanted[got["docno"]]
        for name in ("src", "cat", "url", "title", "time", "author", "abstract", "text"):
            assert got[name] == expected[name], (path.name, name)
    corpus = toolkit.load_corpus(ANT_NATIVE)
    assert (corpus.report["status"] == "loaded").sum() == 20  # README.original.md is reported, unsupported
    assert set(corpus.documents["outlet"]) == {"alarabia", "BBC", "CNN", "france24", "skynews"}


@pytest.mark.skipif(not SNN_NATIVE.is_file(), reason=f"SaudiNewsNet's native sample is not at {SNN_NATIVE}")
def test_zip_reader_gives_the_records_of_the_converted_saudinewsnet_file():
    frame, errors, decoded = read_json_zip(SNN_NATIVE)
    assert errors == [] and decoded.encoding.startswith("utf")
    with gzip.open(SAUDINEWSNET, "rt", encoding="utf-8") as lines:
        converted = [json.loads(x) for x in lines]
    day = [r for r in converted if r["date_extracted"].startswith("2015-07-23")]
    by_url = {r["url"]: r for r in day}
    assert len(frame) == 1318
    for row in frame.drop(columns="__record").to_dict("records"):
        assert by_url[row["url"]] == row

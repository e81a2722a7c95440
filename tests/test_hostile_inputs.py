"""Hostile inputs, generated in a temporary folder: each ends loaded or
rejected with a reason and a report row, one bad record rejects only itself,
its good neighbours load, and the loader never raises for a data problem."""

from __future__ import annotations

import gzip
import json
import os
import zlib

import pandas as pd
import pytest

import toolkit
import toolkit.load.sources as sources
from toolkit.paths import SEEDS

S0 = SEEDS / "000_989eea801e3711f0.txt"  # has «إقرأ أيضاً» and a related article
S4 = SEEDS / "004_a9a89ce97942bf35.txt"
STORY = "قال وزير الخارجية إن المحادثات بشأن وقف إطلاق النار في غزة ستستأنف في القاهرة الأسبوع المقبل."


def _good(i: int) -> dict[str, object]:
    return {"text": f"{STORY} الخبر رقم {i}.", "src": "bbc", "title": f"عنوان {i}", "date": "2018-05-14"}


def _rows(corpus: toolkit.Corpus, path: str) -> pd.DataFrame:
    return corpus.report[corpus.report["path"] == path].set_index("record")


# -- records whose fields have the wrong type ---------------------------------

BAD_FIELDS = {
    "title_list": ({"title": ["a", "b"]}, "loaded", "title ignored: a list"),
    "outlet_dict": ({"src": {"name": "bbc"}}, "loaded", "outlet ignored: a mapping"),
    "url_list": ({"url": ["http://a", "http://b"]}, "loaded", "url ignored: a list"),
    "tags_number": ({"tags": 5}, "loaded", "tags ignored: a number"),
    "date_dict": ({"date": {"y": 2018}}, "loaded", "published not understood"),
    "date_huge": ({"date": 1e20}, "loaded", "published not understood"),
    "year_3000": ({"date": "3000-01-01"}, "loaded", "published not understood"),
    "year_3024": ({"date": "3024-05-01T10:00:00Z"}, "loaded", "published not understood"),
    "hijri": ({"date": "10/09/1445"}, "loaded", "published '10/09/1445' not understood"),
    "text_number": ({"text": 42}, "rejected", "text is a number"),
    "text_list": ({"text": ["a", "b"]}, "rejected", "text is a list"),
    "text_dict": ({"text": {"p": STORY}}, "rejected", "text is a mapping"),
}


@pytest.mark.parametrize("case", sorted(BAD_FIELDS))
def test_a_bad_field_costs_only_its_record(tmp_path, case):
    change, status, message = BAD_FIELDS[case]
    lines = [json.dumps(_good(1), ensure_ascii=False)]
    lines.append(json.dumps({**_good(2), **change}, ensure_ascii=False))
    lines.append(json.dumps(_good(3), ensure_ascii=False))
    (tmp_path / "r.jsonl").write_text("\n".join(lines), encoding="utf-8")
    corpus = toolkit.load_corpus(tmp_path)
    rows = _rows(corpus, "r.jsonl")
    assert len(corpus.report) == 3
    assert rows.loc[1, "status"] == rows.loc[3, "status"] == "loaded"
    assert rows.loc[2, "status"] == status
    assert message in (rows.loc[2, "reason"] if status == "rejected" else rows.loc[2, "note"])
    docs = corpus.documents.set_index("doc_id")
    assert {"r:1", "r:3"} <= set(docs.index)
    if status == "loaded":
        assert docs.loc["r:2", "text"].startswith("قال وزير")
        assert docs.loc["r:1", "published"] == pd.Timestamp("2018-05-14", tz="UTC")


def test_lone_surrogate_rejects_only_its_record(tmp_path):
    lines = [json.dumps(_good(i), ensure_ascii=False) for i in range(1, 1002)]
    lines[500] = '{"text": "نص \\ud800 مكسور", "src": "bbc"}'
    lines[600] = json.dumps({**_good(601), "title": "\ud83d\ude00 عنوان"})  # a valid pair
    (tmp_path / "s.jsonl").write_text("\n".join(lines), encoding="utf-8")
    corpus = toolkit.load_corpus(tmp_path, boilerplate=None)
    rows = _rows(corpus, "s.jsonl")
    assert len(rows) == 1001
    assert rows.loc[501, "status"] == "rejected" and "surrogate" in rows.loc[501, "reason"]
    assert (rows.drop(index=501)["status"] == "loaded").all()
    assert len(corpus.documents) == 1000
    corpus.write(tmp_path / "out")  # every string can be written as UTF-8


def test_csv_row_with_an_extra_field_rejects_only_itself(tmp_path):
    rows = ["text,title,outlet"] + [f'"{STORY} {i}",عنوان {i},bbc' for i in range(1, 1001)]
    rows[300] = f'"{STORY}",عنوان,bbc,EXTRA'
    (tmp_path / "c.csv").write_text("\n".join(rows), encoding="utf-8")
    corpus = toolkit.load_corpus(tmp_path, boilerplate=None)
    report = _rows(corpus, "c.csv")
    assert len(report) == 1000
    assert report.loc[300, "status"] == "rejected"
    assert "4 fields where the header has 3" in report.loc[300, "reason"]
    assert (report.drop(index=300)["status"] == "loaded").all()


# -- compressed inputs -------------------------------------------------------


def test_truncated_gzip_keeps_what_was_decompressed(tmp_path):
    lines = [json.dumps(_good(i), ensure_ascii=False) for i in range(1, 201)]
    data = gzip.compress("\n".join(lines).encode())
    (tmp_path / "cut.jsonl.gz").write_bytes(data[: len(data) * 2 // 3])
    page = gzip.compress(S4.read_bytes())
    (tmp_path / "cut.txt.gz").write_bytes(page[: len(page) - 40])
    corpus = toolkit.load_corpus(tmp_path, boilerplate=None)
    records = _rows(corpus, "cut.jsonl.gz")
    loaded = records[records["status"] == "loaded"]
    assert 50 < len(loaded) < 200
    assert loaded["note"].str.contains("truncated gzip").all()
    # The last record, cut in the middle, is rejected alone.
    assert records["status"].iloc[-1] == "rejected" and "invalid JSON" in records["reason"].iloc[-1]
    page_row = _rows(corpus, "cut.txt.gz").iloc[0]
    assert page_row["status"] == "loaded" and "truncated gzip" in page_row["note"]


def test_corrupt_deflate_is_rejected(tmp_path):
    data = bytearray(gzip.compress(S4.read_bytes()))
    data[20:60] = b"\xff" * 40
    (tmp_path / "bad.txt.gz").write_bytes(bytes(data))
    (tmp_path / "good.txt").write_bytes(S4.read_bytes())
    corpus = toolkit.load_corpus(tmp_path)
    row = _rows(corpus, "bad.txt.gz").iloc[0]
    assert row["status"] == "rejected" and "corrupt gzip" in row["reason"]
    assert list(corpus.documents["doc_id"]) == ["good"]


def test_gzip_bomb_is_capped(tmp_path, monkeypatch):
    monkeypatch.setattr(sources, "MAX_INPUT_BYTES", 1 << 20)
    bomb = zlib.compressobj(9, zlib.DEFLATED, 31)
    data = bomb.compress(b"\0" * (64 << 20)) + bomb.flush()
    assert len(data) < 100_000
    (tmp_path / "bomb.jsonl.gz").write_bytes(data)
    (tmp_path / "good.txt").write_bytes(S4.read_bytes())
    corpus = toolkit.load_corpus(tmp_path)
    row = _rows(corpus, "bomb.jsonl.gz").iloc[0]
    assert row["status"] == "rejected" and "gzip bomb" in row["reason"]
    assert list(corpus.documents["doc_id"]) == ["good"]


# -- nothing vanishes --------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "symlink") or not hasattr(os, "mkfifo"), reason="POSIX links and FIFOs")
def test_links_loops_and_pipes_each_get_a_row(tmp_path):
    real = tmp_path / "elsewhere"
    real.mkdir()
    (real / "linked.txt").write_bytes(S4.read_bytes())
    corpus_dir = tmp_path / "corpus"
    corpus_dir.mkdir()
    (corpus_dir / "own.txt").write_bytes(S0.read_bytes())
    (corpus_dir / "via_link").symlink_to(real, target_is_directory=True)
    (corpus_dir / "loop").symlink_to(corpus_dir, target_is_directory=True)
    (corpus_dir / "dangling.txt").symlink_to(tmp_path / "missing.txt")
    os.mkfifo(corpus_dir / "pipe.txt")
    corpus = toolkit.load_corpus(corpus_dir)
    report = corpus.report.set_index("path")
    assert report.loc["via_link/linked.txt", "status"] == "loaded"
    assert "already listed" in report.loc["loop", "reason"]
    assert "dangling" in report.loc["dangling.txt", "reason"]
    assert "FIFO" in report.loc["pipe.txt", "reason"]
    assert set(corpus.documents["path"]) == {"own.txt", "via_link/linked.txt"}


def test_header_only_csv_and_zero_row_parquet(tmp_path):
    (tmp_path / "h.csv").write_text("text,title,outlet\n", encoding="utf-8")
    pd.DataFrame({"text": pd.Series([], dtype=str)}).to_parquet(tmp_path / "z.parquet")
    (tmp_path / "blank.jsonl").write_text("\n\n", encoding="utf-8")
    corpus = toolkit.load_corpus(tmp_path)
    report = corpus.report.set_index("path")
    assert len(report) == 3
    assert (report["status"] == "rejected").all()
    assert report.loc["h.csv", "reason"] == "no records: the file holds a header but no rows"
    assert report.loc["z.parquet", "reason"] == "no records: the file holds a header but no rows"
    assert "only whitespace" in report.loc["blank.jsonl", "reason"]


# -- nothing silently garbled ------------------------------------------------


def test_one_invalid_byte_keeps_utf8(tmp_path):
    data = S4.read_bytes()
    cut = data.index("الفلسطينية".encode())
    (tmp_path / "bad.txt").write_bytes(data[:cut] + b"\xff" + data[cut:])
    corpus = toolkit.load_corpus(tmp_path)
    row = corpus.report.iloc[0]
    assert row["status"] == "loaded" and row["encoding"] == "utf-8"
    assert "invalid UTF-8: 1 invalid byte sequence(s) replaced" in row["note"]
    reference = toolkit.load_corpus(S4).documents.iloc[0]["text"]
    text = corpus.documents.iloc[0]["text"]
    assert text.replace("\ufffd", "") == reference


def test_mixed_utf8_and_cp1256_is_decoded_line_by_line(tmp_path):
    text = S4.read_text(encoding="utf-8")
    lines = text.split("\n")
    half = len(lines) // 2
    data = "\n".join(lines[:half]).encode() + b"\n" + "\n".join(lines[half:]).encode("cp1256")
    (tmp_path / S4.name).write_bytes(data)
    corpus = toolkit.load_corpus(tmp_path)
    assert "mixed encodings" in corpus.report.iloc[0]["note"]
    reference = toolkit.load_corpus(S4).documents
    pd.testing.assert_series_equal(corpus.documents["text"], reference["text"])


@pytest.mark.parametrize("newline", ["\r", "\u2028", "\u2029"])
def test_other_line_breaks_split_lines(tmp_path, newline):
    text = S0.read_text(encoding="utf-8")
    (tmp_path / S0.name).write_text(text.replace("\n", newline), encoding="utf-8", newline="")
    got = toolkit.load_corpus(tmp_path).documents
    reference = toolkit.load_corpus(S0).documents
    assert len(got) == len(reference) == 2  # «إقرأ أيضاً» still opens the related article
    pd.testing.assert_series_equal(got["outlet"], reference["outlet"])
    pd.testing.assert_series_equal(got["title"], reference["title"])
    pd.testing.assert_series_equal(got["text"].str.replace(newline, "\n"), reference["text"])


def test_inputs_sharing_a_stem_get_distinct_ids(tmp_path):
    (tmp_path / "a.txt").write_bytes(S4.read_bytes())
    html = "<html><body><article><p>" + STORY * 3 + "</p></article></body></html>"
    (tmp_path / "a.html").write_text(html, encoding="utf-8")
    line = json.dumps(_good(1), ensure_ascii=False)
    (tmp_path / "r.jsonl").write_text(line, encoding="utf-8")
    (tmp_path / "r.jsonl.gz").write_bytes(gzip.compress(line.encode()))
    corpus = toolkit.load_corpus(tmp_path)
    ids = corpus.documents["doc_id"]
    assert ids.is_unique and len(ids) == 4
    assert set(ids) == {"a.txt", "a.html", "r.jsonl:1", "r.jsonl.gz:1"}
    corpus.write(tmp_path / "out")


def test_outputs_written_in_the_corpus_folder_are_not_read_back(tmp_path):
    (tmp_path / "page.txt").write_bytes(S4.read_bytes())
    first = toolkit.load_corpus(tmp_path)
    first.write(tmp_path / "loaded")
    # A report folder of an older layout: corpus/ plus index.html.
    (tmp_path / "report" / "corpus").mkdir(parents=True)
    first.report.to_parquet(tmp_path / "report" / "corpus" / "report.parquet")
    (tmp_path / "report" / "index.html").write_text("<html></html>", encoding="utf-8")
    again = toolkit.load_corpus(tmp_path)
    assert list(again.documents["doc_id"]) == ["page"]
    skipped = again.report.set_index("path")
    assert "output written by the toolkit" in skipped.loc["loaded", "reason"]
    assert "output written by the toolkit" in skipped.loc["report", "reason"]


# -- markers and boilerplate ---------------------------------------------------


def test_markers_after_a_similar_list_still_match(tmp_path):
    page = (
        "عنوان الخبر\n\n"
        f"{STORY}\n\n"
        "مقالات مشابهة\n"
        "• عنوان أول\n"
        "• عنوان ثان\n"
        "المصدر: الجزيرة\n"
        "كلمات دلالية: غزة، رفح\n"
    )
    (tmp_path / "p.txt").write_text(page, encoding="utf-8")
    corpus = toolkit.load_corpus(tmp_path)
    doc = corpus.documents.iloc[0]
    assert doc["source"] == "الجزيرة"
    assert doc["tags"] == ["غزة", "رفح"]
    kinds = corpus.segments.set_index("text")["kind"]
    assert kinds["المصدر: الجزيرة"] == "attribution"


def test_html_emptied_by_learned_boilerplate_is_rejected(tmp_path):
    # Eleven pages of one site open with the same line; on the twelfth it
    # is the only text, so learning it as boilerplate empties that story.
    furniture = "<p>تابعونا على حساباتنا في مواقع التواصل</p>"
    for i in range(12):
        story = f"<p>{STORY} الخبر رقم {i}.</p>" if i else ""
        html = (
            "<html><head><meta property='og:site_name' content='موقع'></head><body><article>"
            f"{furniture}{story}</article></body></html>"
        )
        (tmp_path / f"p{i:02d}.html").write_text(html, encoding="utf-8")
    corpus = toolkit.load_corpus(tmp_path)
    assert not corpus.boilerplate.empty
    report = corpus.report.set_index("path")
    assert report.loc["p00.html", "status"] == "rejected"
    assert "boilerplate" in report.loc["p00.html", "reason"]
    assert (report.drop(index="p00.html")["status"] == "loaded").all()
    assert len(corpus.documents) == 11


# -- records in memory ---------------------------------------------------------


def test_dataframe_and_list_of_dicts_load_like_a_file(tmp_path):
    records = [_good(1), {**_good(2), "title": ["x"]}, {"text": None}, _good(4)]
    pd.DataFrame(records).to_json(tmp_path / "r.jsonl", orient="records", lines=True, force_ascii=False)
    from_file = toolkit.load_corpus(tmp_path / "r.jsonl")
    for given in (pd.DataFrame(records), records):
        corpus = toolkit.load_corpus(given)
        assert list(corpus.report["path"].unique()) == ["frame"]
        assert list(corpus.report["status"]) == list(from_file.report["status"])
        assert list(corpus.documents["doc_id"]) == ["frame:1", "frame:2", "frame:4"]
        keep = ["outlet", "title", "published", "text"]
        pd.testing.assert_frame_equal(corpus.documents[keep], from_file.documents[keep])
    own = toolkit.load_corpus(pd.DataFrame(records).assign(doc_id=["a", "b", "c", "b"]))
    assert list(own.documents["doc_id"]) == ["a", "b"]
    assert "repeats an earlier record" in own.report.set_index("record").loc[4, "reason"]
    mixed = toolkit.load_corpus([_good(1), "not a record"])
    assert "not a mapping" in mixed.report.set_index("record").loc[2, "reason"]


# -- many inputs at once ------------------------------------------------------------


def write_hostile_corpus(folder, n_inputs: int) -> int:
    """Write ``n_inputs`` mixed good and bad inputs; return the report rows expected."""
    seed = S4.read_bytes()
    gz = gzip.compress(seed)
    makers = [
        ("txt", lambda i: seed),
        ("txt", lambda i: b""),
        ("txt", lambda i: bytes(range(256)) * 4),
        ("txt.gz", lambda i: gz[: len(gz) // 2]),
        ("txt.gz", lambda i: gz[:12] + b"\xff" * 50),
        ("txt", lambda i: seed.replace(b"\n", b"\r")),
        ("txt", lambda i: seed[:400] + b"\xff" + seed[400:]),
        ("png", lambda i: b"\x89PNG"),
        ("html", lambda i: b"<html><body><p>" + STORY.encode() * 3 + b"</p></body></html>"),
        ("txt", lambda i: "تاريخ النشر: 10/09/1445\n".encode() + seed),
    ]
    rows = 0
    for i in range(n_inputs):
        suffix, make = makers[i % len(makers)]
        (folder / f"{i:06d}.{suffix}").write_bytes(make(i))
        rows += 1
    records = [json.dumps(_good(i), ensure_ascii=False) for i in range(10)]
    records[3] = '{"text": "\\udc00", "title": ["x"]}'
    records[5] = "{broken"
    (folder / "records.jsonl").write_text("\n".join(records), encoding="utf-8")
    return rows + len(records)


def test_mixed_corpus_every_input_accounted_for(tmp_path):
    expected = write_hostile_corpus(tmp_path, 200)
    corpus = toolkit.load_corpus(tmp_path)
    assert len(corpus.report) == expected
    assert corpus.report["status"].isin(["loaded", "rejected"]).all()
    rejected = corpus.report[corpus.report["status"] == "rejected"]
    assert (rejected["reason"].str.len() > 0).all()
    loaded = corpus.report[corpus.report["status"] == "loaded"]
    assert loaded["n_documents"].sum() == len(corpus.documents)
    assert corpus.documents["doc_id"].is_unique


@pytest.mark.parametrize("line", ["تاريخ النشر: 10/09/1445", "تاريخ النشر: 12 مارس 3024"])
def test_date_lines_out_of_range_load_with_a_note(tmp_path, line):
    (tmp_path / "p.txt").write_text(f"عنوان الخبر\n{line}\n{STORY}\n", encoding="utf-8")
    corpus = toolkit.load_corpus(tmp_path)
    row = corpus.report.iloc[0]
    assert row["status"] == "loaded"
    assert "date line not understood as a Gregorian date in range" in row["note"]
    assert corpus.documents.iloc[0]["published"] is pd.NaT
    corpus.write(tmp_path / "out")

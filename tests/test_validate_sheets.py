"""Review samples, coding sheets and Label Studio exports, on the seeds' Arabic."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

import toolkit
from toolkit.annotation.counts import counted
from toolkit.validate import (
    label_studio_spans,
    label_studio_tasks,
    read_coded,
    read_label_studio,
    utf16_offsets,
    write_sheet,
)


@pytest.fixture(scope="module")
def stories(seeds_corpus):
    docs = seeds_corpus.documents
    return docs[docs["role"] == "main"].reset_index(drop=True)


@pytest.fixture(scope="module")
def matches(stories):
    return toolkit.annotate(stories)


@pytest.fixture(scope="module")
def sample(matches, stories):
    return toolkit.sample_for_review(matches, documents=stories, per_variant=4, seed=3)


# -- drawing ----------------------------------------------------------------------


def test_sample_is_stratified_seeded_and_order_free(matches, stories, sample):
    sizes = sample.groupby("variant").size()
    # Only counted (in-scope) hits are drawn by default, one per sentence of a field.
    hits = counted(matches)
    available = (
        hits.drop_duplicates(["variant", "field", "sentence_start", "doc_id"]).groupby("variant").size()
    )
    assert sizes.index.equals(available.index)
    assert (sizes <= 4).all() and (sizes == np.minimum(available.reindex(sizes.index), 4)).all()
    again = toolkit.sample_for_review(matches.sample(frac=1, random_state=1), documents=stories,
                                      per_variant=4, seed=3)  # fmt: skip
    pd.testing.assert_frame_equal(sample, again)
    other = toolkit.sample_for_review(matches, documents=stories, per_variant=4, seed=4)
    assert set(other["match_id"]) != set(sample["match_id"])
    row = sample.iloc[0]
    text = stories.set_index("doc_id").loc[row["doc_id"], "text"]
    assert text[row["start"] : row["end"]] == row["surface"]
    assert text[: row["start"]].replace("\n", " ").endswith(row["left"])
    assert (sample["correct"] == "").all() and sample["sample_id"].nunique() == 1


def test_repeated_sentences_are_drawn_once():
    sentence = "استشهد ثلاثة فلسطينيين برصاص الاحتلال وارتفع عدد الشهداء إلى عشرة."
    docs = pd.DataFrame(
        {
            "doc_id": ["a", "b", "c", "d"],
            "text": [
                sentence,
                sentence + "\nوقال شهود إن القصف استمر.",
                sentence.replace(" ", "  "),
                "شيّع أهالي غزة الشهداء اليوم.",
            ],
        }
    )
    matches = toolkit.annotate(docs)
    drawn = toolkit.sample_for_review(matches, documents=docs, per_variant=10, seed=0)
    martyrs = drawn[drawn["variant"] == "martyrs"]
    assert len(martyrs) == 2  # one of the three copies (whitespace ignored) and the other sentence
    assert "d" in set(martyrs["doc_id"])
    every = toolkit.sample_for_review(matches, documents=docs, per_variant=10, seed=0, dedupe=False)
    assert len(every[every["variant"] == "martyrs"]) == 4


def test_out_of_scope_stratum(matches, stories):
    scoped = matches.assign(in_scope=np.arange(len(matches)) % 3 != 0)
    drawn = toolkit.sample_for_review(scoped, documents=stories, per_variant=2, out_of_scope=1, seed=0)
    strata = drawn.groupby(["variant", "stratum"]).size().unstack(fill_value=0)
    assert strata["out_of_scope"].max() == 1 and strata["in_scope"].max() == 2
    excluded = set(
        scoped.loc[~scoped["in_scope"], "start"].astype(str) + scoped.loc[~scoped["in_scope"], "doc_id"]
    )
    for row in drawn[drawn["stratum"] == "out_of_scope"].itertuples():
        assert str(row.start) + row.doc_id in excluded
    # Without the column every hit is in scope.
    plain = toolkit.sample_for_review(matches.drop(columns="in_scope"), per_variant=2, out_of_scope=1)
    assert set(plain["stratum"]) == {"in_scope"}


def test_per_concept_quota_and_bad_names(matches, stories):
    drawn = toolkit.sample_for_review(matches, documents=stories, per_variant={"the_dead": 1})
    assert set(drawn["concept"]) == {"the_dead"} and drawn.groupby("variant").size().max() == 1
    with pytest.raises(ValueError, match=r"no matches of concept\(s\) \['the_deaf'\]"):
        toolkit.sample_for_review(matches, per_variant={"the_deaf": 3})
    with pytest.raises(ValueError, match="documents not given"):
        toolkit.sample_for_review(matches, documents=stories.iloc[:1], per_variant=2)


# -- sheets -----------------------------------------------------------------------


def test_csv_sheet_opens_with_arabic_and_has_instructions(tmp_path, sample):
    written = write_sheet(sample, tmp_path / "sheet.csv", rule="صحيح إذا كان المقصود حركة حماس")
    raw = written["sheet"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM that makes Excel read UTF-8
    back = pd.read_csv(written["sheet"], encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(back["surface"]) == list(sample["surface"])
    assert back["correct"].eq("").all()
    notes = written["instructions"].read_text(encoding="utf-8")
    assert "صحيح إذا كان المقصود حركة حماس" in notes and sample["sample_id"].iloc[0] in notes


def test_xlsx_sheet_reads_right_to_left(tmp_path, sample):
    path = tmp_path / "sheet.xlsx"
    write_sheet(sample, path)
    book = load_workbook(path)
    assert book.sheetnames == ["instructions", "coding"]
    coding = book["coding"]
    assert coding.sheet_view.rightToLeft
    header = [c.value for c in coding[1]]
    assert header[:5] == ["match_id", "left", "surface", "right", "correct"]
    assert coding.cell(row=2, column=3).value == sample["surface"].iloc[0]
    assert coding.data_validations.dataValidation[0].formula1 == '"no,yes"'
    assert "Coding rule" in "\n".join(str(c.value) for c in book["instructions"]["A"])
    # Coded in the spreadsheet and read back.
    coding.cell(row=2, column=5).value = "نعم"
    coding.cell(row=3, column=5).value = "0"
    book.save(path)
    codes = read_coded({"amal": path}, sample=sample)
    assert list(codes["code"].iloc[:2]) == ["yes", "no"] and pd.isna(codes["code"].iloc[2])


def _coded(sample, codes):
    return sample.assign(correct=codes)


def test_read_coded_pools_coders_and_carries_the_sample(tmp_path, sample):
    n = len(sample)
    _coded(sample, ["yes"] * n).to_csv(tmp_path / "amal.csv", index=False, encoding="utf-8-sig")
    _coded(sample, ["no"] + ["1"] * (n - 1)).to_csv(tmp_path / "badr.csv", index=False, encoding="utf-8-sig")
    codes = read_coded([tmp_path / "amal.csv", tmp_path / "badr.csv"], sample=sample)
    assert set(codes["coder"]) == {"amal", "badr"} and len(codes) == 2 * n
    assert set(codes["code"]) == {"yes", "no"}
    assert {"concept", "variant", "stratum", "doc_id"} <= set(codes.columns)


def test_read_coded_errors(tmp_path, sample):
    bad = _coded(sample, ["yes"] * len(sample))
    bad.loc[2, "correct"] = "maybe"
    with pytest.raises(ValueError, match=r"outside the codebook \['no', 'yes'\], e.g. 'maybe' in row 4"):
        read_coded({"amal": bad}, sample=sample)
    foreign = _coded(sample, ["yes"] * len(sample))
    foreign.loc[1, "match_id"] = "elsewhere:1-4"
    with pytest.raises(ValueError, match=r"1 row\(s\) are not in the sample, e.g. row 3 \('elsewhere:1-4'"):
        read_coded({"amal": foreign}, sample=sample)
    other = _coded(sample, ["yes"] * len(sample)).assign(
        match_id=lambda f: "x" + f["match_id"], sample_id="0123456789ab"
    )
    with pytest.raises(ValueError, match=r"from another sample: none of its .* sample_id 0123456789ab"):
        read_coded({"amal": other}, sample=sample)
    (tmp_path / "empty.csv").write_bytes(b"")
    with pytest.raises(ValueError, match="empty"):
        read_coded(tmp_path / "empty.csv", sample=sample)
    sample.iloc[:0].to_csv(tmp_path / "header.csv", index=False)
    with pytest.raises(ValueError, match="has no rows"):
        read_coded(tmp_path / "header.csv", sample=sample)
    with pytest.raises(ValueError, match="every 'correct' cell is blank"):
        read_coded({"amal": sample}, sample=sample)
    twice = pd.concat([_coded(sample, ["yes"] * len(sample))] * 2)
    with pytest.raises(ValueError, match="is listed twice"):
        read_coded({"amal": twice}, sample=sample)
    with pytest.raises(ValueError, match="different samples"):
        read_coded({"amal": _coded(sample, ["yes"] * len(sample)), "badr": other})


def test_custom_codebook(sample):
    coded = _coded(sample, ["Frame A", "frame b"] * (len(sample) // 2) + ["FRAME A"] * (len(sample) % 2))
    codes = read_coded({"amal": coded}, sample=sample, codebook={"A": ["frame a"], "B": ["frame b"]})
    assert set(codes["code"]) == {"A", "B"}


# -- Label Studio -------------------------------------------------------------------


def test_utf16_offsets():
    assert utf16_offsets("حماس").tolist() == [0, 1, 2, 3, 4]
    assert utf16_offsets("🇵🇸 حماس").tolist() == [0, 2, 4, 5, 6, 7, 8, 9]


def _export(tasks):
    """A JSON export as Label Studio writes it, round-tripped through JSON."""
    return json.loads(json.dumps(tasks, ensure_ascii=False))


def test_label_studio_round_trip_with_choices(sample):
    tasks = label_studio_tasks(sample)
    for i, task in enumerate(tasks):
        hit = task["predictions"][0]["result"][0]
        choice = {
            "type": "choices",
            "from_name": "code",
            "to_name": "text",
            "value": {"choices": ["yes" if i % 2 else "no"]},
        }
        task["annotations"] = [{"completed_by": {"email": "amal@example.org"}, "result": [hit, choice]},
                               {"completed_by": 7, "result": [choice]}]  # fmt: skip
        task["id"] = i
    codes = read_label_studio(_export(tasks), sample=sample)
    assert set(codes["coder"]) == {"amal@example.org", "7"} and len(codes) == 2 * len(sample)
    assert (codes.groupby("match_id")["code"].nunique() == 1).all()
    # Each task's pre-marked span is where the hit is, in UTF-16 units.
    spans = label_studio_spans(_export(tasks))
    marked = spans[spans["label"] == "hit"].merge(sample, on="match_id", suffixes=("", "_s"))
    assert (marked["start"] == marked["start_s"]).all() and (marked["text"] == marked["surface"]).all()


@pytest.fixture(scope="module")
def windows_copy(stories):
    """The seeds saved with Windows line breaks (SaudiNewsNet's texts have them), their sample,
    and whole-document tasks with a flag emoji before each text."""
    docs = stories.assign(text=stories["text"].str.replace("\n", "\r\n"))
    drawn = toolkit.sample_for_review(toolkit.annotate(docs), documents=docs, per_variant=4, seed=3)
    prefix = "🇵🇸 "
    tasks = [
        {"id": i, "data": {"text": prefix + docs.set_index("doc_id").loc[d, "text"], "doc_id": d,
                           "offset": -len(prefix)}, "annotations": []}
        for i, d in enumerate(sorted(set(drawn["doc_id"])))
    ]  # fmt: skip
    return drawn, tasks, prefix


def _doc_span(text, prefix, hit, label, *, mode="utf16"):
    """A span of a whole-document task at a hit, with offsets as a given tool would count them."""
    start, end = len(prefix) + hit.start, len(prefix) + hit.end
    assert text[start:end] == hit.surface
    if mode == "utf16":  # what Label Studio exports
        units = utf16_offsets(text)
        start, end = int(units[start]), int(units[end])
    elif mode == "crlf_folded":  # the browser folded \r\n before counting
        folded = text.replace("\r\n", "\n")
        units = utf16_offsets(folded)
        start, end = (int(units[p - text[:p].count("\r")]) for p in (start, end))
    return {"type": "labels", "from_name": "code", "to_name": "text",
            "value": {"start": start, "end": end, "text": hit.surface, "labels": [label]}}  # fmt: skip


def test_label_studio_offsets_in_arabic_documents(windows_copy):
    sample, tasks, prefix = windows_copy
    tasks = json.loads(json.dumps(tasks))
    by_doc = {t["data"]["doc_id"]: t for t in tasks}
    modes = ["utf16", "reversed", "codepoints", "crlf_folded"]
    expected = {}
    for k, hit in enumerate(sample.itertuples()):
        task = by_doc[hit.doc_id]
        mode = modes[k % len(modes)]
        span = _doc_span(task["data"]["text"], prefix, hit, "yes" if k % 3 else "no",
                         mode="codepoints" if mode in ("codepoints", "reversed") else mode)  # fmt: skip
        if mode == "reversed":  # a right-to-left selection exported backwards
            span["value"]["start"], span["value"]["end"] = span["value"]["end"], span["value"]["start"]
        if not task["annotations"]:
            task["annotations"].append({"completed_by": 1, "result": []})
        task["annotations"][0]["result"].append(span)
        expected[hit.match_id] = "yes" if k % 3 else "no"
    spans = label_studio_spans(tasks)
    assert (spans["rejected"] == "").all()
    repairs = " ".join(spans["repair"])
    assert "UTF-16 offsets converted" in repairs and "reversed" in repairs and "\\r\\n" in repairs
    codes = read_label_studio(tasks, sample=sample)
    assert dict(zip(codes["match_id"], codes["code"], strict=True)) == expected


def test_label_studio_bad_exports(tmp_path, sample):
    task = label_studio_tasks(sample.iloc[:1])[0]
    lost = json.loads(json.dumps(task))
    lost["annotations"] = [{"completed_by": 1, "result": [{"type": "labels", "value": {
        "start": 0, "end": 4, "text": "كلمة غير موجودة", "labels": ["yes"]}}]}]  # fmt: skip
    spans = label_studio_spans([lost])
    assert "is not at or near offsets" in spans["rejected"].iloc[0]
    with pytest.raises(ValueError, match="could not be placed"):
        read_label_studio([lost], sample=sample)
    stranger = json.loads(json.dumps(task))
    stranger["data"]["match_id"] = "nowhere:0-4"
    stranger["annotations"] = [
        {"completed_by": 1, "result": [{"type": "choices", "value": {"choices": ["yes"]}}]}
    ]
    with pytest.raises(ValueError, match="belong to no hit of the sample"):
        read_label_studio([stranger], sample=sample)
    odd = json.loads(json.dumps(stranger))
    odd["data"]["match_id"] = sample["match_id"].iloc[0]
    odd["annotations"][0]["result"][0]["value"]["choices"] = ["perhaps"]
    with pytest.raises(ValueError, match="'perhaps' is outside the codebook"):
        read_label_studio([odd], sample=sample)
    (tmp_path / "empty.json").write_text("", encoding="utf-8")
    with pytest.raises(ValueError, match="is empty"):
        read_label_studio(tmp_path / "empty.json", sample=sample)
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match="not a Label Studio JSON export"):
        read_label_studio(tmp_path / "broken.json", sample=sample)

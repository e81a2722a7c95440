"""Bad input ends as a report row, never as a crash or silent loss."""

from __future__ import annotations

import codecs
import gzip
import json

import pandas as pd
import pytest

import toolkit
from toolkit.load import load_markers
from toolkit.paths import SEEDS
from toolkit.yamlio import YamlError, parse_yaml

SEED = SEEDS / "004_a9a89ce97942bf35.txt"  # encodable in Windows-1256


def _load_one(tmp_path, name: str, data: bytes):
    (tmp_path / name).write_bytes(data)
    corpus = toolkit.load_corpus(tmp_path)
    assert len(corpus.report) == 1, "every input gets exactly one report row"
    return corpus, corpus.report.iloc[0]


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("binary.txt", bytes(range(256)) * 20, "binary"),
        ("zip.txt", b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(200), "binary"),
        ("spaces.txt", b"  \n\n \t \n", "only whitespace"),
        ("image.png", b"\x89PNG\r\n\x1a\n", "unsupported file type"),
    ],
)
def test_rejected_with_reason(tmp_path, name, data, reason):
    corpus, row = _load_one(tmp_path, name, data)
    assert row["status"] == "rejected"
    assert reason in row["reason"]
    assert corpus.documents.empty


def test_only_boilerplate_is_rejected_but_kept(tmp_path):
    page = "مقالات مشابهة\n  • عنوان أول\n  • عنوان ثان\nاشترك للحصول على أحدث التدوينات\n"
    corpus, row = _load_one(tmp_path, "furniture.txt", page.encode())
    assert row["status"] == "rejected"
    assert "no story text" in row["reason"]
    assert corpus.raw_text("furniture.txt") == page


def test_missing_source_is_reported(tmp_path):
    corpus = toolkit.load_corpus([tmp_path / "nope.txt"])
    assert corpus.report.iloc[0]["reason"] == "no such file or folder"


@pytest.mark.parametrize(
    ("codec", "prefix"),
    [
        ("utf-8-sig", b""),
        ("windows-1256", b""),
        ("utf-16", b""),  # Python writes a BOM
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-16-le", b""),  # no BOM at all
    ],
)
def test_other_encodings_give_the_same_documents(tmp_path, codec, prefix):
    text = SEED.read_text(encoding="utf-8")
    reference = toolkit.load_corpus(SEED).documents
    corpus, row = _load_one(tmp_path, SEED.name, prefix + text.encode(codec))
    assert row["status"] == "loaded"
    got = corpus.documents
    pd.testing.assert_series_equal(got["text"], reference["text"])
    pd.testing.assert_series_equal(got["title"], reference["title"])
    assert row["encoding"]


def test_crlf_windows_1256_seed(tmp_path):
    text = (SEEDS / "001_df90e072d6e6857f.txt").read_text(encoding="utf-8")
    reference = toolkit.load_corpus(SEEDS / "001_df90e072d6e6857f.txt").documents
    corpus, row = _load_one(tmp_path, "001_df90e072d6e6857f.txt", text.encode("cp1256"))
    assert row["encoding"] == "windows-1256"
    pd.testing.assert_frame_equal(corpus.documents.drop(columns=["path"]), reference.drop(columns=["path"]))


def test_truncated_utf8_is_loaded_with_a_note(tmp_path):
    data = SEED.read_bytes()
    data = data[: data.rindex("الفلسطينية".encode()) + 3]  # cut inside a letter
    corpus, row = _load_one(tmp_path, "cut.txt", data)
    assert row["status"] == "loaded"
    assert "truncated UTF-8" in row["note"]
    assert corpus.documents.iloc[0]["text"].endswith("\ufffd")


def test_records_with_bad_lines(tmp_path):
    lines = [
        json.dumps(
            {"text": "قال وزير الدفاع إن القوات ستدخل المدينة قريبا.", "src": "bbc", "title": "عنوان"}
        ),
        "{not json",
        json.dumps({"text": "", "src": "bbc"}),
        json.dumps(["a", "list"]),
        "",
        json.dumps({"content": None, "src": "cnn"}),
        json.dumps(
            {
                "text": "نص آخر عن غزة والضفة الغربية.",
                "source": "cnn",
                "date_iso": "2018-05-14T10:00:00+03:00",
            }
        ),
    ]
    (tmp_path / "c.jsonl.gz").write_bytes(gzip.compress("\n".join(lines).encode()))
    corpus = toolkit.load_corpus(tmp_path)
    report = corpus.report.set_index("record")
    assert report.loc[1, "status"] == "loaded"
    assert "invalid JSON on line 2" in report.loc[2, "reason"]
    assert report.loc[3, "reason"] == "empty or missing text"
    assert "not an object" in report.loc[4, "reason"]
    assert 5 not in report.index  # a blank line is not a record
    assert report.loc[6, "reason"] == "empty or missing text"
    docs = corpus.documents.set_index("doc_id")
    assert list(docs.index) == ["c:1", "c:7"]
    assert docs.loc["c:7", "outlet"] == "cnn"
    assert docs.loc["c:7", "published"] == pd.Timestamp("2018-05-14 07:00", tz="UTC")


def test_record_file_without_text_field(tmp_path):
    pd.DataFrame({"headline": ["عنوان"], "article_body": ["نص الخبر عن غزة."]}).to_csv(
        tmp_path / "x.csv", index=False
    )
    corpus = toolkit.load_corpus(tmp_path)
    assert "no text field" in corpus.report.iloc[0]["reason"]
    mapped = toolkit.load_corpus(tmp_path, columns={"text": "article_body", "title": "headline"})
    assert mapped.documents.iloc[0]["title"] == "عنوان"
    with pytest.raises(ValueError, match="not a field"):
        toolkit.load_corpus(tmp_path, columns={"text": "missing"})
    with pytest.raises(ValueError, match="unknown field"):
        toolkit.load_corpus(tmp_path, columns={"colour": "x"})


def test_malformed_markers_point_at_the_line(tmp_path):
    bad = tmp_path / "markers.yml"
    bad.write_text(
        "rules:\n  - name: x\n    kind: body\n    pattern: '^a'\n"
        "  - name: y\n    kind: nonsense\n    pattern: b\n",
        encoding="utf-8",
    )
    with pytest.raises(YamlError, match=r"markers.yml, line 6: kind 'nonsense'"):
        toolkit.load_corpus(SEED, markers=bad)
    bad.write_text("rules:\n  - name: x\n    kind: body\n    pattern: '(unclosed'\n", encoding="utf-8")
    with pytest.raises(YamlError, match="line 4: bad pattern"):
        toolkit.load_corpus(SEED, markers=bad)
    bad.write_text("rules:\n  - name: x\n    colour: red\n", encoding="utf-8")
    with pytest.raises(YamlError, match="line 2: unknown key"):
        toolkit.load_corpus(SEED, markers=bad)


def test_user_markers_extend_the_builtin_ones(tmp_path):
    extra = tmp_path / "markers.yml"
    extra.write_text(
        "rules:\n  - name: byline\n    kind: boilerplate\n    pattern: '^بقلم\\s*:'\n    phases: [head]\n",
        encoding="utf-8",
    )
    page = tmp_path / "p.txt"
    page.write_text(
        "عنوان الخبر\nبقلم: فلان\nقال الوزير إن المحادثات ستستمر غدا في القاهرة بين الوفدين.\n",
        encoding="utf-8",
    )
    without = toolkit.load_corpus(page).documents.iloc[0]["text"]
    with_rule = toolkit.load_corpus(page, markers=extra).documents.iloc[0]["text"]
    assert without.startswith("بقلم")
    assert with_rule.startswith("قال الوزير")


MARKER_RULE = "rules:\n  - name: x\n    kind: boilerplate\n    pattern: '^بقلم'\n"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("    phases: body\n", r"line 5: 'phases' must be a list of text, not str"),
        ("    phases: [body, 3]\n", r"line 5: 'phases' must be a list of text"),
        ("    groups: [value]\n", r"line 5: 'groups' must be a mapping of group name to text"),
        ("    outlets: 5\n", r"line 5: 'outlets' must be a list of text, not int"),
        ("    repeat: maybe\n", r"line 5: 'repeat' must be true or false"),
        ("    fields: {value: title}\n", r"line 5: fields names the group 'value', which the pattern"),
    ],
)
def test_marker_rule_types_are_checked(tmp_path, extra, message):
    bad = tmp_path / "markers.yml"
    bad.write_text(MARKER_RULE + extra, encoding="utf-8")
    with pytest.raises(YamlError, match=message):
        load_markers(bad)


@pytest.mark.timeout(20)
@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        (r"^(\w+\s?)+$!", "nested repetition"),
        (r"^(?:\s*\S+)*x", "nested repetition"),
        (r"^(بقلم)\s+\1", "backreferences"),
        (r"^(?P<a>بقلم)(?P=a)", "backreferences"),
        (r"^x(?i)y", "bad pattern"),
    ],
)
def test_dangerous_marker_patterns_are_refused(tmp_path, pattern, message):
    bad = tmp_path / "markers.yml"
    bad.write_text(
        f"rules:\n  - name: x\n    kind: boilerplate\n    pattern: '{pattern}'\n", encoding="utf-8"
    )
    with pytest.raises(YamlError, match=rf"markers.yml, line 4: .*{message}"):
        toolkit.load_corpus(SEED, markers=bad)


def test_bounded_and_possessive_repetition_is_allowed(tmp_path):
    ok = tmp_path / "markers.yml"
    ok.write_text(
        "rules:\n  - name: x\n    kind: boilerplate\n    pattern: '^(?:\\S+\\s){0,4}بقلم(?:\\w+\\s?)++$'\n",
        encoding="utf-8",
    )
    assert load_markers(ok)[0].name == "x"


def test_marker_file_missing_or_not_utf8(tmp_path):
    with pytest.raises(YamlError, match=r"nope.yml: no such file"):
        toolkit.load_corpus(SEED, markers=tmp_path / "nope.yml")
    bad = tmp_path / "cp.yml"
    bad.write_bytes(("# قواعد\n" + MARKER_RULE).encode("cp1256"))
    with pytest.raises(YamlError, match=r"cp.yml, line 1: not UTF-8 text"):
        toolkit.load_corpus(SEED, markers=bad)


@pytest.mark.timeout(20)
def test_yaml_aliases_cannot_explode():
    lines = ["a: &a [" + ", ".join(["lol"] * 9) + "]"]
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    with pytest.raises(YamlError, match=r"x.yml, line \d+: aliases expand"):
        parse_yaml("\n".join(lines), path="x.yml")
    with pytest.raises(YamlError, match="contains it"):
        parse_yaml("&a [*a]")
    # A few aliases are fine.
    assert parse_yaml("a: &x [1, 2]\nb: *x\n")["b"] == [1, 2]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("? [a, b]\n: 1\n", "line 1: a key must be text, found LineList"),
        ("terms:\n  3: x\n", "line 2: a key must be text, found int"),
        ("terms:\n  no: x\n", "line 2: a key must be text, found bool False .*quote the key"),
    ],
)
def test_yaml_keys_must_be_text(text, message):
    with pytest.raises(YamlError, match=message):
        parse_yaml(text, path="lex.yml")

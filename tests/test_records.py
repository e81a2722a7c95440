"""Record files (JSONL, CSV, Parquet), learned boilerplate, HTML pages."""

from __future__ import annotations

import pandas as pd
import pytest

import toolkit
from toolkit.paths import CORPORA, SEEDS

SAMPLE = CORPORA / "saudinewsnet-sample" / "sample.jsonl.gz"


@pytest.fixture(scope="module")
def sample():
    return toolkit.load_corpus(SAMPLE, boilerplate=toolkit.BoilerplatePolicy(min_docs=5))


def test_sample_fields(sample):
    docs = sample.documents
    assert len(docs) == 220 and docs["doc_id"].is_unique
    assert set(docs["outlet"]) == {"3alyoum", "almadina", "aawsat"}
    assert docs["doc_id"].iloc[0] == "sample:1"
    # date_extracted is SaudiNewsNet's crawl time (its README): crawled, never published.
    assert docs["crawled"].notna().all() and docs["published"].isna().all()
    assert docs["url"].str.startswith("http").all()
    assert (sample.report["status"] == "loaded").all()


def test_learned_boilerplate_on_real_bylines(sample):
    learned = sample.boilerplate
    lines = set(zip(learned["outlet"], learned["line"], strict=True))
    assert ("3alyoum", "عين اليوم – متابعات") in lines
    assert ("aawsat", "...المزيد") in lines
    docs = sample.documents
    byline = docs["text"].str.contains("عين اليوم – متابعات", regex=False)
    assert not byline.any(), "a learned byline is not story text"
    segs = sample.segments
    assert (segs["kind"] == "boilerplate").sum() >= 38
    # Every character is still accounted for after reclassification.
    first = segs[segs["record"] == 1].sort_values("start")
    assert "".join(first["text"]) == sample.raw_text("sample.jsonl.gz", record=1)


def test_boilerplate_thresholds_are_the_users(sample):
    off = toolkit.load_corpus(SAMPLE, boilerplate=None)
    assert off.boilerplate.empty
    assert off.documents["text"].str.contains("عين اليوم – متابعات", regex=False).sum() == 18
    strict = toolkit.load_corpus(SAMPLE, boilerplate=toolkit.BoilerplatePolicy(min_docs=19))
    assert "عين اليوم – متابعات" not in set(strict.boilerplate["line"])


def test_identical_copies_do_not_make_boilerplate(tmp_path):
    page = (SEEDS / "000_989eea801e3711f0.txt").read_bytes()
    for i in range(30):
        (tmp_path / f"copy{i:02d}.txt").write_bytes(page)
    corpus = toolkit.load_corpus(tmp_path)
    assert corpus.boilerplate.empty
    main = corpus.documents[corpus.documents["role"] == "main"]
    assert len(main) == 30 and main["text"].str.contains("جولة بلينكن").all()


def test_outlet_specific_marker_rule(tmp_path):
    rules = tmp_path / "almadina.yml"
    rules.write_text(
        "rules:\n"
        "  - name: almadina_sms_footer\n"
        "    kind: boilerplate\n"
        "    pattern: '^.{0,80}للتواصل مع الكاتب'\n"
        "    phases: [body, tail]\n"
        "    effect: ends_body\n"
        "    outlets: [almadina]\n",
        encoding="utf-8",
    )
    plain = toolkit.load_corpus(SAMPLE, boilerplate=None).documents
    ruled = toolkit.load_corpus(SAMPLE, boilerplate=None, markers=rules).documents
    footer = "للتواصل مع الكاتب"
    assert plain["text"].str.contains(footer).sum() == 45
    assert ruled["text"].str.contains(footer).sum() == 0
    assert (ruled["text"].str.len() > 0).all()


def test_csv_and_parquet_give_the_same_documents(tmp_path):
    frame = pd.DataFrame(
        {
            "headline": ["غالانت في واشنطن", "قصف على رفح"],
            "body": [
                "يتوجه وزير الدفاع إلى واشنطن الأسبوع المقبل.\nالمصدر: الجزيرة",
                "قصفت الطائرات رفح فجر اليوم.",
            ],
            "newspaper": ["الجزيرة", "العربية"],
            "date": ["2024-03-20", "20 مارس 2024"],
            "link": ["https://a.example/1", "https://a.example/2"],
            "keywords": ["غزة، رفح", ""],
        }
    )
    frame.to_csv(tmp_path / "a.csv", index=False)
    frame.to_parquet(tmp_path / "b.parquet")
    cols = {"title": "headline", "text": "body", "outlet": "newspaper"}
    a = toolkit.load_corpus(tmp_path / "a.csv", columns=cols).documents
    b = toolkit.load_corpus(tmp_path / "b.parquet", columns=cols).documents
    assert list(a["doc_id"]) == ["a:1", "a:2"] and list(b["doc_id"]) == ["b:1", "b:2"]
    keep = ["outlet", "source", "title", "published", "url", "text", "tags"]
    pd.testing.assert_frame_equal(a[keep], b[keep])
    assert a.loc[0, "text"] == "يتوجه وزير الدفاع إلى واشنطن الأسبوع المقبل."
    assert a.loc[0, "source"] == "الجزيرة"  # from the attribution line in the text
    assert a.loc[0, "tags"] == ["غزة", "رفح"]
    assert a.loc[1, "published"] == pd.Timestamp("2024-03-20", tz="UTC")


HTML = """<!doctype html><html lang="ar" dir="rtl"><head><meta charset="windows-1256">
<title>غالانت يزور واشنطن لبحث اجتياح رفح</title>
<meta property="og:site_name" content="الجزيرة">
<meta property="article:published_time" content="2024-03-20T08:00:00+00:00">
</head><body><nav>الرئيسية | أخبار | رياضة</nav>
<article><h1>غالانت يزور واشنطن لبحث اجتياح رفح</h1>
<p>يتوجه وزير الدفاع الإسرائيلي يوآف غالانت إلى واشنطن الأسبوع المقبل في أول زيارة رسمية له منذ اندلاع الحرب على قطاع غزة، بناء على دعوة وزير الدفاع الأميركي لويد أوستن.</p>
<p>ويُصر نتنياهو على اجتياح رفح رغم تحذيرات إقليمية ودولية من التداعيات المحتملة، في ظل وجود عدد كبير من النازحين الذين أجبرهم جيش الاحتلال على النزوح إلى المنطقة.</p>
<p>المصدر: الجزيرة</p></article>
<footer>جميع الحقوق محفوظة</footer></body></html>"""


def test_html_page(tmp_path):
    (tmp_path / "page.html").write_bytes(HTML.encode("cp1256"))
    corpus = toolkit.load_corpus(tmp_path)
    row = corpus.report.iloc[0]
    assert row["status"] == "loaded" and row["encoding"] == "windows-1256"
    assert "trafilatura" in row["note"]
    doc = corpus.documents.iloc[0]
    assert doc["title"] == "غالانت يزور واشنطن لبحث اجتياح رفح"
    assert doc["outlet"] == "الجزيرة"
    assert doc["published"] == pd.Timestamp("2024-03-20", tz="UTC")
    assert doc["text"].startswith("يتوجه وزير الدفاع")
    assert doc["text"].endswith("إلى المنطقة.")
    assert "الرئيسية" not in doc["text"] and "المصدر" not in doc["text"]
    # The HTML is kept whole; the extracted text is tiled under '#text'.
    segs = corpus.segments
    html_seg = segs[segs["path"] == "page.html"]
    assert list(html_seg["kind"]) == ["html_source"]
    assert html_seg["text"].iloc[0] == HTML
    assert corpus.raw_text("page.html#text").startswith("غالانت")


def test_output_is_independent_of_input_order(tmp_path):
    files = sorted(SEEDS.glob("*.txt"))
    forward = toolkit.load_corpus(files).documents
    backward = toolkit.load_corpus(files[::-1]).documents
    key = ["doc_id"]
    pd.testing.assert_frame_equal(
        forward.sort_values(key).reset_index(drop=True),
        backward.sort_values(key).reset_index(drop=True),
    )


def test_write_and_read_back(tmp_path, seeds_corpus):
    seeds_corpus.write(tmp_path)
    back = toolkit.Corpus.read(tmp_path)
    pd.testing.assert_frame_equal(back.documents, seeds_corpus.documents)
    pd.testing.assert_frame_equal(back.report, seeds_corpus.report)
    assert (tmp_path / "documents.csv").exists() and (tmp_path / "report.csv").exists()


def _stories(n: int, seed: int) -> list[list[str]]:
    """Distinct multi-paragraph stories from a large pseudo-word vocabulary."""
    import random

    rng = random.Random(seed)
    letters = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
    vocab = ["".join(rng.choice(letters) for _ in range(rng.randint(3, 7))) for _ in range(3000)]
    return [
        [" ".join(rng.choice(vocab) for _ in range(rng.randint(25, 40))) + "." for _ in range(3)]
        for _ in range(n)
    ]


def test_templated_and_long_trailers_are_learned(tmp_path):
    rows = []
    for i, paragraphs in enumerate(_stories(60, seed=1)):
        title = f"عنوان الخبر رقم {i} عن {paragraphs[0].split()[0]}"
        body = list(paragraphs)
        if i < 40:  # a footer glued to the last paragraph, with the title in it
            body[-1] += f" رابط الخبر بصحيفة الوئام: {title} "
        rows.append({"text": "\n".join(body), "outlet": "alweeam", "title": title})
    promo = (
        "يمكنكم استلام إشعارات بأهم الموضوعات بعد تحميل أحدث نسخة من تطبيق بي بي سي عربي على هاتفكم المحمول."
    )
    for i, paragraphs in enumerate(_stories(100, seed=2)):
        body = list(paragraphs) + ([promo] if i < 12 else [])
        rows.append({"text": "\n".join(body), "outlet": "BBC", "title": f"خبر {i}"})
    pd.DataFrame(rows).to_json(tmp_path / "r.jsonl", orient="records", lines=True, force_ascii=False)
    corpus = toolkit.load_corpus(tmp_path / "r.jsonl")
    docs = corpus.documents
    assert not docs["text"].str.contains("رابط الخبر", regex=False).any()
    assert not docs["text"].str.contains("يمكنكم استلام", regex=False).any()
    # The story before the footer is kept whole, up to its final full stop.
    stories = _stories(60, seed=1)
    assert (docs["text"].iloc[:60].str.split("\n").str[-1] == [s[-1] for s in stories]).all()
    learned = set(corpus.boilerplate["line"])
    assert "رابط …" in learned
    # Nothing else was cut: every other document keeps its three paragraphs.
    assert (docs["text"].str.count("\n") == 2).all()
    # Off with the long-line share raised: the 12% promotion stays.
    strict = toolkit.load_corpus(
        tmp_path / "r.jsonl", boilerplate=toolkit.BoilerplatePolicy(long_min_share=0.2)
    )
    assert strict.documents["text"].str.contains("يمكنكم استلام", regex=False).sum() == 12
    segs = corpus.segments
    first = segs[segs["record"] == 1].sort_values("start")
    assert "".join(first["text"]) == corpus.raw_text("r.jsonl", record=1)
    assert (first["start"].to_numpy()[1:] == first["end"].to_numpy()[:-1]).all()


def test_glued_tag_line_of_the_sample(sample):
    docs = sample.documents
    tagged = docs[docs["outlet"] == "3alyoum"]
    tails = tagged["text"].str[-200:]
    assert not tails.str.contains("سمات", regex=False).any()
    # The word used in a story, far from its end, stays.
    assert tagged["text"].str.contains("الحديث عن سمات كل طفل", regex=False).sum() == 1
    assert "سمات …" in set(sample.boilerplate["line"])
    # The tag lines are still in the segments, as boilerplate, whole.
    cut = sample.segments[
        (sample.segments["kind"] == "boilerplate") & sample.segments["text"].str.startswith("سمات")
    ]
    assert len(cut) >= 60

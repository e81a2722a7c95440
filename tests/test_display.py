"""Rich displays in Jupyter: directions of Arabic cells, KWIC tables cut to some columns."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import toolkit
from toolkit.annotation.kwic import KwicTable
from toolkit.display import html_table
from toolkit.paths import PACKAGED_SEEDS, REPO


@pytest.fixture(scope="module")
def seeds():
    corpus = toolkit.load_seeds()
    stories = corpus.documents[corpus.documents["role"] == "main"]
    return corpus, stories, toolkit.annotate(stories)


def test_packaged_seeds_are_byte_identical_to_the_repository_seeds():
    ours = sorted(p.name for p in (REPO / "seeds").glob("*.txt"))
    packaged = sorted(p.name for p in PACKAGED_SEEDS.glob("*.txt"))
    assert ours == packaged and len(ours) == 5
    for name in ours:
        assert (REPO / "seeds" / name).read_bytes() == (PACKAGED_SEEDS / name).read_bytes()


def test_load_seeds_equals_loading_the_checkout_seeds(seeds):
    corpus, _, _ = seeds
    pd.testing.assert_frame_equal(corpus.documents, toolkit.load_corpus(REPO / "seeds").documents)


def test_every_cell_of_a_table_takes_its_own_direction(seeds):
    _, stories, matches = seeds
    shares = toolkit.label_shares(matches, stories.assign(outlet="all"), concept="the_dead", n_boot=50)
    for frame in (matches, shares, stories[["doc_id", "outlet", "title"]]):
        markup = html_table(frame)
        cells = re.findall(r"<t[dh]\b[^>]*>", markup)
        assert cells and all('dir="auto"' in c for c in cells)
    assert 'dir="auto">الجزيرة</td>' in html_table(stories[["outlet"]])


def test_cell_content_is_escaped_so_direction_tags_are_only_tags():
    markup = html_table(pd.DataFrame({"x": ["<td>حماس</td> & <th"]}), index=False)
    assert "&lt;td&gt;حماس&lt;/td&gt; &amp; &lt;th" in markup
    assert markup.count("<td") == 1


def test_kwic_cut_to_some_columns_still_displays(seeds):
    _, stories, matches = seeds
    table = toolkit.kwic(stories, matches[matches["concept"] == "the_dead"], width=40)
    for columns in (
        ["doc_id", "outlet", "left", "match", "right"],
        ["left", "match", "right"],
        ["doc_id", "match"],
    ):
        cut = table[columns]
        assert isinstance(cut, KwicTable)
        markup = cut._repr_html_()
        assert "<table" in markup and "شهداء" in markup
    context = table[["left", "match", "right"]]._repr_html_()
    # following | match | preceding, on screen left to right: the matches line up
    assert re.search(
        r'<td dir="rtl" style="text-align:right[^"]*">[^<]*</td><td dir="rtl" style="text-align:center',
        context,
    )
    assert "<mark><b>" in context and ">nan<" not in table._repr_html_()
    extra = table.assign(note="BBC: قتلى")[["note", "left", "match", "right"]]._repr_html_()
    assert '<td dir="auto">BBC: قتلى</td>' in extra


def test_kwic_of_documents_without_the_matches_is_a_clear_error(seeds):
    _, stories, matches = seeds
    one_outlet = stories[stories["outlet"] == "الجزيرة"]
    with pytest.raises(ValueError, match=r"4 document\(s\) of the matches are not in documents"):
        toolkit.kwic(one_outlet, matches)
    ok = toolkit.kwic(one_outlet, matches[matches["doc_id"].isin(one_outlet["doc_id"])])
    assert set(ok["doc_id"]) == set(one_outlet["doc_id"])
    with pytest.raises(ValueError, match="repeat doc_id"):
        toolkit.kwic(pd.concat([stories, stories]), matches)


def test_corpus_and_lexicon_display_right_to_left(seeds):
    corpus, _, _ = seeds
    markup = corpus._repr_html_()
    assert "Corpus(8 documents" in markup and 'dir="auto">الجزيرة</td>' in markup
    lexicon = toolkit.load_lexicon()._repr_html_()
    assert '<td dir="rtl">حماس' in lexicon and "hamas_naming" in lexicon


def test_notebook_table_display_keeps_a_subclass_display(seeds):
    """What use_notebook_display registers for DataFrames (its effect in a kernel: test_notebooks)."""
    from toolkit.display import _frame_html

    _, stories, matches = seeds
    assert 'dir="auto"' in _frame_html(matches.head())
    kwic = toolkit.kwic(stories, matches.head(2))
    assert _frame_html(kwic) == kwic._repr_html_()

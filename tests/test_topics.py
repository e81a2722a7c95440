"""Topic models (issue 6): contract, reproducibility, groups, time, persistence."""

from __future__ import annotations

import os
import pickle
import sys
import textwrap

import numpy as np
import pandas as pd
import pytest

import toolkit
from toolkit.topics import TopicModel

VOCAB = {
    "gaza": "غزة رفح قصف غارات شهداء الاحتلال حصار معبر النازحين القطاع".split(),
    "oil": "نفط برميل أسعار أوبك الإنتاج الخام السوق الطاقة صادرات المصافي".split(),
    "vote": "انتخابات مرشح الاقتراع الناخبين البرلمان الأصوات الحملة الفرز اللجنة الدستور".split(),
}
COMMON = "قال وأضاف في من إلى على أن هذا اليوم".split()


def synthetic(n_per_topic: int = 40, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for topic, words in VOCAB.items():
        for i in range(n_per_topic):
            text = " ".join(rng.choice(words, size=25).tolist() + rng.choice(COMMON, size=8).tolist())
            rows.append((f"{topic}{i:03d}", text, ["a", "b"][i % 2], topic,
                         pd.Timestamp("2024-03-01", tz="UTC") + pd.Timedelta(days=i % 14)))  # fmt: skip
    return pd.DataFrame(rows, columns=["doc_id", "text", "outlet", "truth", "published"])


@pytest.fixture(scope="module")
def corpus():
    return synthetic()


@pytest.fixture(scope="module", params=["bertopic", "nmf", "lda"])
def fitted(request, corpus):
    n_topics = None if request.param == "bertopic" else 3
    return TopicModel(method=request.param, n_topics=n_topics, min_df=2, min_topic_size=10).fit(corpus)


def test_recovers_the_planted_topics(fitted, corpus):
    assigned = corpus.merge(fitted.document_topics_, on="doc_id")
    kept = assigned[assigned["topic"] != -1]
    purity = kept.groupby("topic")["truth"].agg(lambda s: s.value_counts().iloc[0] / len(s))
    assert len(kept) >= 0.8 * len(corpus) and (purity >= 0.9).all()
    info = fitted.topics()
    assert {"topic", "size", "words", "label", "representative_docs"} <= set(info.columns)
    assert info["size"].sum() == len(corpus)
    gaza = info[info["words"].map(lambda w: "رفح" in w)]
    assert len(gaza) == 1
    raw_words = set(" ".join(corpus["text"]).split())
    labels = [w for label in info["label"] for w in label.split(" · ") if w]
    assert labels and set(labels) <= raw_words  # written forms, not normalized keys
    assert fitted.surface_["غزه"] == "غزة" and fitted.surface_["اسعار"] == "أسعار"


def test_contract(fitted, corpus):
    assert fitted.fit(corpus) is fitted
    out = fitted.transform(corpus.iloc[::-1])
    assert list(out.columns) == ["doc_id", "topic", "probability"]
    assert list(out["doc_id"]) == list(corpus["doc_id"].iloc[::-1])
    assert out["probability"].between(0, 1).all()
    again = fitted.transform(corpus).set_index("doc_id")["topic"]
    fit_topics = fitted.document_topics_.set_index("doc_id")["topic"]
    assert (again.loc[fit_topics.index] == fit_topics).mean() >= 0.9


@pytest.mark.parametrize("method", ["bertopic", "nmf", "lda"])
def test_same_topics_whatever_the_row_order(corpus, method):
    n_topics = None if method == "bertopic" else 3
    a = TopicModel(method=method, n_topics=n_topics, min_df=2, min_topic_size=10, seed=3).fit(corpus)
    b = TopicModel(method=method, n_topics=n_topics, min_df=2, min_topic_size=10, seed=3).fit(
        corpus.sample(frac=1, random_state=11)
    )
    left = a.document_topics_.sort_values("doc_id").reset_index(drop=True)
    right = b.document_topics_.sort_values("doc_id").reset_index(drop=True)
    pd.testing.assert_frame_equal(left, right)
    pd.testing.assert_frame_equal(a.topic_info_, b.topic_info_)


def test_save_and_load_without_pickle(fitted, corpus, tmp_path):
    folder = fitted.save(tmp_path / "model")
    names = {p.name for p in folder.rglob("*") if p.is_file()}
    assert not {n for n in names if n.endswith((".pkl", ".pickle", ".bin", ".joblib"))}
    loaded = TopicModel.load(folder)
    pd.testing.assert_frame_equal(loaded.topic_info_.drop(columns=["words", "representative_docs"]),
                                  fitted.topic_info_.drop(columns=["words", "representative_docs"]))  # fmt: skip
    a, b = fitted.transform(corpus), loaded.transform(corpus)
    assert (a["topic"] == b["topic"]).all()
    assert np.allclose(a["probability"], b["probability"], atol=1e-5)


def test_topics_by_group_with_intervals_and_own_words(corpus):
    model = TopicModel(method="nmf", n_topics=3, min_df=2).fit(corpus)
    table = toolkit.topics_by(model, corpus, by="outlet", n_boot=300, include_outliers=True)
    sums = table.groupby("outlet")["prevalence"].sum()
    assert np.allclose(sums, 1.0)
    assert (table["ci_low"] <= table["prevalence"]).all() and (table["prevalence"] <= table["ci_high"]).all()
    assert (table["group_docs"] == 60).all()
    words = table[table["n_docs"] > 0]["words"]
    assert words.map(len).gt(0).all()
    single = toolkit.topics_by(model, corpus.assign(outlet="one"), by="outlet", n_boot=50)
    assert set(single["outlet"]) == {"one"}


def test_topics_over_time(corpus):
    model = TopicModel(method="nmf", n_topics=3, min_df=2).fit(corpus)
    table = toolkit.topics_over_time(model, corpus, freq="W")
    assert np.allclose(table.groupby("period")["share"].sum(), 1.0)
    assert table["n_docs"].sum() == len(corpus)
    by = toolkit.topics_over_time(model, corpus, freq="W", by="outlet")
    assert set(by["outlet"]) == {"a", "b"}


def test_coherence_prefers_real_topics(corpus):
    model = TopicModel(method="nmf", n_topics=3, min_df=2).fit(corpus)
    good = toolkit.coherence(model, corpus)
    mixed = model.topic_info_.copy()
    mixed["words"] = [[VOCAB["gaza"][i], VOCAB["oil"][i], VOCAB["vote"][i]] * 3 for i in range(len(mixed))]
    model.topic_info_ = mixed
    bad = toolkit.coherence(model, corpus)
    assert good.attrs["mean"] > 0.3 > bad.attrs["mean"]


def test_degenerate_inputs(corpus):
    with pytest.raises(ValueError, match="ask for fewer topics"):
        TopicModel(method="nmf", n_topics=5).fit(corpus.iloc[:3])
    same = corpus.iloc[:20].assign(text=corpus["text"].iloc[0])
    with pytest.raises(ValueError, match="at least two different texts"):
        TopicModel(method="bertopic").fit(same)
    with pytest.raises(ValueError, match="method is one of"):
        TopicModel(method="gibbs").fit(corpus)
    with_empty = pd.concat(
        [corpus, pd.DataFrame({"doc_id": ["e1", "e2"], "text": ["", None]})], ignore_index=True
    )
    model = TopicModel(method="nmf", n_topics=3, min_df=2).fit(with_empty)
    empty = model.document_topics_.set_index("doc_id").loc[["e1", "e2"]]
    assert (empty["topic"] == -1).all() and (empty["probability"] == 0).all()
    with pytest.raises(ValueError, match="not fitted"):
        TopicModel().transform(corpus)


def test_local_sentence_transformers_model(tmp_path, monkeypatch, corpus):
    """The loading code for a user's local model, with a stand-in library:
    a real sentence-transformers model needs torch, which the project never installs."""
    package = tmp_path / "site" / "sentence_transformers"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(
        textwrap.dedent(
            """
            import hashlib, os
            import numpy as np
            CALLS = []
            class SentenceTransformer:
                def __init__(self, path, device=None, local_files_only=False):
                    CALLS.append((path, device, local_files_only, os.environ.get("HF_HUB_OFFLINE")))
                    if not os.path.exists(os.path.join(path, "modules.json")):
                        raise OSError("not a model folder")
                def encode(self, texts, batch_size=32, show_progress_bar=False):
                    out = []
                    for text in texts:
                        vector = np.zeros(16)
                        for word in text.split():
                            vector[int(hashlib.md5(word.encode()).hexdigest(), 16) % 16] += 1
                        out.append(vector)
                    return np.array(out)
            """
        ),
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    before = os.environ.get("HF_HUB_OFFLINE")
    monkeypatch.delitem(sys.modules, "sentence_transformers", raising=False)
    model_dir = tmp_path / "my-model"
    model_dir.mkdir()
    (model_dir / "modules.json").write_text("[]", encoding="utf-8")
    model = TopicModel(method="bertopic", embedding=str(model_dir), min_df=2, min_topic_size=10).fit(corpus)
    import sentence_transformers

    path, _, local_only, offline = sentence_transformers.CALLS[0]
    assert path == str(model_dir) and local_only and offline == "1"
    # Offline only while the model loads: the user's session keeps its own setting.
    assert os.environ.get("HF_HUB_OFFLINE") == before
    assert len(model.topic_info_) >= 2
    with pytest.raises(FileNotFoundError, match="never downloads"):
        TopicModel(method="bertopic", embedding=str(tmp_path / "missing")).fit(corpus)
    loaded = TopicModel.load(model.save(tmp_path / "saved"))
    assert (loaded.transform(corpus)["topic"] == model.transform(corpus)["topic"]).all()


# -- issue 18 -------------------------------------------------------------------


def test_scikit_learn_contract(corpus):
    from sklearn.base import clone

    model = TopicModel(method="nmf", n_topics=3, min_df=2, seed=4)
    params = model.get_params(deep=True)
    assert params["n_topics"] == 3 and params["seed"] == 4 and params["outliers"] == "assign"
    twin = clone(model)
    assert twin is not model and twin.get_params() == params
    assert twin.set_params(n_topics=2, seed=1) is twin and twin.get_params()["n_topics"] == 2
    assert model.get_params()["n_topics"] == 3  # the original is untouched
    fitted = clone(model).fit(corpus)
    refit = clone(fitted)
    assert not hasattr(refit, "topic_info_")  # clone copies parameters, not the fit
    with pytest.raises(ValueError, match="Invalid parameter"):
        model.set_params(n_topic=3)


class _Payload:
    """Unpickling this writes a file: proof that pickled code ran."""

    def __init__(self, marker: str):
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))


def test_load_never_unpickles_nor_downloads(corpus, tmp_path, monkeypatch):
    import bertopic
    from bertopic import _save_utils

    model = TopicModel(method="bertopic", min_df=2, min_topic_size=10).fit(corpus)
    folder = model.save(tmp_path / "model")
    calls = []
    monkeypatch.setattr(_save_utils, "load_files_from_hf", lambda *a, **k: calls.append("hub"))
    real_load = bertopic.BERTopic.load
    monkeypatch.setattr(bertopic.BERTopic, "load", classmethod(lambda cls, *a, **k: calls.append("load")))

    # A file where the folder was: BERTopic would joblib-load it.
    import shutil

    shutil.rmtree(folder / "bertopic")
    marker = tmp_path / "payload-ran"
    (folder / "bertopic").write_bytes(pickle.dumps(_Payload(str(marker))))
    with pytest.raises(ValueError, match="refusing"):
        TopicModel.load(folder)
    assert not marker.exists() and calls == []
    # Missing: BERTopic would look the name up on the Hugging Face hub.
    (folder / "bertopic").unlink()
    with pytest.raises(ValueError, match="refusing"):
        TopicModel.load(folder)
    assert calls == []
    # A folder missing the safetensors (BERTopic would torch.load a .bin instead).
    monkeypatch.setattr(bertopic.BERTopic, "load", real_load)
    model.save(tmp_path / "again")
    (tmp_path / "again" / "bertopic" / "topic_embeddings.safetensors").unlink()
    with pytest.raises(ValueError, match="lacks"):
        TopicModel.load(tmp_path / "again")
    assert not marker.exists()


@pytest.mark.parametrize("method", ["bertopic", "nmf", "lda"])
def test_renaming_documents_changes_nothing(corpus, method):
    n_topics = None if method == "bertopic" else 3
    options = {"method": method, "n_topics": n_topics, "min_df": 2, "min_topic_size": 10, "seed": 5}
    a = TopicModel(**options).fit(corpus)
    rng = np.random.default_rng(0)
    new_ids = {
        old: f"x{v:05d}" for old, v in zip(corpus["doc_id"], rng.permutation(len(corpus)), strict=True)
    }
    b = TopicModel(**options).fit(
        corpus.assign(doc_id=corpus["doc_id"].map(new_ids)).sample(frac=1, random_state=4)
    )
    left = a.document_topics_.assign(doc_id=a.document_topics_["doc_id"].map(new_ids)).set_index("doc_id")
    right = b.document_topics_.set_index("doc_id").loc[left.index]
    pd.testing.assert_frame_equal(left, right)
    pd.testing.assert_frame_equal(
        a.topic_info_.drop(columns="representative_docs"), b.topic_info_.drop(columns="representative_docs")
    )
    renamed = a.topic_info_["representative_docs"].map(lambda ids: [new_ids[i] for i in ids])
    assert renamed.tolist() == b.topic_info_["representative_docs"].tolist()


def test_bertopic_outliers_are_assigned_and_reported(corpus):
    rng = np.random.default_rng(9)
    mixed = [
        w for words in VOCAB.values() for w in words
    ]  # 20 documents drawn from all three topics at once: HDBSCAN's noise
    noise = pd.DataFrame({"doc_id": [f"n{i}" for i in range(20)],
                          "text": [" ".join(rng.choice(mixed, size=12)) for _ in range(20)]})  # fmt: skip
    noisy = pd.concat([corpus, noise], ignore_index=True)
    kept = TopicModel(method="bertopic", min_df=2, min_topic_size=10, outliers="keep").fit(noisy)
    assigned = TopicModel(method="bertopic", min_df=2, min_topic_size=10).fit(noisy)
    assert kept.outlier_share_["before"] == kept.outlier_share_["after"] > 0
    assert assigned.outlier_share_["before"] == pytest.approx(kept.outlier_share_["before"])
    assert assigned.outlier_share_["after"] < assigned.outlier_share_["before"]
    share = (assigned.document_topics_["topic"] == -1).mean()
    assert assigned.outlier_share_["after"] == pytest.approx(share)
    assert assigned.topic_info_["size"].sum() == len(noisy)
    # By default the words come from HDBSCAN's core: assigning outliers leaves them as they were;
    # words_from="all" recomputes them from the assignment (here the noise brings in other words).
    by_topic = {t: w for t, w in kept.topic_info_[["topic", "words"]].itertuples(index=False) if t != -1}
    assert {t: w for t, w in assigned.topic_info_[["topic", "words"]].itertuples(index=False)} == by_topic
    every = TopicModel(method="bertopic", min_df=2, min_topic_size=10, words_from="all").fit(noisy)
    assert every.document_topics_.equals(assigned.document_topics_)
    assert {t: w for t, w in every.topic_info_[["topic", "words"]].itertuples(index=False)} != by_topic
    strict = TopicModel(method="bertopic", min_df=2, min_topic_size=10, outlier_threshold=0.99).fit(noisy)
    assert strict.outlier_share_["after"] >= assigned.outlier_share_["after"]
    with pytest.raises(ValueError, match="outliers is one of"):
        TopicModel(outliers="drop").fit(corpus)
    with pytest.raises(ValueError, match="words_from is one of"):
        TopicModel(words_from="assigned").fit(corpus)


def test_a_corpus_too_small_for_density_clustering_falls_back_with_a_warning(corpus):
    small = corpus.groupby("truth").head(4)  # 12 documents: HDBSCAN (min_topic_size 15) finds nothing
    with pytest.warns(toolkit.topics.TopicWarning, match="fell back to k-means"):
        model = TopicModel(method="bertopic", min_df=1).fit(small)
    assert model.fallback_ and (model.document_topics_["topic"] != -1).all()
    labels = model.topic_info_["label"]
    assert labels.str.len().gt(0).all() and len(labels) >= 2


def test_labels_are_content_words():
    rng = np.random.default_rng(2)
    rows = []
    for topic, words in VOCAB.items():
        for i in range(30):
            text = rng.choice(words, size=20).tolist() + ["و", "2018", "١٥", "والتي", "فهي", "ب"] * 3
            rows.append((f"{topic}{i}", " ".join(text)))
    docs = pd.DataFrame(rows, columns=["doc_id", "text"])
    for method, n_topics in (("nmf", 3), ("lda", 3), ("bertopic", None)):
        model = TopicModel(method=method, n_topics=n_topics, min_df=2, max_df=1.0, min_topic_size=10).fit(
            docs
        )
        words = {w for ws in model.topic_info_["words"] for w in ws}
        assert words and not words & {"و", "2018", "١٥", "والتي", "فهي", "ب"}, (method, words)
        assert all(not any(ch.isdigit() for ch in w) and len(w) > 1 for w in model.vocabulary_)


def test_stability_across_seeds(corpus):
    # Two LDA fits (LDA depends on its seed); three seeds below with NMF, which is fast.
    table = toolkit.topics.topic_stability(
        TopicModel(method="lda", n_topics=3, min_df=2), corpus, seeds=(0, 1)
    )
    assert list(table.columns) == ["seed_a", "seed_b", "ari"] and len(table) == 1
    assert table["ari"].between(-1, 1).all() and table.attrs["mean_ari"] == pytest.approx(table["ari"].mean())
    topics = table.attrs["topics"]
    assert (
        set(topics.columns) == {"topic", "size", "label", "reproduced"}
        and topics["reproduced"].between(0, 1).all()
    )
    # Planted topics are found again under every seed.
    planted = toolkit.topics.topic_stability(
        TopicModel(method="nmf", n_topics=3, min_df=2), corpus, seeds=(0, 7, 9)
    )
    assert len(planted) == 3 and (planted["ari"] > 0.9).all()
    with pytest.raises(ValueError, match="two seeds"):
        toolkit.topics.topic_stability(TopicModel(method="nmf", n_topics=3), corpus, seeds=(0,))


def test_bertopic_words_are_not_driven_by_a_few_long_documents():
    # Three of the forty Gaza articles repeat one word 80 times: plain c-TF-IDF
    # ranks it first; re-ranked by similarity to the topic's centroid it drops out.
    docs = synthetic().copy()
    docs.loc[:2, "text"] = docs.loc[:2, "text"] + " " + " ".join(["مباراة"] * 80)
    words = {}
    for representation in ("c-tf-idf", "keybert"):
        model = TopicModel(method="bertopic", min_df=2, min_topic_size=10, representation=representation)
        info = model.fit(docs).topic_info_
        words[representation] = info.loc[info["words"].map(lambda w: "رفح" in w), "words"].iloc[0]
    assert words["c-tf-idf"][0] == "مباراه"
    assert "مباراه" not in words["keybert"] and len(words["keybert"]) == 10
    # the re-ranked words are c-TF-IDF's candidates, in order of similarity to the centroid
    part = model.part_
    topic = int(info.loc[info["words"].map(lambda w: "رفح" in w), "topic"].iloc[0])
    assert set(words["keybert"]) <= set(part._candidates(topic)[: model.n_candidates])
    centroid = part.centroids_["vectors"][part.centroids_["topics"].tolist().index(topic)]
    similarity = part.embedder_.transform(words["keybert"]) @ centroid
    assert (np.diff(np.round(similarity, 6)) <= 0).all()
    with pytest.raises(ValueError, match="representation"):
        TopicModel(method="bertopic", representation="mmr").fit(docs)
    with pytest.raises(ValueError, match="n_candidates"):
        TopicModel(method="bertopic", n_candidates=500).fit(docs)

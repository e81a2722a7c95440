"""Events bounded in time and not chained through topics (issue 17)."""

from __future__ import annotations

import numpy as np
import pandas as pd

import toolkit
from toolkit.events import cluster as events_cluster

MARKET = (
    "ارتفع مؤشر سوق الأسهم السعودية في تعاملات اليوم بدعم من قطاع المصارف والبتروكيماويات وسط تداولات نشطة"
)
WEDDING = "احتفلت أسرة الفلان بزواج ابنها في قاعة الأفراح بحضور جمع غفير من الأقارب والأصدقاء والمهنئين"


def _docs(texts, days):
    return pd.DataFrame(
        {
            "doc_id": [f"d{i:02d}" for i in range(len(texts))],
            "text": texts,
            "published": pd.Timestamp("2024-01-01", tz="UTC") + pd.to_timedelta(days, unit="D"),
        }
    )


def test_no_event_is_longer_than_the_window():
    # A bulletin a day for two weeks: every day is linked to the next.
    days = np.arange(14, dtype=float)
    docs = _docs([f"{MARKET} {d}" for d in range(14)], days)
    events = toolkit.cluster_events(docs, window_days=3)
    span = docs.groupby(events.to_numpy())["published"].agg(lambda s: s.max() - s.min())
    assert span.max() <= pd.Timedelta(days=3)
    assert events.nunique() >= 4  # not one event for the fortnight
    # The bound is the user's, and documented slack can be given.
    wide = toolkit.cluster_events(docs, window_days=3, max_span_days=20)
    assert wide.nunique() < events.nunique()


def test_two_stories_linked_at_their_fringes_stay_apart():
    a = [MARKET + " " + w for w in ("الراجحي", "سابك", "الإنماء")]
    b = [WEDDING + " " + w for w in ("الرياض", "جدة", "الدمام")]
    # One story that shares words with both (a roundup of the day).
    bridge = MARKET + " " + WEDDING
    docs = _docs([*a, *b, bridge], [0, 0, 0, 0, 0, 0, 0])
    events = toolkit.cluster_events(docs, window_days=3, threshold=0.1)
    assert events.iloc[0] == events.iloc[1] == events.iloc[2]
    assert events.iloc[3] == events.iloc[4] == events.iloc[5]
    assert events.iloc[0] != events.iloc[3]


def test_links_need_mutual_nearest_neighbours():
    # b's nearest neighbour is c; a's is b. With k=1 only b-c is mutual.
    core = "اجتمع مجلس الأمن الدولي لبحث الوضع في غزة واستمع إلى إحاطة من المنسق الخاص للأمم المتحدة"
    docs = _docs(
        [
            core + " ثم غادر الوفد",
            core + " وطالب بوقف فوري لإطلاق النار",
            core + " وطالب بوقف فوري لإطلاق النار فورا",
        ],
        [0, 0, 0],
    )
    events = toolkit.cluster_events(docs, window_days=3, k=1, threshold=0.1, cohesion=0.0)
    assert events.iloc[1] == events.iloc[2]
    assert events.iloc[0] != events.iloc[1]  # a's nearest (b) has a nearer one (c)
    assert toolkit.cluster_events(docs, window_days=3, k=2, threshold=0.1, cohesion=0.0).nunique() == 1


def test_mutual_top_k_is_mutual():
    rows, cols = np.array([0, 1]), np.array([1, 2])
    sims = np.array([0.5, 0.9], dtype=np.float32)
    keep = events_cluster._mutual_top_k(rows, cols, sims, n=3, k=1)
    assert keep.tolist() == [False, True]


def test_undated_documents_do_not_bridge_dated_ones():
    docs = _docs([MARKET, MARKET, MARKET], [0.0, 10.0, np.nan])
    events = toolkit.cluster_events(docs, window_days=3)
    assert events.iloc[0] != events.iloc[1]

from __future__ import annotations

import pandas as pd
import pytest

from toolkit.load.dates import parse_date, parse_dates

CASES = [
    ("20th, March 2024 GMT", "2024-03-20"),
    ("27th, March 2024 GMT", "2024-03-27"),
    ("1st, June 2023", "2023-06-01"),
    ("الأربعاء 20 مارس 2024", "2024-03-20"),
    ("٢٠ آذار ٢٠٢٤", "2024-03-20"),
    ("20 آذار/مارس 2024", "2024-03-20"),
    ("14 أيار 2018 - 10:30", "2018-05-14 10:30"),
    ("5 كانون الثاني 2019", "2019-01-05"),
    ("2015-07-21 02:51:32", "2015-07-21 02:51:32"),
    ("2025-12-05@01:30:30 GMT", "2025-12-05 01:30:30"),
    ("2018-05-14T10:00:00+03:00", "2018-05-14 07:00"),
    ("Mon, 26 Feb 2018 02:20:10 GMT", "2018-02-26 02:20:10"),
    ("20/03/2024", "2024-03-20"),
    ("May 14, 2018", "2018-05-14"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_parse_date(text, expected):
    assert parse_date(text) == pd.Timestamp(expected, tz="UTC")


@pytest.mark.parametrize("text", ["", "غير معروف", None, float("nan"), "31 فبراير 2024"])
def test_unparseable_is_nat(text):
    assert parse_date(text) is pd.NaT


def test_parse_dates_column():
    got = parse_dates(pd.Series(["2018-05-14T10:00:00+03:00", "14 مايو 2018", None, "x"]))
    assert str(got.dtype) == "datetime64[ns, UTC]"
    assert got.isna().tolist() == [False, False, True, True]


@pytest.mark.parametrize(
    "value",
    [
        "10/09/1445",
        "3000-01-01",
        "3024-05-01T10:00:00Z",
        "12 مارس 3000",
        {"y": 2018},
        [2018],
        1e20,
        1_700_000_000,
    ],
)
def test_out_of_range_and_odd_values_are_nat_never_an_error(value):
    assert parse_date(value) is pd.NaT
    assert parse_dates(pd.Series([value, "2018-05-14"], dtype=object)).isna().tolist() == [True, False]

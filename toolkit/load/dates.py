"""Parse the publication dates found in scraped Arabic news.

Handles ISO 8601, RFC 2822 (RSS ``pubDate``), English day-month-year with
ordinals («20th, March 2024 GMT»), Arabic month names (Egyptian «مارس» and
Levantine «آذار», also both «آذار/مارس»), and Arabic-Indic digits. Times
without a zone are taken as UTC; the result is always tz-aware UTC.

Nothing raises: a value that is not a date, or a date outside the range a
``datetime64[ns]`` column holds (1677–2262: a Hijri «1445», a typo'd year
3024), gives ``NaT``.
"""

from __future__ import annotations

import re
from email.utils import parsedate_to_datetime

import pandas as pd

from toolkit.arabic.normalize import normalize

_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    [
        "january jan يناير كانون الثاني",
        "february feb فبراير شباط",
        "march mar مارس اذار",
        "april apr ابريل نيسان",
        "may مايو ايار",
        "june jun يونيو يونيه حزيران",
        "july jul يوليو يوليه تموز",
        "august aug اغسطس اب",
        "september sep sept سبتمبر ايلول",
        "october oct اكتوبر تشرين الاول",
        "november nov نوفمبر تشرين الثاني",
        "december dec ديسمبر كانون الاول",
    ],
    start=1,
):
    _MONTHS.update({name: _number for name in _names.split() if len(name) > 2})
# Two-word Levantine names, search-normalized.
_MONTHS.update({"كانون الثاني": 1, "تشرين الاول": 10, "تشرين الثاني": 11, "كانون الاول": 12})

_MONTH_ALT = "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True))
_DMY = re.compile(
    rf"(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s*,?\s*(?P<month>{_MONTH_ALT})"
    rf"(?:\s*/\s*(?:{_MONTH_ALT}))?\s*,?\s*(?P<year>\d{{4}})"
    r"(?:\D+?(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?"
)
_MDY = re.compile(rf"(?P<month>{_MONTH_ALT})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s*,?\s*(?P<year>\d{{4}})")
_YMD = re.compile(
    r"(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})"
    r"(?:[ T@](?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?"
)
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$")
_DMY_NUM = re.compile(r"(?P<day>\d{1,2})[-/.](?P<month>\d{1,2})[-/.](?P<year>\d{4})")


def parse_date(value: object) -> pd.Timestamp:
    """Parse one date string as found in articles and corpora.

    Parameters
    ----------
    value : object
        A string (or anything pandas can read as a time); missing values
        give ``NaT``.

    Returns
    -------
    pandas.Timestamp
        Tz-aware UTC time, or ``NaT`` when nothing date-like is found.

    Examples
    --------
    >>> parse_date("20th, March 2024 GMT")
    Timestamp('2024-03-20 00:00:00+0000', tz='UTC')
    >>> parse_date("الأربعاء ٢٠ آذار/مارس ٢٠٢٤")
    Timestamp('2024-03-20 00:00:00+0000', tz='UTC')
    >>> parse_date("Thu, 26 Dec 2013 04:57:07 +0400")
    Timestamp('2013-12-26 00:57:07+0000', tz='UTC')
    >>> parse_date("no date here")
    NaT
    >>> parse_date("10/09/1445")  # a Hijri date: not a Gregorian one
    NaT
    """
    try:
        return _in_range(_parse(value))
    except (TypeError, ValueError, OverflowError, RecursionError):
        return pd.NaT


_LOWEST = pd.Timestamp.min.tz_localize("UTC")
_HIGHEST = pd.Timestamp.max.tz_localize("UTC")


def _in_range(stamp: pd.Timestamp) -> pd.Timestamp:
    if stamp is pd.NaT or not isinstance(stamp, pd.Timestamp):
        return pd.NaT
    if not _LOWEST <= stamp <= _HIGHEST:
        return pd.NaT
    return stamp.as_unit("ns")


def _parse(value: object) -> pd.Timestamp:
    if value is None:
        return pd.NaT
    if not isinstance(value, str):
        if isinstance(value, (list, tuple, dict, set, bytes)):
            return pd.NaT
        if pd.isna(value):
            return pd.NaT
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return pd.NaT  # a bare number is no date: seconds, ms or a year?
        return _to_utc(pd.Timestamp(value))
    text = normalize(value, level="search").strip()
    if not text:
        return pd.NaT
    if _ISO.match(value.strip()):
        try:
            return pd.to_datetime(value.strip(), utc=True, format="ISO8601")
        except (TypeError, ValueError):
            pass
    try:
        return _to_utc(pd.Timestamp(parsedate_to_datetime(value)))
    except (TypeError, ValueError, IndexError):
        pass
    match = _YMD.search(text)
    if match:
        stamp = _build(match, month=int(match["month"]))
        if stamp is not pd.NaT:
            zone = re.search(r"([+-]\d{2}):?(\d{2})\s*$", text)
            if zone and match.end() < len(text):
                sign = 1 if zone[1].startswith("+") else -1
                offset = pd.Timedelta(hours=int(zone[1][1:]), minutes=int(zone[2]))
                stamp = stamp - sign * offset
            return stamp
    for pattern in (_DMY, _MDY):
        match = pattern.search(text)
        if match:
            return _build(match, month=_MONTHS[match["month"]])
    match = _DMY_NUM.search(text)
    if match:
        return _build(match, month=int(match["month"]))
    return pd.NaT


def _build(match: re.Match[str], *, month: int) -> pd.Timestamp:
    groups = match.groupdict()
    try:
        return pd.Timestamp(
            year=int(groups["year"]),
            month=month,
            day=int(groups["day"]),
            hour=int(groups.get("hour") or 0),
            minute=int(groups.get("minute") or 0),
            second=int(groups.get("second") or 0),
            tz="UTC",
        )
    except ValueError:
        return pd.NaT


def _to_utc(stamp: pd.Timestamp) -> pd.Timestamp:
    if stamp is pd.NaT:
        return stamp
    if stamp.tzinfo is None:
        return stamp.tz_localize("UTC")
    return stamp.tz_convert("UTC")


def parse_dates(values: pd.Series) -> pd.Series:
    """Parse a column of date strings (fast path for ISO 8601).

    Parameters
    ----------
    values : pandas.Series
        Date strings or times.

    Returns
    -------
    pandas.Series
        ``datetime64[ns, UTC]`` values, ``NaT`` where unparseable.

    Examples
    --------
    >>> import pandas as pd
    >>> parse_dates(pd.Series(["2018-05-14T10:00:00+03:00", "14 مايو 2018", None])).tolist()
    [Timestamp('2018-05-14 07:00:00+0000', tz='UTC'), Timestamp('2018-05-14 00:00:00+0000', tz='UTC'), NaT]
    """
    strings = values.map(lambda v: v if isinstance(v, str) else None)
    try:
        fast = pd.to_datetime(strings, utc=True, errors="coerce", format="ISO8601")
        fast = fast.astype("datetime64[ns, UTC]")
    except (TypeError, ValueError, OverflowError):
        fast = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns, UTC]")
    missing = (fast.isna() & values.map(lambda v: v is not None and not _is_nan(v))).to_numpy()
    if missing.any():
        fast = fast.copy()
        fast[missing] = [parse_date(v) for v in values[missing]]
    return fast.astype("datetime64[ns, UTC]")


def _is_nan(value: object) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False

"""Parse the publication dates found in scraped Arabic news.

Handles ISO 8601, RFC 2822 (RSS ``pubDate``), English day-month-year with
ordinals («20th, March 2024 GMT»), Arabic month names (Egyptian «مارس» and
Levantine «آذار», also both «آذار/مارس»), and Arabic-Indic digits. Times
without a zone are taken as UTC; the result is always tz-aware UTC.

Nothing raises: a value that is not a date, or a date outside the range a
``datetime64[ns]`` column holds (1677–2262: a Hijri «1445», a typo'd year
3024), gives ``NaT``.

All-numeric dates with the year last («05/06/2018») are read day first
unless ``date_order="mdy"`` says month first; ``date_order="ymd"`` accepts
year-first numeric dates only. A year-first date («2018-05-06») is always
year-month-day. :func:`read_dates` reads a whole column: given no order, it
takes month first only when the column's own dates show it (a second field
above 12 and never a first), and it notes every date both readings fit.
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


#: Orders of all-numeric dates that ``date_order=`` takes.
DATE_ORDERS = ("dmy", "mdy", "ymd")
_ORDER_WORDS = {"dmy": "day/month/year", "mdy": "month/day/year", "ymd": "year-month-day"}


def check_date_order(date_order: str | None) -> str | None:
    """Return ``date_order`` if it is None or one of :data:`DATE_ORDERS`; raise otherwise.

    Examples
    --------
    >>> check_date_order("mdy")
    'mdy'
    >>> check_date_order("myd")
    Traceback (most recent call last):
    ...
    ValueError: date_order must be one of 'dmy', 'mdy', 'ymd' (or None), not 'myd'
    """
    if date_order is None or date_order in DATE_ORDERS:
        return date_order
    shown = ", ".join(repr(o) for o in DATE_ORDERS)
    raise ValueError(f"date_order must be one of {shown} (or None), not {date_order!r}")


def parse_date(value: object, *, date_order: str | None = None) -> pd.Timestamp:
    """Parse one date string as found in articles and corpora.

    Parameters
    ----------
    value : object
        A string (or anything pandas can read as a time); missing values
        give ``NaT``.
    date_order : {"dmy", "mdy", "ymd"}, optional
        How to read an all-numeric date with the year last: day first
        (``"dmy"``, also the default), month first (``"mdy"``), or not at
        all (``"ymd"``: only year-first numeric dates are dates). A date
        that does not fit the order (a 14th month) gives ``NaT``.

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
    >>> parse_date("05/14/2018", date_order="mdy")
    Timestamp('2018-05-14 00:00:00+0000', tz='UTC')
    >>> parse_date("05/14/2018")  # day first by default: there is no 14th month
    NaT
    """
    check_date_order(date_order)
    try:
        return _in_range(_parse(value, date_order=date_order))
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


def _parse(value: object, *, date_order: str | None = None) -> pd.Timestamp:
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
        if date_order == "ymd":
            return pd.NaT
        if date_order == "mdy":  # the pattern names the first field "day"
            return _build_parts(int(match["year"]), int(match["day"]), int(match["month"]))
        return _build(match, month=int(match["month"]))
    return pd.NaT


def _build_parts(year: int, month: int, day: int) -> pd.Timestamp:
    try:
        return pd.Timestamp(year=year, month=month, day=day, tz="UTC")
    except ValueError:
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


def parse_dates(values: pd.Series, *, date_order: str | None = None) -> pd.Series:
    """Parse a column of date strings (fast path for ISO 8601).

    Parameters
    ----------
    values : pandas.Series
        Date strings or times.
    date_order : {"dmy", "mdy", "ymd"}, optional
        As for :func:`parse_date`; :func:`read_dates` also infers it and
        notes ambiguous dates.

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
        parsed = [parse_date(v, date_order=date_order) for v in values[missing]]
        # An explicit dtype: a list of NaT alone would not cast to UTC times.
        fast[missing] = pd.array(parsed, dtype="datetime64[ns, UTC]")
    return fast.astype("datetime64[ns, UTC]")


# Year-last numeric dates as _parse finds them (after search normalization,
# which turns Arabic-Indic digits into ASCII ones), unless a year-first,
# RFC 2822 or month-name date is found first; _numeric_fields mirrors that.
def _numeric_fields(value: object) -> tuple[int, int] | None:
    if not isinstance(value, str) or _ISO.match(value.strip()):
        return None
    text = normalize(value, level="search")
    if _YMD.search(text) or _DMY.search(text) or _MDY.search(text):
        return None
    match = _DMY_NUM.search(text)
    return (int(match["day"]), int(match["month"])) if match else None


def read_dates(
    values: pd.Series, *, date_order: str | None = None, what: str = "published"
) -> tuple[pd.Series, pd.Series, str]:
    """Parse a date column, choosing and recording the order of numeric dates.

    Given no ``date_order``, a column whose numeric dates (year last) have a
    second field above 12 and never a first one is read month first;
    otherwise day first. Either way, a date that both readings fit
    («05/06/2018»: 5 June or May 6?) gets a note saying how it was read,
    unless ``date_order`` was given, and a date the order does not fit gets a
    note saying why it is missing.

    Parameters
    ----------
    values : pandas.Series
        Date strings, one per record.
    date_order : {"dmy", "mdy", "ymd"}, optional
        The order of numeric dates (see :func:`parse_date`), or None to infer it.
    what : str
        The field's name, for the notes.

    Returns
    -------
    tuple
        ``(dates, notes, order)``: the parsed ``datetime64[ns, UTC]``
        series, a series of notes (``""`` where there is nothing to say),
        aligned with ``values``, and the order used.

    Examples
    --------
    >>> import pandas as pd
    >>> dates, notes, order = read_dates(pd.Series(["05/14/2018", "05/06/2018", "2018-05-07"]))
    >>> order, [d.date().isoformat() for d in dates]
    ('mdy', ['2018-05-14', '2018-05-06', '2018-05-07'])
    >>> for part in notes[1].split(": "):
    ...     print(part)
    published '05/06/2018' fits both day/month and month/day
    read as month/day/year (as other dates in this column show); pass date_order= to choose
    >>> read_dates(pd.Series(["05/14/2018"]), date_order="dmy")[1][0]
    "published '05/14/2018' is not a day/month/year date (date_order='dmy')"
    """
    check_date_order(date_order)
    fields = values.map(_numeric_fields)
    numeric = fields.dropna()
    first = numeric.map(lambda f: f[0])
    second = numeric.map(lambda f: f[1])
    inferred = date_order is None
    order = date_order
    month_first = bool(((second > 12) & (first <= 12)).any())
    day_first = bool(((first > 12) & (second <= 12)).any())
    if order is None:
        order = "mdy" if month_first and not day_first else "dmy"
    dates = parse_dates(values, date_order=order)
    notes = pd.Series("", index=values.index, dtype=object)
    words = _ORDER_WORDS[order]
    if inferred:
        shown = month_first if order == "mdy" else day_first
        why = "as other dates in this column show" if shown else "the default; no date in this column tells"
        ambiguous = (first <= 12) & (second <= 12) & (first != second)
        for index in ambiguous[ambiguous].index:
            notes[index] = (
                f"{what} {values[index]!r} fits both day/month and month/day: read as {words} "
                f"({why}); pass date_order= to choose"
            )
    unfit = dates.loc[numeric.index].isna()
    unfit = unfit[unfit].index
    # Another order is worth suggesting only where one would read the date
    # («10/09/1445», a Hijri year, fits none: it is simply not understood).
    other = pd.Series(False, index=unfit)
    for alternative in _ORDER_WORDS.keys() - {order}:
        other |= parse_dates(values.loc[unfit], date_order=alternative).notna()
    for index in unfit:
        if not other[index]:
            notes[index] = f"{what} {values[index]!r} not understood: no day, month and year order fits it"
            continue
        notes[index] = f"{what} {values[index]!r} is not a {words} date" + (
            f" (date_order={order!r})" if not inferred else "; pass date_order= to choose"
        )
    return dates, notes, order


def _is_nan(value: object) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False

"""TIMEX3 values: formatting, the document date, and relative dates resolved against it.

Weekdays and ISO weeks below were checked with ``datetime`` (2019-11-05 is a
Tuesday in ISO week 45; 2021-01-04 is the Monday of 2021-W01, so the week
before is 2020-W53).
"""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.labels import ANCHOR_ABSOLUTE, ANCHOR_NONE, ANCHOR_PUBLISHED, KIND_DURATION, KIND_RANGE
from pipeline.timex import (
    FUTURE,
    PAST,
    Fixed,
    Range,
    Spec,
    anchor_date,
    dated,
    duration,
    in_context,
    iso_week,
    resolve,
)

TUESDAY = date(2019, 11, 5)


@pytest.mark.parametrize(
    "published, expected",
    [
        ("2019-11-05T10:31:00+00:00", date(2019, 11, 5)),
        ("2019-11-05", date(2019, 11, 5)),
        ("", None),
        ("вчера", None),
        ("2019-13-45T10:00:00", None),
        ("05.11.2019", None),
    ],
)
def test_anchor_date(published, expected):
    assert anchor_date(published) == expected


def test_iso_week_across_new_year():
    assert iso_week(date(2021, 1, 4)) == "2021-W01"
    assert resolve(Spec(shift_unit="W", shift=-1), date(2021, 1, 4)).value == "2020-W53"
    assert resolve(Spec(shift_unit="W", shift=-1), TUESDAY).value == "2019-W44"


@pytest.mark.parametrize(
    "spec, value",
    [
        (Spec(year=2019, month=10, day=28), "2019-10-28"),
        (Spec(year=2019, month=10), "2019-10"),
        (Spec(year=2019), "2019"),
        (Spec(decade=199), "199"),
        (Spec(century=18), "18"),
        (Spec(year=2015, season="WI"), "2015-WI"),
        (Spec(year=2019, quarter=3), "2019-Q3"),
        (Spec(year=2018, half=1), "2018-H1"),
        (Spec(year=2019, month=10, day=28, clock="10:30"), "2019-10-28T10:30"),
    ],
)
def test_absolute_values_need_no_anchor(spec, value):
    got = resolve(spec, None)
    assert (got.value, got.anchor) == (value, ANCHOR_ABSOLUTE)


def test_relative_without_anchor_is_empty():
    got = resolve(Spec(shift_unit="D", shift=-1), None)
    assert (got.value, got.anchor) == ("", ANCHOR_NONE)


@pytest.mark.parametrize(
    "spec, side, value",
    [
        (Spec(shift_unit="D", shift=-1), 0, "2019-11-04"),  # вчера
        (Spec(shift_unit="Y", shift=-1), 0, "2018"),  # в прошлом году
        (Spec(shift_unit="M", shift=1), 0, "2019-12"),  # в следующем месяце
        (Spec(shift_unit="Y", shift=-1, month=11), 0, "2018-11"),  # в ноябре прошлого года
        (Spec(weekday=0), PAST, "2019-11-04"),  # в понедельник (встретился)
        (Spec(weekday=1), PAST, "2019-11-05"),  # во вторник, published on a Tuesday: today
        (Spec(weekday=4), FUTURE, "2019-11-08"),  # в пятницу (встретится)
        (Spec(weekday=4, shift=-1, side=PAST), FUTURE, "2019-11-01"),  # в минувшую пятницу: the word wins
        (Spec(weekday=1, shift=1, side=FUTURE), 0, "2019-11-12"),  # в следующий вторник: not today
        (Spec(month=10, day=14), PAST, "2019-10-14"),
        (Spec(month=10, day=14), FUTURE, "2020-10-14"),
        (Spec(month=1, day=20), 0, "2020-01-20"),  # nearest: 76 days ahead rather than 289 back
        (Spec(month=3), PAST, "2019-03"),
        (Spec(month=12), FUTURE, "2019-12"),
        (Spec(decade=3, shift_unit="C", shift=-1), 0, "193"),  # в тридцатых годах прошлого века
    ],
)
def test_relative_values(spec, side, value):
    got = resolve(spec, TUESDAY, side)
    assert (got.value, got.anchor) == (value, ANCHOR_PUBLISHED)


def test_yearless_date_across_new_year():
    dec30 = date(2019, 12, 30)
    assert resolve(Spec(month=1, day=5), dec30, FUTURE).value == "2020-01-05"
    assert resolve(Spec(month=1, day=5), dec30, 0).value == "2020-01-05"
    assert resolve(Spec(month=12, day=28), dec30, PAST).value == "2019-12-28"


def test_leap_day():
    assert resolve(Spec(shift_unit="D", shift=-1), date(2020, 3, 1)).value == "2020-02-29"
    assert resolve(Spec(weekday=5), date(2020, 3, 2), PAST).value == "2020-02-29"


def test_range_start_takes_month_and_year_of_end():
    got = resolve(Range(Spec(day=1), Spec(year=2020, month=3, day=5)), None)
    assert (got.value, got.value_end, got.kind, got.anchor) == (
        "2020-03-01",
        "2020-03-05",
        KIND_RANGE,
        ANCHOR_ABSOLUTE,
    )


@pytest.mark.parametrize(
    "n, unit, value",
    [
        (30, "D", "P30D"),
        (6, "M", "P6M"),
        (2, "W", "P2W"),
        (10, "Y", "P10Y"),
        (1.5, "Y", "P18M"),
        (48, "TH", "PT48H"),
        (None, "Y", "PXY"),
        (None, "TH", "PTXH"),
        (3, "CE", "P3CE"),
    ],
)
def test_duration(n, unit, value):
    assert duration(n, unit) == value
    assert resolve(Fixed(value), None).kind == KIND_DURATION


def test_context_of_a_sentence():
    """What a later yearless date can take its year from: a month, day or
    season of a given year, or of a year counted from the document date; not
    a year alone, a relative day or a duration."""
    june_1967 = Spec(year=1967, month=6)
    assert dated(june_1967) == (june_1967, ANCHOR_ABSOLUTE)
    assert dated(Range(Spec(year=1959), Spec(year=1990))) is None  # «с 1959 по 1990 год»
    assert dated(Spec(year=2015)) is None
    assert dated(Spec(day=-1, shift_unit="D", shift=-1)) is None  # «вчера»
    assert dated(Fixed("P30D")) is None
    last_november = Spec(month=11, shift_unit="Y", shift=-1)
    assert dated(last_november, date(2019, 11, 5)) == (Spec(year=2018, month=11), ANCHOR_PUBLISHED)
    assert dated(last_november) is None  # no document date to count from


def test_yearless_dates_in_context():
    ctx = Spec(year=1967, month=6)
    assert in_context(Spec(month=12, day=8), ctx) == Spec(year=1967, month=12, day=8)
    assert in_context(Spec(season="SU"), ctx) == Spec(year=1967, season="SU")
    assert in_context(Spec(clock="06:28"), Spec(year=2013, month=3, day=29)) == Spec(
        year=2013, month=3, day=29, clock="06:28")
    assert in_context(Spec(clock="06:28"), ctx) is None  # the context names no day
    assert in_context(Range(Spec(day=5), Spec(month=4, day=20)), ctx) == Range(
        Spec(year=1967, month=4, day=5), Spec(year=1967, month=4, day=20))
    assert in_context(Spec(month=6, day=31), ctx) is None  # «31 июня»
    assert in_context(Spec(weekday=5), ctx) is None  # «в субботу»: the document date's
    assert in_context(Spec(year=1970, month=1), ctx) is None

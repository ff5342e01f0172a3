"""TIMEX3 values of dates and times: what a found expression means.

The date stage (:mod:`pipeline.stages.dates`) finds an expression and builds a
:class:`Spec` (a point: the fields the text gives, plus what is relative to
the document date), a :class:`Range` of two points, or a fixed value (a
duration ``P30D`` or a set ``P1Y``).  :func:`resolve` turns it into the
``dates.csv`` columns (``value``, ``value_end``, ``kind``, ``anchor``)
against the document date; :func:`anchor_date` reads that date from
``published_at``.  Nothing here reads the clock: without a document date a
relative expression gets an empty value and anchor ``none``.

Values (TimeML's TIMEX3, as HeidelTime writes them): ``2019-10-28``,
``2019-10``, ``2019``, decade ``199``, century ``18``, week ``2019-W44``, weekend ``2019-W44-WE``,
season ``2015-WI``, quarter ``2019-Q3``, half year ``2018-H1``, time
``2019-10-28T10:30`` or a part of the day ``2019-10-28TEV``; a day the text
does not pin down is ``XXXX-XX-XX``; «сейчас», «недавно» are ``PRESENT_REF``,
``PAST_REF``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from pipeline.labels import (
    ANCHOR_ABSOLUTE,
    ANCHOR_NONE,
    ANCHOR_PUBLISHED,
    KIND_DURATION,
    KIND_POINT,
    KIND_RANGE,
)

__all__ = ["Fixed", "Range", "Spec", "TimexValue", "anchor_date", "dated", "in_context", "iso_week",
           "resolve"]

PAST, FUTURE = -1, 1  # the side of the document date a yearless date or a weekday lies on

SEASONS = ("WI", "SP", "SU", "FA")
PARTS_OF_DAY = ("MO", "AF", "EV", "NI")  # morning, afternoon (day), evening, night


@dataclass(frozen=True, slots=True)
class Spec:
    """A point in time: the fields the text gives and what is relative.

    ``shift_unit`` (``D``, ``W``, ``M``, ``Y``, ``C``) with ``shift`` is an
    offset from the document date («вчера» D -1, «на прошлой неделе» W -1,
    «в ноябре прошлого года» Y -1 with ``month`` 11, «прошлого века» C -1);
    the finest field given sets the granularity of the value.  ``weekday``
    (0 = Monday) and a day or month without a year take the side ``side``
    (``PAST``/``FUTURE``; 0 = the nearest) of the document date.
    """

    year: int | None = None
    month: int | None = None
    day: int | None = None
    week: int | None = None  # ISO week (with ``year`` its ISO year)
    season: str = ""
    quarter: int = 0
    half: int = 0
    decade: int | None = None  # 199 = the 1990s; with shift_unit C, the decade in that century
    century: int | None = None  # 18 = the 19th century
    clock: str = ""  # "10:30" or a part of the day ("MO", "EV", ...)
    shift_unit: str = ""
    shift: int = 0
    weekday: int | None = None
    weekend: bool = False  # the weekend of the week (``weekday`` its Saturday)
    side: int = 0
    ref: str = ""  # PRESENT_REF, PAST_REF, FUTURE_REF; or "X" for a day the text does not give

    @property
    def relative(self) -> bool:
        if self.ref:
            return False
        if self.shift_unit or self.weekday is not None:
            return True
        if self.year is not None or self.decade is not None or self.century is not None:
            return False
        return True  # a month, day, season or time with no year


@dataclass(frozen=True, slots=True)
class Range:
    start: Spec
    end: Spec


@dataclass(frozen=True, slots=True)
class Fixed:
    """A value that needs no document date: a duration or a set."""

    value: str
    kind: str = KIND_DURATION


@dataclass(frozen=True, slots=True)
class TimexValue:
    value: str
    value_end: str
    kind: str
    anchor: str


_ANCHOR_RE = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})")


def anchor_date(published_at: str) -> date | None:
    """The document date of ``published_at`` («2019-11-05T10:31:00+00:00»), or None."""
    m = _ANCHOR_RE.match(published_at or "")
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def iso_week(d: date) -> str:
    year, week, _ = d.isocalendar()
    return f"{year}-W{week:02d}"


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    k = year * 12 + month - 1 + n
    return k // 12, k % 12 + 1


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _pick_year(month: int, day: int, anchor: date, side: int) -> int:
    """The year that puts day.month nearest the anchor on ``side`` (0: either)."""
    best: tuple[int, int] | None = None
    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
        d = _valid(y, month, day)
        if d is None:
            continue
        delta = (d - anchor).days
        if side == PAST and delta > 0 or side == FUTURE and delta < 0:
            continue
        if best is None or abs(delta) < best[0]:
            best = (abs(delta), y)
    return best[1] if best else anchor.year


def _pick_month_year(month: int, anchor: date, side: int) -> int:
    """The year of a month named without one («в октябре»)."""
    if side == PAST:
        return anchor.year if month <= anchor.month else anchor.year - 1
    if side == FUTURE:
        return anchor.year if month >= anchor.month else anchor.year + 1
    # nearest: within six months either way
    delta = month - anchor.month
    if delta > 6:
        return anchor.year - 1
    if delta < -6:
        return anchor.year + 1
    return anchor.year


def _weekday(spec: Spec, anchor: date, side: int) -> date:
    delta = (spec.weekday - anchor.weekday()) % 7  # days ahead to the next such weekday (0 = today)
    if side == FUTURE:
        return anchor + timedelta(days=delta or 7) if spec.shift else anchor + timedelta(days=delta)
    back = (anchor.weekday() - spec.weekday) % 7
    if spec.shift < 0:  # «в минувшую пятницу»: strictly before
        back = back or 7
    return anchor - timedelta(days=back)


def _fill(spec: Spec, anchor: date | None, side: int) -> Spec | None:
    """The spec with its relative parts made absolute (None when that needs an anchor)."""
    if not spec.relative:
        return spec
    if anchor is None:
        return None
    side = spec.side or side
    unit, n = spec.shift_unit, spec.shift
    if spec.weekday is not None and spec.day is None:
        d = _weekday(spec, anchor, side)
        if spec.weekend:
            iso = d.isocalendar()
            return replace(spec, year=iso[0], week=iso[1], weekday=None, shift_unit="", shift=0)
        return replace(spec, year=d.year, month=d.month, day=d.day, weekday=None, shift_unit="", shift=0)
    if unit == "D":
        d = anchor + timedelta(days=n)
        return replace(spec, year=d.year, month=d.month, day=d.day, shift_unit="", shift=0)
    if unit == "W":
        iso = (anchor + timedelta(weeks=n)).isocalendar()
        return replace(spec, year=iso[0], week=iso[1], month=None, day=None, shift_unit="", shift=0)
    if unit == "M":
        y, m = _add_months(anchor.year, anchor.month, n)
        return replace(spec, year=y, month=m, shift_unit="", shift=0)
    if unit == "Y":
        return replace(spec, year=anchor.year + n, shift_unit="", shift=0)
    if unit == "C":
        century = (anchor.year - 1) // 100 + n  # 2019 is in the 21st century: 20
        if spec.decade is not None:
            return replace(spec, decade=century * 10 + spec.decade, century=None, shift_unit="", shift=0)
        return replace(spec, century=century, shift_unit="", shift=0)
    # no year given
    if spec.month is not None and spec.day is not None:
        return replace(spec, year=_pick_year(spec.month, spec.day, anchor, side))
    if spec.month is not None:
        return replace(spec, year=_pick_month_year(spec.month, anchor, side))
    if spec.day is not None:  # «с 15» of a range without its month: same month as the anchor
        return replace(spec, year=anchor.year, month=anchor.month)
    return (
        replace(spec, year=anchor.year, month=anchor.month, day=anchor.day)
        if spec.clock
        else replace(spec, year=anchor.year)
    )


def _format(spec: Spec) -> str:
    if spec.ref == "X":
        value = "XXXX-XX-XX"
        return f"{value}T{spec.clock}" if spec.clock else value
    if spec.ref:
        return spec.ref
    if spec.century is not None and spec.decade is None and spec.year is None:
        return f"{spec.century:02d}"
    if spec.decade is not None and spec.year is None:
        return f"{spec.decade:03d}"
    if spec.year is None:
        return ""
    y = f"{spec.year:04d}"
    if spec.week is not None:
        return f"{y}-W{spec.week:02d}-WE" if spec.weekend else f"{y}-W{spec.week:02d}"
    if spec.season:
        return f"{y}-{spec.season}"
    if spec.quarter:
        return f"{y}-Q{spec.quarter}"
    if spec.half:
        return f"{y}-H{spec.half}"
    if spec.month is None:
        return y
    ym = f"{y}-{spec.month:02d}"
    if spec.day is None:
        return ym
    d = f"{ym}-{spec.day:02d}"
    return f"{d}T{spec.clock}" if spec.clock else d


def _complete(start: Spec, end: Spec) -> Spec:
    """«с 1 по 5 марта 2020 года»: the start takes the month and year the end gives."""
    if start.year is None and start.shift_unit == "" and end.year is not None:
        if start.day is not None and start.month is None:
            start = replace(start, month=end.month)
        if start.month is not None or start.day is not None or start.season or start.quarter:
            start = replace(start, year=end.year)
    if start.day is not None and start.month is None and end.month is not None:
        start = replace(
            start,
            month=end.month,
            year=start.year if start.year is not None else end.year,
            shift_unit=end.shift_unit,
            shift=end.shift,
        )
    if start.decade is not None and start.shift_unit == "" and end.shift_unit == "C" and start.decade < 10:
        start = replace(start, shift_unit="C", shift=end.shift)
    if start.clock and start.day is None and (end.day is not None or end.weekday is not None):
        start = replace(
            start,
            year=end.year,
            month=end.month,
            day=end.day,
            weekday=end.weekday,
            shift_unit=end.shift_unit,
            shift=end.shift,
        )
    return start


def dated(expr: Spec | Range | Fixed, anchor: date | None = None, side: int = 0) -> tuple[Spec, str] | None:
    """The point a later yearless date of the sentence can take its year
    from, with the anchor of its year: the expression itself, or a range's
    end, when it names a month, a day or a season of a year the text gives
    («10 сентября 2017 года», «в июне 1967 года», «летом 2014 года»:
    ``absolute``) or counts from the document date («в ноябре прошлого
    года»: ``published``, resolved against ``anchor``); else None.

    A year alone is no such point: in NEREL train, of the yearless dates
    after a bare year in their sentence, 3 of 8 were in that year («правили
    с 1997 года, но ... на выборах 6 мая», «учреждённой в 1968 году, станет
    известен 14 октября»); after a month, a day or a season of a year, 16
    of 17 (the 17th a time zone: «в 19:00 25 ноября 2016 года (3:00 по
    московскому времени)», the 26th in Moscow)."""
    point = expr.end if isinstance(expr, Range) else expr
    if isinstance(point, Fixed) or point.ref:
        return None
    if point.month is None and point.day is None and not point.season:
        return None
    if not point.relative and point.year is not None:
        return point, ANCHOR_ABSOLUTE
    if point.shift_unit == "Y" and anchor is not None:
        filled = _fill(point, anchor, side)
        return (filled, ANCHOR_PUBLISHED) if filled is not None else None
    return None


def _months_of_no_year(start: Spec, end: Spec) -> bool:
    """Both ends of a range are a month (or a day of one) with no year."""
    return all(_yearless(s) and s.month is not None and not (s.season or s.quarter or s.half)
               for s in (start, end))


def _yearless(spec: Spec) -> bool:
    """A calendar date the text gives without its year («12 сентября», «в
    октябре», «осенью»): no shift, weekday or reference to the document date."""
    return (spec.year is None and spec.decade is None and spec.century is None and not spec.shift_unit
            and spec.weekday is None and not spec.ref
            and (spec.month is not None or bool(spec.season or spec.quarter or spec.half)))


def in_context(expr: Spec | Range | Fixed, context: Spec) -> Spec | Range | None:
    """``expr`` with the year of ``context`` (:func:`dated`, an earlier date of
    the same sentence) when it is a yearless calendar date: «Выборы прошли 10
    сентября 2017 года, а 12 сентября были объявлены итоги» → 2017-09-12, «в
    июле 2017 года, а в октябре», «летом 2014 года ... в ноябре»; a time alone
    («в 06:28») takes the context's day.  None when the expression does not
    lack its year this way («вчера», «в субботу», «в прошлом году» are the
    document date's)."""
    if isinstance(expr, Range):  # «с 5 по 12 сентября»
        start = _complete(expr.start, expr.end)
        if _yearless(start) and _yearless(expr.end):
            return Range(replace(start, year=context.year), replace(expr.end, year=context.year))
        return None
    if isinstance(expr, Fixed):
        return None
    if _yearless(expr):
        if expr.day is not None and expr.month is not None and not _valid(context.year, expr.month, expr.day):
            return None  # «31 июня» is no date of that year
        return replace(expr, year=context.year)
    if (expr.clock and context.day is not None and expr.year is None and expr.month is None
            and expr.day is None and not expr.shift_unit and expr.weekday is None and not expr.ref):
        return replace(expr, year=context.year, month=context.month, day=context.day)
    return None


def resolve(expr: Spec | Range | Fixed, anchor: date | None, side: int = 0) -> TimexValue:
    """The ``dates.csv`` value of ``expr`` against the document date ``anchor``.

    ``side`` is what the clause's tense says of a yearless date or a weekday:
    ``PAST`` (the last one), ``FUTURE`` (the next one) or 0 (the nearest).
    """
    if isinstance(expr, Fixed):
        return TimexValue(expr.value, "", expr.kind, ANCHOR_ABSOLUTE)
    if isinstance(expr, Range):
        start = _complete(expr.start, expr.end)
        relative = start.relative or expr.end.relative
        a, b = _fill(start, anchor, side), _fill(expr.end, anchor, side)
        if a is not None and b is not None and _months_of_no_year(start, expr.end):
            # «в мае–июне», «с мая по июнь»: one year, the tense's side of the
            # end (past) or of the start, the other end after the start
            order = (start.month, start.day or 0) > (expr.end.month, expr.end.day or 0)
            if side == PAST:
                a = replace(a, year=b.year - order)
            else:
                b = replace(b, year=a.year + order)
        if a is None or b is None:
            return TimexValue("", "", KIND_RANGE, ANCHOR_NONE)
        return TimexValue(
            _format(a), _format(b), KIND_RANGE, ANCHOR_PUBLISHED if relative else ANCHOR_ABSOLUTE
        )
    filled = _fill(expr, anchor, side)
    if filled is None:
        return TimexValue("", "", KIND_POINT, ANCHOR_NONE)
    return TimexValue(_format(filled), "", KIND_POINT, ANCHOR_PUBLISHED if expr.relative else ANCHOR_ABSOLUTE)


def duration(n: float | None, unit: str) -> str:
    """``P30D``, ``P6M``, ``PT5H``; ``None`` = «несколько» (``PXY``); 1.5 years = ``P18M``."""
    if n is None:
        return f"PTX{unit[1:]}" if unit.startswith("T") else f"PX{unit}"
    if n != int(n):
        smaller = {
            "Y": (12, "M"),
            "D": (24, "TH"),
            "TH": (60, "TM"),
            "TM": (60, "TS"),
            "W": (7, "D"),
            "M": (30, "D"),
            "CE": (100, "Y"),
            "DE": (10, "Y"),
        }
        k, unit = smaller.get(unit, (1, unit))
        n = n * k
    n = int(n)
    return f"PT{n}{unit[1:]}" if unit.startswith("T") else f"P{n}{unit}"

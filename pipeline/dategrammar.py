"""The grammar of Russian date and time expressions over a sentence's tokens.

``find_dates(sentence)`` tries, at each token that may start one (a cheap
test skips most words), a date or time expression, keeps the longest and
moves past it.  The span takes its preposition or qualifier as NEREL marks
it («в 1978 году», «до августа 2016 года», «более чем за 100 лет», «в
прошлом году», «в 10:30 по местному времени»); a DATE inside a TIME
(«утром 4 апреля 2017 года») comes as well.  What an expression means is a
:mod:`pipeline.timex` spec; the stage resolves it.

Month names that are also given names («Мая Плисецкая», «Марта Иванова»)
count as months only after a day number, before a year, after a preposition
or in lower case; numbers that are no years («статья 105», «в 2 раза»,
«Ту-154», «трасса М-4», «до 2000 человек») never make a date, and «N лет»
after an age cue («в возрасте», «исполнилось», «(28 лет)») is left to AGE.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from pipeline.datewords import (
    ADJ_DURATION_RE,
    ADJ_NUMBERS,
    AGE_CUES,
    AGO,
    CURRENT_PERIODS,
    DAY_NOUNS,
    DECADE_RE,
    DECADE_WORDS,
    DEMONSTRATIVE_RE,
    EACH,
    EARLY_LATE,
    EVENT_NOUNS_GEN,
    FIXED,
    FIXED_BY_FIRST,
    FRACTIONS,
    FUSED,
    HALF_WORDS,
    HALFYEAR_WORDS,
    HOUR_OF,
    LETN_NOUNS,
    LETN_RE,
    MONTH_ABBREV,
    MONTH_ADJ_RE,
    MONTH_ADJ_STEMS,
    MONTHS,
    NOON,
    ONLY_PREFIX,
    ORDINALS,
    PAIR,
    PART_WORDS,
    PARTS_OF_DAY,
    PREFIXES_BY_FIRST,
    QUARTER_WORDS,
    RECENT_RE,
    RELATIVE_DAYS,
    SEASONS,
    SETS,
    SHIFT,
    SINGULAR_UNITS,
    STARTER_RE,
    STARTERS,
    TZ_ADJ_RE,
    TZ_WORDS,
    UNIT_ALONE_AFTER,
    UNITS,
    VAGUE,
    WAY_WORDS,
    WEAK_WEEKDAYS,
    WEEKDAYS,
    WEEKEND,
    YEAR_NOUNS,
)
from pipeline.doc import Sentence
from pipeline.labels import DATE, KIND_POINT, KIND_SET, TIME
from pipeline.stages.money import NUMWORDS
from pipeline.timex import FUTURE, PAST, Fixed, Range, Spec, duration

__all__ = ["DateMatch", "find_dates"]


def _low(s: str) -> str:
    if s == "c":  # the Latin letter typed for the preposition «с» («c 1 по 3 мая»)
        return "с"
    return s.lower().replace("ё", "е")


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def _roman(s: str) -> int | None:
    if not re.fullmatch(r"[IVXL]+", s):
        return None
    total = 0
    for a, b in zip(s, s[1:] + " ", strict=True):
        v = _ROMAN[a]
        total += -v if b != " " and _ROMAN[b] > v else v
    return total if 0 < total < 40 else None


# --------------------------------------------------------------------------- tokens


@dataclass(slots=True)
class _W:
    raw: str
    low: str
    start: int  # offsets in the sentence text
    stop: int
    glued: bool  # no space before it
    pos: str
    case: str
    starts: bool  # whether an expression may start here (a cheap test that skips most words)


@lru_cache(maxsize=1 << 16)
def _word(text: str) -> tuple[str, bool, bool]:
    """A token's lower-case form, whether an expression may start at it, and whether it is more
    than a preposition (a sentence without such a word holds no date).  Cached: words repeat."""
    low = _low(text)
    starts = (low in STARTERS or bool(STARTER_RE.match(low)) or bool(STARTER_RE.match(text))
              or bool((m := _MONTH_RANGE_RE.match(low)) and m[1] in MONTHS))
    return low, starts, starts and low not in ONLY_PREFIX or "-" in text


def _words(sent: Sentence) -> list[_W] | None:
    """The sentence's words, or None when none of them can be in a date."""
    forms = [_word(t.text) for t in sent.tokens]
    if not any(f[2] for f in forms):
        return None
    out: list[_W] = []
    prev = -1
    for t, (low, starts, _) in zip(sent.tokens, forms, strict=True):
        a, b = t.start - sent.start, t.stop - sent.start
        out.append(_W(t.text, low, a, b, a == prev, t.pos, t.feats.get("Case", ""), starts))
        prev = b
    return out


_DAY_RE = re.compile(r"(\d{1,2})(?:-?(?:го|е|ого))?$")
_DAY_RANGE_RE = re.compile(r"(\d{1,2})[-–—](\d{1,2})$")
_YEAR_RE = re.compile(r"(1\d{3}|20\d\d|2100)(?:г|гг|-?(?:м|го|й|ом|е))?$")
_YEAR_RANGE_RE = re.compile(r"(1\d{3}|20\d\d)[-–—/](1\d{3}|20\d\d|\d\d)$")
_NUM_DATE_RE = re.compile(r"(\d{1,2})([./])(\d{1,2})\2(\d{4})$")
_DECADE_NUM_RE = re.compile(r"(1\d{2}|20\d|\d)0-?(?:х|е|ые|ых|ом|ым|ми)$")
_CLOCK_RE = re.compile(r"([01]?\d|2[0-4])[.:]([0-5]\d)$")
_MONTH_RANGE_RE = re.compile(r"([а-я]+)[-–—]([а-я]+)$")  # «январе–марте», one token
_GLUED_YEAR_RE = re.compile(r"[A-Za-zА-Яа-яЁё]+-(19\d\d|20\d\d)$")


@dataclass(slots=True)
class _Hit:
    end: int  # token index after the expression
    expr: Spec | Range | Fixed
    type: str = DATE
    inner: tuple[int, int, Spec] | None = None  # a DATE inside a TIME: token range and its spec


# --------------------------------------------------------------------------- grammar


class _Scan:
    """The grammar over one sentence's words; each ``_x(i)`` returns a hit starting at i or None."""

    def __init__(self, words: list[_W]) -> None:
        self.w = words
        self.n = len(words)
        self.lows = [w.low for w in words]

    def low(self, i: int) -> str:
        return self.w[i].low if 0 <= i < self.n else ""

    def raw(self, i: int) -> str:
        return self.w[i].raw if 0 <= i < self.n else ""

    # ------------------------------------------------------------ numbers

    def number(self, i: int) -> tuple[float | None, int] | None:
        """A count before a unit: digits, number words, «несколько», «полтора»; (value, end)."""
        w = self.low(i)
        if not w:
            return None
        if re.fullmatch(r"\d+(?:[.,]\d+)?", w):
            v = float(w.replace(",", "."))
            j = i + 1
        elif w in FRACTIONS:
            return FRACTIONS[w], i + 1
        elif w in VAGUE:
            return (2.0 if w in PAIR else None), i + 1
        elif w in NUMWORDS:
            total, rank, j = 0, 9, i
            while j < self.n and self.low(j) in NUMWORDS:
                value, r = NUMWORDS[self.low(j)]
                if r >= rank:
                    break
                total += value
                rank = r
                j += 1
            v = float(total)
        else:
            return None
        if self.low(j) == "с" and self.low(j + 1) == "половиной":
            v += 0.5
            j += 2
        return v, j

    def year_at(self, i: int) -> int | None:
        m = _YEAR_RE.match(self.raw(i))
        return int(m.group(1)) if m else None

    def year_noun(self, i: int) -> int:
        """Index after «года», «г.», «гг.» at i, or i."""
        w = self.low(i)
        if w in YEAR_NOUNS:
            return i + 1
        return i

    # ------------------------------------------------------------ points

    def year(self, i: int, bare_ok: bool) -> _Hit | None:
        """«2019 года», «2011г», «2010-2011 годах», «в 1999» (bare: after a preposition)."""
        raw = self.raw(i)
        m = _YEAR_RANGE_RE.match(raw)
        if m:
            a, b = int(m.group(1)), m.group(2)
            b = int(b) if len(b) == 4 else a // 100 * 100 + int(b)
            j = self.year_noun(i + 1)
            if b > a and (j > i + 1 or bare_ok or self.low(i - 1) == "("):
                return _Hit(j, Range(Spec(year=a), Spec(year=b)))
            return None
        y = self.year_at(i)
        if y is None:
            return None
        j = self.year_noun(i + 1)
        if j > i + 1 or raw[-1] in "гГ":
            return _Hit(j, Spec(year=y))
        # a dash range split into tokens: «2010 - 2011 годах»
        if self.low(i + 1) in ("-", "–", "—") and self.year_at(i + 2):
            k = self.year_noun(i + 3)
            if k > i + 3 or bare_ok:
                return _Hit(k, Range(Spec(year=y), Spec(year=self.year_at(i + 2))))
        if bare_ok and 1800 <= y <= 2100 and not self._counted(i + 1):
            return _Hit(i + 1, Spec(year=y))
        if 1800 <= y <= 2100 and raw.isdigit() and self._listed(i):
            return _Hit(i + 1, Spec(year=y))
        return None

    def _listed(self, i: int) -> bool:
        """A bare year in brackets or in a list of years: «(1958)», «2009, 2011, 2012 и 2014 годы»."""
        before, after = self.low(i - 1), self.low(i + 1)
        if before == "(" and after in (")", ",", "—", "-", "–", ";"):
            return True
        if after == ")" and before in (",", "—", "-", "–", "."):
            return True
        if (
            before in EVENT_NOUNS_GEN
            or i > 0
            and self.w[i - 1].raw[:1].isupper()
            and self.w[i - 1].pos in ("NOUN", "PROPN", "X")
            and not self._counted(i + 1)
            and not after[:1].isdigit()
        ):
            return True  # «чемпионате мира 2003», «Кубке конфедераций 2017», «YaC 2017»
        if after in (",", "и") and self.year_at(i + 2) is not None:
            return True
        return before in (",", "и") and self.year_at(i - 2) is not None

    def _counted(self, i: int) -> bool:
        """Whether the word at i is what a number counts («до 2000 человек», «2018 рублей»)."""
        w = self.raw(i)
        return bool(w) and w[0].islower() and self.w[i].pos in ("NOUN", "ADJ") and self.low(i) not in MONTHS

    def year_tail(self, i: int) -> tuple[int | None, int, int]:
        """A year after a month or a day: «2016 года», «прошлого года»; (year, shift, end)."""
        y = self.year_at(i)
        if y is not None and not _YEAR_RANGE_RE.match(self.raw(i)):
            return y, 0, self.year_noun(i + 1)
        m = DEMONSTRATIVE_RE.match(self.low(i))
        if m and self.low(i + 1) in ("года", "году", "год"):
            return None, SHIFT[m.group(1)], i + 2
        if self.low(i) in ("с.г", "с.г.", "т.г", "т.г."):  # «сего года», «текущего года»
            return None, 0, i + 1
        return None, 0, i

    def day_month(self, i: int) -> _Hit | None:
        """«5 марта 2016 года», «25—26 января», «2-го ноября», «19.07.2016»."""
        raw = self.raw(i)
        m = _NUM_DATE_RE.match(raw)
        if m:
            d, mo, y = int(m.group(1)), int(m.group(3)), int(m.group(4))
            if 1 <= d <= 31 and 1 <= mo <= 12:
                return _Hit(self.year_noun(i + 1), Spec(year=y, month=mo, day=d))
            return None
        rng = _DAY_RANGE_RE.match(raw)
        m = _DAY_RE.match(raw)
        if not (rng or m):
            return None
        month = MONTHS.get(self.low(i + 1))
        if month is None:
            return None
        j = i + 2
        if self.low(i + 1) in MONTH_ABBREV and self.raw(j) == ".":
            j += 1
        y, shift, k = self.year_tail(j)
        base = Spec(year=y, month=month, shift_unit="Y" if k > j and y is None else "", shift=shift)
        if rng:
            a, b = int(rng.group(1)), int(rng.group(2))
            if not (1 <= a < b <= 31):
                return None
            return _Hit(k, Range(replace(base, day=a), replace(base, day=b)))
        d = int(m.group(1))
        if not 1 <= d <= 31:
            return None
        return _Hit(k, replace(base, day=d))

    def month(self, i: int, after_prep: bool) -> _Hit | None:
        """«октябре 2007 года», «ноябре», «августа прошлого года» (not «Мая Плисецкая»),
        «январе–марте 2024 года» (one token)."""
        w = self.low(i)
        glued = _MONTH_RANGE_RE.match(w)
        if glued and glued[1] in MONTHS and glued[2] in MONTHS and MONTHS[glued[1]] < MONTHS[glued[2]]:
            y, shift, k = self.year_tail(i + 1)
            end = Spec(year=y, month=MONTHS[glued[2]], shift_unit="Y" if k > i + 1 and y is None else "",
                       shift=shift)
            return _Hit(k, Range(replace(end, month=MONTHS[glued[1]]), end))
        month = MONTHS.get(w)
        if month is None or w in MONTH_ABBREV:
            return None
        y, shift, k = self.year_tail(i + 1)
        raw = self.raw(i)
        if k == i + 1 and raw[0].isupper():
            nxt = self.raw(i + 1)
            if nxt[:1].isupper() or not after_prep:
                return None  # «Марта Иванова», «Мая Плисецкая»
        if k == i + 1 and not after_prep and w.endswith("а") and w != "марта" and not raw[0].islower():
            return None
        spec = Spec(year=y, month=month, shift_unit="Y" if k > i + 1 and y is None else "", shift=shift)
        if k == i + 1 and self.low(k) in ("и", "-", "–", "—") and self.low(k + 1) in MONTHS:
            # «в июле и августе 2019 года», «январь — февраль 2015 года»: the second month's year
            second = self.month(k + 1, True)
            if second is not None and isinstance(second.expr, Spec) and second.expr.month > month:
                end = second.expr
                return _Hit(second.end, Range(replace(end, month=month), end))
        return _Hit(k, spec)

    def weekday(self, i: int, after_prep: bool) -> _Hit | None:
        """«среду», «пятницу, 9 декабря 2016 года», «понедельник 4 октября»."""
        w = self.low(i)
        wd = WEEKDAYS.get(w)
        if wd is None:
            return None
        j = i + 1
        if self.low(j) in (",", "—", "–", "-"):
            j += 1
        dm = self.day_month(j)
        if dm is not None:
            return _Hit(dm.end, dm.expr)
        if w in WEAK_WEEKDAYS and not after_prep:
            return None
        return _Hit(i + 1, Spec(weekday=wd))

    def weekend(self, i: int, after_prep: bool) -> _Hit | None:
        """«в выходные», «на выходных» (after a preposition), «в минувшие выходные»,
        «в эти выходные», «в ближайшие выходные», «следующих выходных»; «по
        выходным», «в выходные дни» are any weekend."""
        w = self.low(i)
        if w in WEEKEND:
            if w == "выходным" and i > 0 and self.low(i - 1) == "по":  # «по выходным»: every weekend
                return _Hit(i + 1, Fixed("XXXX-WXX-WE", KIND_SET))
            k = i + 3 if self.low(i + 1) == "и" and self.low(i + 2).startswith("праздничн") else i + 1
            if self.low(k) in DAY_NOUNS:  # «в выходные (и праздничные) дни»: any weekend
                return _Hit(k + 1, Fixed("XXXX-WXX-WE", KIND_SET))
            return _Hit(i + 1, Spec(weekday=5, weekend=True)) if after_prep else None
        if self.low(i + 1) not in WEEKEND:
            return None
        m = DEMONSTRATIVE_RE.match(w)
        if m is not None:
            shift = SHIFT[m.group(1)]
            side = PAST if shift < 0 else FUTURE if shift > 0 else 0
        elif w.startswith("ближайш"):
            shift, side = 0, FUTURE
        else:
            return None
        return _Hit(i + 2, Spec(weekday=5, weekend=True, side=side, shift=shift))

    def decade(self, i: int) -> _Hit | None:
        """«1990-х», «1960-е годы», «90-х годов», «тридцатых-сороковых годах прошлого века»."""
        raw = self.raw(i)
        low = self.low(i)
        m = _DECADE_NUM_RE.match(raw)
        specs: list[Spec] = []
        j = i + 1
        if m:
            d = m.group(1)
            if len(d) == 3:
                specs.append(Spec(decade=int(d)))
            else:
                specs.append(Spec(decade=190 + int(d)))
        else:
            parts = low.split("-")
            vals = []
            for p in parts:
                dm = DECADE_RE.match(p)
                if not dm:
                    return None
                vals.append(DECADE_WORDS[dm.group(1)])
            specs = [Spec(decade=190 + v) for v in vals]
        has_noun = self.low(j) in YEAR_NOUNS
        if has_noun:
            j = self.year_noun(j)
        elif not (m and len(m.group(1)) == 3):
            return None  # «90-х» alone, «тридцатых» alone: not sure
        cm = DEMONSTRATIVE_RE.match(self.low(j))
        if cm and self.low(j + 1) in ("века", "столетия"):
            shift = SHIFT[cm.group(1)]
            specs = [Spec(decade=s.decade % 10, shift_unit="C", shift=shift) for s in specs]
            j += 2
        elif _roman(self.raw(j)) and self.low(j + 1) in ("века", "в"):
            c = _roman(self.raw(j)) - 1
            specs = [Spec(decade=c * 10 + s.decade % 10) for s in specs]
            j += 2
        if len(specs) == 2:
            return _Hit(j, Range(specs[0], specs[1]))
        return _Hit(j, specs[0])

    def century(self, i: int) -> _Hit | None:
        """«XIX веке», «XX-XXI веков», «прошлого века», «текущего столетия»."""
        raw = self.raw(i)
        nums = [_roman(p) for p in re.split(r"[-–—]", raw)]
        abbrev = self.low(i + 1) in ("в", "вв") and self.raw(i + 2) == "."
        if (
            nums
            and all(nums)
            and (abbrev or self.low(i + 1) in ("век", "века", "веку", "веке", "веком", "веков", "веках"))
        ):
            j = i + 3 if abbrev else i + 2
            if len(nums) == 2:
                return _Hit(j, Range(Spec(century=nums[0] - 1), Spec(century=nums[1] - 1)))
            return _Hit(j, Spec(century=nums[0] - 1))
        m = DEMONSTRATIVE_RE.match(self.low(i))
        if m and self.low(i + 1) in ("века", "веке", "век", "веку", "столетия", "столетии", "столетие"):
            return _Hit(i + 2, Spec(shift_unit="C", shift=SHIFT[m.group(1)]))
        return None

    def season(self, i: int, after_prep: bool) -> _Hit | None:
        """«зимой 2015 года», «летом» (this year's)."""
        s = SEASONS.get(self.low(i))
        if s is None:
            return None
        y, shift, k = self.year_tail(i + 1)
        if k == i + 1:
            if self.low(i) in ("лета", "лето") and not after_prep:
                return None
            if not self.low(i).endswith(("ой", "ом", "ою", "ью")) and not after_prep:
                return None
            return _Hit(i + 1, Spec(season=s, shift_unit="Y", shift=0))
        return _Hit(k, Spec(year=y, season=s, shift_unit="Y" if y is None else "", shift=shift))

    def quarter(self, i: int) -> _Hit | None:
        """«третьем квартале 2019 года», «первом полугодии», «первой половине 2018 года»."""
        n = ORDINALS.get(self.low(i))
        m = re.match(r"([1-4])-?(?:м|й|го|ом|ем)?$", self.raw(i))
        if n is None and m:
            n = int(m.group(1))
        if n is None and _roman(self.raw(i)) in (1, 2, 3, 4):
            n = _roman(self.raw(i))
        if n is None:
            return None
        w = self.low(i + 1)
        if w in QUARTER_WORDS:
            field = "quarter"
        elif w in HALFYEAR_WORDS or w in HALF_WORDS and n <= 2:
            field = "half"
        else:
            return None
        if field == "half" and n > 2:
            return None
        y, shift, k = self.year_tail(i + 2)
        if k == i + 2 and w in HALF_WORDS:
            return None  # «в первой половине матча»
        spec = Spec(year=y, shift_unit="Y" if y is None else "", shift=shift, **{field: n})
        return _Hit(k, spec)

    def demonstrative(self, i: int) -> _Hit | None:
        """«этом году», «прошлой неделе», «минувшую пятницу», «следующем месяце», «этим летом»."""
        m = DEMONSTRATIVE_RE.match(self.low(i))
        if not m:
            return None
        shift = SHIFT[m.group(1)]
        w = self.low(i + 1)
        unit = UNITS.get(w)
        if w in ("году", "год", "года"):
            return _Hit(i + 2, Spec(shift_unit="Y", shift=shift))
        if unit == "M" and w in ("месяце", "месяц", "месяца"):
            return _Hit(i + 2, Spec(shift_unit="M", shift=shift))
        if unit == "W" and w in ("неделе", "неделю", "недели"):
            return _Hit(i + 2, Spec(shift_unit="W", shift=shift))
        if w in WEEKDAYS:
            side = PAST if shift < 0 else FUTURE if shift > 0 else 0
            return _Hit(i + 2, Spec(weekday=WEEKDAYS[w], side=side, shift=shift))
        if w in SEASONS:
            return _Hit(i + 2, Spec(season=SEASONS[w], shift_unit="Y", shift=shift))
        if w in ("сезоне", "сезон", "сезона"):
            return _Hit(i + 2, Spec(ref="X"))
        if w in ("квартале", "квартал"):
            return _Hit(i + 2, Spec(ref="X"))
        return None

    def part(self, i: int) -> _Hit | None:
        """«начале 2006 года», «конце июня», «середины января»: the value of the whole period;
        «конца года», «начале месяца», «середины недели» with no period named: the current one."""
        if self.low(i) not in PART_WORDS:
            return None
        current = CURRENT_PERIODS.get(self.low(i + 1))
        if current is not None and not self.raw(i + 2)[:1].isdigit():
            return _Hit(i + 2, Spec(shift_unit=current, shift=0))
        inner = self.point(i + 1, True)
        if inner is None or isinstance(inner.expr, Fixed):
            return None
        return _Hit(inner.end, inner.expr)

    def point(self, i: int, after_prep: bool) -> _Hit | None:
        """A calendar point (or range) starting at i."""
        for f in (self.day_month, self.decade, self.century, self.quarter, self.demonstrative, self.part):
            hit = f(i)
            if hit:
                return hit
        for g in (self.month, self.weekday, self.weekend, self.season):
            hit = g(i, after_prep)
            if hit:
                return hit
        hit = self.year(i, after_prep)
        if hit is None and i > 0 and self.low(i - 1) in ("с", "со", "от"):
            # «с 11 по 22 мая»: the start is a bare day when a dated end follows
            m = _DAY_RE.match(self.raw(i))
            if (
                m
                and 1 <= int(m.group(1)) <= 31
                and self.low(i + 1) in ("по", "до", "на")
                and self._range_end(i + 2) is not None
            ):
                return _Hit(i + 1, Spec(day=int(m.group(1))))
        return hit

    # ------------------------------------------------------------ durations

    def amount(self, i: int, after_prep: bool) -> _Hit | None:
        """«30 дней», «полгода», «двух недель», «несколько лет», «2 минуты 56 секунд», «последние
        10 лет»; a unit alone after «за», «через» («за год») or before «назад» («месяц назад»)."""
        w = self.low(i)
        if w in FUSED and FUSED[w][1]:
            n, unit = FUSED[w]
            return self._duration(i + 1, n, unit)
        if RECENT_RE.match(w):
            hit = self.amount(i + 1, True)
            if hit is None and UNITS.get(self.low(i + 1)):
                unit = UNITS[self.low(i + 1)]
                singular = self.low(i + 1) in SINGULAR_UNITS
                return self._duration(i + 2, 1 if singular else None, unit)
            return hit
        num = self.number(i)
        if num is None:
            unit = UNITS.get(w)
            if (
                unit
                and w in SINGULAR_UNITS
                and (
                    after_prep
                    and self.low(i - 1) in UNIT_ALONE_AFTER
                    or self.low(i + 1) in ("назад", "ранее", "спустя", "позже", "позднее")
                )
            ):
                return self._duration(i + 1, 1, unit)
            if w == "годом" and self.low(i + 1) in ("ранее", "позже", "позднее"):
                return self._duration(i + 1, 1, "Y")
            return None
        n, j = num
        unit = UNITS.get(self.low(j))
        if unit is None:
            return None
        if n is not None and n > 10000:
            return None
        k = j + 1
        value = duration(n, unit)
        # «2 минуты 56 секунд», «53 часа 22 минуты»
        if unit.startswith("T"):
            num2 = self.number(k)
            if num2 and num2[0] is not None and UNITS.get(self.low(num2[1]), "").startswith("T"):
                u2 = UNITS[self.low(num2[1])]
                if u2 != unit:
                    value += duration(num2[0], u2)[2:]
                    k = num2[1] + 1
        return self._duration(k, n, unit, value)

    def _duration(self, k: int, n: float | None, unit: str, value: str | None = None) -> _Hit | None:
        value = value or duration(n, unit)
        kind = TIME if unit.startswith("T") else DATE
        if self.low(k) in WAY_WORDS:
            return None  # «в 10 минутах ходьбы»: a distance
        if self.low(k) in AGO or (self.low(k) == "тому" and self.low(k + 1) == "назад"):
            ago = self.low(k) in ("назад", "тому")
            k = k + 2 if self.low(k) == "тому" else k + 1
            if ago and n is not None and n == int(n) and unit in ("D", "W", "M", "Y"):
                return _Hit(k, Spec(shift_unit=unit, shift=-int(n)), kind)
            if ago and n is not None and n == int(n) and unit == "TH":
                return _Hit(k, Spec(shift_unit="D", shift=0), kind)
        return _Hit(k, Fixed(value), kind)

    # ------------------------------------------------------------ times

    def clock(self, i: int, after_prep: bool) -> tuple[str, int] | None:
        """«10:30», «10.25» (after a preposition), «3 часа ночи», «14 часов 30 минут», «8 утра»."""
        raw = self.raw(i)
        m = _CLOCK_RE.match(raw)
        if not after_prep and any(self.low(k).startswith(("счет", "счёт")) for k in (i - 1, i - 2)):
            return None  # «со счётом 15:13»
        if m and (":" in raw or after_prep):
            h, mi, j = int(m.group(1)), int(m.group(2)), i + 1
        elif (
            re.fullmatch(r"\d{1,2}", raw)
            and self.raw(i + 1) == ":"
            and self.w[i + 1].glued
            and re.fullmatch(r"\d\d", self.raw(i + 2))
            and self.w[i + 2].glued
        ):
            h, mi, j = int(raw), int(self.raw(i + 2)), i + 3
            if self.raw(j) == ":" and re.fullmatch(r"\d\d", self.raw(j + 1)) and self.w[j].glued:
                j += 2
        elif self.low(i) in ("час", "часа") and self.low(i + 1) in ("ночи", "дня"):
            h, mi, j = (1 if self.low(i + 1) == "ночи" else 13), 0, i + 2
        else:
            num = self.number(i)
            if num is None or num[0] is None or num[0] != int(num[0]):
                return None
            h, j = int(num[0]), num[1]
            mi = 0
            if self.low(j) in ("час", "часа", "часов"):
                j += 1
                num2 = self.number(j)
                if num2 and num2[0] is not None and self.low(num2[1]).startswith("минут"):
                    mi, j = int(num2[0]), num2[1] + 1
                if not after_prep and self.low(j) not in HOUR_OF:
                    return None
            elif self.low(j) not in HOUR_OF or self.low(j) == "дня" or not raw.isdigit():
                return None
            if self.low(j) in HOUR_OF:
                if self.low(j) in ("вечера", "дня") and h < 12:
                    h += 12
                j += 1
        if not (0 <= h <= 24 and 0 <= mi < 60):
            return None
        if self.low(j) == "часов":
            j += 1
        return f"{h:02d}:{mi:02d}", self.zone(j)

    def zone(self, j: int) -> int:
        """Index after «по местному времени», «мск», «по Москве», or j."""
        if self.low(j) in TZ_WORDS:
            return j + 1
        if self.low(j) == "(" and self.low(j + 1) in TZ_WORDS and self.low(j + 2) == ")":
            return j + 3
        if self.low(j) == "по":
            if TZ_ADJ_RE.match(self.low(j + 1)):
                return j + 3 if self.low(j + 2) == "времени" else j + 2
            if self.low(j + 1) in ("москве", "гринвичу", "киеву"):
                return j + 2
        return j

    def time(self, i: int) -> _Hit | None:
        """A time of day with what dates it: «в 10:30», «утром в среду, 20 января», «вечером 21 июня»,
        «в ночь на 31 июля 2016 года», «в пятницу утром», «29 декабря в 10:00»."""
        j, prep = self.prefix(i)
        after_prep = j > i and prep[-1] not in ("на", "за", "через")  # «на полтора часа»: a duration
        w = self.low(j)
        if NOON.get(w):
            clock, k = NOON[w], self.zone(j + 1)
        elif w == "половине" and self.number(j + 1):
            return None
        else:
            got = self.clock(j, after_prep)
            if got:
                clock, k = got
            else:
                pod, k = self.part_of_day(j)
                if pod is None:
                    return None
                clock = pod
                if pod == "NI" and self.low(j) == "ночь" and self.low(k) in ("на", "с", "со"):
                    # «в ночь на 31 июля», «в ночь с 15 на 16 июля»
                    p = k + 1
                    if self.low(k) in ("с", "со"):
                        first = self.point(p, True)
                        if first is None or self.low(first.end) != "на":
                            return None
                        p = first.end + 1
                    date = self.point(p, True)
                    if date is None or isinstance(date.expr, (Fixed, Range)):
                        return None
                    spec = _date_part(date.expr)
                    if spec is None:
                        return None
                    return _Hit(date.end, replace(spec, clock="NI"), TIME, (k, date.end, spec))
                if not after_prep and self.low(j) in ("ночь", "утро", "вечер", "ночи"):
                    return None
                got = self.clock_after(k)
                if got:  # «днём в 13:42», «утром, около 07:30»
                    clock, k = got
                elif pod == "AF" and not self._dated(k):
                    return None  # «днём» alone is mostly «чёрным днём», «днём рождения»
        # the date after: «в 19:00 25 ноября 2016 года», «утром в пятницу», «вечером 21 июня»
        d = k
        if self.low(d) == ",":
            d += 1
        dj, _ = self.prefix(d)
        date = self.point(dj, dj > d) if dj < self.n else None
        if date is None and self.low(d) in RELATIVE_DAYS:
            date = _Hit(d + 1, Spec(shift_unit="D", shift=RELATIVE_DAYS[self.low(d)]))
        if date is not None and not isinstance(date.expr, (Fixed, Range)):
            spec = _date_part(date.expr)
            if spec is not None:
                inner_start = d
                return _Hit(
                    self.zone(date.end), replace(spec, clock=clock), TIME, (inner_start, date.end, spec)
                )
        if j > i and self.low(j - 1) in ("с", "со", "от") and self.low(k) in ("до", "по"):
            end = self.clock(k + 1, True)
            if end:  # «с 11:00 до 17:00 МСК»
                return _Hit(end[1], Range(Spec(clock=clock), Spec(clock=end[0])), TIME)
        return _Hit(k, Spec(clock=clock), TIME)

    def _dated(self, k: int) -> bool:
        """Whether a date follows at k («днём 26 февраля», «днём в пятницу»)."""
        if self.low(k) == ",":
            k += 1
        j, _ = self.prefix(k)
        hit = self.point(j, j > k) if j < self.n else None
        return hit is not None and _date_part(hit.expr) is not None

    def part_of_day(self, j: int) -> tuple[str | None, int]:
        """«утром», «рано утром», «поздним вечером», «днем»: (TIMEX part of day, end)."""
        k = j
        if self.low(k) in EARLY_LATE:
            k += 1
        pod = PARTS_OF_DAY.get(self.low(k))
        if pod is None:
            return None, j
        return pod, k + 1

    # ------------------------------------------------------------ expressions

    def prefix(self, i: int) -> tuple[int, tuple[str, ...]]:
        """Index after the longest preposition or qualifier at i, and its words."""
        for p in PREFIXES_BY_FIRST.get(self.low(i), ()):
            if tuple(self.lows[i:i + len(p)]) == p:  # i is a word's: low() gave a first word
                return i + len(p), p
        return i, ()

    def relative_day(self, i: int) -> _Hit | None:
        """«сегодня», «вчера», «вчера, 8 сентября 2017 года», «вчера вечером», «сегодня в полдень»."""
        w = self.low(i)
        if w not in RELATIVE_DAYS:
            return None
        if self.low(i + 1) in ("»", '"', "“") and self.raw(i - 1)[:1].isupper():
            return None  # «Россия сегодня»: a name
        if (
            w == "накануне"
            and i + 1 < self.n
            and self.w[i + 1].case == "Gen"
            and self.w[i + 1].pos in ("NOUN", "ADJ", "DET", "PRON", "PROPN")
        ):
            return None  # «накануне голосования»: a preposition
        spec = Spec(shift_unit="D", shift=RELATIVE_DAYS[w])
        j = i + 1
        k = j + 1 if self.low(j) == "," else j
        dm = self.day_month(k)
        if dm is not None and not isinstance(dm.expr, Range):
            return _Hit(dm.end, dm.expr)
        pod, e = self.part_of_day(j)
        if pod is not None:
            return _Hit(e, replace(spec, clock=pod), TIME, (i, i + 1, spec))
        p, _ = self.prefix(j)
        if p > j:
            got = self.clock(p, True)
            if got is None and self.low(p) in NOON:
                got = (NOON[self.low(p)], p + 1)
            if got:
                return _Hit(got[1], replace(spec, clock=got[0]), TIME, (i, i + 1, spec))
        return _Hit(j, spec)

    def fixed(self, i: int) -> _Hit | None:
        for key in FIXED_BY_FIRST.get(self.low(i), ()):
            if tuple(self.lows[i:i + len(key)]) == key:
                spec, type_ = FIXED[key]
                return _Hit(i + len(key), spec, type_)
        return None

    def sets(self, i: int) -> _Hit | None:
        """«ежегодно», «каждый понедельник», «каждые два часа»."""
        w = self.low(i)
        if w in SETS:
            return _Hit(i + 1, Fixed(SETS[w], KIND_SET), TIME if SETS[w].startswith("PT") else DATE)
        if w not in EACH:
            return None
        nxt = self.low(i + 1)
        if nxt in WEEKDAYS:
            return _Hit(i + 2, Fixed(f"XXXX-WXX-{WEEKDAYS[nxt] + 1}", KIND_SET))
        if nxt in WEEKEND:  # «каждые выходные»
            return _Hit(i + 2, Fixed("XXXX-WXX-WE", KIND_SET))
        num = self.number(i + 1)
        j = num[1] if num else i + 1
        n = num[0] if num else 1
        unit = UNITS.get(self.low(j))
        if unit is None or n is None:
            return None
        return _Hit(j + 1, Fixed(duration(n, unit), KIND_SET), TIME if unit.startswith("T") else DATE)

    def adjective(self, i: int) -> _Hit | None:
        """«30-дневный», «двухнедельных», «пятилетний срок»: a duration as an adjective."""
        w = self.low(i)
        m = ADJ_DURATION_RE.match(w)
        letn = LETN_RE.match(w) if not m else None
        if letn and self.low(i + 1) not in LETN_NOUNS:
            return None
        m = m or letn
        if not m:
            return None
        n_word = m.group(1)
        if n_word.isdigit():
            n: float | None = float(n_word)
        else:
            n = ADJ_NUMBERS.get(n_word)
            if n is None:
                return None
        unit = {"дневн": "D", "недельн": "W", "месячн": "M", "часов": "TH", "минутн": "TM"}.get(
            m.group(2) if m.re is ADJ_DURATION_RE else "", "Y"
        )
        return _Hit(i + 1, Fixed(duration(n, unit)), TIME if unit.startswith("T") else DATE)

    def month_adjective(self, i: int) -> _Hit | None:
        """«майских указов» (lower case only: «Октябрьский район» is a place)."""
        m = MONTH_ADJ_RE.match(self.low(i))
        if m is None or not self.raw(i)[0].islower():
            return None
        month = MONTH_ADJ_STEMS.index(m.group(1)) + 1
        return _Hit(i + 1, Fixed(f"XXXX-{month:02d}", KIND_POINT))

    def minute_of_match(self, i: int) -> _Hit | None:
        """«на 53-й минуте», «на третьей минуте»."""
        if self.low(i) != "на":
            return None
        m = re.fullmatch(r"(\d{1,3})-?(?:й|ей)", self.raw(i + 1))
        n = int(m.group(1)) if m else ORDINALS.get(self.low(i + 1))
        if n is None or self.low(i + 2) not in ("минуте", "минута"):
            return None
        return _Hit(i + 3, Fixed(f"PT{n}M"), TIME)

    def at(self, i: int) -> tuple[int, _Hit] | None:
        """The longest expression starting at i: (first token of the span, hit)."""
        if self.low(i) in ONLY_PREFIX:
            j, _ = self.prefix(i)
            if j < self.n and not self.w[j].starts and not self.fixed(i):
                return None  # «в Москве», «на заседании»: most prepositions start nothing
        best: tuple[int, _Hit] | None = None

        def keep(first: int, hit: _Hit | None) -> None:
            nonlocal best
            if hit is not None and hit.end > first and (best is None or hit.end > best[1].end):
                best = (first, hit)

        keep(i, self.fixed(i))
        keep(i, self.sets(i))
        keep(i, self.minute_of_match(i))
        keep(i, self.adjective(i))
        keep(i, self.month_adjective(i))
        keep(i, self.time(i))
        j, prep = self.prefix(i)
        first = i
        after_prep = j > i
        keep(i, self.relative_day(i))
        if j < self.n:
            point = self.point(j, after_prep)
            if point is not None and after_prep and prep[-1] in ("с", "со", "от") and point.end < self.n:
                # «с 1999 по 2005 год», «с 11 по 22 мая 2016 года», «с сентября 2011 по апрель 2012»
                k = point.end
                if self.low(k) in ("по", "до", "на"):
                    end = self._range_end(k + 1)
                    if end is not None:
                        hit = _Hit(end.end, Range(_start_of(point), end.expr))
                        keep(first, hit)
            if point is not None and prep and prep[-1] == "к" and isinstance(point.expr, Fixed):
                point = None
            if point is not None:
                keep(first, self._with_time(point))
            amount = self.amount(j, after_prep)
            if (
                amount is not None
                and prep
                and (prep[-1] in ("к", "ко", "после") or prep[-1] == "в" and not RECENT_RE.match(self.low(j)))
            ):
                first = j  # «к двум годам» (a penalty), «в 25 лет» (an age): the preposition stays out
            if amount is not None and isinstance(amount.expr, Fixed) and self._age(first, amount.expr):
                amount = None
            keep(first, amount)
        return self._apposition(best)

    def _apposition(self, best: tuple[int, _Hit] | None) -> tuple[int, _Hit] | None:
        """«в минувшую субботу, 17 сентября 2016 года», «через неделю, 24 февраля»: a relative date
        and the calendar date it names make one span, with the calendar date's value."""
        if best is None:
            return None
        first, hit = best
        expr = hit.expr
        if hit.type != DATE or self.low(hit.end) != ",":
            return best
        if (
            isinstance(expr, Spec)
            and (expr.shift_unit or expr.weekday is not None)
            or isinstance(expr, Fixed)
            and expr.kind != KIND_SET
            and self.low(hit.end - 1) not in ("назад",)
        ):
            dm = self.day_month(hit.end + 1)
            if dm is not None:
                return first, _Hit(dm.end, dm.expr)
        return best

    def _with_time(self, hit: _Hit) -> _Hit:
        """«в пятницу вечером», «11 октября утром», «29 декабря в 10:00»: a TIME around the date."""
        spec = _date_part(hit.expr)
        if spec is None or hit.type != DATE:
            return hit
        k = hit.end + 1 if self.low(hit.end) == "," else hit.end
        pod, e = self.part_of_day(k)
        got = self.clock_after(e if pod else k)
        if got is None and pod is None:
            return hit
        clock, e = got or (pod, e)
        return _Hit(e, replace(spec, clock=clock), TIME, (-1, hit.end, spec))

    def clock_after(self, k: int) -> tuple[str, int] | None:
        """«, около 07:30», «в 20:34», «около полудня» after a date or a part of the day: (clock, end)."""
        if self.low(k) == ",":
            k += 1
        p, prep = self.prefix(k)
        if not prep or prep[-1] not in ("в", "около"):
            return None
        if self.low(p) in NOON:
            return NOON[self.low(p)], self.zone(p + 1)
        return self.clock(p, True)

    def _age(self, first: int, expr: Fixed) -> bool:
        """«в возрасте 57 лет», «ему исполнилось 60 лет», «(28 лет)», «в 25 лет»: an age, no duration."""
        if not re.fullmatch(r"P\d+Y", expr.value):
            return False
        if self.low(first - 1) in ("в", "(", ",") or any(
            self.low(k) in AGE_CUES for k in range(first - 3, first)
        ):
            return True
        return False

    def _range_end(self, k: int) -> _Hit | None:
        """The end of «с X по Y»: a point, or a bare day number before a month («с 1 по 5 марта»)."""
        hit = self.point(k, True)
        if hit is not None and not isinstance(hit.expr, (Fixed, Range)):
            return hit
        return None

    def scan(self) -> list[tuple[int, _Hit]]:
        out = []
        i = 0
        while i < self.n:
            got = self.at(i) if self.w[i].starts else None
            if got is None:
                i += 1
                continue
            out.append(got)
            i = got[1].end
        return out


def _start_of(point: _Hit) -> Spec:
    """The start of a range; a bare day («с 11 по 22 мая») is read as a day."""
    if isinstance(point.expr, Range):
        return point.expr.start
    if isinstance(point.expr, Spec):
        return point.expr
    return Spec()


def _date_part(spec: Spec | Range | Fixed) -> Spec | None:
    """A point that can carry a time of day: a day, a weekday, a relative day."""
    if not isinstance(spec, Spec):
        return None
    if spec.day is not None or spec.weekday is not None or spec.shift_unit == "D" or spec.ref == "X":
        return spec
    return None


# --------------------------------------------------------------------------- public API


@dataclass(frozen=True, slots=True)
class DateMatch:
    """A date or time found in a sentence: token range [tok_start, tok_stop), type, its meaning."""

    tok_start: int
    tok_stop: int
    type: str
    expr: Spec | Range | Fixed
    start: int  # character offsets in the sentence text
    stop: int


def find_dates(sent: Sentence) -> list[DateMatch]:
    """DATE and TIME expressions of a tokenized sentence (a DATE inside a TIME comes too)."""
    words = _words(sent)
    if words is None:
        return []
    scan = _Scan(words)
    out: list[DateMatch] = []
    for first, hit in scan.scan():
        if first >= hit.end:
            continue
        start, stop = words[first].start, words[hit.end - 1].stop
        out.append(DateMatch(first, hit.end, hit.type, hit.expr, start, stop))
        if hit.inner is not None:
            a, b, spec = hit.inner
            a = first if a < 0 else a
            if (a, b) != (first, hit.end) and a < b:
                out.append(DateMatch(a, b, DATE, spec, words[a].start, words[b - 1].stop))
    for k, w in enumerate(words):
        m = _GLUED_YEAR_RE.match(w.raw) if "-" in w.raw else None
        if m and not any(d.tok_start <= k < d.tok_stop for d in out):
            # «Олимпиаде-2012»: the year alone
            a = w.start + m.start(1)
            out.append(DateMatch(k, k + 1, DATE, Spec(year=int(m.group(1))), a, w.stop))
    return out

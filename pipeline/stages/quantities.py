"""Percents and ages: PERCENT and AGE mentions with their values.

``find_quantities(text)`` returns every percent and age found in ``text``::

    «5,4%», «12 процентов», «70-процентное»     PERCENT 5.4, 12, 70
    «полтора процента», «от 3 до 5 %»           PERCENT 1.5, 3 .. 5 (value .. value_max)
    «69-летний», «девятилетняя», «200-летия»    AGE 69, 9, 200
    «в возрасте 45 лет», «Иван Петров, 45 лет,» AGE 45 (span «45 лет»)
    «на 91-м году жизни», «не младше 45 лет»    AGE 91, 45 (span «на 91-м году», «не младше 45 лет»)

Extents follow NEREL: a percent keeps a qualifier before it («более 50 %»,
«около 5 процентов»), an age keeps its comparison («старше 18 лет»).  An
adjective in «-летний» is an age unless a word of duration follows it
(«15-летний опыт», «10-летний срок» are dates: NEREL marks them DATE).
«N лет» is an age only after a cue: «в возрасте», «исполнилось», «ему/ей
(было)», «в N лет», a person noun («девочка 16 лет»), or between commas or
brackets after a name («Петров, 45 лет,»); without one it is a duration.

Spelled-out numbers read the number words of :mod:`pipeline.stages.money`.
Text without «%», «процент», «лет» or «год» costs one regex scan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.doc import Document, Mention, Quantity
from pipeline.labels import AGE, KIND_DURATION, PERCENT
from pipeline.stages import Stage
from pipeline.stages.money import FRACTIONS, NUMWORDS, set_token_span

__all__ = ["QuantityMatch", "QuantityStage", "find_quantities", "number_value", "fused_number"]


@dataclass(frozen=True, slots=True)
class QuantityMatch:
    """A percent or an age found in a text; ``text[start:stop] == self.text``."""

    start: int
    stop: int
    text: str
    type: str  # PERCENT or AGE
    value: float | None
    value_max: float | None = None


# ------------------------------------------------------------------ numbers


def _norm(word: str) -> str:
    return word.lower().replace("ё", "е")


def number_value(raw: str) -> float | None:
    """«5,4» -> 5.4, «12» -> 12, «двадцать пять» -> 25, «полтора» -> 1.5;
    None when the words do not make one number."""
    raw = raw.strip()
    if raw[:1].isdigit():
        try:
            return float(raw.replace("\u00a0", "").replace(" ", "").replace(",", "."))
        except ValueError:
            return None
    words = [_norm(w) for w in raw.split()]
    if len(words) == 1 and words[0] in FRACTIONS:
        return float(FRACTIONS[words[0]])
    total, rank = 0, 99
    for w in words:
        if w not in NUMWORDS:
            return None
        value, r = NUMWORDS[w]
        if r >= rank:
            return None
        total, rank = total + value, r
    return float(total)


_STEMS = sorted(NUMWORDS, key=len, reverse=True)


def fused_number(prefix: str) -> float | None:
    """The number a compound's first part spells: «шестидесятивосьми» -> 68,
    «девяти» -> 9, «сто» -> 100; None when it is not all number words."""
    prefix, words = _norm(prefix), []
    while prefix:
        w = next((s for s in _STEMS if prefix.startswith(s)), None)
        if w is None:
            return None
        words.append(w)
        prefix = prefix[len(w):]
    return number_value(" ".join(words)) if words else None


# ------------------------------------------------------------------ patterns

_WORD = r"[^\W\d_]"
_NUMWORD = "|".join(sorted((re.escape(w) for w in (*NUMWORDS, *FRACTIONS)), key=len, reverse=True))
_SPELLED = rf"(?:{_NUMWORD})(?:\s+(?:{_NUMWORD}))*(?!{_WORD})"
_DIGITS = r"(?<![\d.,%/])\d+(?:[.,]\d+)?(?![.,]?\d)"
_NUM = rf"(?:{_DIGITS}|(?<!{_WORD}){_SPELLED})"
_SP = r"[ \u00a0\u202f]"

_PERCENT_CUE_RE = re.compile(r"(?i)%|процент")
_AGE_CUE_WORD_RE = re.compile(r"(?i)лет|год")

# PERCENT ------------------------------------------------------------------
_PCT_QUAL = (r"(?:(?:не|чуть)\s+)?(?:более|менее|больше|меньше|около|почти|свыше|порядка|всего)"
             r"(?:\s+чем(?:\s+на)?)?\s+")
_PCT_UNIT = r"(?:\s?(?:&nbsp;)?%(?![\w%])|\s+(?:%\s+)?процент(?:ов|а|ам|ами|ах|е|у|ом)?(?!" + _WORD + r"))"
_PERCENT_RE = re.compile(
    rf"(?i)(?P<qual>{_PCT_QUAL})?"
    rf"(?:(?P<from>от\s+)?(?P<lo>{_NUM})\s?%?\s*(?:[-‐‑–—]|\s+до\s+)\s*)?(?P<num>{_NUM}){_PCT_UNIT}"
    rf"|(?P<adj>(?:(?P<anum>{_DIGITS})[-‐‑–]?|(?P<fused>(?<!{_WORD}){_WORD}+?))процентн{_WORD}*)"
)

# AGE ----------------------------------------------------------------------
# An adjective or an anniversary: «69-летний», «40-х летний», «200-летия», «девятилетняя».
_LETNIY = r"(?:летн|лети[еяюи])" + _WORD + "*"
_AGE_ADJ_RE = re.compile(
    rf"(?i)(?<![\d.,])(?P<num>\d{{1,3}})(?:\s?[-‐‑–](?:х|ти|ми)?[-‐‑ ]?|(?:х|ти)?\s?){_LETNIY}"
    rf"|(?<!{_WORD})(?P<fused>{_WORD}+?){_LETNIY}"
)
_NOT_AGE_PREFIX = frozenset(("много", "долго", "мало", "кратко", "средне", "тысяче", "миллионо"))
# Nouns after «15-летний» that make it a duration (a DATE in NEREL).
_DURATION_RE = re.compile(
    r"(?i)\s+(?:\w+(?:ый|ий|ой|ая|ое|ого|ей|ую|ым|ом|ем|ому|ему)\s+)?"
    r"(?:опыт|запрет|служб|заключени|период|срок|стаж|карьер|борьб|пребывани|правлени|работ|истори"
    r"|войн|контракт|договор|план|перерыв|отсутстви|деятельност|перспектив|цикл|сотрудничеств"
    r"|карантин|давност|мораторий|моратори|программ|труд|лишени|тюремн|правлен|пребыван|руководств"
    r"|застро|аренд|кредит|облигаци|бумаг|выдержк|пауз|интервал|горизонт|гаранти|строительств)"
)
_UNIT = r"(?:лет|года?|году)(?!" + _WORD + ")"
_AGE_NUM = rf"(?:(?<![\d.,])\d{{1,3}}(?:[-‐‑](?:х|ти|ми))?(?![.,]?\d)|(?<!{_WORD}){_SPELLED})"
# «114 лет и 359 дней»: days or months after the years stay in the span.
_AGE_MORE = r"(?:(?:\s+и)?\s+\d{1,3}\s+(?:дн(?:я|ей)|день|месяц(?:а|ев)?)(?!" + _WORD + "))?"
_AGE_LIST = (rf"(?P<nums>{_AGE_NUM}(?:\s*,\s*{_AGE_NUM})*(?:\s+и\s+{_AGE_NUM})?"
             rf"|(?P<lo2>\d{{1,3}})[-‐‑–]\d{{1,3}})"
             rf"\s+(?P<unit>{_UNIT}){_AGE_MORE}")
# A comparison of ages is an age by itself; a bound («до 18 лет») needs a cue before it.
_AGE_QUAL = (r"(?:(?P<cmp>(?:не\s+)?(?:старше|моложе|младше)\s+)"
             r"|(?P<bound>(?:до|более|менее|примерно|около|почти)\s+))")
_AGE_RE = re.compile(
    rf"(?i){_AGE_QUAL}?(?:(?P<from>от\s+)(?P<lo>{_AGE_NUM})\s+до\s+)?{_AGE_LIST}"
    rf"|(?P<year>(?<!{_WORD})на\s+(?P<ynum>\d{{1,3}})(?:[-‐‑]?(?:м|ом|й))?\s+году)(?=\s+жизни)"
    rf"|(?P<anniv>(?<![\d.,])(?P<anum>\d{{1,4}})[-‐‑]?(?:й|я|ю)\s+годовщин{_WORD}*)"
    rf"|(?<=[Ии]сполнилось\s)(?P<bare>\d{{1,3}})(?=\s*[.,;)])"
)
# What before «N лет» makes it an age.
_AGE_CUE_RE = re.compile(
    r"(?i)(?:в\s+возрасте(?:\s+(?:около|примерно|почти))?"
    r"|(?<!\w)(?:исполни\w*|исполня\w*|стукн\w*)(?:\s+бы)?(?:\s+(?:уже|только|лишь|ровно|всего))?"
    r"|(?<!\w)(?:ему|ей|им|мне|было|будет|котор(?:ому|ой|ым))"
    r"(?:\s+(?:было|был|будет|сейчас|тогда|уже|всего|лишь|только|исполнилось|за|по|в\s+этом\s+году"
    r"|на\s+тот\s+момент))*"
    r"|(?<!\w)(?:девочк|мальчик|мужчин|женщин|девушк|юнош|подрост|ребен|сын|дочь|дочер|пенсионер"
    r"|старик|школьни|студент|дет|лиц|сборн)\w*(?:\s+в\s+возрасте)?"
    r"|[(,])\s*$"
)
# «Кейну 65 лет.», «Глазков 40 лет Алексей»: a name before, the clause's end after.
_NAME_BEFORE_RE = re.compile(r"(?<!\w)(?<!\w\s[вВнНсСкК]\s)(?<!\s(?:за|по|из|до|от)\s)[А-ЯЁ][а-яё]+\s+$")
_NAME_AFTER_RE = re.compile(r"\s*(?:[,.;)]|\s[А-ЯЁ]|$)")
_IN_YEARS_RE = re.compile(r"(?i)(?<!\w)в\s+$")
_NOT_AGE_BEFORE_V = re.compile(r"(?i)(?:срок\w*|период\w*|тюрьм\w*|колони\w*|заключени\w*|лишени\w*)\s+в\s+$")
_AGE_AFTER_RE = re.compile(r"\s*[,)]")
_MAX_AGE = 130


def _percents(text: str) -> list[QuantityMatch]:
    out = []
    for m in _PERCENT_RE.finditer(text):
        if m.group("adj"):
            raw = m.group("anum")
            value = number_value(raw) if raw else fused_number(m.group("fused"))
            if value is None:
                continue
            out.append(QuantityMatch(m.start(), m.end(), m.group(), PERCENT, value))
            continue
        value = number_value(m.group("num"))
        if value is None:
            continue
        lo = number_value(m.group("lo")) if m.group("lo") else None
        start = m.start("qual") if m.group("qual") else m.start("from") if m.group("from") else (
            m.start("lo") if m.group("lo") else m.start("num"))
        if m.group("lo") and lo is None:
            start = m.start("num")
        if lo is not None and lo < value:
            out.append(QuantityMatch(start, m.end(), text[start:m.end()], PERCENT, lo, value))
        else:
            out.append(QuantityMatch(start, m.end(), text[start:m.end()], PERCENT, value))
    return out


def _age_adjectives(text: str) -> list[QuantityMatch]:
    out = []
    for m in _AGE_ADJ_RE.finditer(text):
        if m.group("num"):
            value = number_value(m.group("num"))
        else:
            prefix = _norm(m.group("fused"))
            # «столетие», «десятилетие» are spans of time; «девятилетний» is an age
            if prefix in _NOT_AGE_PREFIX or _norm(m.group())[len(prefix):].startswith("лети"):
                continue
            value = fused_number(prefix)
        if value is None or _DURATION_RE.match(text, m.end()):
            continue
        out.append(QuantityMatch(m.start(), m.end(), m.group(), AGE, value))
    return out


# «лет», «года», «году», «годовщина»: an age in years ends at or near one;
# only windows around them are matched (the number patterns are slow to try everywhere).
_YEARS_WORD_RE = re.compile(r"(?i)(?<!\w)(?:лет|года?|году|годовщин\w*|исполнилось)(?!\w)")
_BEFORE, _AFTER = 90, 40


def _windows(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for m in _YEARS_WORD_RE.finditer(text):
        lo, hi = max(0, m.start() - _BEFORE), min(len(text), m.end() + _AFTER)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return out


def _ages(text: str) -> list[QuantityMatch]:
    out = _age_adjectives(text)
    matches = [m for lo, hi in _windows(text) for m in _AGE_RE.finditer(text, lo, hi)]
    for m in matches:
        for group in ("year", "anniv", "bare"):
            if m.group(group):
                value = number_value(m.group({"year": "ynum", "anniv": "anum", "bare": "bare"}[group]))
                if value is not None:
                    a = m.start(group)
                    out.append(QuantityMatch(a, m.end(), text[a:m.end()], AGE, value))
                break
        else:
            out.extend(_age_list(text, m))
    return out


def _age_list(text: str, m: re.Match) -> list[QuantityMatch]:
    """The ages of one «N лет» match: one, a range, or a list («30, 20 и 19 лет»)."""
    if m.group("lo2"):
        nums = [m.group("lo2"), m.group("nums").split("-")[-1]]
    else:
        nums = [n.group() for n in re.finditer(_AGE_NUM, m.group("nums"), flags=re.I)]
    values = [number_value(re.sub(r"[-‐‑](?:х|ти|ми)$", "", n)) for n in nums]
    if not values or any(v is None or v > _MAX_AGE or v != int(v) for v in values):
        return []
    first = m.start("from") if m.group("from") else m.start("nums")
    start = m.start()
    if text.startswith(" назад", m.end()):
        return []
    if not m.group("cmp") and not _cued(text, start, m.end(), named=not m.group("bound")):
        return []
    if m.group("from") or m.group("lo2"):
        lo = number_value(m.group("lo")) if m.group("from") else values[0]
        if lo is None or (m.group("from") and len(values) != 1):
            return []
        return [QuantityMatch(start, m.end(), text[start:m.end()], AGE, lo, values[-1])]
    if len(values) == 1:
        return [QuantityMatch(start, m.end(), text[start:m.end()], AGE, values[0])]
    out = []
    pos = m.start("nums")
    for n, v in zip(nums[:-1], values[:-1], strict=True):
        a = text.index(n, pos)
        pos = a + len(n)
        out.append(QuantityMatch(a if a > first else start, pos, text[a if a > first else start:pos], AGE, v))
    a = text.index(nums[-1], pos)
    out.append(QuantityMatch(a, m.end(), text[a:m.end()], AGE, values[-1]))
    return out


def _cued(text: str, start: int, stop: int, named: bool = True) -> bool:
    """Whether the words around «N лет» make it an age; ``named``: a name
    before it is enough."""
    before = text[max(0, start - 40):start]
    if _IN_YEARS_RE.search(before):
        return not _NOT_AGE_BEFORE_V.search(before)
    cue = _AGE_CUE_RE.search(before)
    if cue is not None:
        if cue.group().strip()[-1:] in ("(", ","):
            return bool(_AGE_AFTER_RE.match(text, stop))
        return True
    return named and bool(_NAME_BEFORE_RE.search(before)) and bool(_NAME_AFTER_RE.match(text, stop))


def find_quantities(text: str) -> list[QuantityMatch]:
    """Percents and ages in ``text``, in text order, without overlaps."""
    found = (_percents(text) if _PERCENT_CUE_RE.search(text) else []) + (
        _ages(text) if _AGE_CUE_WORD_RE.search(text) else [])
    found.sort(key=lambda q: (q.start, -(q.stop - q.start)))
    out: list[QuantityMatch] = []
    for q in found:
        if out and q.start < out[-1].stop:
            continue
        out.append(q)
    return out


class QuantityStage(Stage):
    """Adds a PERCENT or AGE mention and its :class:`Quantity` for each one found.

    Runs after the dates stage: a duration it found where the words make an
    age («Петров, 45 лет,», «Крузу 44 года») becomes this AGE mention (same
    mention id, the age's span; its date value is dropped).
    """

    name = "quantities"
    requires = ("sentences", "mentions.dates")
    assigns = ("mentions.quantities",)

    def __call__(self, doc: Document) -> Document:
        durations = {tv.mention_id for tv in doc.dates if tv.kind == KIND_DURATION}
        for i, sent in enumerate(doc.sentences):
            for q in find_quantities(sent.text):
                start, stop = sent.start + q.start, sent.start + q.stop
                mention = next((m for m in doc.mentions if m.mention_id in durations
                                and m.start < stop and start < m.stop), None)
                if mention is None:
                    mention = doc.add_mention(Mention(start, stop, q.text, type=q.type, sent_idx=i))
                else:
                    mention.start, mention.stop, mention.text, mention.type = start, stop, q.text, q.type
                    doc.dates = [tv for tv in doc.dates if tv.mention_id != mention.mention_id]
                mention.source, mention.normal = self.name, q.text
                set_token_span(mention, sent)
                doc.quantities.append(Quantity(mention.mention_id, q.value, q.value_max))
        return doc

"""Values of cardinal and ordinal numbers written in words or digits.

``cardinal(words)``: «три» → 3, «двадцать пять» → 25, «5,4 тыс.» → 5400,
«полтора миллиона» → 1 500 000, «двое» → 2.  ``ordinal(words)``: «третий» →
3, «двадцать первого» → 21, «XXII» → 22, «29-го» → 29, «№ 268» → 268.
The number words are those of :mod:`pipeline.stages.money` (cardinals in
every case); the ordinals and collectives are read by their stems here.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from pipeline.stages.money import FRACTIONS, MULTIPLIERS, NUMWORDS, VAGUE

# Ordinal stems (every case ending follows): «перв|ый», «двадцат|ого», «сотом».
_ORDINAL_STEMS = {
    "перв": 1, "втор": 2, "трет": 3, "четверт": 4, "пят": 5, "шест": 6, "седьм": 7, "восьм": 8,
    "девят": 9, "десят": 10, "одиннадцат": 11, "двенадцат": 12, "тринадцат": 13,
    "четырнадцат": 14, "пятнадцат": 15, "шестнадцат": 16, "семнадцат": 17, "восемнадцат": 18,
    "девятнадцат": 19, "двадцат": 20, "тридцат": 30, "сороков": 40, "пятидесят": 50,
    "шестидесят": 60, "семидесят": 70, "восьмидесят": 80, "девяност": 90, "сот": 100,
    "двухсот": 200, "трехсот": 300, "четырехсот": 400, "пятисот": 500, "тысячн": 1000,
    "миллионн": 1_000_000,
}
_ORDINAL_RE = re.compile(
    r"(?:(" + "|".join(sorted(_ORDINAL_STEMS, key=len, reverse=True)) + r")"
    r"(?:ый|ой|ая|ое|ые|ого|ому|ым|ом|ую|ых|ыми)"
    r"|(трет)(?:ий|ья|ье|ьи|ьего|ьему|ьим|ьем|ью|ьей|ьих|ьими))$")
# Collective numerals: «двое», «троих», «семеро».
_COLLECTIVES = {"дво": 2, "тро": 3, "четвер": 4, "пятер": 5, "шестер": 6, "семер": 7, "восьмер": 8,
                "девятер": 9, "десятер": 10}
_COLLECTIVE_RE = re.compile(r"(" + "|".join(_COLLECTIVES) + r")(е|о|их|им|ими|ых|ым|ыми)$")
_ROMAN = re.compile(r"M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
_DIGITS = re.compile(r"\d+(?:[ \u00a0\u202f]\d{3})*(?:[.,]\d+)?")
_SUFFIXED = re.compile(r"(\d+)\s*[-‐‑–]?\s*(?:[а-яё]{1,3})$")  # «29-го», «3-й», «15-м»
_DENOMINATORS = frozenset({"трети", "третей", "четверти", "четвертей", "пятых", "десятых", "сотых"})
_SKIP = frozenset({"№", "n", "номер", "номером", "номера", "номеру", "около", "более", "менее",
                   "свыше", "почти", "порядка", "примерно", "до", "от", "-", "–", "—", "и"})


def _norm(word: str) -> str:
    return word.lower().replace("ё", "е").rstrip(".")


def roman(word: str) -> int | None:
    """«XXII» → 22; None for a word that is not a Roman numeral."""
    if not word or not _ROMAN.fullmatch(word):
        return None
    values = [_ROMAN_VALUES[c] for c in word]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _digits(word: str) -> Decimal | None:
    if not _DIGITS.fullmatch(word):
        return None
    s = re.sub(r"[ \u00a0\u202f]", "", word).replace(",", ".")
    try:
        return Decimal(s)
    except InvalidOperation:
        return None


def cardinal(words: list[str]) -> float | None:
    """The value of a cardinal number's words (other words around it are
    skipped: «более 50» → 50); None when no number is there."""
    total, current, seen, grouped = Decimal(0), Decimal(0), False, False
    for raw in words:
        w = _norm(raw)
        d = _digits(raw.rstrip("."))
        if w in VAGUE or w in _DENOMINATORS:
            return None
        if d is not None:
            # «1 500» split into two tokens: a group of three digits after a number
            grouped = grouped or (seen and len(raw) == 3 and raw.isdigit())
            current, seen = current * 1000 + d if grouped else current + d, True
        elif w in NUMWORDS:
            current, seen = current + NUMWORDS[w][0], True
        elif w in FRACTIONS:
            current, seen = current + FRACTIONS[w], True
        elif (m := _COLLECTIVE_RE.fullmatch(w)) is not None:
            current, seen = current + _COLLECTIVES[m.group(1)], True
        elif w in MULTIPLIERS:
            total, current, seen = total + (current or 1) * MULTIPLIERS[w], Decimal(0), True
        elif w not in _SKIP and seen:
            break
    return float(total + current) if seen else None


def ordinal(words: list[str]) -> float | None:
    """The value of an ordinal's words («двадцать первого» → 21, «XXII» →
    22, «3-й» → 3, «№ 268» → 268); None when none is there."""
    total, seen = 0, False
    for raw in words:
        w = _norm(raw)
        if (r := roman(raw)) is not None:
            return float(r)
        if (m := _SUFFIXED.fullmatch(w)) is not None or w.isdigit():
            return float(int(m.group(1) if m else w))
        if w in NUMWORDS:
            total, seen = total + NUMWORDS[w][0], True
        elif (m := _ORDINAL_RE.fullmatch(w)) is not None:
            return float(total + _ORDINAL_STEMS[m.group(1) or m.group(2)])
        elif (d := _digits(raw)) is not None:
            return float(d)
        elif w not in _SKIP and seen:
            break
    return float(total) if seen else None


def is_ordinal_word(word: str) -> bool:
    """«третьего», «XXII», «29-го»."""
    w = _norm(word)
    return bool(_ORDINAL_RE.fullmatch(w) or (len(word) > 1 and roman(word))
                or re.fullmatch(r"\d+-(?:й|я|е|го|му|м|х|ми|ый|ой|ая|ое)", w))


def is_cardinal_word(word: str) -> bool:
    """«три», «5,4», «двое», «тыс.»."""
    w = _norm(word)
    return bool(_digits(word) is not None or w in NUMWORDS or w in FRACTIONS
                or _COLLECTIVE_RE.fullmatch(w) or w in MULTIPLIERS)

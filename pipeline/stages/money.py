"""Money amounts: a tokenizer-level parser of Russian money expressions.

``find_money(text)`` returns every money amount in ``text`` with its value as
an exact :class:`~decimal.Decimal` and its currency as an ISO 4217 code::

    «4,755 млрд рублей»            4755000000 RUB
    «1.844.036.360,12 руб.»        1844036360.12 RUB
    «от 30 до 50 тыс. рублей»      30000 .. 50000 RUB (amount .. amount_max)
    «$3,3 млрд», «USD 4,7 млрд»    3300000000 USD, 4700000000 USD
    «полтора миллиона рублей»      1500000 RUB
    «около 1 миллиона евро»        1000000 EUR, qualifier approx

Every mention needs a currency, so the currency words, symbols and codes are
the cues: one compiled regex finds them, and only a window of text around each
cue is tokenized and parsed.  Text without a currency cue costs one regex scan.

What is understood, and the extent of a span, are documented in
the README (Money amounts).  In short: the span covers the number, the multiplier and
the currency, with a leading qualifier («около», «более», «до», «почти», «не
менее», …) as NEREL train marks it; the qualifier's kind is recorded in
``qualifier`` (:data:`QUALIFIERS`: ``approx``, ``more_than``, ``less_than``,
``up_to``); ``amount`` is the number written (a qualifier does not change it),
a range («от 30 до 50 тыс. рублей», one span from «от») gives ``amount`` and
``amount_max``, and a vague quantity
(«несколько миллионов долларов», «миллиарды рублей») or a number whose
grouping cannot be told («4,755 рублей») gives ``amount=None``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from pipeline.doc import Document, Mention, Money, Sentence
from pipeline.labels import MONEY
from pipeline.stages import Stage

__all__ = ["QUALIFIERS", "MoneyMatch", "MoneyStage", "find_money", "format_amount", "set_token_span"]

# The values of ``qualifier``: what a word before the amount says about it.
# It never changes ``amount``; "" is an amount given as is.
APPROX = "approx"  # около, порядка, примерно, приблизительно, почти
MORE_THAN = "more_than"  # a lower bound: более, больше, свыше, не менее, чуть более, от … (no до)
LESS_THAN = "less_than"  # an upper bound: менее, меньше, не более, не больше
UP_TO = "up_to"  # a cap: до … (not after a verb of change: «выросла до …» is the new value)
QUALIFIERS = ("", APPROX, MORE_THAN, LESS_THAN, UP_TO)


@dataclass(frozen=True, slots=True)
class MoneyMatch:
    """A money amount found in a text; ``text[start:stop] == self.text``."""

    start: int
    stop: int
    text: str
    amount: Decimal | None
    currency: str
    amount_max: Decimal | None = None
    qualifier: str = ""  # one of QUALIFIERS; the qualifier word starts the span


def format_amount(d: Decimal | None) -> str:
    """Plain decimal notation for CSV: ``4700000000``, ``1844036360.12``; ``""`` for None."""
    if d is None:
        return ""
    return format(d, "f")


def _normalize(d: Decimal) -> Decimal:
    """Drop trailing zeros and the exponent: 4.7E+9 -> 4700000000, 75.50 -> 75.5."""
    return Decimal(format(d.normalize(), "f"))


# --------------------------------------------------------------------------
# Lexicon
# --------------------------------------------------------------------------

_UNITS = {
    1: "один одна одно одного одной одному одним одном одну",
    2: "два две двух двум двумя",
    3: "три трех трем тремя",
    4: "четыре четырех четырем четырьмя",
    5: "пять пяти пятью",
    6: "шесть шести шестью",
    7: "семь семи семью",
    8: "восемь восьми восемью восьмью",
    9: "девять девяти девятью",
}
# 10..20 and 30 decline like «пять»: -ь, -и, -ью.
_TEENS = {
    10: "десят",
    11: "одиннадцат",
    12: "двенадцат",
    13: "тринадцат",
    14: "четырнадцат",
    15: "пятнадцат",
    16: "шестнадцат",
    17: "семнадцат",
    18: "восемнадцат",
    19: "девятнадцат",
}
_TENS = {
    20: "двадцать двадцати двадцатью",
    30: "тридцать тридцати тридцатью",
    40: "сорок сорока",
    50: "пятьдесят пятидесяти пятьюдесятью",
    60: "шестьдесят шестидесяти шестьюдесятью",
    70: "семьдесят семидесяти семьюдесятью",
    80: "восемьдесят восьмидесяти восемьюдесятью восьмьюдесятью",
    90: "девяносто девяноста",
}
_HUNDREDS = {
    100: "сто ста",
    200: "двести двухсот двумстам двумястами двухстах",
    300: "триста трехсот тремстам тремястами трехстах",
    400: "четыреста четырехсот четыремстам четырьмястами четырехстах",
    500: "пятьсот пятисот пятистам пятьюстами пятистах",
    600: "шестьсот шестисот шестистам шестьюстами шестистах",
    700: "семьсот семисот семистам семьюстами семистах",
    800: "восемьсот восьмисот восьмистам восемьюстами восьмьюстами восьмистах",
    900: "девятьсот девятисот девятистам девятьюстами девятистах",
}


def _numwords() -> dict[str, tuple[int, int]]:
    """Number word -> (value, rank); in a compound each next word has a lower rank."""
    table: dict[str, tuple[int, int]] = {}
    for value, forms in _UNITS.items():
        table.update((f, (value, 1)) for f in forms.split())
    for value, stem in _TEENS.items():
        # a teen takes no unit after it, so it ranks with the units
        table.update((stem + end, (value, 1)) for end in ("ь", "и", "ью"))
    for value, forms in _TENS.items():
        table.update((f, (value, 2)) for f in forms.split())
    for value, forms in _HUNDREDS.items():
        table.update((f, (value, 3)) for f in forms.split())
    return table


NUMWORDS = _numwords()

_THOUSAND, _MILLION, _BILLION, _TRILLION = (Decimal(10) ** p for p in (3, 6, 9, 12))
_MASC_HARD = ("", "а", "у", "ом", "е", "ы", "ов", "ам", "ами", "ах")
_MASC_PLURAL = frozenset(("ы", "ов", "ам", "ами", "ах"))


def _multipliers() -> tuple[dict[str, Decimal], frozenset[str], frozenset[str]]:
    """Multiplier word -> value; plus the plural forms and the abbreviations."""
    table: dict[str, Decimal] = {}
    plural: set[str] = set()
    for stem, value in (("миллион", _MILLION), ("миллиард", _BILLION), ("триллион", _TRILLION)):
        for end in _MASC_HARD:
            table[stem + end] = value
            if end in _MASC_PLURAL:
                plural.add(stem + end)
    for end in ("а", "и", "е", "у", "ей", "ею", "", "ам", "ами", "ах"):
        table["тысяч" + end] = _THOUSAND
    # «тысячи» is both genitive singular and plural; see _bare_multiplier
    plural.update(("тысяч", "тысячам", "тысячами", "тысячах"))
    abbrev = {"тыс": _THOUSAND, "млн": _MILLION, "млрд": _BILLION, "трлн": _TRILLION}
    table.update(abbrev)
    return table, frozenset(plural), frozenset(abbrev)


MULTIPLIERS, _PLURAL_MULT, _ABBREV_MULT = _multipliers()

# «полмиллиона», «полумиллиарда»: a half of a multiplier, in one word.
_HALF_FUSED = {
    pre + stem + end: value
    for stem, value in (("миллион", _MILLION), ("миллиард", _BILLION), ("триллион", _TRILLION))
    for pre in ("пол", "полу")
    for end in ("", "а")
}
_HALF_FUSED.update({"полтысячи": _THOUSAND, "полутысячи": _THOUSAND})

FRACTIONS = {
    "полтора": Decimal("1.5"),
    "полторы": Decimal("1.5"),
    "полутора": Decimal("1.5"),
    "четверть": Decimal("0.25"),
    "четверти": Decimal("0.25"),
    "четвертью": Decimal("0.25"),
}
# «четверть» is a quantity only before a multiplier («четверть миллиарда»).
_NEEDS_MULT = frozenset(("четверть", "четверти", "четвертью"))

# Quantities with no value: «несколько миллионов», «сотни тысяч», «десятки».
VAGUE = frozenset(
    "несколько нескольких нескольким несколькими десятки десятков десяткам десятками десятках "
    "сотни сотен сотням сотнями сотнях".split()
)

# Words after which «тысячи» is the genitive singular (= 1000), not a plural.
_GENITIVE_PREPS = frozenset(
    "до от около свыше более менее больше меньше порядка из без для с со вместо сверх".split()
)

# Qualifier word -> kind («около 5 млн рублей»); the word stays out of the span.
QUALIFIER_WORDS = {
    **dict.fromkeys(("около", "порядка", "примерно", "приблизительно", "почти"), APPROX),
    **dict.fromkeys(("более", "больше", "свыше"), MORE_THAN),
    **dict.fromkeys(("менее", "меньше"), LESS_THAN),
    "до": UP_TO,
}
_COMPARATIVES = frozenset(("более", "менее", "больше", "меньше"))
# «не более» is an upper bound, «не менее» a lower one.
NEGATED = {"более": LESS_THAN, "больше": LESS_THAN, "менее": MORE_THAN, "меньше": MORE_THAN}
# Stems of verbs of change: after them «до X» is the new value, not a bound.
_CHANGE_VERBS = (
    "вырос",
    "выросл",
    "возрос",
    "возрасл",
    "возраст",
    "увелич",
    "сократ",
    "сокращ",
    "снизил",
    "снизит",
    "снижа",
    "уменьш",
    "упал",
    "упад",
    "поднял",
    "подним",
    "повыс",
    "повыша",
    "понизи",
    "подорожа",
    "подешев",
    "дорожа",
    "дешевел",
    "сниз",
    "повыш",
)
_COMPARISONS = frozenset("больше меньше выше ниже дороже дешевле".split())
QUALIFIER_PREFIXES = frozenset(("не", "чуть", "немногим", "немного"))
# Qualifiers that may stand before «в» / «на» («примерно в 3,4 млн долларов»).
_LOOSE_QUALIFIERS = frozenset(("примерно", "приблизительно", "почти"))

# Currency nouns: form -> family.  The family's currency is _FAMILY_CODE, or
# the adjective's (_ADJECTIVES) when one stands before the noun.
_CURRENCY_NOUNS: dict[str, str] = {}


def _add_nouns(family: str, stem: str, endings: tuple[str, ...] | str) -> None:
    for end in endings:
        _CURRENCY_NOUNS[stem + end] = family


_MASC_SOFT = ("ь", "я", "ю", "ем", "е", "и", "ей", "ям", "ями", "ях")
_FEM_HARD = ("а", "ы", "е", "у", "ой", "ою", "ам", "ами", "ах")
_add_nouns("рубль", "рубл", _MASC_SOFT)
_add_nouns("доллар", "доллар", _MASC_HARD)
_add_nouns("фунт", "фунт", _MASC_HARD)
_add_nouns("франк", "франк", _MASC_HARD)
_add_nouns("сом", "сом", _MASC_HARD)
_add_nouns("сум", "сум", _MASC_HARD)
_add_nouns("драм", "драм", _MASC_HARD)
_add_nouns("манат", "манат", _MASC_HARD)
_add_nouns("форинт", "форинт", _MASC_HARD)
_add_nouns("рэнд", "рэнд", _MASC_HARD)
_add_nouns("реал", "реал", ("", "а", "ов", "ами", "ах", "ы"))
_add_nouns("динар", "динар", _MASC_HARD)
_add_nouns("юань", "юан", _MASC_SOFT)
_add_nouns("шекель", "шекел", _MASC_SOFT)
_add_nouns("гривна", "гривн", _FEM_HARD)
_add_nouns("гривна", "гривен", ("",))
_add_nouns("крона", "крон", ("",) + _FEM_HARD)
_add_nouns("лира", "лир", ("",) + _FEM_HARD)
_add_nouns("вона", "вон", ("",) + _FEM_HARD)
_add_nouns("иена", "иен", ("",) + _FEM_HARD)
_add_nouns("иена", "йен", ("",) + _FEM_HARD)
_add_nouns("рупия", "рупи", ("я", "и", "ю", "ей", "й", "ям", "ями", "ях"))
_add_nouns("злотый", "злот", ("ый", "ого", "ому", "ым", "ом", "ые", "ых", "ыми"))
for _word in ("евро", "тенге", "лари", "сомони", "песо"):
    _CURRENCY_NOUNS[_word] = _word
# Abbreviations (the token may carry its dot).
for _abbr, _family in (
    ("руб", "рубль"),
    ("р", "рубль"),
    ("долл", "доллар"),
    ("дол", "доллар"),
    ("грн", "гривна"),
    ("тг", "тенге"),
):
    _CURRENCY_NOUNS[_abbr] = _family

# Family -> currency when no adjective says otherwise ("" = too ambiguous alone:
# «франков», «крон», «песо», «динаров» need «швейцарских», «шведских», …).
_FAMILY_CODE = {
    "рубль": "RUB",
    "доллар": "USD",
    "евро": "EUR",
    "фунт": "GBP",
    "тенге": "KZT",
    "гривна": "UAH",
    "юань": "CNY",
    "иена": "JPY",
    "сом": "KGS",
    "сум": "UZS",
    "сомони": "TJS",
    "драм": "AMD",
    "манат": "AZN",
    "лари": "GEL",
    "злотый": "PLN",
    "лира": "TRY",
    "рупия": "INR",
    "вона": "KRW",
    "шекель": "ILS",
    "форинт": "HUF",
    "рэнд": "ZAR",
    "франк": "",
    "крона": "",
    "реал": "",
    "песо": "",
    "динар": "",
}

# Adjective stem -> {family: currency}.
_ADJECTIVES: dict[str, dict[str, str]] = {
    "американск": {"доллар": "USD"},
    "канадск": {"доллар": "CAD"},
    "австралийск": {"доллар": "AUD"},
    "гонконгск": {"доллар": "HKD"},
    "сингапурск": {"доллар": "SGD"},
    "новозеландск": {"доллар": "NZD"},
    "тайваньск": {"доллар": "TWD"},
    "российск": {"рубль": "RUB"},
    "белорусск": {"рубль": "BYN"},
    "бел": {"рубль": "BYN"},  # «бел. руб.»
    "британск": {"фунт": "GBP"},
    "египетск": {"фунт": "EGP"},
    "швейцарск": {"франк": "CHF"},
    "шведск": {"крона": "SEK"},
    "норвежск": {"крона": "NOK"},
    "датск": {"крона": "DKK"},
    "чешск": {"крона": "CZK"},
    "исландск": {"крона": "ISK"},
    "казахстанск": {"тенге": "KZT"},
    "казахск": {"тенге": "KZT"},
    "украинск": {"гривна": "UAH"},
    "китайск": {"юань": "CNY"},
    "японск": {"иена": "JPY"},
    "киргизск": {"сом": "KGS"},
    "кыргызск": {"сом": "KGS"},
    "узбекск": {"сум": "UZS"},
    "таджикск": {"сомони": "TJS"},
    "армянск": {"драм": "AMD"},
    "азербайджанск": {"манат": "AZN"},
    "туркменск": {"манат": "TMT"},
    "грузинск": {"лари": "GEL"},
    "польск": {"злотый": "PLN"},
    "турецк": {"лира": "TRY"},
    "индийск": {"рупия": "INR"},
    "индонезийск": {"рупия": "IDR"},
    "пакистанск": {"рупия": "PKR"},
    "южнокорейск": {"вона": "KRW"},
    "корейск": {"вона": "KRW"},
    "северокорейск": {"вона": "KPW"},
    "израильск": {"шекель": "ILS"},
    "венгерск": {"форинт": "HUF"},
    "южноафриканск": {"рэнд": "ZAR"},
    "бразильск": {"реал": "BRL"},
    "мексиканск": {"песо": "MXN"},
    "аргентинск": {"песо": "ARS"},
    "чилийск": {"песо": "CLP"},
    "колумбийск": {"песо": "COP"},
    "филиппинск": {"песо": "PHP"},
    "сербск": {"динар": "RSD"},
    "кувейтск": {"динар": "KWD"},
}
_ADJ_RE = re.compile(
    r"(" + "|".join(sorted(_ADJECTIVES, key=len, reverse=True)) + r")"
    r"(?:ий|ого|ому|им|ом|ая|ой|ую|ое|ие|их|ими)"
)

_ISO_CODES = frozenset(
    "USD EUR RUB KZT UAH BYN CNY JPY GBP CHF KGS UZS TJS AMD AZN GEL PLN TRY INR KRW "
    "CAD AUD HKD SGD NZD SEK NOK DKK CZK ILS HUF".split()
)
_CODE_ALIASES = {"RUR": "RUB"}
_SYMBOLS = {
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "₽": "RUB",
    "₸": "KZT",
    "₴": "UAH",
    "₹": "INR",
    "₩": "KRW",
    "₺": "TRY",
    "₾": "GEL",
    "₼": "AZN",
    "US$": "USD",
    "HK$": "HKD",
    "C$": "CAD",
    "A$": "AUD",
    "NZ$": "NZD",
}
# «100-долларовая купюра»: the denomination adjective after a hyphen.
_DENOMINATION_RE = re.compile(r"(долларов|рублев|евров)(?:ый|ая|ое|ые|ого|ой|ых|ому|ым|ую|ом|ыми)")
_DENOMINATION_CODE = {"долларов": "USD", "рублев": "RUB", "евров": "EUR"}

_SUBUNITS = {
    **{"копе" + end: "RUB" for end in ("йка", "йки", "йке", "йку", "йкой", "ек", "йкам", "йками")},
    "коп": "RUB",
    **{"цент" + end: "USD" for end in _MASC_HARD},
}
_SUBUNIT_OF = {"RUB": ("RUB", "UAH", "BYN"), "USD": ("USD", "EUR", "CAD", "AUD", "HKD", "NZD")}

# Words of an amount spelled out in brackets after the digits.
_SPELLED = frozenset(NUMWORDS) | frozenset(MULTIPLIERS) | frozenset(FRACTIONS) | {"с", "половиной"}

# Abbreviations whose token keeps a following dot.
_DOTTED = frozenset(("тыс", "млн", "млрд", "трлн", "руб", "р", "долл", "дол", "грн", "тг", "коп", "бел"))

# --------------------------------------------------------------------------
# Cue scan and tokenizer
# --------------------------------------------------------------------------

_LETTER = r"[^\W\d_]"
_CUE_RE = re.compile(
    r"[$€£₽₸₴₹₩₺₾₼]"
    rf"|(?<!{_LETTER})(?:{'|'.join(sorted(_ISO_CODES | set(_CODE_ALIASES)))})(?!{_LETTER})"
    rf"|(?i:(?<!{_LETTER})(?:руб|рубл|долл|дол\.|доллар|евро|фунт|франк|крон|тенге|тг"
    r"|гривн|гривен|грн|юан|[иы]ен|йен|рупи|злот|манат|лари|сомони|шекел|форинт|рэнд|реал|песо"
    r"|динар|лир|вон|сом|сум|драм)"
    r"|(?<![^\W\d_])р\.|(?<=\d)р(?![^\W\d_]))"
)

_SPACES = " \u00a0\u202f\u2009\u2007"
_TOKEN_RE = re.compile(
    rf"(?P<gnum>(?<![\d.,])\d{{1,3}}(?:[{_SPACES}]\d{{3}}(?!\d))+(?:[.,]\d+(?!\d))?)"
    r"|(?P<num>\d+(?:[.,:/]\d+)*)"
    r"|(?P<sym>(?:US|HK|NZ|C|A)\$|[$€£₽₸₴₹₩₺₾₼])"
    r"|(?P<word>[^\W\d_]+)"
    r"|(?P<dash>[-‐‑–—−])"
    r"|(?P<punct>\S)"
)


@dataclass(slots=True)
class _Tok:
    kind: str  # gnum, num, badnum, sym, word, dash, punct
    start: int
    stop: int
    raw: str
    norm: str  # lower case, ё -> е, without the dot that ``raw`` may end with
    glued: bool  # no space between this token and the previous one


def _tokenize(text: str, lo: int, hi: int) -> list[_Tok]:
    toks: list[_Tok] = []
    prev_stop = -1
    for m in _TOKEN_RE.finditer(text, lo, hi):
        kind = m.lastgroup or "punct"
        start, stop = m.span()
        if start < prev_stop:
            continue  # the dot taken by the abbreviation before
        raw = m.group()
        norm = raw.lower().replace("ё", "е")
        glued = start == prev_stop
        if kind == "word" and norm in _DOTTED and stop < hi and text[stop] == ".":
            stop += 1
            raw += "."
        elif kind in ("num", "gnum") and (glued and toks[-1].kind == "word" or not _valid_digits(raw)):
            kind = "badnum"  # «Ту154», a date «12.05.2019», a time «12:30»
        toks.append(_Tok(kind, start, stop, raw, norm, glued))
        prev_stop = stop
    return toks


# --------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------

_DOT_GROUPS = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_COMMA_GROUPS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")


def _digits_value(raw: str, has_mult: bool, english: bool) -> Decimal | None:
    """Value of a written number; None when its grouping cannot be told.

    Russian style: comma decimal, space or dot grouping («1.844.036.360,12»).
    English style (currency sign or code first, «$635,000»): comma grouping.
    One separator before exactly three digits is a decimal point before a
    multiplier («4,755 млрд») and a group separator in «10,000», «1.500 000»;
    «4,755 рублей» alone is ambiguous and gets no value.
    """
    s = "".join(ch for ch in raw if ch not in _SPACES)
    if s.isdigit():
        return Decimal(s)
    if ":" in s or "/" in s:
        return None
    dots, commas = s.count("."), s.count(",")
    if dots and commas or dots + commas > 1:
        if _DOT_GROUPS.fullmatch(s):
            return Decimal(s.replace(".", "").replace(",", "."))
        if _COMMA_GROUPS.fullmatch(s):
            return Decimal(s.replace(",", ""))
        return None
    sep = "." if dots else ","
    whole, frac = s.split(sep)
    if len(frac) != 3 or has_mult or whole == "0" or len(raw) != len(s):
        return Decimal(f"{whole}.{frac}")
    if frac == "000" or (english and sep == ","):
        return Decimal(whole + frac)
    return None


def _valid_digits(raw: str) -> bool:
    """A number, not a date, time or fraction («12.05.2019», «12:30», «1/2»)."""
    s = "".join(ch for ch in raw if ch not in _SPACES)
    if s.isdigit():
        return True
    if ":" in s or "/" in s:
        return False
    dots, commas = s.count("."), s.count(",")
    if dots + commas == 1:
        return True
    return bool(_DOT_GROUPS.fullmatch(s) or _COMMA_GROUPS.fullmatch(s))


@dataclass(slots=True)
class _Qty:
    """One reading of a quantity: tokens [i, end)."""

    end: int
    ru: Decimal | None  # value read in Russian style
    en: Decimal | None  # value read in English style (currency sign first)
    top_mult: Decimal | None  # first (largest) multiplier, spread over a range
    vague: bool  # «несколько миллионов»: a quantity with no value
    raw: str = ""  # the digits when the reading is one bare number («30» in «от 30 до 50 тыс.»)

    def value(self, english: bool) -> Decimal | None:
        if self.vague:
            return None
        return self.en if english else self.ru


def _parse_qty(toks: list[_Tok], i: int, genitive: bool) -> list[_Qty]:
    """Readings of the quantity starting at token i, longest first.

    A quantity is one or more components of a number (digits, number words,
    «полтора», «четверть») and a multiplier, each multiplier smaller than the
    one before («1 млрд 200 млн», «две тысячи пятьсот»).
    """
    n = len(toks)
    readings: list[_Qty] = []
    total_ru = total_en = Decimal(0)
    top: Decimal | None = None
    last_mult: Decimal | None = None
    vague = False
    # the pending number of the current component
    raw: str | None = None  # digits
    words: Decimal | None = None  # number words / fraction
    rank = 4
    needs_mult = False
    j = i
    while j < n:
        t = toks[j]
        w = t.norm
        if t.kind in ("num", "gnum"):
            if raw is not None or words is not None or vague:
                break
            if j > i and t.glued:
                break
            raw = t.raw
            j += 1
            continue
        if t.kind != "word":
            break
        if w in NUMWORDS and raw is None and not needs_mult and not vague:
            value, r = NUMWORDS[w]
            if r >= rank:
                break
            words = (words or Decimal(0)) + value
            rank = r
            j += 1
            continue
        if w in FRACTIONS and raw is None and words is None and not vague:
            words = FRACTIONS[w]
            needs_mult = w in _NEEDS_MULT
            rank = 0
            j += 1
            continue
        if (
            w == "с"
            and j + 1 < n
            and toks[j + 1].norm == "половиной"
            and (raw is not None and raw.isdigit() or words is not None and rank > 0)
        ):
            words = (words or Decimal(0)) + (Decimal(raw) if raw else 0) + Decimal("0.5")
            raw = None
            rank = 0
            j += 2
            continue
        if w in VAGUE and raw is None and words is None:
            vague = True
            j += 1
            continue
        mult, half = None, False
        step = 1
        if w in MULTIPLIERS:
            mult = MULTIPLIERS[w]
        elif w in _HALF_FUSED and raw is None and words is None and not vague:
            mult, half = _HALF_FUSED[w], True
        elif (
            w in ("пол", "полу")
            and raw is None
            and words is None
            and not vague
            and j + 2 < n
            and toks[j + 1].kind == "dash"
            and toks[j + 1].glued
            and toks[j + 2].glued
            and toks[j + 2].norm in MULTIPLIERS
            and toks[j + 2].norm not in _ABBREV_MULT
        ):
            mult, half = MULTIPLIERS[toks[j + 2].norm], True
            step = 3
        if mult is None or (last_mult is not None and mult >= last_mult):
            break
        if half:
            ru = en = mult / 2
        elif raw is not None:
            ru_v, en_v = _digits_value(raw, True, False), _digits_value(raw, True, True)
            if ru_v is None or en_v is None:
                break
            ru, en = ru_v * mult, en_v * mult
        elif words is not None:
            ru = en = words * mult
        elif vague:
            ru = en = Decimal(0)
        elif w in _ABBREV_MULT:
            break  # «млн рублей» with no number
        elif w in _PLURAL_MULT or (w == "тысячи" and not (genitive and j == i)):
            vague = True
            ru = en = Decimal(0)
        else:
            ru = en = mult  # «миллиард долларов», «до тысячи рублей»
        total_ru += ru
        total_en += en
        if top is None:
            top = mult
        last_mult = mult
        raw, words, rank, needs_mult = None, None, 4, False
        j += step
        readings.append(_Qty(j, total_ru, total_en, top, vague))
    if needs_mult:
        return readings[::-1]
    if raw is not None:
        ru_v, en_v = _digits_value(raw, False, False), _digits_value(raw, False, True)
        tail = [v for v in (ru_v, en_v) if v is not None]
        if last_mult is None or all(v < last_mult for v in tail):
            readings.append(
                _Qty(
                    j,
                    None if ru_v is None else total_ru + ru_v,
                    None if en_v is None else total_en + en_v,
                    top,
                    vague,
                    raw if last_mult is None else "",
                )
            )
    elif words is not None and (last_mult is None or words < last_mult):
        readings.append(_Qty(j, total_ru + words, total_en + words, top, vague))
    elif vague and last_mult is None and j > i:
        readings.append(_Qty(j, None, None, None, True))  # «несколько долларов»
    return readings[::-1]


# --------------------------------------------------------------------------
# Currency
# --------------------------------------------------------------------------


def _prefix_currency(toks: list[_Tok], i: int) -> str:
    """A currency sign or code before a number: «$», «USD»."""
    if i >= len(toks):
        return ""
    t = toks[i]
    if t.kind == "sym":
        return _SYMBOLS.get(t.raw, "")
    if t.kind == "word" and (t.raw in _ISO_CODES or t.raw in _CODE_ALIASES):
        return _CODE_ALIASES.get(t.raw, t.raw)
    return ""


def _adjective(t: _Tok) -> str:
    """The stem of a currency adjective («гонконгских» -> «гонконгск»), or ""."""
    if t.norm == "бел" and t.raw.endswith("."):
        return "бел"
    m = _ADJ_RE.fullmatch(t.norm)
    return m.group(1) if m else ""


def _suffix_currency(toks: list[_Tok], i: int) -> tuple[str, int]:
    """The currency after a number: (code, index after it), or ("", i)."""
    n = len(toks)
    if i >= n:
        return "", i
    code = _prefix_currency(toks, i)
    if code:
        return code, i + 1
    if toks[i].kind != "word":
        return "", i
    j = i
    adjective = _adjective(toks[i])
    if adjective and i + 1 < n and toks[i + 1].norm in _CURRENCY_NOUNS:
        j = i + 1
    noun = toks[j]
    key = noun.norm
    family = _CURRENCY_NOUNS.get(key)
    if family is None:
        return "", i
    if key == "р" and not (noun.raw.endswith(".") or noun.glued):
        return "", i  # a bare «р» only when glued: «100р»
    if key == "р" and j + 1 < n and toks[j + 1].norm in _COMPARISONS:
        return "", i  # «в 3 р. больше»: «р.» is «раз»
    if family == "евро" and j + 1 < n and toks[j + 1].kind == "dash" and toks[j + 1].glued:
        return "", i  # «Евро-2020»
    code = _ADJECTIVES[adjective].get(family, "") if j > i else _FAMILY_CODE[family]
    if not code:
        return "", i
    j += 1
    if family == "фунт" and any(t.norm.startswith("унци") for t in toks[j : j + 2]):
        return "", i  # «весит 8 фунтов 6 унций»: pounds of weight
    if j < n and toks[j].kind == "word":
        if family == "доллар" and toks[j].raw == "США" and code == "USD":
            j += 1
        elif family == "фунт" and toks[j].norm.startswith("стерлинг") and code == "GBP":
            j += 1
    return code, j


# --------------------------------------------------------------------------
# Grammar
# --------------------------------------------------------------------------


@dataclass(slots=True)
class _Side:
    """A quantity with the currency written at it (either may be missing)."""

    qty: _Qty
    pre: str  # currency sign or code before the number
    post: str  # currency after the number
    end: int  # token index after the side

    @property
    def currency(self) -> str:
        return self.pre or self.post


def _skip_spelled_out(toks: list[_Tok], i: int) -> int:
    """Index after «(пять миллионов)» in «5 000 000 (пять миллионов) рублей», or i."""
    if i >= len(toks) or toks[i].raw != "(":
        return i
    for j in range(i + 1, min(i + 16, len(toks))):
        t = toks[j]
        if t.raw == ")":
            return j + 1 if j > i + 1 else i
        if not (t.kind == "word" and t.norm in _SPELLED or t.raw == ","):
            return i
    return i


def _sides(toks: list[_Tok], i: int, genitive: bool) -> list[_Side]:
    pre = _prefix_currency(toks, i)
    if pre and i > 0 and toks[i].glued and toks[i - 1].raw == "/":
        return []  # «USD/RUB 65» is a currency pair
    j = i + 1 if pre else i
    out = []
    n = len(toks)
    for q in _parse_qty(toks, j, genitive):
        if pre:
            out.append(_Side(q, pre, "", q.end))
            continue
        post, end = _suffix_currency(toks, _skip_spelled_out(toks, q.end))
        if (
            not post
            and q.raw
            and q.end + 1 < n
            and toks[q.end].kind == "dash"
            and toks[q.end].glued
            and toks[q.end + 1].glued
        ):
            # «100-долларовой купюры»
            denomination = _DENOMINATION_RE.fullmatch(toks[q.end + 1].norm)
            if denomination:
                post, end = _DENOMINATION_CODE[denomination.group(1)], q.end + 2
        out.append(_Side(q, "", post, end))
    return out


@dataclass(slots=True)
class _Found:
    first: int  # token indexes [first, end)
    end: int
    amount: Decimal | None
    currency: str
    amount_max: Decimal | None = None
    qualifier: str = ""


_YEAR_RE = re.compile(r"(19|20)\d\d")


def _two_ends(x: _Side, y: _Side) -> tuple[str, Decimal | None, Decimal | None] | None:
    """Currency and values of «X … Y CUR»: the multiplier and currency of Y spread to X."""
    if x.currency and y.currency and x.currency != y.currency:
        return None
    code = y.currency or x.currency
    if not code:
        return None
    english = bool(x.pre or y.pre)
    lo, hi = x.qty.value(english), y.qty.value(english)
    if x.qty.top_mult is None and y.qty.top_mult is not None and not x.qty.vague:
        if x.qty.raw:
            lo = _digits_value(x.qty.raw, True, english)
        lo = None if lo is None else lo * y.qty.top_mult
    return code, lo, hi


def _range(x: _Side, y: _Side) -> _Found | None:
    """«от X до Y», «X–Y»: one mention, amount .. amount_max."""
    ends = _two_ends(x, y)
    if ends is None:
        return None
    code, lo, hi = ends
    if lo is not None and hi is not None and lo >= hi:
        return None
    return _Found(0, y.end, lo, code, hi)


def _change(toks: list[_Tok], i: int) -> list[_Found]:
    """«вырос с 5 до 7 млн рублей»: two amounts, the old and the new (no range)."""
    n = len(toks)
    for x in _sides(toks, i + 1, True):
        if x.end < n and toks[x.end].norm == "до":
            for y in _sides(toks, x.end + 1, True):
                ends = _two_ends(x, y)
                if ends:
                    code, old, new = ends
                    return [
                        _Found(i + 1, x.end, old, code),
                        _Found(x.end + 1, y.end, new, code),
                    ]
    return []


def _dash_ok(toks: list[_Tok], d: int) -> bool:
    """A dash between the ends of a range: tight «10—15», or «10 – 15» / «10 - 15»."""
    t = toks[d]
    return t.kind == "dash" and d + 1 < len(toks) and (t.glued and toks[d + 1].glued or t.raw in "-–")


def _amount(toks: list[_Tok], i: int, genitive: bool) -> _Found | None:
    """A single amount or a dash range starting at token i."""
    n = len(toks)
    for x in _sides(toks, i, genitive):
        if x.end < n and _dash_ok(toks, x.end) and not x.post:
            if not (x.qty.raw and x.qty.top_mult is None and _YEAR_RE.fullmatch(x.qty.raw)):
                for y in _sides(toks, x.end + 1, False):
                    found = _range(x, y)
                    if found:
                        return found
        if x.currency:
            amount = x.qty.value(bool(x.pre))
            end = x.end
            if x.post and amount is not None and end + 1 < n:
                amount, end = _subunits(toks, end, x.post, amount)
            return _Found(0, end, amount, x.currency)
    return None


def _subunits(toks: list[_Tok], i: int, code: str, amount: Decimal) -> tuple[Decimal, int]:
    """«75 рублей 50 копеек», «10 долларов 99 центов»."""
    t, unit = toks[i], toks[i + 1]
    family = _SUBUNITS.get(unit.norm)
    if (
        t.kind == "num"
        and t.raw.isdigit()
        and len(t.raw) <= 2
        and family
        and code in _SUBUNIT_OF[family]
        and amount == amount.to_integral_value()
    ):
        return amount + Decimal(t.raw) / 100, i + 2
    return amount, i


def _qualifier(toks: list[_Tok], i: int) -> tuple[int, str]:
    """Index after a qualifier at i («около», «не менее», «более чем») and its kind, or (i, "")."""
    n = len(toks)
    w = toks[i].norm
    if w in QUALIFIER_PREFIXES and i + 1 < n and toks[i + 1].norm in _COMPARATIVES:
        j = i + 2
        kind = NEGATED[toks[i + 1].norm] if w == "не" else QUALIFIER_WORDS[toks[i + 1].norm]
    elif w in QUALIFIER_WORDS:
        j = i + 1
        kind = QUALIFIER_WORDS[w]
    else:
        return i, ""
    if toks[j - 1].norm in _COMPARATIVES and j < n and toks[j].norm == "чем":
        j += 1
    if j < n and toks[j].norm in ("в", "на") and (w in _LOOSE_QUALIFIERS or toks[j - 1].norm == "чем"):
        j += 1  # «оценивается почти в 7 млрд», «вырос более чем на 5 млн»
    return j, kind


def _parse_at(toks: list[_Tok], i: int) -> list[_Found]:
    """The amounts that start at token i (two for «с X до Y»), or none."""
    n = len(toks)
    w = toks[i].norm
    if w == "от":
        for x in _sides(toks, i + 1, True):
            if x.end < n and toks[x.end].norm == "до":
                for y in _sides(toks, x.end + 1, True):
                    found = _range(x, y)
                    if found:
                        found.first = i
                        return [found]
        # «цены от 10 долларов»: a lower bound; the «от» stays out of the span
        rest = _parse_at(toks, i + 1) if i + 1 < n else []
        if len(rest) == 1 and rest[0].first == i + 1 and not rest[0].qualifier:
            rest[0].qualifier = MORE_THAN
            return rest
        return []
    if w in ("с", "со"):
        return _change(toks, i)
    q, kind = _qualifier(toks, i)
    if q >= n:
        return []
    genitive = toks[q - 1].norm in _GENITIVE_PREPS if q > 0 else False
    found = _amount(toks, q, genitive)
    if found is None:
        return []
    found.first = i
    if kind == UP_TO and _after_change(toks, i):
        found.first = q  # after a verb of change «до X» is the new value, not a bound
    else:
        found.qualifier = kind
    return [found]


def _after_change(toks: list[_Tok], i: int) -> bool:
    """«выручка выросла до 5 млн рублей»: «до» after a verb of change is no bound."""
    for t in toks[max(0, i - 6) : i][::-1]:
        if t.kind == "punct" and t.raw != "%":
            return False
        if t.norm.startswith(_CHANGE_VERBS):
            return True
    return False


def _ends_sentence(text: str, k: int) -> bool:
    """Whether a sentence ends at k: end of text or line, or a capital next."""
    rest = text[k : k + 8].lstrip(" \t\u00a0")
    return not rest or rest[0] == "\n" or rest[0].isupper()


def _parse(text: str, toks: list[_Tok]) -> list[MoneyMatch]:
    out = []
    i, n = 0, len(toks)
    while i < n:
        if toks[i].kind in ("punct", "dash", "badnum"):
            i += 1
            continue
        founds = _parse_at(toks, i)
        if not founds:
            i += 1
            continue
        for found in founds:
            start, stop = toks[found.first].start, toks[found.end - 1].stop
            if text[stop - 1] == "." and _ends_sentence(text, stop):
                stop -= 1  # «… 750 млн руб.» at the end of a sentence: the dot is the full stop
            out.append(
                MoneyMatch(
                    start,
                    stop,
                    text[start:stop],
                    None if found.amount is None else _normalize(found.amount),
                    found.currency,
                    None if found.amount_max is None else _normalize(found.amount_max),
                    found.qualifier,
                )
            )
        i = founds[-1].end
    return out


# --------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------

_BACK, _AHEAD, _SLACK = 160, 80, 64  # characters parsed before and after a currency cue


def _inside_number(text: str, k: int) -> bool:
    """Whether position k is a space inside a grouped number («1 200 000»)."""
    return 0 < k < len(text) - 1 and text[k - 1].isdigit() and text[k + 1].isdigit()


def _windows(text: str, start: int, stop: int) -> list[tuple[int, int]]:
    windows: list[tuple[int, int]] = []
    for m in _CUE_RE.finditer(text, start, stop):
        # widen to a space outside a number, but never by more than _SLACK
        lo = max(start, m.start() - _BACK)
        floor = max(start, lo - _SLACK)
        while lo > floor and not (text[lo - 1].isspace() and not _inside_number(text, lo - 1)):
            lo -= 1
        hi = min(stop, m.end() + _AHEAD)
        ceiling = min(stop, hi + _SLACK)
        while hi < ceiling and not (text[hi].isspace() and not _inside_number(text, hi)):
            hi += 1
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], hi)
        else:
            windows.append((lo, hi))
    return windows


def find_money(text: str, start: int = 0, stop: int | None = None) -> list[MoneyMatch]:
    """Money amounts in ``text[start:stop]``; offsets index ``text``."""
    stop = len(text) if stop is None else stop
    out: list[MoneyMatch] = []
    for lo, hi in _windows(text, start, stop):
        out.extend(_parse(text, _tokenize(text, lo, hi)))
    return out


class MoneyStage(Stage):
    """Adds a MONEY mention and its :class:`Money` value for each amount found."""

    name = "money"
    requires = ("sentences",)
    assigns = ("mentions.money",)

    def __call__(self, doc: Document) -> Document:
        for i, sent in enumerate(doc.sentences):
            for m in find_money(sent.text):
                mention = doc.add_mention(
                    Mention(
                        sent.start + m.start,
                        sent.start + m.stop,
                        m.text,
                        type=MONEY,
                        sent_idx=i,
                        source=self.name,
                    )
                )
                set_token_span(mention, sent)
                doc.money.append(
                    Money(mention.mention_id, m.amount, m.currency, m.amount_max, m.qualifier)
                )
        return doc


def set_token_span(mention: Mention, sent: Sentence) -> None:
    """Token indexes of the mention in its sentence, when the sentence has tokens."""
    inside = [k for k, t in enumerate(sent.tokens) if t.start < mention.stop and t.stop > mention.start]
    if inside:
        mention.tok_start, mention.tok_stop = inside[0], inside[-1] + 1

"""The words of Russian date and time expressions (for :mod:`pipeline.dategrammar`).

Month and weekday forms, units of durations, the prepositions and qualifiers
a NEREL date span takes in, demonstratives («прошлом», «следующей») with
their shift from the document date, parts of the day, fixed phrases, and
the cheap test of which words may start an expression at all.
"""

from __future__ import annotations

import re

from pipeline.labels import DATE, KIND_POINT, TIME
from pipeline.stages.money import NUMWORDS
from pipeline.timex import Fixed, Spec


def forms(table: dict[int, str]) -> dict[str, int]:
    return {form: value for value, forms in table.items() for form in forms.split()}


MONTHS = forms(
    {
        1: "январь января январе январю январем январём янв",
        2: "февраль февраля феврале февралю февралем февралём фев",
        3: "март марта марте марту мартом",
        4: "апрель апреля апреле апрелю апрелем",
        5: "май мая мае маю маем",
        6: "июнь июня июне июню июнем",
        7: "июль июля июле июлю июлем",
        8: "август августа августе августу августом",
        9: "сентябрь сентября сентябре сентябрю сентябрем сентябрём сент",
        10: "октябрь октября октябре октябрю октябрем октябрём окт",
        11: "ноябрь ноября ноябре ноябрю ноябрем ноябрём",
        12: "декабрь декабря декабре декабрю декабрем декабрём дек",
    }
)
MONTH_ABBREV = frozenset(("янв", "фев", "сент", "окт", "дек"))

WEEKDAYS = forms(
    {
        0: "понедельник понедельника понедельнику понедельником понедельнике",
        1: "вторник вторника вторнику вторником вторнике",
        2: "среда среду среды средой",
        3: "четверг четверга четвергу четвергом четверге",
        4: "пятница пятницу пятницы пятнице пятницей",
        5: "суббота субботу субботы субботе субботой",
        6: "воскресенье воскресенья воскресенью воскресеньем",
    }
)
# «среда», «среды» are also «environment»: a weekday only after a preposition or before a date
WEAK_WEEKDAYS = frozenset(("среда", "среды", "средой"))
# «в выходные», «на выходных», «в минувшие выходные»: the weekend (TIMEX3 2019-W44-WE)
WEEKEND = frozenset("выходные выходных выходным".split())
DAY_NOUNS = frozenset("дни дней дням днях".split())

# Nouns of events after which a bare year names the edition («чемпионата мира 2003», «выборов 2018»).
EVENT_NOUNS_GEN = frozenset(
    "мира европы конфедераций выборов выборах выборы игр играх олимпиады олимпиаде фестиваля фестивале "
    "кинофестиваля кинофестивале конкурса конкурсе сезона сезоне евровидения евровидении форума форуме "
    "саммита саммите чемпионата чемпионате года".split()
)

YEAR_NOUNS = frozenset("год года году годом годе годы годов годам годами годах гг г".split())

UNITS = {
    **dict.fromkeys("год года году годом лет годы годов годам годами годах".split(), "Y"),
    **dict.fromkeys(
        "месяц месяца месяцу месяцем месяце месяцы месяцев месяцам месяцами месяцах".split(), "M"
    ),
    **dict.fromkeys("неделя недели неделе неделю неделей недель неделям неделями неделях".split(), "W"),
    **dict.fromkeys(
        "день дня дню днем днём дни дней дням днями днях сутки суток суткам сутками".split(), "D"
    ),
    **dict.fromkeys(
        "век века веку веком веке веков векам веками веках столетие столетия столетий".split(), "CE"
    ),
    **dict.fromkeys("десятилетие десятилетия десятилетий десятилетиями".split(), "DE"),
    **dict.fromkeys("час часа часу часов часам часами часах".split(), "TH"),
    **dict.fromkeys("минута минуты минуту минутой минут минутам минутами минутах".split(), "TM"),
    **dict.fromkeys("секунда секунды секунду секундой секунд секундам секундами".split(), "TS"),
}
# One word that is a number and a unit: «полгода» = P6M
FUSED = {
    "полгода": (6, "M"),
    "полугода": (6, "M"),
    "полвека": (50, "Y"),
    "полувека": (50, "Y"),
    "полчаса": (30, "TM"),
    "получаса": (30, "TM"),
    "полдня": (12, "TH"),
    "полтора": (1.5, ""),
}
FRACTIONS = {"полтора": 1.5, "полторы": 1.5, "полутора": 1.5}
VAGUE = frozenset(
    "несколько нескольких нескольким несколькими много многих многие многими считанные "
    "считанных десятки десятков десятилетиями сотни сотен пару пары пара".split()
)
PAIR = frozenset(("пару", "пары", "пара"))

# Prepositions and qualifiers a date span takes in (NEREL), as word tuples.
PREFIXES = sorted(
    (
        tuple(p.split())
        for p in (
            "в во с со до к ко на по за от через около после спустя примерно почти свыше порядка "
            "приблизительно".split()
        )
        + [
            "в течение",
            "в течении",
            "на протяжении",
            "не менее",
            "не более",
            "не позднее",
            "не ранее",
            "более",
            "менее",
            "больше",
            "более чем",
            "менее чем",
            "более чем за",
            "менее чем за",
            "примерно в",
            "немногим более",
            "чуть более",
            "чуть больше",
            "почти за",
            "примерно за",
            "по состоянию на",
            "в период с",
            "в период со",
            "в период до",
            "в период от",
            "через почти",
            "спустя почти",
            "почти через",
        ]
    ),
    key=len,
    reverse=True,
)
PREFIXES_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _p in PREFIXES:
    PREFIXES_BY_FIRST.setdefault(_p[0], []).append(_p)
# Prepositions after which a unit alone is a duration («за год», «через неделю»), not a rate («в год»).
UNIT_ALONE_AFTER = frozenset(
    "за через течение течении протяжении более менее больше около почти свыше "
    "спустя порядка чем на до".split()
)
# Words before «N лет» that make it an age (NEREL AGE), not a duration.
AGE_CUES = frozenset(
    "возрасте возраста возраст исполнилось исполнится исполнилось исполняется было будет "
    "моложе старше младше свои своих ему ей им которому которой достигшие достигших "
    "достигнув достиг достигла".split()
)

# Demonstratives: shift from the document date.
SHIFT = {}
for _stem, _n in (
    ("эт", 0),
    ("текущ", 0),
    ("нынешн", 0),
    ("прошл", -1),
    ("минувш", -1),
    ("предыдущ", -1),
    ("позапрошл", -2),
    ("следующ", 1),
    ("будущ", 1),
    ("наступающ", 1),
    ("грядущ", 1),
    ("наступивш", 0),
    ("уходящ", 0),
    ("истекш", -1),
    ("предстоящ", 1),
    ("прошедш", -1),
):
    SHIFT[_stem] = _n
DEMONSTRATIVE_RE = re.compile(
    r"(эт|текущ|нынешн|позапрошл|прошл|минувш|предыдущ|следующ|будущ|наступающ|грядущ|наступивш|уходящ|"
    r"истекш|предстоящ|прошедш)(?:ом|ого|его|ий|ой|ей|ую|юю|ая|яя|ее|ие|их|им|ими|ему|ем|ый|ые|ых|ым|ыми|а|у|и|о|от|у)$"
)

SEASONS = {
    **dict.fromkeys("зима зимы зиме зиму зимой зимою".split(), "WI"),
    **dict.fromkeys("весна весны весне весну весной весною".split(), "SP"),
    **dict.fromkeys("лето лета летом".split(), "SU"),
    **dict.fromkeys("осень осени осенью".split(), "FA"),
}

PARTS_OF_DAY = {
    **dict.fromkeys("утром утра утро".split(), "MO"),
    **dict.fromkeys("днем днём".split(), "AF"),
    **dict.fromkeys("вечером вечера вечер".split(), "EV"),
    **dict.fromkeys("ночью ночи ночь".split(), "NI"),
}
HOUR_OF = {"утра": 0, "дня": 12, "вечера": 12, "ночи": 0}
EARLY_LATE = frozenset("рано поздно ранним поздним ранним поздним поздней ранней".split())
NOON = {"полдень": "12:00", "полудня": "12:00", "полудню": "12:00", "полночь": "00:00", "полуночи": "00:00"}

TZ_WORDS = frozenset(("мск", "msk", "gmt", "utc"))
TZ_ADJ_RE = re.compile(
    r"(местн|московск|киевск|минск|астанинск|алматинск|вашингтонск|токийск|"
    r"пекинск|лондонск|гринвичск|восточн|центральноевропейск)\w*"
)

ORDINALS = {}
for _v, _stem in ((1, "перв"), (2, "втор"), (3, "трет"), (4, "четверт")):
    for _end in (
        "ый",
        "ого",
        "ом",
        "ому",
        "ым",
        "ая",
        "ой",
        "ую",
        "ий",
        "ье",
        "ья",
        "ьем",
        "ьего",
        "ьей",
        "ью",
        "ьему",
        "ьим",
    ):
        ORDINALS[_stem + _end] = _v
DECADE_WORDS = {
    "двадцат": 2,
    "тридцат": 3,
    "сороков": 4,
    "пятидесят": 5,
    "шестидесят": 6,
    "семидесят": 7,
    "восьмидесят": 8,
    "девяност": 9,
}
DECADE_RE = re.compile(r"(" + "|".join(DECADE_WORDS) + r")(?:ые|ых|ым|ыми|ыx|е)$")

PART_WORDS = {
    **dict.fromkeys("начале начала начало началу".split(), "start"),
    **dict.fromkeys("конце конца конец концу".split(), "end"),
    **dict.fromkeys("середине середины середину".split(), "mid"),
}
# «конца года», «начале месяца»: the period a part of which, named by no
# number, is the current one (the unit of Spec.shift_unit)
CURRENT_PERIODS = {"года": "Y", "месяца": "M", "недели": "W"}
HALF_WORDS = frozenset("половине половины половину".split())
QUARTER_WORDS = frozenset("квартал квартала квартале кварталу кварталом".split())
HALFYEAR_WORDS = frozenset("полугодие полугодия полугодии полугодию".split())

RELATIVE_DAYS = {"сегодня": 0, "вчера": -1, "позавчера": -2, "завтра": 1, "послезавтра": 2, "накануне": -1}
SETS = {
    "ежегодно": "P1Y",
    "ежедневно": "P1D",
    "еженедельно": "P1W",
    "ежемесячно": "P1M",
    "ежечасно": "PT1H",
    "ежеквартально": "P3M",
}
EACH = frozenset("каждый каждую каждое каждые каждого каждой каждом".split())
# «в 10 минутах ходьбы», «в двух часах езды»: a distance, no duration.
WAY_WORDS = frozenset("ходьбы езды пути лета полета полёта".split())
AGO = frozenset(("назад", "спустя", "подряд", "ранее", "позже", "позднее"))
RECENT_RE = re.compile(r"(?:последн|ближайш)(?:ие|их|ий|ей|юю|яя|ее|его|им|ими)$")
SINGULAR_UNITS = frozenset(
    "год года годом месяц месяца неделю недели неделя сутки суток день века век "
    "час часа минуту минуты секунду".split()
)
ADJ_DURATION_RE = re.compile(
    r"(\d+|[а-я]+?)-?(дневн|недельн|месячн|часов|минутн)(?:ый|ая|ое|ые|ого|ой|ых|ую|ым|ыми|ом)$"
)
LETN_RE = re.compile(r"(\d+|[а-я]+?)-?летн(?:ий|яя|ее|ие|его|ей|их|юю|им|ими|ем)$")
LETN_NOUNS = frozenset(
    "срок срока сроком период периода перерыв перерыва мораторий контракт контракта "
    "план плана программа программы программу опыт опыта стаж стажа карантин "
    "карантина".split()
)

FIXED = {
    ("на", "сегодняшний", "день"): (Spec(ref="PRESENT_REF"), DATE),
    ("в", "наши", "дни"): (Spec(ref="PRESENT_REF"), DATE),
    ("в", "тот", "же", "день"): (Spec(ref="X"), DATE),
    ("в", "этот", "же", "день"): (Spec(ref="X"), DATE),
    ("в", "тот", "день"): (Spec(ref="X"), DATE),
    ("в", "этот", "день"): (Spec(ref="X"), DATE),
    ("в", "этот", "час"): (Spec(ref="X", clock="XX:XX"), TIME),
    ("на", "следующий", "день"): (Spec(ref="X"), DATE),
    ("в", "том", "же", "году"): (Fixed("XXXX", KIND_POINT), DATE),
    ("на", "днях"): (Spec(ref="PAST_REF"), DATE),
    ("долгие", "годы"): (Fixed("PXY"), DATE),
}
# «майских указов», «октябрьском пленуме»: a month of an unnamed year.
MONTH_ADJ_STEMS = (
    "январск февральск мартовск апрельск майск июньск июльск августовск сентябрьск октябрьск ноябрьск "
    "декабрьск".split()
)
MONTH_ADJ_RE = re.compile(
    r"(январск|февральск|мартовск|апрельск|майск|июньск|июльск|августовск|сентябрьск|октябрьск|ноябрьск|"
    r"декабрьск)(?:ий|ая|ое|ие|ого|ой|их|им|ими|ую|ом|ему)$"
)
FIXED_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _k in sorted(FIXED, key=len, reverse=True):
    FIXED_BY_FIRST.setdefault(_k[0], []).append(_k)


def starters() -> frozenset[str]:
    """Words an expression may start with (besides digits, Roman numerals and the patterns below)."""
    words: set[str] = set()
    for table in (
        MONTHS,
        WEEKDAYS,
        WEEKEND,
        RELATIVE_DAYS,
        SETS,
        FUSED,
        FRACTIONS,
        SEASONS,
        PARTS_OF_DAY,
        NOON,
        ORDINALS,
        PART_WORDS,
        NUMWORDS,
        PREFIXES_BY_FIRST,
        FIXED_BY_FIRST,
    ):
        words.update(table)
    words.update(VAGUE | EACH | EARLY_LATE | SINGULAR_UNITS | {"годом", "с.г", "т.г"})
    return frozenset(words)


STARTER_RE = re.compile(
    r"\d|[IVXL]+(?:[-–—][IVXL]+)?$|.*(?:летн|дневн|недельн|месячн|часов|минутн)|"
    + DEMONSTRATIVE_RE.pattern
    + "|"
    + MONTH_ADJ_RE.pattern
    + "|"
    + RECENT_RE.pattern
    + "|"
    + DECADE_RE.pattern[:-1]
    + "(?:-|$)"
)


STARTERS = starters()
ONLY_PREFIX = frozenset(PREFIXES_BY_FIRST) - frozenset(FIXED_BY_FIRST) - frozenset(NUMWORDS)


ADJ_NUMBERS = {
    "одно": 1,
    "двух": 2,
    "трех": 3,
    "четырех": 4,
    "пяти": 5,
    "шести": 6,
    "семи": 7,
    "восьми": 8,
    "девяти": 9,
    "десяти": 10,
    "пятнадцати": 15,
    "двадцати": 20,
    "тридцати": 30,
    "сорока": 40,
    "пятидесяти": 50,
    "ста": 100,
    "много": None,
}

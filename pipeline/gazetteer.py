"""Word lists the NER layer uses as features: nouns that name bodies
(«правительство», «министерство», «Госдума»), legal forms («ПАО») and place
words («область», «район»).

They are hints for the tagger, not decisions: NEREL tags «правительство» as an
organization when it names one body and the tagger learns when that is.
"""

from __future__ import annotations

# Lemmas of common nouns (and short names) that head the name of a body.
ORG_BODIES = frozenset("""
правительство министерство минфин минобороны минюст минздрав минобрнаука минэкономразвития
минтранс минэнерго минпромторг минкультуры минприроды минсельхоз минтруд минстрой минспорт
мид мвд мчс фсб свр фсо фсин фнс фас цб цик ск скр генпрокуратура прокуратура
ведомство комитет комиссия совет совфед госдума дума парламент сенат конгресс рада меджлис
кнессет бундестаг палата собрание кабинет аппарат администрация мэрия муниципалитет ратуша
правление президиум кремль белый суд трибунал арбитраж служба управление департамент
агентство инспекция надзор роскомнадзор росстат росавиация роспотребнадзор росреестр
полиция милиция армия флот войско гвардия штаб командование
евросоюз ес оон нато обсе юнеско вто мвф мок фифа уефа снг еаэс одкб шос брикс оопек опек
партия фракция движение союз ассоциация федерация объединение организация фонд
компания корпорация концерн холдинг группа банк биржа завод фабрика комбинат
университет институт академия школа лицей колледж центр лаборатория
театр музей библиотека галерея филармония консерватория оркестр
газета журнал издание редакция телеканал радиостанция агентство интерфакс тасс риа
клуб команда сборная лига
посольство консульство представительство миссия
""".split())

# Lemma sequences that name an organization even where a tagger sees a place.
ALWAYS_ORG = frozenset({"ес", "евросоюз", "европейский союз"})

# Legal forms written before a quoted company name.
LEGAL_FORMS = frozenset("пао оао ооо зао ао нко ано гуп фгуп муп ип гк нпо ттк фк хк".split())

# Lemmas of common nouns that head a place name.
# Parts of a place named by direction or position: «на юге Турции», «западном
# побережье США», «в центре Москвы».  NEREL marks the whole as a LOCATION with
# the named place nested in it, LOCATED_IN it.
PLACE_PARTS = frozenset("""юг север запад восток центр северо-запад северо-восток юго-запад
юго-восток окраина пригород побережье окрестность""".split())
# Adjectives of direction or position that, written in lower case before a
# place, name a part of it: «южной Германии», «восточной Украины» (NEREL nests
# the place; capitalized they are part of a name: «Южной Кореи»).
DIRECTION_ADJECTIVES = frozenset("""северный южный западный восточный центральный северо-западный
северо-восточный юго-западный юго-восточный""".split())
# Parts of the world whose parts by direction NEREL nests even when the
# adjective is capitalized: «Восточной Европе» holds «Европе», «Центральной
# Азии» «Азии» (8 of 8 on NEREL train and dev; «Южной Америке», «Северной
# Африке» are marked both ways, so they are not here).
CONTINENTS = frozenset({"европа", "азия"})
PLACE_WORDS = frozenset("""
область край республика округ район город село деревня посёлок поселок станица улица проспект
площадь страна штат провинция регион остров полуостров река озеро море океан гора горы залив
пролив континент материк графство земля кантон губерния волость
""".split())


def word_class(lemma: str) -> str:
    """``body``, ``legal``, ``place`` or ``""`` for a lower-case lemma."""
    if lemma in LEGAL_FORMS:
        return "legal"
    if lemma in ORG_BODIES:
        return "body"
    if lemma in PLACE_WORDS:
        return "place"
    return ""


# Adjectives whose stem is not the place name's: «американский» → США.
ADJ_PLACES = {"американск": "сша", "британск": "великобритания", "английск": "великобритания",
              "советск": "ссср", "немецк": "германия", "голландск": "нидерланды",
              "швейцарск": "швейцария", "белорусск": "белоруссия", "московск": "москва",
              "петербургск": "санкт-петербург", "турецк": "турция", "греческ": "греция",
              "шведск": "швеция", "датск": "дания", "чешск": "чехия", "армянск": "армения",
              "литовск": "литва", "тайск": "таиланд", "кубинск": "куба", "южноафриканск": "юар",
              "итальянск": "италия", "римск": "рим",
              # stems the place's name does not begin with, or that a small
              # town's name would take first («уральский» is the Urals', not
              # Уральск's; «татарский» Tatarstan's, not Татарск's)
              "норвежск": "норвегия", "финск": "финляндия", "венгерск": "венгрия",
              "шотландск": "шотландия", "каталонск": "каталония", "боснийск": "босния и герцеговина",
              "северокорейск": "кндр", "южнокорейск": "южная корея", "саудовск": "саудовская аравия",
              "афганск": "афганистан", "таджикск": "таджикистан", "узбекск": "узбекистан",
              "казахск": "казахстан", "европейск": "европа", "африканск": "африка", "азиатск": "азия",
              "латиноамериканск": "латинская америка", "центральноазиатск": "центральная азия",
              "скандинавск": "скандинавия", "кавказск": "кавказ", "северокавказск": "северный кавказ",
              "уральск": "урал", "сибирск": "сибирь", "башкирск": "башкортостан", "татарск": "татарстан",
              "мордовск": "мордовия", "чеченск": "чечня", "грозненск": "грозный", "уфимск": "уфа",
              "сочинск": "сочи", "махачкалинск": "махачкала", "нижегородск": "нижний новгород",
              "химкинск": "химки"}
_ADJ_ENDINGS = ("ий", "ой", "ая", "ое", "ые", "ие", "их", "ых", "ым", "им", "ом", "ую", "го", "му", "ми",
                "ей")


def place_adjective(text: str) -> bool:
    """A place adjective: «итальянских», «российской», «нью-йоркском», «немецкой»."""
    t = text.lower().replace("ё", "е")
    return " " not in t and len(t) > 5 and ("ск" in t[-7:] or "цк" in t[-7:]) and t[-2:] in _ADJ_ENDINGS


def names_place(adjective: str, place: str) -> bool:
    """Whether the place adjective is the adjective of the one-word place
    name ``place`` (lower case, ё as е), by a stricter test than
    :func:`adjective_of`'s, for places no sentence puts side by side: the
    adjective's stem («российск» → «россий») starts with the place name less
    at most two letters of its ending («росси», «франц», «герман», «поль»;
    four letters left at least), and adds at most two («й», «уз», «ан»), or
    the adjective is one of :data:`ADJ_PLACES`: «австрийский» is Австрия's,
    not Австралия's, «индонезийский» not Индия's."""
    a = adjective.lower().replace("ё", "е")
    if " " in place or not place_adjective(a):
        return False
    if any(a.startswith(k) and place == v for k, v in ADJ_PLACES.items()):
        return True
    stem = a[:max(a.rfind("ск"), a.rfind("цк"))].removeprefix("все")
    return any(len(place) - k >= 4 and stem.startswith(place[:len(place) - k])
               and len(stem) - (len(place) - k) <= 2 for k in (0, 1, 2))


def adjective_of(adjective: str, place: str) -> bool:
    """Whether the place adjective names the place (its normal form, lower
    case, ё as е): «итальянских» → «италия», «американском» → «сша»."""
    a = adjective.lower().replace("ё", "е")
    stem = a[:max(a.rfind("ск"), a.rfind("цк"))]  # «итальянск-», «немецк-»
    for k, v in ADJ_PLACES.items():
        if a.startswith(k) and (place == v or place.startswith(v[:5])):
            return True
    stem = stem.removeprefix("все")
    n = min(len(stem), len(place))
    common = next((i for i in range(n) if stem[i] != place[i]), n)
    return common >= 4 or (common >= 3 and common == len(stem))

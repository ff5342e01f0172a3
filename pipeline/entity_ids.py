"""Entity ids: ``entity_id`` = ``TYPE-<12 hex>``, a hash of the type and the
key of the entity's name, so the same entity gets the same id in every
document and every run.  The name is the fullest form the link stage finds,
a well-known short name put in its full form (:func:`entity_name`).

Both the link stage (which makes the ids) and the writers (which name the
entities of ``entities.csv``) use this one rule.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

from pipeline.labels import PER

# Well-known short names (lower case) -> full names.
ALIASES: dict[str, str] = {
    "рф": "Российская Федерация",
    "россия": "Российская Федерация",
    "сша": "Соединённые Штаты Америки",
    "штаты": "Соединённые Штаты Америки",
    "соединенные штаты": "Соединённые Штаты Америки",
    "америка": "Соединённые Штаты Америки",
    "оаэ": "Объединённые Арабские Эмираты",
    "эмираты": "Объединённые Арабские Эмираты",
    "молдавия": "Республика Молдова",
    "молдова": "Республика Молдова",
    "чечня": "Чеченская Республика",
    "приморье": "Приморский край",
    "курилы": "Курильские острова",
    "рк": "Республика Казахстан",
    "казахстан": "Республика Казахстан",
    "рб": "Республика Беларусь",
    "белоруссия": "Республика Беларусь",
    "беларусь": "Республика Беларусь",
    "великобритания": "Соединённое Королевство",
    "англия": "Соединённое Королевство",
    "британия": "Соединённое Королевство",
    "ес": "Европейский союз",
    "евросоюз": "Европейский союз",
    "оон": "Организация Объединённых Наций",
    "нато": "Организация Североатлантического договора",
    "атлантический альянс": "Организация Североатлантического договора",
    "кнр": "Китайская Народная Республика",
    "китай": "Китайская Народная Республика",
    "фрг": "Федеративная Республика Германия",
    "германия": "Федеративная Республика Германия",
    "мид": "Министерство иностранных дел",
    "минфин": "Министерство финансов",
    "минобороны": "Министерство обороны",
    "мвд": "Министерство внутренних дел",
    "фсб": "Федеральная служба безопасности",
    "цб": "Центральный банк",
    "госдума": "Государственная дума",
    "совфед": "Совет Федерации",
    "питер": "Санкт-Петербург",
    "петербург": "Санкт-Петербург",
    "спб": "Санкт-Петербург",
}
_WORD = re.compile(r"[\w-]+")


@lru_cache(maxsize=4096)  # the link stage asks again and again for a document's few names
def key(name: str) -> str:
    return " ".join(_WORD.findall(name.lower().replace("ё", "е")))


def entity_id(typ: str, name: str) -> str:
    digest = hashlib.sha1(f"{typ}|{key(name)}".encode()).hexdigest()[:12]
    return f"{typ}-{digest}"


def entity_name(typ: str, name: str) -> str:
    """The name an entity's id is made from (``entity_id(typ,
    entity_name(typ, name))``): a well-known one-word short name's full form
    («РК», «Казахстан» → «Республика Казахстан»; not a person's), else ``name``."""
    full = ALIASES.get(key(name))
    return full if full and len(key(name).split()) == 1 and typ != PER else name

"""Entity linking: mentions of one entity share an ``entity_id``.

Within a document, a person named by the surname alone («Капитанов») joins
the person with the full name («Олег Капитанов»), or, when several full names
share the surname, the one of its gender («Обама заявил»); an abbreviation
joins the full name it abbreviates («РФ» → «Российская Федерация», by initials
or by the known-alias table); a company's name joins the name with its legal
form («Сбербанк», «ПАО «Сбербанк»»); another script's spelling in brackets
joins the mention before it («Джоэл Саймон (Joel Simon)»).  The entity's name
is its fullest form.  Across the corpus ``entity_id`` depends only on the
type and the name, so the same entity gets the same id in every document and
every run (a surname alone, in a document without the full name, is an
entity of its own: which full name it stands for would depend on the rest of
the corpus, and so on which documents a run has seen; :mod:`pipeline.corpus`
groups the ids into real-world entities over the whole corpus,
``canonical_id`` in entities.csv).
"""

from __future__ import annotations

import re
from collections import Counter

from pipeline.doc import Document, Mention
from pipeline.entity_ids import ALIASES, entity_id, entity_name, key
from pipeline.gazetteer import LEGAL_FORMS, adjective_of, place_adjective
from pipeline.labels import LOC, MONEY, ORG, PER
from pipeline.stages import Stage

_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
_LATIN = re.compile(r"[a-zà-ÿ]", re.IGNORECASE)
_OPENING = re.compile(r"[»\"]? ?\( ?$")
_SMALL = {"и", "по", "в", "на", "для", "при", "с", "о", "об", "от", "до", "за", "из"}


def initials(name: str) -> str:
    """«Российская Федерация» → «рф»; «Организация Объединённых Наций» → «оон»;
    each part of a hyphenated word counts («Северо-Кавказский федеральный
    округ» → «скфо», «Hewlett-Packard» → «hp»)."""
    words = [w for w in re.findall(r"\w+", name.lower()) if w not in _SMALL]
    return "".join(w[0] for w in words) if len(words) >= 2 else ""


def canonical_key(name: str) -> str:
    """The key two names of one entity share: the known alias's full name
    («РФ» → «Российская Федерация»), without a legal form («ООО «Алтек»» and
    «Алтек» are one company)."""
    k = key(name)
    words = k.split()
    if len(words) > 1 and words[0] in LEGAL_FORMS:
        k = " ".join(words[1:])
    return key(ALIASES.get(k, k))


def _fullness(m: Mention) -> tuple[int, int]:
    return len(key(m.normal).split()), len(m.normal)


def _one(candidates: list[Mention], ident) -> Mention | None:
    """The fullest candidate when all candidates are one person (by ``ident``)."""
    if not candidates or len({ident(c) for c in candidates}) != 1:
        return None
    return max(candidates, key=_fullness)


def person_target(m: Mention, mentions: list[Mention], gender: dict[int, str] | None = None) -> Mention:
    """The mention naming the person ``m`` names most fully: «Капитанов» →
    «Олег Капитанов», «О. Капитанов» → «Олег Капитанов», «Реджеп Эрдоган» →
    «Реджеп Тайип Эрдоган», «Борис Николаевич» → «Борис Николаевич Ельцин»;
    a name alone («Михаэль») joins the one full name with that first name.
    A surname several full names share joins the one of its gender
    (``gender``: ``id(mention)`` → ``Masc``/``Fem``, from the tagger): «Обама
    заявил» → «Барак Обама», not «Мишель Обама»."""
    full = [f for f in mentions if f.type == PER and f.first and f.last and f is not m]
    last, first = key(m.last), key(m.first)
    if m.first and m.last:
        same = [f for f in full if key(f.last) == last and key(f.first)[:1] == first[:1]
                and len(key(f.first)) >= len(first)]
        return max([m, *same], key=_fullness)
    if m.last:
        by_last = [f for f in full if key(f.last) == last]
        by_first = [f for f in full if key(f.first) == last]
        target = _one(by_last, lambda f: key(f.first)[:1]) or (
            None if by_last else _one(by_first, lambda f: key(f.last)))
        return target or _one_of_gender(m, by_last, gender or {}) or m
    if m.first:  # first name and patronymic
        same = [f for f in full if key(f.first) == first and (not f.middle or key(f.middle) == key(m.middle))]
        return _one(same, lambda f: key(f.last)) or m
    return m


def _one_of_gender(m: Mention, candidates: list[Mention], gender: dict[int, str]) -> Mention | None:
    """The fullest candidate of the one person (by first initial) whose
    mentions the tagger gives ``m``'s gender most often."""
    want = gender.get(id(m), "")
    if not want or not candidates:
        return None
    people: dict[str, list[Mention]] = {}
    for c in candidates:
        people.setdefault(key(c.first)[:1], []).append(c)
    fits = [ms for ms in people.values() if _majority([gender.get(id(c), "") for c in ms]) == want]
    return max(fits[0], key=_fullness) if len(fits) == 1 else None


def _majority(values: list[str]) -> str:
    """The most frequent non-empty value, "" on a tie or none."""
    counts = Counter(v for v in values if v)
    top = counts.most_common(2)
    return top[0][0] if top and (len(top) == 1 or top[0][1] > top[1][1]) else ""


def person_genders(doc: Document) -> dict[int, str]:
    """``id(mention)`` → the UD gender the tagger gives most of a person
    mention's words (``Masc``/``Fem``; "" when it does not say)."""
    out: dict[int, str] = {}
    for m in doc.mentions:
        if m.type != PER or not 0 <= m.sent_idx < len(doc.sentences):
            continue
        toks = [t for t in doc.sentences[m.sent_idx].tokens if m.start <= t.start and t.stop <= m.stop]
        out[id(m)] = _majority([t.feats.get("Gender", "") for t in toks if t.text[:1].isalpha()])
    return out


def _longer_name(m: Mention, others: list[Mention]) -> Mention | None:
    """The one longer name of the same type that ``m`` starts or ends: «Конгресс»
    → «Конгресс США», «ФИФА» → «Международная федерация футбола ФИФА»; or
    that the full name of a known abbreviation starts: «ЦБ» → «Центральный
    банк РФ», «МИД» → «Министерство иностранных дел России»."""
    words = key(m.normal).split()
    n = len(words)
    if not words:
        return None
    longer = [o for o in others if o.type == m.type and len(key(o.normal).split()) > n]
    hits = [o for o in longer if key(o.normal).split()[:n] == words
            or (n == 1 and m.normal.isupper() and key(o.normal).split()[-1] == words[0])]
    if not hits and n == 1 and words[0] in ALIASES:  # «ЦБ» → «Центральный банк РФ»
        full = key(ALIASES[words[0]]).split()
        hits = [o for o in others if o.type == m.type and len(key(o.normal).split()) > len(full)
                and key(o.normal).split()[:len(full)] == full]
    return _one(hits, lambda o: key(o.normal))


def _script(text: str) -> str:
    """``cyr`` or ``lat``: the script of a name's letters ("" when mixed or none)."""
    cyr = bool(_CYRILLIC.search(text))
    lat = bool(_LATIN.search(text))
    return "cyr" if cyr and not lat else "lat" if lat and not cyr else ""


def bracketed_spellings(doc: Document) -> dict[int, Mention]:
    """Mentions that are another script's spelling, in brackets right after a
    mention of the same type («Джоэл Саймон (Joel Simon)», «Фольксваген»
    (Volkswagen)) -> that mention (by ``id``)."""
    by_stop: dict[tuple[str, int], Mention] = {}
    for m in doc.mentions:
        by_stop.setdefault((m.type, m.stop), m)
    out: dict[int, Mention] = {}
    for m in doc.mentions:
        if m.type == MONEY:
            continue
        window = doc.text[max(0, m.start - 4):m.start]
        opening = _OPENING.search(window)
        if opening is None or not doc.text[m.stop:].lstrip(" ").startswith(")"):
            continue
        prev = by_stop.get((m.type, m.start - len(opening.group())))
        if prev is not None and {_script(prev.text), _script(m.text)} == {"cyr", "lat"}:
            out[id(m)] = prev
    return out


def adjective_places(doc: Document, mentions: list[Mention]) -> list[tuple[Mention, Mention]]:
    """A place adjective in lower case («российского», «итальянских»), or
    capitalized only as a sentence's first word before a lower-case one
    («Немецкий концерн Siemens»), and a mention of the place it names in the
    document («России», «Италии», «Германии»), when it names one place there:
    the adjective is a mention of that place (NEREL marks it as one: COUNTRY
    «российского»)."""
    places = [m for m in mentions if m.type == LOC and m.text[:1].isupper() and not place_adjective(m.text)]
    out = []
    for adj in mentions:
        if adj.type != LOC or not place_adjective(adj.text) or not (
                adj.text[:1].islower() or _sentence_initial(doc, adj)):
            continue  # capitalized, it is part of a name: «Нидерландские Антилы», «станция Московская»
        named = [p for p in places if adjective_of(adj.text, p.normal.lower().replace("ё", "е"))]
        if named and len({canonical_key(p.normal) for p in named}) == 1:
            out.append((adj, named[0]))
    return out


def _sentence_initial(doc: Document, m: Mention) -> bool:
    """The mention is its sentence's first word, and a lower-case word follows."""
    if m.tok_start != 0 or not 0 <= m.sent_idx < len(doc.sentences):
        return False
    tokens = doc.sentences[m.sent_idx].tokens
    return m.tok_stop == 1 and len(tokens) > 1 and tokens[1].text[:1].islower()


class Linker(Stage):
    name = "link"
    requires = ("mentions.normal",)
    assigns = ("mentions.entity",)

    def __call__(self, doc: Document) -> Document:
        keys: dict[int, str] = {}  # id(mention) -> cluster key
        gender = person_genders(doc)
        for m in doc.mentions:
            if m.type == PER:
                target = person_target(m, doc.mentions, gender)
                keys[id(m)] = f"{PER}|{key(target.last or target.normal)}|{key(target.first)[:1]}"

        others = [m for m in doc.mentions if m.type not in (PER, MONEY)]
        by_initials = {}
        for m in others:
            ini = initials(m.normal)
            if ini:
                by_initials.setdefault((m.type, ini), m)
        for m in others:
            target = by_initials.get((m.type, key(m.normal).replace(" ", "")))
            if (target is None or len(key(m.normal).split()) != 1) and m.type in (ORG, LOC):
                target = _longer_name(m, others) or m
            target = target or m
            keys[id(m)] = f"{m.type}|{canonical_key(target.normal)}"
        for adj, place in adjective_places(doc, others):
            keys[id(adj)] = keys[id(place)]
        for mid, prev in bracketed_spellings(doc).items():
            keys[mid] = keys[id(prev)]

        clusters: dict[str, list[Mention]] = {}
        for m in doc.mentions:
            if m.type == MONEY:
                m.entity_id = entity_id(MONEY, m.normal)
            else:
                clusters.setdefault(keys[id(m)], []).append(m)

        for members in clusters.values():
            # The fullest name; the Cyrillic one of two spellings; a place's
            # name, not its adjective.
            typ = members[0].type
            name = max((m.normal for m in members),
                       key=lambda n: (not (typ == LOC and place_adjective(n)), len(key(n).split()),
                                      _script(n) != "lat", len(n)))
            eid = entity_id(typ, entity_name(typ, name))
            for m in members:
                m.entity_id = eid
        return doc

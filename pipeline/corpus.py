"""The corpus step: what is decided over the whole corpus once every document
is processed.  The engines call it before the corpus tables are written
(:class:`pipeline.engines.core.Assembler`); the writers only format its result.

Cross-document identity.  An ``entity_id`` never depends on other documents:
runs are streamed and resumable, so mentions.csv (and relations.csv,
officials.csv, cooccurrence.csv) are written document by document, before
the corpus is known, and a reused document keeps its rows.  The corpus step
then groups those ids into real-world entities (:func:`group_entities`), and
entities.csv says it: every id keeps its row (so every table joins to it on
``entity_id``), ``canonical_id`` names the real-world entity it belongs to
(itself for the canonical row), ``same_as`` the same when it is another id,
and the canonical rows (``same_as`` empty: each real-world entity once)
carry its ``aliases`` and its totals over all its ids.

The rules, each only when exactly one candidate fits:

* a person: a surname alone («Сагинтаев») → the one full name with that
  surname («Бакытжан Сагинтаев»); a name with initials or fewer given names
  («В. Путин», «Владимир Путин») → the fullest name of the one person whose
  given names agree with it («Владимир Владимирович Путин»).  Two people
  sharing a surname («Сергей Иванов», «Иван Иванов») keep «Иванов» apart.
* an organization, place or facility: names equal without a legal form,
  quotes or as a known alias («ПАО «Газпром»», «Газпром»; «РФ», «Российская
  Федерация») are one; an abbreviation («ФАС») joins the one longer name
  that a document gave it as its abbreviation and that it abbreviates by
  initials («Федеральная антимонопольная служба (ФАС)»).  A short name is
  not joined to a longer one by its first or last word: «Газпром» is not
  «Газпром нефть», «ФИДЕ» not «президентский совет ФИДЕ», though a document
  may join them (link.py, within that document only).
* a place named only by its adjective in its documents («французские
  власти»), in lower case at least once → the one place of the corpus it is
  the adjective of («Франция»), which stays the canonical entity.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from pipeline.doc import Document, fullest_name
from pipeline.entity_ids import key
from pipeline.gazetteer import ADJ_PLACES, names_place, place_adjective
from pipeline.labels import FAC, LOC, ORG, PER
from pipeline.stages.link import canonical_key, initials

# entity_id -> (type, name, n_mentions, {normal form of a mention: count})
Entities = dict[str, tuple[str, str, int, dict[str, int]]]
NAME_TYPES = (ORG, LOC, FAC)


@dataclass(slots=True)
class Grouping:
    """The corpus step's result: ``canonical``: entity_id → the id of the
    real-world entity it is (itself when it is the canonical one);
    ``aliases``: canonical id → its other names, most frequent first."""

    canonical: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, list[str]] = field(default_factory=dict)

    def same_as(self) -> dict[str, str]:
        """entity_id → its canonical id, for the ids that are not canonical."""
        return {e: c for e, c in self.canonical.items() if e != c}


def group_entities(entities: Entities) -> Grouping:
    """Group the corpus's entity ids into real-world entities (see the module)."""
    parent = {eid: eid for eid in entities}

    def find(e: str) -> str:
        while parent[e] != e:
            parent[e] = parent[parent[e]]
            e = parent[e]
        return e

    def union(a: str, b: str) -> None:
        parent[find(a)] = find(b)

    keys = {eid: key(name) for eid, (_t, name, _n, _ns) in entities.items()}
    for a, b in [*_person_links(entities, keys), *_name_links(entities, keys), *_adjective_links(entities)]:
        union(a, b)
    members: dict[str, list[str]] = {}
    for eid in entities:
        members.setdefault(find(eid), []).append(eid)
    out = Grouping()
    for ids in members.values():
        head = ids[0] if len(ids) == 1 else max(
            ids, key=lambda e: (not _adjective_named(entities[e]), *_fullness(keys[e]), entities[e][2],
                                len(keys[e]), e))
        for e in ids:
            out.canonical[e] = head
        if len(ids) > 1 or len(entities[head][3]) > 1:
            out.aliases[head] = _aliases(entities[head][0], keys[head], [entities[e][3] for e in ids])
    return out


def corpus_entities(docs: Iterable[Document]) -> Entities:
    """The corpus step's input from processed documents (what
    :class:`pipeline.write.rows.EntityCounter` gathers from the shards in a
    run; the evaluation, which has the documents, uses this)."""
    types: dict[str, str] = {}
    names: dict[str, dict[str, int]] = {}
    for doc in docs:
        for m in doc.mentions:
            if m.entity_id:
                types[m.entity_id] = m.type
                counts = names.setdefault(m.entity_id, {})
                counts[m.normal] = counts.get(m.normal, 0) + 1
    return {e: (types[e], fullest_name(n), sum(n.values()), n) for e, n in names.items()}


def _fullness(k: str) -> tuple[int, int]:
    """Words, then words that are not initials: «Владимир Владимирович Путин» >
    «Владимир Путин» > «В. Путин»; among equals the most mentioned wins."""
    words = k.split()
    return len(words), sum(len(w) > 1 for w in words)


def _aliases(typ: str, name_key: str, names: list[dict[str, int]]) -> list[str]:
    """Every other name the entity's mentions have (one per key), most
    frequent first; a place adjective is a mention of a place, not its name
    («российской» of «Российская Федерация»)."""
    counts: dict[str, int] = {}
    for ns in names:
        for n, c in ns.items():
            counts[n] = counts.get(n, 0) + c
    seen, out = {name_key}, []
    for n in sorted(counts, key=lambda n: (-counts[n], n)):
        if key(n) and key(n) not in seen and not (typ == LOC and place_adjective(n)):
            seen.add(key(n))
            out.append(n)
    return out


def _person_links(entities: Entities, keys: dict[str, str]) -> list[tuple[str, str]]:
    """Pairs of person ids that are one person (see the module); ``keys``:
    entity_id -> the key of its name."""
    by_last: dict[str, list[tuple[str, list[str]]]] = {}
    bare: list[tuple[str, str]] = []
    for eid, (typ, _name, _n, _names) in entities.items():
        words = keys[eid].split()
        if typ != PER or not words:
            continue
        if len(words) == 1:
            bare.append((eid, words[0]))
        else:
            by_last.setdefault(words[-1], []).append((eid, words[:-1]))
    links = []
    for eid, last in bare:
        full = by_last.get(last, [])
        if full and _one_person([first for _, first in full]):
            links.append((eid, full[0][0]))
    for people in by_last.values():
        fits = {eid: [e for e, f in people if _agree(first, f)] for eid, first in people}
        given = dict(people)
        sure = {eid for eid, ids in fits.items() if _one_person([given[e] for e in ids])}
        links += [(a, b) for a in sure for b in fits[a] if b != a and b in sure]
    return links


def _agree(a: list[str], b: list[str]) -> bool:
    """Given names that can be one person's, word by word: equal, or an
    initial agreeing with the name it starts («в» ~ «владимир»; «владимир
    владимирович» ~ «владимир»)."""
    return all(x == y or (len(x) == 1 and y.startswith(x)) or (len(y) == 1 and x.startswith(y))
               for x, y in zip(a, b, strict=False))


def _one_person(first_names: list[list[str]]) -> bool:
    """Whether the given-name parts of full names can all be one person."""
    return all(_agree(a, b) for i, a in enumerate(first_names) for b in first_names[i + 1:])


def _name_links(entities: Entities, keys: dict[str, str]) -> list[tuple[str, str]]:
    """Pairs of organization, place or facility ids that are one entity (see the module)."""
    groups: dict[tuple[str, str], list[str]] = {}
    for eid, (typ, name, _n, _names) in entities.items():
        if typ in NAME_TYPES and keys[eid]:
            groups.setdefault((typ, canonical_key(name)), []).append(eid)
    links = [(ids[0], other) for ids in groups.values() for other in ids[1:]]
    # An abbreviation a document gave a longer name («ФАС» among «Федеральная
    # антимонопольная служба»'s names), that abbreviates it by initials.
    given: dict[tuple[str, str], set[str]] = {}
    for (typ, k), ids in groups.items():
        for eid in ids:
            if len(entities[eid][3]) < 2:
                continue  # no other name a document gave it
            ini = initials(entities[eid][1])
            if ini and any(_abbreviation(n) and key(n) == ini for n in entities[eid][3]):
                given.setdefault((typ, ini), set()).add(k)
    for (typ, k), ids in groups.items():
        longer = given.get((typ, k), set()) - {k}
        if len(longer) == 1 and any(_abbreviation(entities[e][1]) for e in ids):
            links.append((ids[0], groups[(typ, next(iter(longer)))][0]))
    return links


def _adjective_named(entity: tuple[str, str, int, dict[str, int]]) -> bool:
    """A place named by its adjective only («московский», «Московский»)."""
    return entity[0] == LOC and place_adjective(entity[1])


def _adjective_links(entities: Entities) -> list[tuple[str, str]]:
    """A place named by its adjective only, in lower case at least once, where
    no sentence of its document named the place («французские власти»,
    «московского суда»), and the one place of the corpus it is the adjective of
    (:func:`pipeline.gazetteer.names_place`, by any one-word name of that
    place: «российский» → the entity named «Россия» or «РФ»).  Places are
    looked up by the first four letters the adjective and the name share."""
    places: dict[str, list[tuple[str, str]]] = {}  # first four letters -> (one-word name, id)
    stems: dict[str, set[str]] = {}  # a place name of ADJ_PLACES -> its adjectives' first four letters
    for adj, name in ADJ_PLACES.items():
        stems.setdefault(name, set()).add(adj[:4])
    for eid, entity in entities.items():
        if entity[0] != LOC or _adjective_named(entity):
            continue
        for n in entity[3]:
            k = key(n)
            if " " not in k and (len(k) >= 4 or k in stems) and not place_adjective(k):
                for first in {k[:4], *stems.get(k, ())}:
                    places.setdefault(first, []).append((k, eid))
    links = []
    for eid, entity in entities.items():
        if not _adjective_named(entity) or not any(n[:1].islower() for n in entity[3]):
            continue  # capitalized only, it may be a name: «станция метро Московская», «Уральский центр»
        name = key(entity[1]).removeprefix("все")
        fits = {canonical_key(entities[p][1]): p for n, p in places.get(name[:4], []) if names_place(name, n)}
        if len(fits) == 1:
            links.append((eid, next(iter(fits.values()))))
    return links


def _abbreviation(name: str) -> bool:
    """Written as an abbreviation: «ФАС», «МВД», not «Фас»."""
    return len(name) >= 2 and name.isupper()

"""Cross-document identity on factRuEval: do mentions of one real-world
entity in different documents share an entity id, and mentions of different
ones not?

Every gold PER/ORG/LOC mention the system found (matched as for the
within-document scores) gets the names of its gold coreference object (the
``.coref`` file): a person «first last» (the patronymic left out: documents
differ in giving it), or the surname or first name alone when that is all
the document gives; an organization or place every ``name`` it has.  Two
gold mentions are one entity when their objects share a name (across the
corpus: «Россия» and «РФ» named together in one document join the two names
everywhere).  Over every pair of such mentions in *different* documents,
pairwise precision, recall and F1: a pair of one gold entity should share the
system's id, a pair of two should not.  A pair the gold cannot decide is left
out and counted: a person named by the surname alone, or with an initial, in
one document and in full in another («Медведев», «Дмитрий Медведев»; «Н.
Кан», «Наото Кан»: factRuEval links names within a document only).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import combinations

from pipeline.eval.ner import Counts, norm_name
from pipeline.labels import LOC, ORG, PER


@dataclass(frozen=True, slots=True)
class Item:
    """A gold mention the system found: its document, type, gold names and
    the system's id for it."""

    doc: int
    type: str
    names: tuple[str, ...]
    response: str


def gold_names(doc) -> dict[str, tuple[str, ...]]:
    """Gold entity id -> the names of its coreference object (see the module)."""
    chain_of = {e: c for c in doc.chains for e in c.entities}
    out: dict[str, tuple[str, ...]] = {}
    for e in doc.typed((PER, ORG, LOC)):
        c = chain_of.get(e.id)
        if c is None:
            continue
        a = c.attrs
        if e.type == PER:
            firsts, lasts = a.get("firstname", []), a.get("lastname", [])
            names = ([f"{f} {last}" for f in firsts for last in lasts] if firsts and lasts
                     else firsts or lasts)
        else:
            names = a.get("name", [])
        names = tuple(sorted({norm_name(n) for n in names if norm_name(n)}))
        if names:
            out[e.id] = names
    return out


def score(items: list[Item]) -> dict:
    """Pairwise P/R/F1 over pairs of items in different documents, overall
    and by type; ``undecided``: pairs left out (see the module), and how many
    of them the system put in one entity."""
    out = {"ALL": _score(items)}
    for t in sorted({i.type for i in items}):
        out[t] = _score([i for i in items if i.type == t])
    return out


def _score(items: list[Item]) -> dict:
    gold = _gold_entities(items)
    persons = _persons(items, gold)
    c = Counts()
    undecided_merged = 0
    by_response: dict[str, list[int]] = {}
    for k, it in enumerate(items):
        by_response.setdefault(it.response, []).append(k)
    for ks in by_response.values():
        for a, b in combinations(ks, 2):
            if items[a].doc == items[b].doc:
                continue
            if gold[a] == gold[b]:
                c.tp += 1
            elif _undecided(gold[a], gold[b], persons):
                undecided_merged += 1
            else:
                c.fp += 1
    c.fn = _cross_pairs([(gold[k], it.doc) for k, it in enumerate(items)]) - c.tp
    docs: dict[tuple[str, str], Counter] = {}
    for g, it in zip(gold, items, strict=True):
        docs.setdefault(g, Counter())[it.doc] += 1
    undecided = sum(_pairs_between(docs[a], docs[b]) for a, b in combinations(persons, 2)
                    if _undecided(a, b, persons))
    return {**c.as_dict(), "mentions": len(items), "undecided": undecided,
            "undecided_merged": undecided_merged}


def _gold_entities(items: list[Item]) -> list[tuple[str, str]]:
    """Each item's gold entity: (type, a representative name), names joined
    when one object has both."""
    parent: dict[tuple[str, str], tuple[str, str]] = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for it in items:
        first = find((it.type, it.names[0]))
        for n in it.names[1:]:
            parent[find((it.type, n))] = first
    return [find((it.type, it.names[0])) for it in items]


def _persons(items: list[Item], gold: list[tuple[str, str]]) -> dict[tuple[str, str], set[tuple[str, ...]]]:
    """Gold person entity -> its names, as word tuples."""
    out: dict[tuple[str, str], set[tuple[str, ...]]] = {}
    for g, it in zip(gold, items, strict=True):
        if it.type == PER:
            out.setdefault(g, set()).update(tuple(n.split()) for n in it.names)
    return out


def _undecided(a: tuple[str, str], b: tuple[str, str], persons: dict) -> bool:
    """Two gold persons the gold cannot tell apart: a name of one is a name of
    the other but for a missing first name or an initial («медведев» and
    «дмитрий медведев»; «н кан» and «наото кан»)."""
    return a != b and any(_partial(x, y) or _partial(y, x)
                          for x in persons.get(a, ()) for y in persons.get(b, ()))


def _partial(x: tuple[str, ...], y: tuple[str, ...]) -> bool:
    """``x`` is ``y`` with the first name left out or written as an initial."""
    return x[-1:] == y[-1:] and (len(x) == 1 < len(y) or (
        len(x) == len(y) > 1 and x != y
        and all(p == q or (len(p) == 1 and q.startswith(p)) for p, q in zip(x[:-1], y[:-1], strict=True))))


def _cross_pairs(keys: list[tuple]) -> int:
    """Pairs with equal key in different documents, from (key, doc) items."""
    per_key = Counter(k for k, _ in keys)
    per_doc = Counter(keys)
    return (sum(n * (n - 1) // 2 for n in per_key.values())
            - sum(n * (n - 1) // 2 for n in per_doc.values()))


def _pairs_between(a: Counter, b: Counter) -> int:
    """Pairs of an item of ``a`` and one of ``b`` (doc -> count) in different documents."""
    return sum(a.values()) * sum(b.values()) - sum(n * b.get(d, 0) for d, n in a.items())

"""The corpus step: what is decided over the whole corpus once every document
is processed.  The engines call it before the corpus tables are written
(:class:`pipeline.engines.core.Assembler`); the writers only format its result.

Entity ids never depend on other documents (so they survive resumed runs);
``same_as`` in entities.csv is the corpus-level grouping on top of them.
"""

from __future__ import annotations

from pipeline.labels import PER
from pipeline.stages.link import key


def same_as(entities: dict[str, tuple[str, str, int]]) -> dict[str, str]:
    """Across the corpus: a person named by a surname alone in the documents
    that never give the full name («Путин») → the one full-name person with
    that surname («Владимир Путин»), when the corpus has exactly one such
    person («В. Путин» and «Владимир Путин» are one; «Владимир Путин» and
    «Людмила Путина» differ by their surname key anyway).

    ``entities``: entity_id → (type, name, n_mentions).  Mention ids stay as
    they are (they never depend on other documents, so they survive resumed
    runs); this is the corpus-level grouping, ``same_as`` in entities.csv.
    """
    by_last: dict[str, list[tuple[str, list[str], int]]] = {}
    for eid, (typ, name, n) in entities.items():
        words = key(name).split()
        if typ == PER and len(words) >= 2:
            by_last.setdefault(words[-1], []).append((eid, words[:-1], n))
    out: dict[str, str] = {}
    for eid, (typ, name, _n) in entities.items():
        words = key(name).split()
        if typ != PER or len(words) != 1 or words[0] not in by_last:
            continue
        full = by_last[words[0]]
        if _one_person([first for _, first, _ in full]):
            out[eid] = max(full, key=lambda c: (len(c[1]), sum(map(len, c[1])), c[2], c[0]))[0]
    return out


def _one_person(first_names: list[list[str]]) -> bool:
    """Whether the given-name parts of full names can all be one person: each
    pair agrees word by word, an initial agreeing with a name it starts
    («в» ~ «владимир»; «владимир владимирович» ~ «владимир»)."""
    def agree(a: list[str], b: list[str]) -> bool:
        return all(x == y or (len(x) == 1 and y.startswith(x)) or (len(y) == 1 and x.startswith(y))
                   for x, y in zip(a, b, strict=False))
    return all(agree(a, b) for i, a in enumerate(first_names) for b in first_names[i + 1:])

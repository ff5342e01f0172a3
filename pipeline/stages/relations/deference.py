"""Pairs the NEREL relation stage has given another type.

The NEREL relation stage (:mod:`pipeline.stages.nerel_relations`) runs first
and weighs 41 types against each other; this stage's WORKPLACE and
HEADQUARTERED_IN never saw those types, so one pair could get both
«WORKPLACE» and «ORIGINS_FROM» («Кубинский бегун», «российские инспекторы»)
or «HEADQUARTERED_IN» and «OWNER_OF» («посольство США» → «США», which NEREL
marks as the country's property).  Where the NEREL stage has related the
two mentions (either way) by a type of :data:`DEFER_TO`, this stage leaves
the pair alone.

Chosen by 3-fold cross-validation over NEREL train by document, both stages
out of fold on the pipeline's own mentions (each stage's classifiers fit on
the other folds): of the pairs both related, HEADQUARTERED_IN was right in 1
of 15 against OWNER_OF (OWNER_OF in 13), WORKPLACE in 0 of 5 against
FOUNDED_BY (2) and in 19 of 71 against ORIGINS_FROM (38; 3 of 28, 11 of 17
and 5 of 26 by fold): HEADQUARTERED_IN F1 0.7337 → 0.7372 (with the place
after «в» below; 0.7368 without), WORKPLACE 0.6786 → 0.6806, all 49 types
0.5240 → 0.5242.  Left as they were: WORKPLACE against MEMBER_OF (28 of 54 right),
ALTERNATIVE_NAME against ABBREVIATION (17 of 20 right; that pair would need
the NEREL stage to defer, which runs first).  A place after «в» keeps its
HEADQUARTERED_IN whatever the NEREL stage says («Посольство России в
Канаде»: Канада is where it sits; the one right HEADQUARTERED_IN above).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pipeline.doc import Document, Relation
from pipeline.labels import FOUNDED_BY, HEADQUARTERED_IN, ORIGINS_FROM, OWNER_OF, WORKPLACE

# This stage's type -> the NEREL stage's types that take its pair (made by no other stage).
DEFER_TO: dict[str, frozenset[str]] = {WORKPLACE: frozenset({ORIGINS_FROM, FOUNDED_BY}),
                                       HEADQUARTERED_IN: frozenset({OWNER_OF})}
_AFTER_IN = re.compile(r"(?:^|\s)[Вв]о?\s+$")

Span = tuple[int, int]


def defers(rtype: str, others: Iterable[str], text: str, obj_start: int) -> bool:
    """Does this stage's ``rtype`` give way to the types ``others`` the NEREL
    stage gave the same pair, whose object starts at ``obj_start`` of ``text``?"""
    taking = DEFER_TO.get(rtype)
    if not taking or (rtype == HEADQUARTERED_IN and _AFTER_IN.search(text[max(0, obj_start - 4):obj_start])):
        return False
    return not taking.isdisjoint(others)


def typed_otherwise(doc: Document, rel: Relation) -> bool:
    """Has ``doc`` related ``rel``'s two mentions, either way, by a type
    ``rel``'s type defers to?"""
    if rel.type not in DEFER_TO:
        return False
    pair = {rel.subj, rel.obj}
    others = [r.type for r in doc.relations if {r.subj, r.obj} == pair]
    obj = next((m for m in doc.mentions if m.mention_id == rel.obj), None) if others else None
    return obj is not None and defers(rel.type, others, doc.text, obj.start)


def kept(text: str, relations: list[tuple[str, Span, Span]],
         nerel: list[tuple[str, Span, Span]]) -> list[tuple[str, Span, Span]]:
    """Of this stage's ``relations`` (type, subject span, object span) of one
    document, those the NEREL stage's (``nerel``, alike) leave it: what the
    cross-validation of ``make train`` scores (:mod:`pipeline.train.nerel_relations`)."""
    by_pair: dict[frozenset, list[str]] = {}
    for rtype, s, o in nerel:
        by_pair.setdefault(frozenset((s, o)), []).append(rtype)
    return [r for r in relations if not defers(r[0], by_pair.get(frozenset((r[1], r[2])), ()), text, r[2][0])]

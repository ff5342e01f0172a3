"""LOCATED_IN from a facility to the place it stands in: «на Кунцевском
кладбище в Москве», «в больнице Финикса (Аризона)», «аэропорту
Буэнос-Айреса», «в калифорнийской синагоге».  The FAC mentions are the NER's
and those of :mod:`pipeline.stages.facilities`; their places are found as
there (:func:`pipeline.stages.facilities.places_of`).
"""

from __future__ import annotations

from pipeline.doc import Document, Mention, Relation
from pipeline.labels import FAC, LOC, LOCATED_IN, ORG, PER
from pipeline.stages.facilities import facility_phrases, places_of


def facility_places(doc: Document) -> list[Relation]:
    """LOCATED_IN from each FAC mention to its places; a NER facility takes
    the facility phrase around it («стадионе «Маракана»»)."""
    by_sent: dict[int, list[Mention]] = {}  # in the order of the sentences' first names
    for m in doc.mentions:
        if m.type in (PER, ORG, LOC, FAC) and m.tok_start >= 0:
            by_sent.setdefault(m.sent_idx, []).append(m)
    out = []
    for si, ms in by_sent.items():
        locs = [m for m in ms if m.type == LOC]
        facilities = [m for m in ms if m.type == FAC]
        if not locs or not facilities:
            continue
        tokens = doc.sentences[si].tokens
        phrases = facility_phrases(tokens)
        for fac in facilities:
            a, b = fac.tok_start, fac.tok_stop
            for pa, pb, _ in phrases:
                if pa < b and a < pb:
                    a, b = min(a, pa), max(b, pb)
            out += [Relation(LOCATED_IN, fac.mention_id, p.mention_id, si, conf, source="facility")
                    for conf, p in places_of(tokens, a, b, locs)]
    return out

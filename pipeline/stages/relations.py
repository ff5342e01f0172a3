"""Relations between mentions (NEREL names).

* WORKS_AS (PER → ROLE): a post right before the name («аким Алматы
  Бакытжан Сагинтаев») or in apposition after it («Иванов, министр ...»).
* WORKPLACE (ROLE → ORG/LOC, and PER → ORG/LOC through the post): the body
  or place named inside the post («аким Алматы» → Алматы).
* ALTERNATIVE_NAME: two names of one linked entity where one is short
  («РФ» → «Российская Федерация»).
"""

from __future__ import annotations

from pipeline.doc import LOC, ORG, PER, ROLE, Document, Mention, Relation
from pipeline.stages import Stage

WORKS_AS, WORKPLACE, ALTERNATIVE_NAME = "WORKS_AS", "WORKPLACE", "ALTERNATIVE_NAME"


def outermost_inside(role: Mention, mentions: list[Mention]) -> list[Mention]:
    """ORG/LOC mentions inside ``role`` that no other such mention contains."""
    inside = [m for m in mentions if m.type in (ORG, LOC)
              and role.start <= m.start and m.stop <= role.stop]
    return [m for m in inside if not any(
        o is not m and o.start <= m.start and m.stop <= o.stop and (o.stop - o.start) >
        (m.stop - m.start) for o in inside)]


class RelationExtractor(Stage):
    name = "relations"

    def __call__(self, doc: Document) -> Document:
        by_sent: dict[int, list[Mention]] = {}
        for m in doc.mentions:
            by_sent.setdefault(m.sent_idx, []).append(m)
        for si, ms in by_sent.items():
            sent = doc.sentences[si]
            evidence_tokens = sent.tokens
            people = [m for m in ms if m.type == PER]
            for role in (m for m in ms if m.type == ROLE):
                holders = []
                for p in people:
                    if p.tok_start == role.tok_stop:
                        holders.append(p)
                    elif (p.tok_stop < role.tok_start and p.tok_stop < len(evidence_tokens)
                          and evidence_tokens[p.tok_stop].text == ","
                          and p.tok_stop + 1 == role.tok_start):
                        holders.append(p)
                places = outermost_inside(role, ms)
                for p in holders:
                    doc.add_relation(Relation(WORKS_AS, p.mention_id, role.mention_id, si, 0.9,
                                              source="rule"))
                for place in places:
                    doc.add_relation(Relation(WORKPLACE, role.mention_id, place.mention_id, si,
                                              0.8, source="rule"))
                    for p in holders:
                        doc.add_relation(Relation(WORKPLACE, p.mention_id, place.mention_id, si,
                                                  0.8, source="rule"))
        self._alternative_names(doc)
        return doc

    def _alternative_names(self, doc: Document) -> None:
        seen: dict[tuple[str, str], Mention] = {}
        for m in doc.mentions:
            if m.type in (ORG, LOC) and m.entity_id:
                seen.setdefault((m.entity_id, m.normal.lower()), m)
        by_entity: dict[str, list[Mention]] = {}
        for (eid, _), m in seen.items():
            by_entity.setdefault(eid, []).append(m)
        for ms in by_entity.values():
            if len(ms) < 2:
                continue
            full = max(ms, key=lambda m: len(m.normal))
            for m in ms:
                if m is not full and len(m.normal) < len(full.normal) and (
                        m.normal.isupper() or len(m.normal.split()) < len(full.normal.split())):
                    doc.add_relation(Relation(ALTERNATIVE_NAME, m.mention_id, full.mention_id,
                                              m.sent_idx, 0.7, source="link"))

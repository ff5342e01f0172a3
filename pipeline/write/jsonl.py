"""``documents.jsonl``: one JSON object per document, for training jobs.

Each line holds the document's metadata and whole source ``text`` (offsets
index it, as in the tables), its sentences as ``[start, stop]`` pairs, its
entity mentions (money mentions with their ``amount``/``currency``/
``amount_max``/``qualifier``; amounts are decimal strings so no precision is
lost; dates with ``value``/``value_end``/``kind``/``anchor``, percents and ages
with ``value``/``value_max``) and its relations.
"""

from __future__ import annotations

import json

from pipeline.doc import Document
from pipeline.write.rows import document_row
from pipeline.write.schema import Columns
from pipeline.write.tables import TextStream


def _amount(value) -> str | None:
    """A decimal as a plain string, no exponent, no trailing zeros: "4700000000"."""
    if value is None:
        return None
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def document_record(doc: Document) -> dict:
    money = {mo.mention_id: mo for mo in doc.money}
    dates = {tv.mention_id: tv for tv in doc.dates}
    quantities = {q.mention_id: q for q in doc.quantities}
    entities = []
    for m in sorted(doc.mentions, key=lambda m: (m.start, -m.stop, m.type)):
        ent = {"mention_id": m.mention_id, "start": m.start, "stop": m.stop, "text": m.text,
               "type": m.type, "normal": m.normal, "entity_id": m.entity_id,
               "sent_idx": m.sent_idx}
        if m.mention_id in money:
            mo = money[m.mention_id]
            ent.update(amount=_amount(mo.amount), currency=mo.currency,
                       amount_max=_amount(mo.amount_max), qualifier=mo.qualifier)
        elif m.mention_id in dates:
            tv = dates[m.mention_id]
            ent.update(value=tv.value, value_end=tv.value_end, kind=tv.kind, anchor=tv.anchor)
        elif m.mention_id in quantities:
            q = quantities[m.mention_id]
            ent.update(value=q.value, value_max=q.value_max)
        entities.append(ent)
    relations = [{"relation_id": r.relation_id, "type": r.type, "subj": r.subj, "obj": r.obj,
                  "sent_idx": r.sent_idx, "confidence": round(r.confidence, 3)}
                 for r in doc.relations]
    return {**document_row(doc), "text": doc.text,
            "sentences": [[s.start, s.stop] for s in doc.sentences],
            "entities": entities, "relations": relations}


class JsonlWriter(TextStream):
    """Streams documents into ``documents.jsonl``."""

    filename = "documents.jsonl"

    @staticmethod
    def render(doc: Document, tables: dict[str, Columns] | None = None) -> str:
        """The document's line (run in the workers; the text is kept for resume)."""
        return json.dumps(document_record(doc), ensure_ascii=False) + "\n"

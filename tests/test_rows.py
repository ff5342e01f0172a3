"""Table rows made from documents (pipeline/write/rows.py)."""

from __future__ import annotations

from pipeline.entity_ids import entity_id, entity_name
from pipeline.write.rows import EntityCounter


def test_an_entity_is_named_by_a_name_its_id_is_made_from(nlp):
    """The place adjectives outnumber and outlength «России», but the entity's
    id is made from the place's name, and so is its name in entities.csv."""
    doc = nlp("Российские власти ответили. Российский МИД заявил, что российские дипломаты "
              "останутся. Об этом сообщили в России.")
    counter = EntityCounter()
    counter.add(doc)
    russia = next(m.entity_id for m in doc.mentions if m.text == "России")
    typ, name, n_mentions, _forms = counter.entities()[russia]
    assert (typ, name) == ("LOC", "Россия") and n_mentions >= 2
    assert entity_id(typ, entity_name(typ, name)) == russia

"""Training the relation classifiers (pipeline.train.relations): the
candidate pairs of a document's mentions labelled by the gold relations,
and one document's pairs of two runs (in sample, out of fold) as one."""

from __future__ import annotations

from pipeline.eval.gold import GoldDoc, GoldEntity, GoldRelation
from pipeline.labels import HEADQUARTERED_IN, WORKPLACE, WORKS_AS
from pipeline.stages.features import SentenceView
from pipeline.stages.relations.model import candidate_pairs, sentence_mentions
from pipeline.train.relations import examples, joined

TEXT = "Глава МИД России Сергей Лавров прилетел в Анкару."


def _entity(eid: str, part: str, raw_type: str) -> GoldEntity:
    start = TEXT.index(part)
    return GoldEntity(eid, "", start, start + len(part), part, raw_type)


def _gold(doc_id: str) -> GoldDoc:
    ents = [_entity("T1", "Сергей Лавров", "PERSON"), _entity("T2", "Глава МИД России", "PROFESSION"),
            _entity("T3", "МИД России", "ORGANIZATION"), _entity("T4", "России", "COUNTRY"),
            _entity("T5", "Анкару", "CITY")]
    return GoldDoc("nerel", doc_id, TEXT, ents,
                   [GoldRelation("R1", WORKS_AS, "T1", "T2"), GoldRelation("R2", WORKPLACE, "T1", "T3"),
                    GoldRelation("R3", HEADQUARTERED_IN, "T3", "T4")])


def test_pairs_are_positive_where_a_gold_relation_overlaps_both_mentions(nlp):
    doc = nlp(TEXT)
    ex = examples([doc], {doc.doc_id: _gold(doc.doc_id)})
    for rtype in (WORKS_AS, WORKPLACE, HEADQUARTERED_IN):
        xs, ys = ex[rtype]
        assert len(xs) == len(ys) and 1 in ys, rtype
    (si, ms), = sentence_mentions(doc)
    pairs = candidate_pairs(SentenceView(doc.sentences[si], ms), WORKPLACE)
    labels = {(s.text, o.text): y for (s, o), y in zip(pairs, ex[WORKPLACE][1], strict=True)}
    assert labels[("Сергей Лавров", "МИД России")] == 1
    assert labels[("Сергей Лавров", "России")] == 1  # overlaps the gold object, as make eval matches
    assert labels[("Сергей Лавров", "Анкару")] == 0
    assert labels[("Глава МИД России", "МИД России")] == 0  # NEREL relates the person, not the post


def test_a_documents_pairs_of_two_runs_are_one_set_of_examples(nlp):
    doc = nlp(TEXT)
    ex = examples([doc], {doc.doc_id: _gold(doc.doc_id)})
    both = joined(ex, ex)
    assert set(both) == set(ex)
    for rtype, (xs, ys) in ex.items():
        assert both[rtype] == (xs + xs, ys + ys)

"""The relation stage leaves a pair the NEREL relation stage typed otherwise
(pipeline/stages/relations/deference.py), on real sentences."""

from __future__ import annotations

import pytest

from pipeline.doc import Relation
from pipeline.labels import FOUNDED_BY, HEADQUARTERED_IN, ORIGINS_FROM, OWNER_OF, WORKPLACE, WORKS_AS
from pipeline.nlp import Pipeline
from pipeline.stages.nerel_relations import NerelRelations
from pipeline.stages.relations.deference import DEFER_TO, kept, typed_otherwise


@pytest.fixture(scope="module")
def without_nerel(pipe):
    """The whole pipeline with a NEREL relation stage that relates nothing."""
    stages = [NerelRelations(model={}) if s.name == "nerel_relations" else s for s in pipe.stages]
    alone = Pipeline(pipe.resources, stages=stages)
    return lambda text: alone.process_texts([text])[0]


def pairs(doc, rtype: str) -> list[tuple[str, str]]:
    by_id = {m.mention_id: m for m in doc.mentions}
    return [(by_id[r.subj].text, by_id[r.obj].text) for r in doc.relations if r.type == rtype]


def test_an_embassy_is_its_countrys_not_seated_there(nlp, without_nerel):
    text = "Посольство США в Москве опровергло эти сведения."
    # the relation stage alone seats the embassy in the country it belongs to
    assert pairs(without_nerel(text), HEADQUARTERED_IN) == [("Посольство США", "США")]
    doc = nlp(text)
    assert pairs(doc, OWNER_OF) == [("США", "Посольство США")]
    assert pairs(doc, HEADQUARTERED_IN) == []


def test_a_place_after_v_stays_the_seat(nlp):
    doc = nlp("Посольство России в Канаде выразило протест.")
    # the NEREL stage makes Canada an owner too (wrongly); «в Канаде» keeps the seat
    assert ("Канаде", "Посольство России в Канаде") in pairs(doc, OWNER_OF)
    assert pairs(doc, HEADQUARTERED_IN) == [("Посольство России в Канаде", "Канаде")]


def test_a_citizen_does_not_work_for_his_country(nlp, without_nerel):
    text = "Гражданин Китая Ву Сяньгуань приговорён к пяти годам."
    assert pairs(without_nerel(text), WORKPLACE) == [("Ву Сяньгуань", "Китая")]
    doc = nlp(text)
    assert ("Ву Сяньгуань", "Китая") in pairs(doc, ORIGINS_FROM)
    assert pairs(doc, WORKPLACE) == []


def test_managers_of_a_country_come_from_it(nlp, without_nerel):
    text = "Российские менеджеры отказались возглавлять компанию."
    assert pairs(without_nerel(text), WORKPLACE) == [("менеджеры", "Российские")]
    doc = nlp(text)
    assert pairs(doc, ORIGINS_FROM) == [("менеджеры", "Российские")]
    assert pairs(doc, WORKPLACE) == []


def test_a_founder_takes_the_pair_either_way(nlp):
    doc = nlp("Марк Цукерберг основал Facebook в 2004 году.")
    assert pairs(doc, FOUNDED_BY) == [("Facebook", "Марк Цукерберг")]
    founder = next(m for m in doc.mentions if m.text == "Марк Цукерберг")
    body = next(m for m in doc.mentions if m.text == "Facebook")
    assert typed_otherwise(doc, Relation(WORKPLACE, founder.mention_id, body.mention_id, 0, 0.5))


def test_either_direction_and_only_the_types_deferred(nlp):
    doc = nlp("Кубинский бегун Орландо Ортега сбежал в Москве.")
    runner = next(m for m in doc.mentions if m.text == "Орландо Ортега")
    place = next(m for m in doc.mentions if m.text == "Москве")
    wp = Relation(WORKPLACE, runner.mention_id, place.mention_id, 0, 0.5, source="model")
    assert not typed_otherwise(doc, wp)
    doc.add_relation(Relation(ORIGINS_FROM, runner.mention_id, place.mention_id, 0, 0.5,
                              source="nerel_relations"))
    assert typed_otherwise(doc, wp)
    assert typed_otherwise(doc, Relation(WORKPLACE, place.mention_id, runner.mention_id, 0, 0.5))
    assert not typed_otherwise(doc, Relation(WORKS_AS, runner.mention_id, place.mention_id, 0, 0.5))
    assert set(DEFER_TO) == {WORKPLACE, HEADQUARTERED_IN}


def test_kept_by_spans_as_the_cross_validation_scores_them():
    text = "Посольство России в Канаде и посольство США выразили протест."
    embassy, russia, canada = (0, 26), (11, 17), (20, 26)
    us_embassy, us = (29, 43), (40, 43)
    mine = [(HEADQUARTERED_IN, embassy, canada), (HEADQUARTERED_IN, us_embassy, us),
            (WORKPLACE, embassy, russia)]
    theirs = [(OWNER_OF, canada, embassy), (OWNER_OF, us, us_embassy), (OWNER_OF, russia, embassy)]
    assert text[slice(*canada)] == "Канаде" and text[slice(*us)] == "США"
    # the seat after «в» stays; the United States' embassy is its property; OWNER_OF takes no WORKPLACE
    assert kept(text, mine, theirs) == [(HEADQUARTERED_IN, embassy, canada), (WORKPLACE, embassy, russia)]
    assert kept(text, mine, []) == mine

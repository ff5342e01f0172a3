"""The facilities stage: FAC mentions of named facilities the NER missed, made
before the normal forms so that they get a normal form and an entity."""

from __future__ import annotations

from pipeline.entity_ids import entity_id
from pipeline.labels import FAC
from pipeline.nlp import STAGE_NAMES


def facilities(doc):
    return [m for m in doc.mentions if m.type == FAC]


def test_a_facility_named_by_its_place_adjective_gets_a_normal_form_and_an_entity(nlp):
    doc = nlp("Неизвестный открыл огонь в калифорнийской синагоге в субботу, пострадали четыре человека.")
    [fac] = facilities(doc)
    assert fac.text == "калифорнийской синагоге"
    assert fac.normal == "калифорнийская синагога"
    assert fac.entity_id == entity_id(FAC, "калифорнийская синагога")


def test_one_facility_named_twice_is_one_entity(nlp):
    doc = nlp("Юрия Визбора похоронили на площади Восстания в Москве. "
              "Вечером на площадь Восстания в Москве пришли сотни людей.")
    found = [(m.text, m.normal) for m in facilities(doc)]
    assert found == [("площади Восстания", "площадь Восстания"), ("площадь Восстания", "площадь Восстания")]
    assert len({m.entity_id for m in facilities(doc)}) == 1


def test_facilities_are_found_after_posts_and_before_normal_forms():
    order = list(STAGE_NAMES)
    assert order.index("roles") < order.index("facilities") < order.index("normal") < order.index("link")

"""Relation confidences: calibration of the classifier's scores and measured
rule precisions, both read from the model file."""

from __future__ import annotations

import math

import pytest

from pipeline.doc import Relation
from pipeline.labels import LOCATED_IN, WORKPLACE, WORKS_AS
from pipeline.stages.nested import SOURCE
from pipeline.stages.relations import RelationExtractor
from pipeline.stages.relations.confidence import calibrated, rule_confidence, rule_key
from pipeline.stages.relations.located import facility_places
from pipeline.stages.relations.model import load_model


def test_platt_scaling_of_a_score():
    classifier = {"calibration": {"a": 2.0, "b": -1.0}}
    # sigmoid(2 · logit(0.8) − 1) = sigmoid(2 ln 4 − 1) = 1 / (1 + e^(1 − 2 ln 4)) = 1 / (1 + e / 16)
    assert calibrated(classifier, 0.8) == pytest.approx(1 / (1 + math.e / 16))
    assert calibrated(classifier, 0.5) == pytest.approx(1 / (1 + math.e))
    assert calibrated({}, 0.8) == 0.8  # no calibration: the score itself


def test_rule_key_tells_the_cases_of_a_rule_apart():
    assert rule_key(Relation(WORKS_AS, "d:T1", "d:T2", 0, 0.5, source="anaphora")) == "WORKS_AS anaphora 0.5"
    facility = Relation(LOCATED_IN, "d:T1", "d:T2", 0, 0.6, source="facility")
    assert rule_key(facility) == "LOCATED_IN facility 0.6"
    # a list member's confidence follows the relation it copies: one key for all
    assert rule_key(Relation(WORKPLACE, "d:T1", "d:T2", 0, 0.4131, source="list")) == "WORKPLACE list"
    rules = {"WORKS_AS anaphora 0.5": 0.43}
    assert rule_confidence(rules, Relation(WORKS_AS, "a", "b", 0, 0.5, source="anaphora")) == 0.43
    assert rule_confidence(rules, Relation(WORKS_AS, "a", "b", 0, 0.8, source="rule")) == 0.8


def _rerun(doc, model):
    """The relation stage again, on the mentions it saw in the pipeline (the
    nested ones come after it)."""
    doc.relations = []
    doc.mentions = [m for m in doc.mentions if m.source != SOURCE]
    return RelationExtractor(model)(doc)


def test_the_stage_calibrates_the_classifier_from_the_model_file(nlp):
    model = {k: dict(v) if isinstance(v, dict) else v for k, v in load_model().items()}
    # a = 0: every WORKS_AS score maps to sigmoid(b) = 0.3
    model[WORKS_AS]["calibration"] = {"a": 0.0, "b": math.log(0.3 / 0.7)}
    doc = _rerun(nlp("Президент России Владимир Путин провёл встречу с премьер-министром Японии Синдзо Абэ."),
                 model)
    found = [r for r in doc.relations if r.type == WORKS_AS and r.source == "model"]
    assert {doc.mention(r.subj).text for r in found} == {"Владимир Путин", "Синдзо Абэ"}
    assert all(r.confidence == pytest.approx(0.3) for r in found)


def test_the_stage_gives_a_rule_its_measured_precision(nlp):
    model = dict(load_model())
    model["rules"] = {"WORKS_AS anaphora 0.5": 0.27}
    doc = _rerun(nlp("Судья Соня Сотомайор родилась в Нью-Йорке. В 1992 году стала федеральным судьей."),
                 model)
    (rel,) = [r for r in doc.relations if r.source == "anaphora"]
    assert (doc.mention(rel.subj).text, doc.mention(rel.obj).text) == ("Соня Сотомайор", "федеральным судьей")
    assert rel.confidence == 0.27


def test_shipped_model_has_calibration_and_rule_precisions():
    model = load_model()
    assert all("calibration" in model[t] for t in model["cv"]["thresholds"])
    assert all(0.0 < p < 1.0 for p in model["rules"].values())


def test_a_rule_switched_off_by_cross_validation_makes_no_relation(nlp):
    text = "Неизвестный открыл огонь в калифорнийской синагоге в субботу, пострадали четыре человека."
    shipped = load_model()
    # make train switches a rule off when it is right under half its type's F1 out of fold
    model = {**shipped, "rules_off": ["LOCATED_IN facility 0.6"]}  # a place inside a facility phrase
    doc = _rerun(nlp(text), model)
    # the stage keeps no relation of the switched-off rule ...
    assert not [r for r in doc.relations if r.type == LOCATED_IN and r.source == "facility"]
    # ... which still finds its pair when asked directly
    [rel] = [r for r in facility_places(doc) if r.type == LOCATED_IN]
    assert (doc.mention(rel.subj).text, doc.mention(rel.obj).text) == ("калифорнийской синагоге",
                                                                       "калифорнийской")
    # as shipped the rule is on (right more often than half LOCATED_IN's F1 out of fold), and the
    # classifier relates this pair first
    assert "LOCATED_IN facility 0.6" not in shipped["rules_off"]
    doc = _rerun(nlp(text), shipped)
    [kept] = [r for r in doc.relations if r.type == LOCATED_IN]
    assert (doc.mention(kept.subj).text, doc.mention(kept.obj).text) == ("калифорнийской синагоге",
                                                                         "калифорнийской")

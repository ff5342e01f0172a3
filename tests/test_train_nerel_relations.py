"""Training the NEREL relation classifiers (pipeline.train.nerel_relations):
the calibration of a type's scores, its threshold, and the labels of the
pairs of the pipeline's own mentions."""

from __future__ import annotations

import json

import pytest

import pipeline.train.nerel_relations as train
from pipeline.eval.gold import GoldDoc, GoldEntity, GoldRelation
from pipeline.labels import POINT_IN_TIME, WORKS_AS
from pipeline.stages.nerel_relations import load_model
from pipeline.stages.relations.confidence import platt_scaled
from pipeline.train.nerel_relations import calibration


def test_calibration_rises_with_the_score_where_higher_scores_are_right_more_often():
    pytest.importorskip("sklearn")  # Platt scaling's fit: a training dependency
    scored = [(0.3, False), (0.35, False), (0.4, True), (0.45, False), (0.6, True), (0.7, True), (0.8, True),
              (0.5, False), (0.9, True), (0.55, True)]
    cal = calibration(scored)
    assert cal["a"] > 0
    assert platt_scaled(cal, 0.3) < platt_scaled(cal, 0.6) < platt_scaled(cal, 0.9)


def test_a_fit_falling_with_the_score_gives_every_score_the_smoothed_precision(monkeypatch):
    """Three right of six, the right ones scoring lower: the fit falls, and
    every score gets (3 + 1) / (6 + 2)."""
    monkeypatch.setattr(train, "platt", lambda scored: {"a": -1.2, "b": 0.3})
    scored = [(0.2, True), (0.25, True), (0.3, True), (0.8, False), (0.85, False), (0.9, False)]
    cal = calibration(scored)
    assert cal == {"a": 0.0, "b": 0.0}
    assert platt_scaled(cal, 0.2) == platt_scaled(cal, 0.9) == pytest.approx(0.5)
    one_right = calibration([(0.2, True), (0.9, False), (0.8, False)])
    assert platt_scaled(one_right, 0.5) == pytest.approx(2 / 5, abs=1e-4)
    # a fit of one class only ({}) is flat too; a rising one is kept as fit
    monkeypatch.setattr(train, "platt", lambda scored: {})
    assert platt_scaled(calibration([(0.4, False), (0.6, False)]), 0.9) == pytest.approx(1 / 4, abs=1e-4)
    monkeypatch.setattr(train, "platt", lambda scored: {"a": 0.8, "b": -0.2})
    assert calibration(scored) == {"a": 0.8, "b": -0.2}


def test_no_pair_over_the_threshold_no_calibration():
    assert calibration([]) == {}
    assert platt_scaled({}, 0.37) == 0.37


def test_a_threshold_at_the_best_f1_and_the_calibration_of_the_scores_over_it():
    pytest.importorskip("sklearn")
    import numpy as np

    scores = np.array([0.12, 0.22, 0.32, 0.61, 0.72, 0.81])
    t, cal = train.decision(scores, [0, 0, 0, 1, 1, 1], n_gold=4)  # one gold relation no pair holds
    assert 0.32 < t <= 0.61
    # every pair over it right: flat at the smoothed precision (3 + 1) / (3 + 2)
    assert platt_scaled(cal, 0.65) == pytest.approx(0.8, abs=1e-4)


def _entity(eid: str, text: str, part: str, raw_type: str) -> GoldEntity:
    start = text.index(part)
    return GoldEntity(eid, "", start, start + len(part), part, raw_type)


def test_the_pipelines_own_pairs_are_labelled_by_overlap_with_the_gold_relations(nlp):
    """NEREL's event is «подписал меморандум с губернатором», the pipeline's
    «подписал меморандум»: the pair with the day still holds the gold
    POINT_IN_TIME (``make eval``'s overlap match); the pair with the place
    holds no relation (NEREL has none here); WORKS_AS is the relation
    stage's, not this one's to learn."""
    text = "В понедельник в Алматы аким Бакытжан Сагинтаев подписал меморандум с губернатором."
    ents = [_entity("T1", text, "подписал меморандум с губернатором", "EVENT"),
            _entity("T2", text, "понедельник", "DATE"), _entity("T3", text, "Алматы", "CITY"),
            _entity("T4", text, "Бакытжан Сагинтаев", "PERSON"), _entity("T5", text, "аким", "PROFESSION")]
    gold = GoldDoc("nerel", "d1", text, ents, [GoldRelation("R1", POINT_IN_TIME, "T1", "T2"),
                                               GoldRelation("R2", WORKS_AS, "T4", "T5")])
    event, day = (ents[0].start, ents[0].stop), (ents[1].start, ents[1].stop)
    assert train.gold_pairs(gold) == [(POINT_IN_TIME, event, day)]
    sigs = {rtype: [tuple(p) for p in m["pairs"]] for rtype, m in load_model().items()}
    pairs = {(text[s[0]:s[1]], text[o[0]:o[1]]): labels
             for _, _, _, _, labels, _, (s, o) in train.own_examples([gold], {"d1": nlp(text)}, sigs)}
    assert pairs[("подписал меморандум", "В понедельник")] == {POINT_IN_TIME}
    assert pairs[("подписал меморандум", "Алматы")] == set()
    assert all(WORKS_AS not in labels for labels in pairs.values())


def test_the_deference_scored_on_the_relation_steps_out_of_fold_relations(tmp_path):
    text = "Посольство России в Канаде и посольство США выразили протест."
    ents = [GoldEntity("T1", "ORG", 0, 26, text[0:26], "ORGANIZATION"),
            GoldEntity("T2", "LOC", 20, 26, "Канаде", "COUNTRY"),
            GoldEntity("T3", "ORG", 29, 43, text[29:43], "ORGANIZATION"),
            GoldEntity("T4", "LOC", 40, 43, "США", "COUNTRY")]
    rels = [GoldRelation("R1", "HEADQUARTERED_IN", "T1", "T2"), GoldRelation("R2", "OWNER_OF", "T4", "T3")]
    gold = [GoldDoc("nerel-train", "d1", text, ents, rels)]
    with pytest.raises(SystemExit):  # the relation step has not run
        train.deference(gold, [], [], tmp_path)
    (tmp_path / "relations-oof.json").write_text(json.dumps(
        {"d1": [["HEADQUARTERED_IN", [0, 26], [20, 26]], ["HEADQUARTERED_IN", [29, 43], [40, 43]]]}))
    # this stage's out-of-fold OWNER_OF: США → посольство США (own[j]: document index first, spans last)
    own = [(0, "LOC", "ORG", [], {"OWNER_OF"}, frozenset(), ((40, 43), (29, 43)))]
    out = train.deference(gold, own, [("OWNER_OF", 1, 0.6, 0)], tmp_path)
    assert out["before"]["HEADQUARTERED_IN"]["pred"] == 2 and out["before"]["HEADQUARTERED_IN"]["p"] == 0.5
    assert out["after"]["HEADQUARTERED_IN"]["pred"] == 1 and out["after"]["HEADQUARTERED_IN"]["f1"] == 1.0
    assert out["after"]["WORKPLACE"]["pred"] == 0


def test_the_step_needs_the_relation_steps_folder(tmp_path, capsys):
    with pytest.raises(SystemExit):
        train.main(["--folds", str(tmp_path)])
    assert "relations-oof.json" in capsys.readouterr().err

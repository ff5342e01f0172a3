"""Training the NEREL relation classifiers (pipeline.train.nerel_relations):
the calibration of a type's scores."""

from __future__ import annotations

import pytest

import pipeline.train.nerel_relations as train
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

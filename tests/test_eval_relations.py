"""``make eval``'s relation table (:mod:`pipeline.eval.relations`): the
cross-validated column beside dev, ALTERNATIVE_NAME's with the event links,
WORKPLACE's and HEADQUARTERED_IN's after the deference."""

from __future__ import annotations

from pipeline.eval.relations import SCORED, format_relations
from pipeline.eval.reliability import reliability


def cells(p: float, r: float, f1: float, gold: int = 10) -> dict:
    return {"p": p, "r": r, "f1": f1, "gold": gold}


def evaluated(cv_scores: dict, **extra) -> dict:
    """An ``evaluate_relations`` result: dev all 0.5, ``cv_scores`` in
    ``model.json``'s CV, and ``extra`` keys."""
    return {"docs": 2, "project": {t: cells(0.5, 0.5, 0.5) for t in SCORED},
            "project_micro": cells(0.5, 0.5, 0.5, 100),
            "cv": {"scores": cv_scores, "reliability": reliability([(0.8, True), (0.3, False)])},
            "nerel_cv": {}, "project_seconds": 1.0, "relation_stage_share": 0.1,
            "nerel_stage_share": 0.1, "roles_stage_share": 0.1, "factru_docs": 0,
            "factru_project": {level: cells(0.5, 0.5, 0.5)
                               for level in ("who+position", "who+position+where")},
            **extra}


def cv_cells(result: dict) -> dict[str, list[str]]:
    """Each type's last three cells (the CV column) of the printed table."""
    rows = [line.split() for line in format_relations(result).splitlines() if line.strip()]
    return {row[0]: row[-3:] for row in rows}


def test_the_cv_column_takes_alternative_names_with_the_event_links():
    result = evaluated({"ALTERNATIVE_NAME": cells(0.615, 0.419, 0.498),
                        "WORKS_AS": cells(0.756, 0.710, 0.732)},
                       event_links_cv=cells(0.585, 0.448, 0.508))
    lines = cv_cells(result)
    assert lines["ALTERNATIVE_NAME"] == ["0.585", "0.448", "0.508"]
    assert lines["WORKS_AS"] == ["0.756", "0.710", "0.732"]
    del result["event_links_cv"]  # no event links model: the relation stage's own figure
    assert cv_cells(result)["ALTERNATIVE_NAME"] == ["0.615", "0.419", "0.498"]


def test_the_cv_column_takes_workplace_and_headquarters_after_the_deference():
    result = evaluated({"WORKPLACE": cells(0.707, 0.653, 0.679),
                        "HEADQUARTERED_IN": cells(0.781, 0.692, 0.734)},
                       deference_cv={"WORKPLACE": cells(0.712, 0.652, 0.681),
                                     "HEADQUARTERED_IN": cells(0.789, 0.692, 0.737)})
    lines = cv_cells(result)
    assert lines["WORKPLACE"] == ["0.712", "0.652", "0.681"]
    assert lines["HEADQUARTERED_IN"] == ["0.789", "0.692", "0.737"]
    result["deference_cv"] = None  # a nerel.json of before session 25: the relation stage's own figures
    assert cv_cells(result)["WORKPLACE"] == ["0.707", "0.653", "0.679"]

"""Confidences that mean "probability right".

``make train`` measures both kinds on out-of-fold predictions over the
training documents (:mod:`pipeline.train.relations`) and stores them in
``model.json``:

* a classifier's score is mapped by Platt scaling fit on the out-of-fold
  relations of its type (``"calibration": {"a": …, "b": …}`` of the type:
  ``sigmoid(a · logit(score) + b)``);
* a rule's relation gets the share of its out-of-fold relations that were
  right (``"rules": {"WORKS_AS anaphora 0.5": …}``), keyed by
  :func:`rule_key`.

A relation with nothing measured keeps the confidence it was made with.
"""

from __future__ import annotations

import math

from pipeline.doc import Relation

# A list member copies the relation of the first person of the list, the
# second of two posts joined by «и» that of the first: its confidence varies
# with that one, so its key has no confidence.
COPIED_SOURCES = frozenset({"list", "joined"})


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def calibrated(classifier: dict, p: float) -> float:
    """The classifier score ``p`` as a probability right (the score itself
    when the type has no calibration)."""
    return platt_scaled(classifier.get("calibration"), p)


def platt_scaled(cal: dict | None, p: float) -> float:
    """``sigmoid(a · logit(p) + b)`` of the calibration ``cal`` (``{"a", "b"}``),
    ``p`` itself when there is none."""
    if not cal:
        return p
    p = min(max(p, 1e-6), 1 - 1e-6)
    return _sigmoid(cal["a"] * math.log(p / (1 - p)) + cal["b"])


def rule_key(rel: Relation) -> str:
    """«WORKS_AS anaphora 0.5»: the type, the rule (``source``) and the fixed
    confidence it was made with, which tells apart the cases of one rule
    (a facility's place inside it 0.6, right after it 0.8)."""
    if rel.source in COPIED_SOURCES:
        return f"{rel.type} {rel.source}"
    return f"{rel.type} {rel.source} {rel.confidence:g}"


def rule_confidence(rules: dict[str, float], rel: Relation) -> float:
    """The measured precision of ``rel``'s rule, else its own confidence."""
    return rules.get(rule_key(rel), rel.confidence)

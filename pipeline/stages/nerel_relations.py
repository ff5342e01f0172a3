"""NEREL's other relation types: who took part in an event, when and where it
happened, family, membership, awards, convictions... (every type of
:data:`pipeline.labels.NEREL_RELATIONS` the other relation stages do not
produce, :data:`TYPES`).

One linear classifier per type scores the candidate pairs of a sentence: two
mentions whose types the type allows (its signatures, the (subject type,
object type) pairs NEREL train has for it, a subset of NEREL's
annotation.conf) at most :data:`MAX_GAP` tokens apart.  A pair's features
(:func:`pipeline.stages.features.pair_features`: types, order, words between,
tree path, heads' lemmas and cases) are computed once and scored by every
type that allows it; a pair scoring at least the type's threshold is a
relation when its confidence, the score calibrated (:meth:`Classifier.confidence`),
is :data:`MIN_CONFIDENCE` or more, and of one type only: the one of the highest
confidence (:func:`best_per_pair`).  The weights, calibration, thresholds
and signatures are ``pipeline/data/relations/nerel.json``, fit by
``python -m pipeline.train.nerel_relations`` (``make train``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TypeVar

from pipeline.doc import Document, Mention, Relation
from pipeline.labels import (
    AGE_IS,
    ALTERNATIVE_NAME,
    DATE_FOUNDED_IN,
    DATE_OF_BIRTH,
    DATE_OF_DEATH,
    FAC,
    HEADQUARTERED_IN,
    LOC,
    LOCATED_IN,
    NEREL_RELATIONS,
    POINT_IN_TIME,
    WORKPLACE,
    WORKS_AS,
)
from pipeline.stages import Stage
from pipeline.stages.features import MAX_GAP, SentenceView, inside, pair_features, tree_rank
from pipeline.stages.relations.confidence import platt_scaled

SOURCE = "nerel_relations"
T = TypeVar("T")
# Pairs over their type's threshold but less likely right than this are left
# out: each type's threshold maximises that type's F1, and a rare type's
# (KNOWS: 0.1) lets through pairs right one time in six.  Chosen by 3-fold
# cross-validation over NEREL train, the whole pipeline out of fold (the
# calibration fit on the other folds): micro F1 over the 41 types 0.4051
# (no floor) → 0.4102 (0.2), 0.4105 (0.25), 0.4078 (0.3); on gold mentions
# 0.537 → 0.544.  KNOWS loses most (0.209 → 0.134).  Again with the classifiers
# trained and calibrated on the pipeline's own mentions too: 0.4190 (0.2),
# 0.4180 (0.25), 0.4154 (0.3); and with the repeats stage's mentions: 0.4222
# (0.15), 0.4241 (0.2), 0.4238 (0.25).
MIN_CONFIDENCE = 0.2
# Pairs the other relation stages relate (pipeline.stages.relations, time_relations):
# their types (None: all of its pairs), or the signatures of a type they cover in part.
OTHER_STAGES = {WORKS_AS: None, WORKPLACE: None, HEADQUARTERED_IN: None, ALTERNATIVE_NAME: None,
                AGE_IS: None, DATE_OF_BIRTH: None, DATE_OF_DEATH: None, DATE_FOUNDED_IN: None,
                LOCATED_IN: {(LOC, LOC), (FAC, LOC)}}
TYPES = tuple(t for t in NEREL_RELATIONS if t not in OTHER_STAGES or OTHER_STAGES[t] is not None)
# Types whose subject has one object in a sentence, the most confident: an
# event has one date (NEREL train: 1 564 events with one, 23 with two or
# more).  Chosen by 3-fold cross-validation over NEREL train by document:
# POINT_IN_TIME F1 0.601 → 0.603 (precision 0.659 → 0.673, recall 0.552 →
# 0.547; micro over the 41 types 0.4280 → 0.4278: the pairs dropped matched
# a gold relation another pair matched too); TAKES_PLACE_IN gained too (0.524
# → 0.526) but lost 30 of its 753 gold places (an event in two towns), left out;
# ORIGINS_FROM and AGENT lost (0.617 → 0.603, 0.371 → 0.362).
SINGLE_OBJECT = frozenset({POINT_IN_TIME})


def left_to(rtype: str, stype: str, otype: str) -> bool:
    """Is the pair (``stype``, ``otype``) of ``rtype`` this stage's to find
    (not a pair another relation stage relates)?"""
    if rtype not in TYPES:
        return False
    return (stype, otype) not in (OTHER_STAGES.get(rtype) or ())


@lru_cache(maxsize=1)
def load_file() -> dict:
    """``nerel.json``: ``{"types": {type: model}, "cv": {"micro": {...}, "types":
    {type: {"p", "r", "f1", ...}}}}`` (empty when the file is not there)."""
    path = resources.files("pipeline") / "data" / "relations" / "nerel.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def load_model() -> dict:
    """``{type: {"bias", "threshold", "weights": {feature: weight}, "pairs": [[subject
    type, object type], ...]}}``."""
    return load_file().get("types", {})


def signatures(model: dict) -> dict[tuple[str, str], list[str]]:
    """(subject type, object type) -> the relation types that allow it."""
    out: dict[tuple[str, str], list[str]] = {}
    for rtype in sorted(model):
        for s, o in model[rtype]["pairs"]:
            out.setdefault((s, o), []).append(rtype)
    return out


def candidate_pairs(view: SentenceView, allowed) -> list[tuple[Mention, Mention]]:
    """Ordered pairs of the sentence's mentions whose types some relation type
    allows (``allowed``: a set or dict of type pairs), at most MAX_GAP tokens apart."""
    out = []
    for s in view.mentions:
        for o in view.mentions:
            if (s.type, o.type) not in allowed or s is o or (s.start == o.start and s.stop == o.stop):
                continue
            if ((s.tok_start if s.tok_start > o.tok_start else o.tok_start)
                    - (s.tok_stop if s.tok_stop < o.tok_stop else o.tok_stop)) > MAX_GAP:
                continue
            out.append((s, o))
    return out


CONTEXT = 2  # words before the first mention of a pair that are features
MAX_BETWEEN = 8  # more words between the mentions and none of them is a feature


def features(view: SentenceView, s: Mention, o: Mention) -> list[str]:
    """:func:`pair_features`, the heads' lemmas with the type pair (the event
    word: «участвовал», «визит», «приговорён»), and the lemmas of the words
    just before the pair and between its mentions, which name what holds
    between two people («Дочь Владимира Путина Мария Воронцова», «её муж»);
    and each mention's :func:`tree_rank` from the other.  The tree ranks were
    chosen by 3-fold cross-validation over NEREL train by document (micro F1
    over the 41 types 0.4257 → 0.4280, POINT_IN_TIME 0.597 → 0.601; both
    ranks in one feature as well: 0.4275; in the relation stage's classifiers
    too: WORKPLACE 0.679 → 0.681, HEADQUARTERED_IN 0.734 → 0.731, left out)."""
    tokens, tp = view.tokens, f"{s.type}>{o.type}"
    hs, ho = tokens[view.heads[s.mention_id]], tokens[view.heads[o.mention_id]]
    extra = [f"{tp}|slem:{hs.lemma}", f"{tp}|olem:{ho.lemma}"]
    if inside(o, s) or inside(s, o):
        extra.append(f"{tp}|nested_lem:{hs.lemma}>{ho.lemma}")
    first, last = (s, o) if s.tok_start <= o.tok_start else (o, s)
    extra += [f"{tp}|before:{t.lemma}" for t in tokens[max(0, first.tok_start - CONTEXT):first.tok_start]]
    if 0 < last.tok_start - first.tok_stop <= MAX_BETWEEN:
        extra += [f"{tp}|between:{t.lemma}" for t in tokens[first.tok_stop:last.tok_start]
                  if t.pos != "PUNCT"]
    extra += [f"{tp}|trank_s:{tree_rank(view, o, s)}", f"{tp}|trank_o:{tree_rank(view, s, o)}"]
    return pair_features(view, s, o) + extra


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass(frozen=True, slots=True)
class Classifier:
    """One relation type's linear classifier, ready to score a pair's features.

    The score is ``sigmoid(bias + sum of the features' weights)``, the weights
    added in the features' order (a feature with no weight adds nothing).
    ``least`` is a sum below which the score is surely under the threshold
    (its logit less a margin far above rounding): such pairs skip the
    sigmoid, and the ones above it are decided on the score itself."""

    type: str
    weight: Callable[[str], float | None]  # the type's weights' ``get``
    bias: float
    threshold: float
    least: float
    calibration: dict | None = None  # Platt scaling of the score: {"a", "b"}

    @classmethod
    def of(cls, rtype: str, model: dict) -> Classifier:
        t = model["threshold"]
        logit = math.log(t / (1 - t)) if 0 < t < 1 else -math.inf
        return cls(rtype, model["weights"].get, model["bias"], t, logit - 1e-6 if logit > -30 else -math.inf,
                   model.get("calibration"))

    def confidence(self, score: float) -> float:
        """The probability that a pair scoring ``score`` is related by the type
        (the score by the type's Platt scaling, fit on out-of-fold scores of
        the pipeline's own mentions over NEREL train): the scores of two types are not
        comparable (PARENT_OF's threshold is 0.05, AGENT's 0.25), these are."""
        return platt_scaled(self.calibration, score)

    def score(self, feats: list[str]) -> float | None:
        """The score of a pair with features ``feats``, None when under the threshold."""
        z = self.bias + sum(filter(None, map(self.weight, feats)))
        if z < self.least:
            return None
        p = _sigmoid(z)
        return p if p >= self.threshold else None


def classifiers(model: dict, by_pair: dict) -> dict[tuple[str, str], tuple[Classifier, ...]]:
    """The classifiers of the types each signature of ``by_pair`` allows."""
    of_type = {rtype: Classifier.of(rtype, model[rtype]) for rtype in model}
    return {sig: tuple(of_type[t] for t in types) for sig, types in by_pair.items()}


def best_per_pair(found: Iterable[tuple[Hashable, float, T]]) -> list[T]:
    """Of the ``(pair, score, item)`` found, the item scoring highest per
    pair (the first of equals), in the order the pairs were first found.

    NEREL relates two entities by one type, one way round (16 493 related
    pairs of NEREL train: 92 hold two relations, most of them KNOWS both
    ways), while the classifiers are one per type and each scores a pair
    alone: out of fold over NEREL train 835 of 12 721 predicted pairs held
    two types (AGENT and PARTICIPANT_IN 358 times, HAS_CAUSE and
    SUBEVENT_OF 64, KNOWS and SPOUSE 42), at least one of them wrong."""
    best: dict[Hashable, tuple[float, T]] = {}
    for pair, score, item in found:
        if pair not in best or score > best[pair][0]:
            best[pair] = (score, item)
    return [item for _, item in best.values()]


def sentence_relations(view: SentenceView, by_sig: dict) -> list[tuple[str, float, Mention, Mention]]:
    """(type, confidence, subject, object) of the sentence's pairs scoring at
    least their type's threshold (``by_sig``: :func:`classifiers`) and
    :data:`MIN_CONFIDENCE`, one per pair of mentions: the type, and the way
    round, of the highest confidence (:meth:`Classifier.confidence`,
    :func:`best_per_pair`)."""
    found = []
    for s, o in candidate_pairs(view, by_sig):
        feats = features(view, s, o)
        for c in by_sig[(s.type, o.type)]:
            p = c.score(feats)
            if p is not None and (q := c.confidence(p)) >= MIN_CONFIDENCE:
                found.append((frozenset((s.mention_id, o.mention_id)), q, (c.type, q, s, o)))
    return one_object(best_per_pair(found), lambda r: (r[0], r[2].mention_id), lambda r: r[1])


def one_object(found: list[T], subject: Callable[[T], Hashable], confidence: Callable[[T], float]) -> list[T]:
    """Of the relations ``found``, per :data:`SINGLE_OBJECT` type and subject
    (``subject``: the type and subject of a relation, the type first) the
    most ``confidence`` one only, the others as they are, in order."""
    return best_per_pair((subject(r) if subject(r)[0] in SINGLE_OBJECT else (i,), confidence(r), r)
                         for i, r in enumerate(found))


class NerelRelations(Stage):
    name = "nerel_relations"
    requires = ("tokens.lemma", "tokens.syntax", "mentions.names", "mentions.types", "mentions.type_words",
                "mentions.place_adjectives", "mentions.latin_places", "mentions.place_bodies",
                "mentions.org_words", "mentions.repeats", "mentions.event_words", "mentions.money",
                "mentions.dates", "mentions.quantities", "mentions.roles", "mentions.entity")
    assigns = ("relations.nerel",)

    def __init__(self, model: dict | None = None) -> None:
        self.model = load_model() if model is None else model
        self.by_sig = classifiers(self.model, signatures(self.model))
        self.types = {t for pair in self.by_sig for t in pair}

    def __call__(self, doc: Document) -> Document:
        if not self.model:
            return doc
        for si, view in sentence_views(doc, self.types):
            for rtype, p, s, o in sentence_relations(view, self.by_sig):
                doc.add_relation(Relation(rtype, s.mention_id, o.mention_id, si, round(p, 4), source=SOURCE))
        return doc


def sentence_views(doc: Document, types: set[str]) -> list[tuple[int, SentenceView]]:
    """(sentence index, view) of each sentence holding two mentions or more
    of ``types`` (those the signatures relate), in order."""
    by_sent: dict[int, list[Mention]] = {}
    for m in doc.mentions:
        if m.type in types and 0 <= m.sent_idx < len(doc.sentences) and m.tok_start >= 0:
            by_sent.setdefault(m.sent_idx, []).append(m)
    return [(si, SentenceView(doc.sentences[si], ms)) for si, ms in sorted(by_sent.items()) if len(ms) >= 2]

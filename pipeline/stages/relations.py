"""Relations between mentions of one sentence (NEREL names), plus AMOUNT_OF.

* WORKS_AS (PER → ROLE), WORKPLACE (PER or ROLE → ORG/LOC), HEADQUARTERED_IN
  (ORG → LOC), LOCATED_IN (LOC → LOC): every pair of mentions of the fitting
  types in a sentence is a candidate; a linear classifier per type, trained on
  NEREL train (``make train``, weights in ``pipeline/data/relations/model.json``)
  scores it from tree and word features (:mod:`pipeline.stages.features`).
  The score is the relation's confidence; pairs under the type's threshold
  are dropped.
* ALTERNATIVE_NAME: two names of one linked entity (the first full name →
  each other form: «Олег Капитанов» → «Капитанова», «РФ» → «Российская
  Федерация»), and a name with another one in brackets right after it
  («Аарон Шварц (Aaron Swartz)», «Палестинская администрация (ПНА)»).
* AMOUNT_OF (MONEY → PER/ORG/LOC): the entities a money amount is about, see
  ``docs/relations.md``.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import resources

from pipeline.doc import LOC, MONEY, ORG, PER, ROLE, Document, Mention, Relation
from pipeline.stages import Stage
from pipeline.stages.features import MAX_GAP, SentenceView, pair_features
from pipeline.stages.money_links import money_relations

WORKS_AS, WORKPLACE = "WORKS_AS", "WORKPLACE"
HEADQUARTERED_IN, LOCATED_IN, ALTERNATIVE_NAME = "HEADQUARTERED_IN", "LOCATED_IN", "ALTERNATIVE_NAME"

# Relation type -> allowed (subject type, object type) pairs.
CANDIDATES: dict[str, tuple[tuple[str, str], ...]] = {
    WORKS_AS: ((PER, ROLE),),
    WORKPLACE: ((PER, ORG), (PER, LOC), (ROLE, ORG), (ROLE, LOC)),
    HEADQUARTERED_IN: ((ORG, LOC),),
    LOCATED_IN: ((LOC, LOC),),
}


def candidate_pairs(view: SentenceView, rtype: str) -> list[tuple[Mention, Mention]]:
    allowed = CANDIDATES[rtype]
    out = []
    for s in view.mentions:
        for o in view.mentions:
            if s is o or (s.type, o.type) not in allowed or s.span == o.span:
                continue
            if max(s.tok_start, o.tok_start) - min(s.tok_stop, o.tok_stop) > MAX_GAP:
                continue
            out.append((s, o))
    return out


@lru_cache(maxsize=1)
def load_model() -> dict:
    """``{type: {"bias": float, "threshold": float, "weights": {feature: float}}}``."""
    path = resources.files("pipeline") / "data" / "relations" / "model.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def score(model: dict, feats: list[str]) -> float:
    w = model["weights"]
    z = model["bias"] + sum(w.get(f, 0.0) for f in feats)
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


class RelationExtractor(Stage):
    name = "relations"

    def __init__(self, model: dict | None = None) -> None:
        self.model = load_model() if model is None else model

    def __call__(self, doc: Document) -> Document:
        by_sent: dict[int, list[Mention]] = {}
        for m in doc.mentions:
            if m.type != MONEY and 0 <= m.sent_idx < len(doc.sentences):
                by_sent.setdefault(m.sent_idx, []).append(m)
        for si, ms in sorted(by_sent.items()):
            if len(ms) < 2:
                continue
            view = SentenceView(doc.sentences[si], ms)
            for rtype, model in self.model.items():
                for s, o in candidate_pairs(view, rtype):
                    p = score(model, pair_features(view, s, o))
                    if p >= model["threshold"]:
                        doc.add_relation(Relation(rtype, s.mention_id, o.mention_id, si, p,
                                                  source="model"))
        for rel in alternative_names(doc):
            doc.add_relation(rel)
        for rel in money_relations(doc):
            doc.add_relation(rel)
        return doc


def _bracketed(doc: Document, a: Mention, b: Mention) -> bool:
    """``b`` in brackets right after ``a``: «Аарон Шварц (Aaron Swartz)»."""
    return (a.sent_idx == b.sent_idx and doc.text[a.stop:b.start].strip() == "("
            and doc.text[b.stop:b.stop + 1] == ")")


def alternative_names(doc: Document) -> list[Relation]:
    """Other names of one entity: the first full name → each later other form."""
    out: list[Relation] = []
    named = sorted((m for m in doc.mentions if m.type in (PER, ORG, LOC) and m.entity_id),
                   key=lambda m: m.start)
    first: dict[str, Mention] = {}
    forms: dict[str, set[str]] = {}
    for m in named:
        f = first.get(m.entity_id)
        if f is None or (len(m.text.split()) > len(f.text.split()) and m.type == PER):
            first[m.entity_id] = m
            forms.setdefault(m.entity_id, set()).add(m.text.lower())
            continue
        if m.text.lower() in forms[m.entity_id] or inside_any(m, f):
            continue
        forms[m.entity_id].add(m.text.lower())
        out.append(Relation(ALTERNATIVE_NAME, f.mention_id, m.mention_id, m.sent_idx, 0.8,
                            source="link"))
    for a, b in zip(named, named[1:], strict=False):
        if a.type == b.type and _bracketed(doc, a, b):
            out.append(Relation(ALTERNATIVE_NAME, a.mention_id, b.mention_id, a.sent_idx, 0.9,
                                source="brackets"))
    return out


def inside_any(m: Mention, other: Mention) -> bool:
    return other.start <= m.start and m.stop <= other.stop

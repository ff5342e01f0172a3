"""The relation classifier: candidate pairs of a sentence, the weights of
``make train`` (``pipeline/data/relations/model.json``) and their scores.

Every pair of mentions of the fitting types in a sentence is a candidate; a
linear classifier per type scores it from tree and word features
(:mod:`pipeline.stages.features`).  Pairs under the type's threshold are
dropped; the score, calibrated (:mod:`pipeline.stages.relations.confidence`),
is the relation's confidence.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import resources

from pipeline.doc import Document, Mention
from pipeline.labels import FAC, HEADQUARTERED_IN, LOC, LOCATED_IN, MONEY, ORG, PER, ROLE, WORKPLACE, WORKS_AS
from pipeline.stages import facilities
from pipeline.stages.features import MAX_GAP, SentenceView, inside, pair_features

# Relation type -> allowed (subject type, object type) pairs.
CANDIDATES: dict[str, tuple[tuple[str, str], ...]] = {
    WORKS_AS: ((PER, ROLE),),
    WORKPLACE: ((PER, ORG), (PER, LOC), (ROLE, ORG), (ROLE, LOC)),
    HEADQUARTERED_IN: ((ORG, LOC),),
    LOCATED_IN: ((LOC, LOC), (FAC, LOC), (FAC, FAC)),  # FAC → FAC: +0.008 cross-validated F1
}


def sentence_mentions(doc: Document) -> list[tuple[int, list[Mention]]]:
    """(sentence, its mentions) for each sentence with two or more, in order:
    what the rules and the classifier see.  Not amounts, nor the facilities
    of :mod:`pipeline.stages.facilities` (the classifier was fit without them;
    they are placed by :mod:`pipeline.stages.relations.located`)."""
    by_sent: dict[int, list[Mention]] = {}
    for m in doc.mentions:
        if m.type != MONEY and not facilities.made(m) and 0 <= m.sent_idx < len(doc.sentences):
            by_sent.setdefault(m.sent_idx, []).append(m)
    return [(si, ms) for si, ms in sorted(by_sent.items()) if len(ms) >= 2]


def candidate_pairs(view: SentenceView, rtype: str) -> list[tuple[Mention, Mention]]:
    allowed = CANDIDATES[rtype]
    subject_types, object_types = {st for st, _ in allowed}, {ot for _, ot in allowed}
    objects = [o for o in view.mentions if o.type in object_types]  # in the sentence's order
    out = []
    for s in view.mentions:
        if s.type not in subject_types:
            continue
        for o in objects:
            if (s.type, o.type) not in allowed or s is o or (s.start == o.start and s.stop == o.stop):
                continue
            if s.type == PER and inside(s, o):  # a «person» inside the post is no holder
                continue
            if ((s.tok_start if s.tok_start > o.tok_start else o.tok_start)
                    - (s.tok_stop if s.tok_stop < o.tok_stop else o.tok_stop)) > MAX_GAP:
                continue
            out.append((s, o))
    return out


# Nouns of kin and company: «муж актрисы Сергей Сенин», «супруга президента
# США Мишель Обама» name the post's holder's relative.
RELATIVES = frozenset("""брат сестра сын дочь супруг супруга жена муж вдова вдовец отец мать внук
    внучка племянник племянница родственник родственница невеста жених зять тёща свекровь свёкор
    мама папа бабушка дедушка дядя тётя пасынок падчерица""".split())


def _relative_of_holder(view: SentenceView, person: Mention, post: Mention) -> bool:
    """A post in the genitive after a noun of kin, and right after it a
    person whose words are all in the nominative: the person is the holder's
    relative, not the holder («мать спортсменки Даниела Липницкая»; «дочь
    президента Барака Обамы» is the holder's name)."""
    tokens = view.tokens
    if person.tok_start != post.tok_stop or tokens[post.tok_start].feats.get("Case") != "Gen":
        return False
    cases = {t.feats["Case"] for t in tokens[person.tok_start:person.tok_stop] if "Case" in t.feats}
    if cases != {"Nom"}:  # «сын маршала Е Цзяньина»: «Е» reads as nominative, the surname does not
        return False
    k = post.tok_start - 1
    while k >= 0 and tokens[k].pos in ("ADJ", "DET"):
        k -= 1
    return k >= 0 and tokens[k].lemma.lower() in RELATIVES


@lru_cache(maxsize=1)
def load_model() -> dict:
    """``{type: {"bias": float, "threshold": float, "weights": {feature: float}}}``."""
    path = resources.files("pipeline") / "data" / "relations" / "model.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def score(model: dict, feats: list[str]) -> float:
    z = model["bias"] + sum(filter(None, map(model["weights"].get, feats)))  # a feature with no weight adds 0
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def classify(view: SentenceView, rtype: str, model: dict) -> list[tuple[float, Mention, Mention]]:
    """(score, subject, object) of the candidate pairs of ``rtype`` scoring at
    least the type's threshold; a post has one holder (lists share it later,
    :func:`pipeline.stages.relations.rules.shared_posts`), not a relative
    named after it (:func:`_relative_of_holder`; the classifier is fit on
    those pairs too, as negatives)."""
    found = []
    for s, o in candidate_pairs(view, rtype):
        if rtype == WORKS_AS and _relative_of_holder(view, s, o):
            continue
        p = score(model, pair_features(view, s, o))
        if p >= model["threshold"]:
            found.append((p, s, o))
    if rtype == WORKS_AS:
        best: dict[str, tuple[float, Mention, Mention]] = {}
        for p, s, o in found:
            if o.mention_id not in best or p > best[o.mention_id][0]:
                best[o.mention_id] = (p, s, o)
        found = list(best.values())
    return found

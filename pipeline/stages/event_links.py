"""Two mentions of one event: ALTERNATIVE_NAME from the earlier to the later.

A news text names what happened more than once and seldom the same way:
«Умер» … «скончался», «дорожно-транспортного происшествия» … «ДТП»,
«подал в отставку» … «покинул свой пост».  NEREL links such event mentions by
ALTERNATIVE_NAME, each to the one before it in the chain (of 767 links between
EVENTs in NEREL train, 748 join neighbours of a chain), and 770 of its 3 702
ALTERNATIVE_NAME links are between events: the relation stage links names
(:mod:`pipeline.stages.relations.names`), not events.  NEREL links another
name of the event, seldom a repeat of the same words.

For each EVENT mention, every EVENT mention ending before it at most
:data:`MAX_SENTENCES` sentences back is a candidate, scored by a logistic
model over:

* the two head words: the same lemma, how long a prefix they share
  («убийство» … «убит»), how alike natasha's navec vectors say they are
  («умереть» … «скончаться»), their parts of speech, whether the two texts
  are the same;
* how often NEREL links events of these two head lemmas when both are
  events within :data:`MAX_SENTENCES` sentences, and how often an event of
  each lemma is in a chain at all (``priors`` of ``event-links.json``, counted
  on NEREL's gold, binned);
* where they are: sentences apart, events between them (of the same
  lemmas as well), the earlier one in the headline.

The later mention is linked to its best candidate when that scores the
model's threshold; the confidence is the score calibrated out of fold.  The
stage adds relations only.  A participant, place or date the two events
share (by the NEREL relation stage) added 0.002 to ALTERNATIVE_NAME's F1
out of fold, with that stage's relations in sample: left out.

Chosen by 3-fold cross-validation over NEREL train by document, on the
pipeline's own mentions out of fold (``python -m pipeline.train.event_links``;
figures in ``event-links.json``'s ``"cv"`` and docs/relations.md).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from pipeline.doc import Document, Mention, Relation
from pipeline.labels import ALTERNATIVE_NAME, EVENT
from pipeline.stages import Stage
from pipeline.stages.event_words import score
from pipeline.stages.features import mention_head
from pipeline.stages.ner import DATA
from pipeline.stages.relations.confidence import platt_scaled

SOURCE = "event_link"
MAX_SENTENCES = 5  # farthest sentence back a candidate may be

Similarity = Callable[[str, str], float | None]


def model_path() -> Path:
    return DATA / "event-links.json"


@lru_cache(maxsize=1)
def load_model() -> dict:
    """The shipped model (``event-links.json``); empty when not built."""
    path = model_path()
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def vector_similarity(resources) -> Similarity:
    """Cosine of two words' navec vectors (None when natasha's vocabulary
    lacks either), by the word ids and vectors the taggers already hold."""
    vocab = resources.packed.ids.words
    encode, unknown = vocab.encode, {vocab.unk_id, vocab.pad_id}
    pq = resources.emb.pq

    def similarity(a: str, b: str) -> float | None:
        i, j = encode(a), encode(b)
        if i in unknown or j in unknown:
            return None
        u, v = pq[i], pq[j]
        norm = float(np.sqrt((u @ u) * (v @ v)))
        return float(u @ v) / norm if norm else None

    return similarity


def pair_key(a: str, b: str) -> str:
    """The key of two lemmas in the priors, either order."""
    return "|".join(sorted((a, b)))


def prior_bin(linked: int, seen: int) -> str:
    """The tenth of the smoothed share ``linked / seen`` (``u``: never seen)."""
    return str(min(int(10 * (linked + 0.1) / (seen + 1)), 9)) if seen else "u"


@dataclass(frozen=True, slots=True)
class Pair:
    """A later EVENT mention and a candidate earlier one, with their head
    lemmas and the features that do not hang on the priors."""

    earlier: Mention
    later: Mention
    lemmas: tuple[str, str]
    context: tuple[str, ...]


def heads(doc: Document, m: Mention) -> tuple[str, str]:
    """The lemma (lower case) and part of speech of a mention's syntactic head."""
    t = mention_head(doc, m)
    return t.lemma.lower(), t.pos


def _prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def candidate_pairs(doc: Document, similarity: Similarity | None = None) -> list[Pair]:
    """Each EVENT mention with each EVENT mention ending before it at most
    :data:`MAX_SENTENCES` sentences back, the later mentions in order, the
    nearest candidate first."""
    events = sorted((m for m in doc.mentions if m.type == EVENT and m.tok_start >= 0),
                    key=lambda m: (m.start, m.stop))
    head = {m.mention_id: heads(doc, m) for m in events}
    out = []
    for j, b in enumerate(events):
        lb, pb = head[b.mention_id]
        before = [a for a in events[:j] if b.sent_idx - a.sent_idx <= MAX_SENTENCES and a.stop <= b.start]
        for rank, a in enumerate(reversed(before)):
            la, pa = head[a.mention_id]
            between = before[len(before) - rank:]
            same = int(la == lb)
            prefix = str(min(_prefix(la, lb), 6))
            dist = str(min(b.sent_idx - a.sent_idx, 4))
            place = str(min(rank, 4))
            sim = similarity(la, lb) if similarity is not None else None
            cos = "u" if sim is None else str(min(int(max(sim, 0.0) * 10), 9))
            context = (f"same:{same}", f"cp:{prefix}", f"dist:{dist}", f"rank:{place}", f"pos:{pa}_{pb}",
                       f"text:{int(a.text.lower() == b.text.lower())}", f"first:{int(a.sent_idx == 0)}",
                       f"la_btw:{int(any(head[x.mention_id][0] == la for x in between))}",
                       f"lb_btw:{int(any(head[x.mention_id][0] == lb for x in between))}",
                       f"lena:{min(a.tok_stop - a.tok_start, 3)}", f"lenb:{min(b.tok_stop - b.tok_start, 3)}",
                       f"cos:{cos}", f"cos:{cos}|pos:{pa}_{pb}", f"same:{same}|dist:{dist}",
                       f"cp:{prefix}|dist:{dist}", f"same:{same}|rank:{place}")
            out.append(Pair(a, b, (la, lb), context))
    return out


def features(pair: Pair, priors: Mapping) -> list[str]:
    """The pair's features with its priors (``{"pairs": {key: [linked, seen]},
    "lemmas": {lemma: [in a chain, seen]}}``)."""
    la, lb = pair.lemmas
    linked, seen = priors.get("pairs", {}).get(pair_key(la, lb), (0, 0))
    lemmas = priors.get("lemmas", {})
    return [*pair.context, f"prior:{prior_bin(linked, seen)}", f"prior_n:{min(int(math.log2(seen + 1)), 5)}",
            f"lp_a:{prior_bin(*lemmas.get(la, (0, 0)))}", f"lp_b:{prior_bin(*lemmas.get(lb, (0, 0)))}"]


def best_links(pairs: list[Pair], scores: list[float], threshold: float) -> list[tuple[Pair, float]]:
    """Per later mention, its best-scoring candidate when that reaches
    ``threshold`` (the nearest of equals), in order."""
    best: dict[str, tuple[Pair, float]] = {}
    for pair, s in zip(pairs, scores, strict=True):
        key = pair.later.mention_id
        if s >= threshold and (key not in best or s > best[key][1]):
            best[key] = (pair, s)
    return list(best.values())


class EventLinks(Stage):
    name = "event_links"
    requires = ("tokens.morph", "tokens.lemma", "tokens.syntax", "mentions.types", "mentions.type_words",
                "mentions.repeats", "mentions.event_words")
    assigns = ("relations.event_links",)

    def __init__(self, resources=None, model: Mapping | None = None) -> None:
        """``resources``: for the word vectors (none: no similarity feature);
        ``model``: default ``event-links.json`` (an empty one links nothing)."""
        self.model = load_model() if model is None else model
        self.similarity = vector_similarity(resources) if resources is not None and self.model else None

    def __call__(self, doc: Document) -> Document:
        if not self.model:
            return doc
        pairs = candidate_pairs(doc, self.similarity)
        priors = self.model["priors"]
        scores = [score(self.model, features(p, priors)) for p in pairs]
        for pair, s in best_links(pairs, scores, self.model["threshold"]):
            confidence = round(platt_scaled(self.model.get("calibration"), s), 4)
            doc.add_relation(Relation(ALTERNATIVE_NAME, pair.earlier.mention_id, pair.later.mention_id,
                                      pair.later.sent_idx, confidence, source=SOURCE))
        return doc

"""Events of one word that the other stages leave out, by a model of the
word in its document.

NEREL marks an event where the article is about it: «выборы», «смерти»,
«назначен» are events in one text and not in the next, and not even in
every place of one text (in NEREL train, of the 5 085 occurrences of nouns
and verbs that a document holds twice or more and marks an event at least
once, 3 138 are marked).  The other-types layer weighs a word in its
sentence; what it cannot weigh is how often NEREL makes the word an event
at all and what the document does with it.  This stage scores each noun and
verb that no mention covers by a logistic model over:

* the word's prior: how often a token of its lemma lies in a NEREL EVENT
  (``priors`` of ``event-words.json``, from NEREL train and dev), binned,
  with how often it was seen;
* its document: how often the lemma occurs in it, the share of those
  occurrences the earlier stages made an event, whether it is in the first
  sentence (the headline), the sentence's place;
* its sentence: whether a date, a place or a participant (person,
  organization, post) depends on it, whether its head is a verb, its
  tense, verb form, voice, number, case and dependency relation;

and adds an EVENT mention of the word where the score reaches the model's
threshold.  It runs after ``repeats`` (the document's events are known) and
before the normal forms, links and relations, which take these mentions as
any other.

Chosen by 3-fold cross-validation over NEREL train by document
(``python -m pipeline.train.event_words``: each fold's model and priors fit
on the pipeline's own mentions of the other folds, the threshold by the
EVENT token F1 out of fold); the figures are in ``event-words.json``'s
``"cv"`` and the README (*Every NEREL type*).
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline.doc import Document
from pipeline.labels import DATE, EVENT, FAC, LOC, ORG, PER, ROLE, TIME
from pipeline.stages import Stage
from pipeline.stages.ner import DATA, mention_from_tokens

SOURCE = "event_word"
POS = ("NOUN", "VERB")  # the words scored
# What a word's dependents that are mentions of these types say of it.
_KIDS = {DATE: "d", TIME: "d", LOC: "l", FAC: "l", PER: "p", ORG: "p", ROLE: "p"}
# The prior's bins: upper bounds of the share (events + 0.1) / (seen + 1).
_PRIOR_BINS = (0.001, 0.05, 0.1, 0.2, 0.3, 0.45, 0.6)


def model_path() -> Path:
    return DATA / "event-words.json"


@lru_cache(maxsize=1)
def load_model() -> dict:
    """The shipped model (``event-words.json``); empty when not built."""
    path = model_path()
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def prior_bin(events: int, seen: int) -> str:
    """The bin of a lemma's share of tokens in a NEREL event (``u``: never seen)."""
    if not seen:
        return "u"
    share = (events + 0.1) / (seen + 1)
    return str(next((k for k, x in enumerate(_PRIOR_BINS) if share < x), len(_PRIOR_BINS)))


@dataclass(frozen=True, slots=True)
class Candidate:
    """A noun or verb no mention covers (token ``tok`` of sentence ``sent``),
    with its lemma and the features that do not hang on its prior."""

    sent: int
    tok: int
    lemma: str
    pos: str
    context: tuple[str, ...]
    cover: str  # the binned share of the lemma's occurrences already events
    first: str  # "1" when the lemma is in the first sentence
    kid_date: str  # "1" when a date depends on the word


def candidates(doc: Document) -> list[Candidate]:
    """The document's nouns and verbs that no mention covers, in order."""
    covered: set[tuple[int, int]] = set()
    events: set[tuple[int, int]] = set()
    kinds: dict[tuple[int, int], set[str]] = {}
    for m in doc.mentions:
        if m.tok_start < 0:
            continue
        for k in range(m.tok_start, m.tok_stop):
            covered.add((m.sent_idx, k))
            if m.type == EVENT:
                events.add((m.sent_idx, k))
            elif m.type in _KIDS:
                kinds.setdefault((m.sent_idx, k), set()).add(_KIDS[m.type])
    seen: Counter[str] = Counter()
    evented: Counter[str] = Counter()
    for si, sent in enumerate(doc.sentences):
        for k, t in enumerate(sent.tokens):
            lemma = t.lemma.lower()
            seen[lemma] += 1
            evented[lemma] += (si, k) in events
    first = {t.lemma.lower() for t in doc.sentences[0].tokens} if doc.sentences else set()
    out = []
    for si, sent in enumerate(doc.sentences):
        tokens = sent.tokens
        kids: dict[int, set[str]] = {}
        for j, t in enumerate(tokens):
            if 0 < t.head <= len(tokens) and (si, j) in kinds:
                kids.setdefault(t.head - 1, set()).update(kinds[(si, j)])
        for k, t in enumerate(tokens):
            if t.pos not in POS or (si, k) in covered:
                continue
            lemma = t.lemma.lower()
            share = evented[lemma] / seen[lemma]
            cover = str(min(int(share * 4), 3)) if share > 0 else "0"
            has = kids.get(k, set())
            head = tokens[t.head - 1] if 0 < t.head <= len(tokens) else None
            feats = t.feats
            context = (f"pos:{t.pos}", f"cnt:{min(seen[lemma], 5)}", f"cs:{cover}",
                       f"first:{int(lemma in first)}", f"sidx:{min(si, 3)}",
                       f"kd:{int('d' in has)}", f"kl:{int('l' in has)}", f"kp:{int('p' in has)}",
                       f"hv:{int(head is not None and head.pos == 'VERB')}",
                       f"tense:{feats.get('Tense', '')}", f"vf:{feats.get('VerbForm', '')}",
                       f"voice:{feats.get('Voice', '')}", f"num:{feats.get('Number', '')}",
                       f"case:{feats.get('Case', '')}", f"rel:{t.rel}",
                       f"pos:{t.pos}|vf:{feats.get('VerbForm', '')}|tense:{feats.get('Tense', '')}")
            out.append(Candidate(si, k, lemma, t.pos, context, cover, str(int(lemma in first)),
                                 str(int("d" in has))))
    return out


def features(c: Candidate, prior: tuple[int, int] | None) -> list[str]:
    """The candidate's features, with its lemma's prior (events, seen) or None."""
    events, seen = prior or (0, 0)
    p = prior_bin(events, seen)
    n = str(min(int(math.log2(seen + 1)), 8))
    return [*c.context, f"pr:{p}", f"pn:{n}", f"pr:{p}|pn:{n}", f"pr:{p}|pos:{c.pos}",
            f"pr:{p}|cs:{c.cover}", f"pr:{p}|first:{c.first}", f"pr:{p}|kd:{c.kid_date}"]


def score(model: Mapping, feats: list[str]) -> float:
    """The model's probability that the word is an event."""
    weight = model["weights"].get
    z = model["bias"] + sum(filter(None, map(weight, feats)))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


class EventWords(Stage):
    name = "event_words"
    requires = ("tokens.lemma", "tokens.morph", "tokens.syntax", "mentions.names", "mentions.dates",
                "mentions.types", "mentions.roles", "mentions.facilities", "mentions.type_words",
                "mentions.place_adjectives", "mentions.latin_places", "mentions.place_bodies",
                "mentions.org_words", "mentions.repeats")
    assigns = ("mentions.event_words",)

    def __init__(self, model: Mapping | None = None) -> None:
        """``model``: the model to score by (default: ``event-words.json``;
        an empty one adds nothing)."""
        self.model = load_model() if model is None else model

    def __call__(self, doc: Document) -> Document:
        if not self.model:
            return doc
        priors, threshold = self.model["priors"], self.model["threshold"]
        for c in candidates(doc):
            if score(self.model, features(c, priors.get(c.lemma))) >= threshold:
                sent = doc.sentences[c.sent]
                doc.add_mention(mention_from_tokens(doc, sent, c.sent, c.tok, c.tok + 1, EVENT, SOURCE))
        return doc

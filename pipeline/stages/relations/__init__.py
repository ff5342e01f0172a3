"""Relations between mentions of one sentence (NEREL names), plus AMOUNT_OF.

The stage only orders the jobs; each lives in its own module:

* :mod:`.model`: WORKS_AS (PER → ROLE), WORKPLACE (PER or ROLE → ORG/LOC),
  HEADQUARTERED_IN (ORG → LOC), LOCATED_IN (LOC or FAC → LOC, FAC → FAC) scored by the
  classifier trained on NEREL train (``make train``);
* :mod:`.rules`: the pairs stated in ways the classifier scores low
  (divisions, seats, participles, lists of people, posts of the sentence
  before);
* :mod:`.names`: ALTERNATIVE_NAME (other names of one entity, place
  adjectives, amounts in two currencies);
* :mod:`.located`: LOCATED_IN from a facility («на Кунцевском кладбище в
  Москве»; the FAC mentions are made before, :mod:`pipeline.stages.facilities`);
* :mod:`.deference`: no WORKPLACE or HEADQUARTERED_IN for a pair the NEREL
  relation stage (run before) gave a type that takes it (ORIGINS_FROM,
  FOUNDED_BY, OWNER_OF);
* :mod:`pipeline.stages.money_links`: AMOUNT_OF (MONEY → PER/ORG/LOC), see the
  README (Posts, relations, officials).
"""

from __future__ import annotations

from pipeline.doc import Document, Relation
from pipeline.geo import places
from pipeline.labels import HEADQUARTERED_IN, LOCATED_IN, WORKS_AS
from pipeline.stages import Stage
from pipeline.stages.features import SentenceView, inside
from pipeline.stages.money_links import money_relations
from pipeline.stages.relations.confidence import calibrated, rule_confidence, rule_key
from pipeline.stages.relations.deference import typed_otherwise
from pipeline.stages.relations.located import facility_places
from pipeline.stages.relations.model import CANDIDATES, classify, load_model, sentence_mentions
from pipeline.stages.relations.names import alternative_names, money_conversions, place_adjectives
from pipeline.stages.relations.rules import (
    anaphoric_posts,
    division_places,
    headquarters,
    joined_posts,
    shared_posts,
    verb_posts,
)


class RelationExtractor(Stage):
    name = "relations"
    requires = ("tokens.lemma", "tokens.syntax", "mentions.money", "mentions.roles", "mentions.facilities",
                "mentions.place_adjectives", "mentions.latin_places", "mentions.place_bodies",
                "mentions.org_words", "mentions.entity", "relations.nerel")
    assigns = ("relations",)

    def __init__(self, model: dict | None = None) -> None:
        self.model = load_model() if model is None else model
        self.rules_off = frozenset(self.model.get("rules_off", ()))
        places()  # the gazetteer of the features, loaded with the model, not on the first document

    def __call__(self, doc: Document) -> Document:
        for si, ms in sentence_mentions(doc):
            self._sentence(doc, si, SentenceView(doc.sentences[si], ms))
        for rel in shared_posts(doc):
            self._add(doc, rel)
        for rel in joined_posts(doc):
            self._add(doc, rel)
        for s, o in anaphoric_posts(doc):
            self._add(doc, Relation(WORKS_AS, s.mention_id, o.mention_id, o.sent_idx, 0.5, source="anaphora"))
        for rel in (alternative_names(doc) + place_adjectives(doc) + money_conversions(doc)
                    + money_relations(doc) + facility_places(doc)):
            self._add(doc, rel)
        return doc

    def _add(self, doc: Document, rel: Relation) -> None:
        """Add a relation; a rule's gets its rule's measured precision as
        confidence (the classifier's come calibrated), unless cross-validation
        found the rule wrong too often to help (``rules_off``); none for a
        pair the NEREL relation stage typed otherwise (:mod:`.deference`)."""
        if typed_otherwise(doc, rel):
            return
        if rel.source != "model":
            if rule_key(rel) in self.rules_off:
                return
            rel.confidence = rule_confidence(self.model.get("rules", {}), rel)
        doc.add_relation(rel)

    def _sentence(self, doc: Document, si: int, view: SentenceView) -> None:
        """The rules' pairs, then the classifier's, of one sentence."""
        rules = ((WORKS_AS, verb_posts, 0.8), (LOCATED_IN, division_places, 0.8),
                 (HEADQUARTERED_IN, headquarters, 0.9))
        for rtype, rule, conf in rules:
            for s, o in rule(view):
                self._add(doc, Relation(rtype, s.mention_id, o.mention_id, si, conf, source="rule"))
        for rtype in CANDIDATES:
            model = self.model.get(rtype)
            for p, s, o in classify(view, rtype, model) if model else ():
                if rtype == LOCATED_IN and inside(s, o):
                    # the part is in the place it is named by: «юго-востоке Турции» in
                    # «Турции», not the other way (NEREL train: 176 to 2); merged with
                    # that pair when the classifier gave it too
                    s, o = o, s
                self._add(doc, Relation(rtype, s.mention_id, o.mention_id, si, calibrated(model, p),
                                        source="model"))

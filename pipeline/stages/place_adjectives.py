"""Place adjectives: «чешского парламента», «ирландских предках», «тамбовский».

NEREL marks an adjective made from a place's name as a place of its own
(COUNTRY, CITY, ...; a NATIONALITY now and then, when it qualifies a person)
nearly every time, alone or nested in the mention it is part of («МИД
Австралии»'s kin «австралийский МИД», «румынскими солдатами»).  The NER
layers weigh such a word with its context and leave some out.  This stage
adds a LOC mention on each lower-case adjective whose lemma names a place
of the gazetteer (:func:`pipeline.geo.adjective_place`: «чешский» → Чехия,
«брянский» → Брянск; not «городской», «морской») where no mention has
exactly its span; the places stage gives it its kind, the links stage its
place.

Chosen by 3-fold cross-validation over NEREL train by document (every CRF
layer and table out of fold, ``python -m pipeline.train.oof``): of the
adjectives the layers left out that this test finds, gold marks about three
in four a place, one in eight a nationality; LOC exact spans 0.9017 → 0.9134
(0.9160 with the stems added to ``ADJ_PLACES`` after).
A capitalized adjective is a name's part («Московский университет»):
with those LOC falls to 0.898; with the first word of a sentence that is
in no mention, 0.9135 (no gain worth the rule).  But the one that begins an
organization's name of two words or more is the place the body is of, and
takes its mention too («Страсбургского суда», «Шведской академии»,
«Рижское училище»): in NEREL train's gold 194 of 243 such adjectives are a
place (180 of them the organization's HEADQUARTERED_IN), 40 nothing
(«Комсомольская правда», «Колумбийского университета»).  Out of fold LOC
exact 0.9195 → 0.9204, HEADQUARTERED_IN cross-validated 0.7119 → 0.7165
(WORKPLACE 0.6756 → 0.6762, LOCATED_IN 0.4433 → 0.4426); LOC 0.9211 with
«мариинский», «гарвардский» made no places after (``NOT_PLACE_ADJECTIVES``).
"""

from __future__ import annotations

from pipeline.doc import Document
from pipeline.geo import adjective_place, lookup
from pipeline.labels import LOC, ORG
from pipeline.stages import Stage
from pipeline.stages.ner import mention_from_tokens

SOURCE = "place_adjective"


class PlaceAdjectives(Stage):
    name = "place_adjectives"
    requires = ("tokens.morph", "tokens.lemma", "mentions.names", "mentions.types", "mentions.roles",
                "mentions.type_words")
    assigns = ("mentions.place_adjectives",)

    def __call__(self, doc: Document) -> Document:
        taken: set[tuple[int, int]] = {m.span for m in doc.mentions}
        # «Страсбургского суда», «Шведской академии»: the first word of an organization's name
        first = {(m.sent_idx, m.tok_start) for m in doc.mentions  # not «Российская Федерация» tagged ORG
                 if m.type == ORG and m.tok_stop - m.tok_start > 1 and lookup(m.text) is None}
        for i, sent in enumerate(doc.sentences):
            for k, t in enumerate(sent.tokens):
                if (t.pos == "ADJ" and (t.text[:1].islower() or (i, k) in first)
                        and (t.start, t.stop) not in taken and adjective_place(t.lemma.lower())):
                    doc.add_mention(mention_from_tokens(doc, sent, i, k, k + 1, LOC, SOURCE))
        return doc


"""Pipeline stages.

A stage is a small class: ``stage(doc)`` enriches one Document and returns it;
``stage.pipe(docs)`` does the same for a batch (stages that run neural models
override it to batch sentences across documents).  Stages get their models
from :class:`pipeline.resources.Resources` and never touch files.

Each stage declares what it reads (``requires``) and what it adds
(``assigns``), as facets of the document named in :data:`FACETS`, so that a
pipeline can check its order when it is built and ``--stages`` can add the
stages a chosen one needs (:mod:`pipeline.nlp`).
"""

from __future__ import annotations

from collections.abc import Iterable

from pipeline.doc import Document

# What a stage can read or add: facet -> what it is on the Document.
FACETS: dict[str, str] = {
    "sentences": "Document.sentences with their tokens (offsets, text)",
    "tokens.morph": "Token.pos and Token.feats (UD)",
    "tokens.lemma": "Token.lemma",
    "tokens.syntax": "Token.head and Token.rel (UD dependencies)",
    "mentions.names": "PER, ORG, LOC, FAC mentions with their token spans",
    "tokens.layers": "Sentence.layer_tags: the tags of the CRF layers run for later stages",
    "mentions.types": "EVENT, LAW, AWARD, NATIONALITY, NUMBER, ORDINAL, ... mentions (NEREL's "
                      "other types) and the NUMBER/ORDINAL values in Document.quantities",
    "mentions.money": "MONEY mentions and their Document.money values",
    "mentions.dates": "DATE and TIME mentions and their Document.dates values (TIMEX3)",
    "mentions.quantities": "PERCENT and AGE mentions and their Document.quantities values",
    "mentions.roles": "ROLE mentions (posts)",
    "mentions.inner_roles": "ROLE mentions of the post inside a post of a body or place (NEREL nests them)",
    "mentions.inner_orgs": "ORG mentions of the body inside an organization named with its place",
    "mentions.type_words": "mentions of the other types on the words NEREL marks so alone most of the time",
    "mentions.place_adjectives": "LOC mentions of place adjectives the NER left out («курском аэропорту»)",
    "mentions.place_bodies": "ORG mentions of a body named by a common word and a place («власти США»)",
    "mentions.org_words": "ORG mentions of the words NEREL marks an organization alone («правительство»)",
    "mentions.latin_places": "LOC mentions of places in Latin letters the NER left out («Chicago Bulls»)",
    "mentions.repeats": "mentions where the document repeats the lemmas of a mention found elsewhere in it",
    "mentions.event_words": "EVENT mentions of single nouns and verbs a model of the word in its document "
                            "scores an event",
    "mentions.facilities": "FAC mentions of the named facilities the NER missed that have a place",
    "mentions.normal": "Mention.normal and the name parts first, middle, last",
    "mentions.kind": "Mention.kind: a LOC mention's NEREL place type (COUNTRY, CITY, ...)",
    "mentions.entity": "Mention.entity_id (mentions of one entity in the document)",
    "relations": "Document.relations",
    "relations.time": "AGE_IS, DATE_OF_BIRTH, DATE_OF_DEATH, DATE_FOUNDED_IN, POST_START, POST_END "
                      "relations in Document.relations",
    "relations.nerel": "NEREL's other relation types (events, family, membership, awards...) in "
                       "Document.relations",
    "relations.event_links": "ALTERNATIVE_NAME relations between two mentions of one event in "
                             "Document.relations",
    "relations.pronouns": "PARTICIPANT_IN relations of a person to an event told of «он» / «она» in a "
                          "later sentence, in Document.relations",
    "events": "Document.events: each EVENT mention's date, place and participants",
    "roles": "Document.roles: each ROLE mention's name, posts and the places they are of",
}


class Stage:
    name = "stage"
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()

    def __call__(self, doc: Document) -> Document:
        raise NotImplementedError

    def pipe(self, docs: Iterable[Document]) -> list[Document]:
        return [self(doc) if doc.ok else doc for doc in docs]

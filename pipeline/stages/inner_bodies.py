"""The body inside an organization named with its place, as NEREL nests
ORGANIZATION.

NEREL marks «МИД России» an ORGANIZATION and «МИД» inside it one of its own;
likewise «правительство» in «правительство Италии», «министерстве обороны»
in «министерстве обороны Венесуэлы», «Следственного комитета» in
«Следственного комитета России».  The NER's ORG layer tags the outer name
(its LOC layer the place); this stage adds the inner one: the ORG mention
without the LOC mention that ends it, when what is left names a body (a word
of :data:`pipeline.gazetteer.ORG_BODIES`), holds no other place and does not
end in a preposition, a conjunction or a punctuation mark («посольство в
Москве»).

Chosen on NEREL train (documents 0-299 in order of id, never dev): such an
inner name is NEREL's in 113 of 226 cases; without a body word in 13 of 49
(«Единая» of «Единая Россия», «Власти» of «Власти США»: left out).  Like
:mod:`pipeline.stages.inner_posts` it runs last, so the relations hold the
outer name; its normal form is the outer's first words, its entity_id the
outer's (the same body: the link stage joins «Следственный комитет» standing
alone to «Следственный комитет России» too).
"""

from __future__ import annotations

from pipeline.doc import Document, Mention
from pipeline.gazetteer import word_class
from pipeline.labels import LOC, ORG
from pipeline.stages import Stage
from pipeline.stages.nested import inner_mention, token_spans

_ENDS = ("ADP", "CCONJ", "PUNCT")  # what the inner name may not end with


def inner_body(doc: Document, m: Mention, places: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Token span of the body inside ORG ``m``, or None.  ``places``: token
    spans of the LOC mentions in its sentence."""
    tokens = doc.sentences[m.sent_idx].tokens
    ends = [a for a, b in places if b == m.tok_stop and a > m.tok_start]
    if not ends:
        return None
    a, b = m.tok_start, min(ends)
    if tokens[b - 1].pos in _ENDS or not any(word_class(t.lemma.lower()) == "body" for t in tokens[a:b]):
        return None
    if any(a <= x and y <= b for x, y in places):  # «МИД России и в министерстве обороны»
        return None
    return a, b


class InnerBodies(Stage):
    name = "inner_bodies"
    requires = ("tokens.morph", "tokens.lemma", "mentions.names", "mentions.normal", "mentions.entity")
    assigns = ("mentions.inner_orgs",)

    def __call__(self, doc: Document) -> Document:
        orgs = [m for m in doc.mentions if m.type == ORG and m.tok_start >= 0]
        if not orgs:
            return doc
        places = token_spans(doc, (LOC,))
        have = {(m.tok_start, m.tok_stop, m.sent_idx) for m in orgs}
        for m in orgs:
            span = inner_body(doc, m, places.get(m.sent_idx, []))
            if span is not None and (*span, m.sent_idx) not in have:
                inner = inner_mention(doc, m, span)
                inner.entity_id = m.entity_id
                doc.add_mention(inner)
                have.add((*span, m.sent_idx))
        return doc

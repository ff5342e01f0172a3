"""The post inside a post of a body or a place, as NEREL nests PROFESSION.

NEREL marks «президента США» a PROFESSION and «президента» inside it a
PROFESSION of its own; likewise «министра» in «министра обороны Израиля»,
«генерального директора» in «генерального директора Apple», «послом» in
«послом в Сингапуре».  The roles stage makes the outer ROLE mention; this
stage adds the inner one: the ROLE's tokens up to its head word (the post
word with the adjectives before it), when the rest of the ROLE holds a place
or an organization the NER found.

It runs last, so the relations, officials and events are made over the
outer posts only, as before (NEREL's relations hold the outer one: a person
WORKS_AS «президента США»).  Its normal form is the outer's first words
(«генерального директора Apple» → «генеральный директор Apple» →
«генеральный директор»), its entity_id the one the link stage gives a ROLE
of that name.

Chosen on NEREL train (documents 0-299 in order of id, never dev): inner
posts before the rest of a ROLE are right 48 % of the time when the rest
holds a LOC or ORG mention (67 % with a LOC alone) and 31 % when it holds
none («представители клубов», «солдат вермахта»: left out).  A nested span
right about half the time is worth adding to an F1 measured over every type
(with the final roles stage, the role layer out of fold: 329 of 731 right).

NEREL nests a post at the end of a ROLE too (315 of its 1 630 nested
PROFESSION spans in train): the post word after its adjectives («певице» in
«оперной певице», «тренером» in «главным тренером»: 54 of 119 right on the
same documents), and a second post with what follows it («президента России»
in «советником президента России», «премьера» in «пресс-секретарь
премьера»: 48 of 88).  :func:`later_post` adds those, with their own normal
forms (the normal stage's, in the nominative: «певица», «президент
России»).
"""

from __future__ import annotations

from pipeline.doc import Document, Mention
from pipeline.entity_ids import entity_id, entity_name
from pipeline.labels import LOC, ORG, ROLE
from pipeline.resources import Resources
from pipeline.stages import Stage
from pipeline.stages.features import span_head
from pipeline.stages.nested import inner_mention, mention_at, token_spans
from pipeline.stages.normal import Normalizer
from pipeline.stages.roles import is_post

_DASHES = frozenset("–—-")
_OWNERS = (LOC, ORG)  # what the rest of a ROLE must hold


def inner_post(doc: Document, m: Mention, owners: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Token span of the post inside ROLE ``m``, or None.  ``owners``: token
    spans of the LOC and ORG mentions in its sentence."""
    tokens = doc.sentences[m.sent_idx].tokens
    a, b = m.tok_start, m.tok_stop
    head = span_head(tokens, a, b)
    if head + 1 >= b or any(t.text in _DASHES for t in tokens[a:b]):
        return None
    if not any(head < x and y <= b for x, y in owners):
        return None
    return a, head + 1


def later_post(doc: Document, m: Mention) -> tuple[int, int] | None:
    """Token span of the post at the end of ROLE ``m``: its post word after
    adjectives alone, or a second post word with what follows it; or None."""
    tokens = doc.sentences[m.sent_idx].tokens
    a, b = m.tok_start, m.tok_stop
    head = span_head(tokens, a, b)
    if head == b - 1 and head > a and all(t.pos == "ADJ" for t in tokens[a:head]):
        return head, b
    for k in range(head + 1, b):
        if tokens[k].pos == "NOUN" and is_post(tokens[k]):
            return k, b
    return None


class InnerPosts(Stage):
    name = "inner_posts"
    requires = ("tokens.syntax", "mentions.names", "mentions.roles", "mentions.normal", "mentions.entity")
    assigns = ("mentions.inner_roles",)

    def __init__(self, resources: Resources) -> None:
        self.normal = Normalizer(resources)

    def __call__(self, doc: Document) -> Document:
        roles = [m for m in doc.mentions if m.type == ROLE and m.tok_start >= 0]
        if not roles:
            return doc
        owners = token_spans(doc, _OWNERS)
        have = {(m.sent_idx, m.tok_start, m.tok_stop) for m in roles}
        for m in roles:
            span = inner_post(doc, m, owners.get(m.sent_idx, []))
            if span is not None:
                inner = inner_mention(doc, m, span)
                inner.entity_id = entity_id(ROLE, entity_name(ROLE, inner.normal))
                doc.add_mention(inner)
            span = later_post(doc, m)
            if span is not None and (m.sent_idx, *span) not in have:
                later = mention_at(doc, m.sent_idx, span, ROLE)
                later.normal = self.normal.phrase(doc, later)
                later.entity_id = entity_id(ROLE, entity_name(ROLE, later.normal))
                doc.add_mention(later)
                have.add((m.sent_idx, *span))
        return doc

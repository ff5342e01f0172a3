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

Whether NEREL nests the body depends on its word: «правительство» in
«правительство Италии» 39 times of 57 in train and dev, «сборная» in
«сборная России» once in 43, «университет», «посольство» never.
``inner-bodies.tsv`` (``python -m pipeline.train.nested``, from NEREL's gold
spans) counts per body word the candidates and those NEREL nests; a word
seen at least MIN_SEEN times keeps its inner name when NEREL nests at least
MIN_SHARE of them.  3-fold cross-validation over NEREL train by document
(every layer and the counts out of fold): ORG exact-span F1 0.789 → 0.795,
micro over all types +0.0008; MIN_SHARE 0.3 and 0.4 alike, 0.5 lower.

NEREL nests the body a division belongs to as well: «МВД Киргизии» in
«пресс-служба МВД Киргизии», «Госдумы» in «Профильный комитет Госдумы»,
«ФСБ» in «управление собственной безопасности ФСБ».  :func:`owner_body`
takes the rest of an ORG mention from its first capitalized word after a
lower-case one, unless that word follows a preposition or «имени», starts a
place, or the rest holds a person, a preposition («в», «по»...) or follows
a word in Latin letters («Folha de Sao Paulo»).  On NEREL train (documents
0-299, never dev) 54 of 76 such names are NEREL's.  It is another body, with
its own normal form (the normal stage's, in the nominative: «Госдума») and
entity.

An abbreviation in the name is a body of its own too (:func:`abbreviation_body`):
«ООН» in «Совета Безопасности ООН», «МЧС» in «ЦУКС МЧС России», «КПСС» in
«ЦК КПСС» when the text names it alone as well.  Out of fold over NEREL train
(the layers fit on the other folds) 27 of 34 such words were NEREL's, and at
the end of a name the text names nowhere else 13 of 36 («Ора ТВ», «ИА
REGNUM»: left out); ORG exact-span F1 0.7966 → 0.7988.
"""

from __future__ import annotations

from collections.abc import Container
from functools import lru_cache
from pathlib import Path

from pipeline.doc import Document, Mention, Token
from pipeline.entity_ids import entity_id, entity_name
from pipeline.gazetteer import word_class
from pipeline.labels import LOC, ORG, PER
from pipeline.resources import Resources
from pipeline.stages import Stage
from pipeline.stages.ner import DATA
from pipeline.stages.nested import inner_mention, keeps, mention_at, read_shares, token_spans
from pipeline.stages.normal import Normalizer

_ENDS = ("ADP", "CCONJ", "PUNCT")  # what the inner name may not end with
_NAMED_AFTER = frozenset({"имени", "им."})  # «Театре имени Вахтангова»: a person's name follows
# A body word seen at least MIN_SEEN times keeps its inner name when NEREL
# nests it in at least MIN_SHARE of them; a rarer word keeps it.  Chosen by
# 3-fold cross-validation over NEREL train by document (module docstring).
MIN_SHARE, MIN_SEEN = 0.4, 2


def shares_path() -> Path:
    return DATA / "inner-bodies.tsv"


@lru_cache(maxsize=1)
def body_shares() -> dict[str, tuple[int, int]]:
    """Body word lemma -> (nested, seen): how often NEREL train and dev nest
    the inner name of that word (``inner-bodies.tsv``, written by
    ``python -m pipeline.train.nested``)."""
    return read_shares(shares_path())


def body_word(tokens: list[Token], span: tuple[int, int]) -> str:
    """The key of an inner name in ``inner-bodies.tsv``: its first body word."""
    return next(t.lemma.lower() for t in tokens[span[0]:span[1]] if word_class(t.lemma.lower()) == "body")


def inner_body(tokens: list[Token], a: int, b: int, places: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Token span of the body inside the ORG of tokens ``a:b``, or None.
    ``places``: token spans of the LOC mentions in its sentence."""
    ends = [x for x, y in places if y == b and x > a]
    if not ends:
        return None
    b = min(ends)
    if tokens[b - 1].pos in _ENDS or not any(word_class(t.lemma.lower()) == "body" for t in tokens[a:b]):
        return None
    if any(a <= x and y <= b for x, y in places):  # «МИД России и в министерстве обороны»
        return None
    return a, b


def owner_body(doc: Document, m: Mention, places: list[tuple[int, int]],
               people: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Token span of the body ORG ``m`` (a division) belongs to, at its end, or None."""
    tokens = doc.sentences[m.sent_idx].tokens
    a, b = m.tok_start, m.tok_stop
    for k in range(a + 1, b):
        before, word = tokens[k - 1], tokens[k].text
        if before.text[:1].islower() and word[:1].isupper():
            if (before.pos == "ADP" or before.text.lower() in _NAMED_AFTER or before.text.isascii()
                    or any(x == k for x, _ in places) or any(x < b and k < y for x, y in people)
                    or any(t.pos == "ADP" for t in tokens[k:b])):
                return None
            return k, b
    return None


def abbreviation_body(tokens: list[Token], a: int, b: int, known: Container[str]) -> tuple[int, int] | None:
    """Token span of the abbreviation inside the ORG of tokens ``a:b`` that is
    a body of its own, or None: a word of capitals after a capitalized one
    («Совета Безопасности ООН», «ЦУКС МЧС России»), before the end of the name
    or, at its end, an organization the text names alone too (``known``: the
    texts of its ORG mentions).  At the end and nowhere alone it is as often
    a part of the name as not («Ора ТВ», «АКБ ПЕРЕСВЕТ АО», «ИА REGNUM»)."""
    for k in range(a + 1, b):
        word = tokens[k].text
        if (len(word) >= 2 and word.isalpha() and word.isupper() and tokens[k - 1].text[:1].isupper()
                and (k < b - 1 or word in known)):
            return k, k + 1
    return None


class InnerBodies(Stage):
    name = "inner_bodies"
    requires = ("tokens.morph", "tokens.lemma", "mentions.names", "mentions.normal", "mentions.entity")
    assigns = ("mentions.inner_orgs",)

    def __init__(self, resources: Resources, shares: dict[str, tuple[int, int]] | None = None) -> None:
        """``shares``: the counts to decide by (default: ``inner-bodies.tsv``)."""
        self.normal = Normalizer(resources)
        self.shares = body_shares() if shares is None else shares

    def __call__(self, doc: Document) -> Document:
        orgs = [m for m in doc.mentions if m.type == ORG and m.tok_start >= 0]
        if not orgs:
            return doc
        places = token_spans(doc, (LOC,))
        people = token_spans(doc, (PER,))
        found = {(m.sent_idx, m.tok_start, m.tok_stop): m for m in orgs}
        known = {}  # text -> its first ORG mention: the abbreviation named alone
        for m in orgs:
            known.setdefault(m.text, m)
        taken = {(m.sent_idx, m.tok_start, m.tok_stop) for m in doc.mentions}  # «РФ» of «СК РФ по»: a place
        for m in orgs:
            span = abbreviation_body(doc.sentences[m.sent_idx].tokens, m.tok_start, m.tok_stop, known)
            if span is not None and (m.sent_idx, *span) not in taken:
                taken.add((m.sent_idx, *span))
                self._abbreviation(doc, m, span, known, found)
            # «пресс-служба МВД Киргизии»: the owner «МВД Киргизии», and in it «МВД»
            span = owner_body(doc, m, places.get(m.sent_idx, []), people.get(m.sent_idx, []))
            if span is not None:
                m = found.get((m.sent_idx, *span)) or self._owner(doc, m, span, found)
            tokens = doc.sentences[m.sent_idx].tokens
            span = inner_body(tokens, m.tok_start, m.tok_stop, places.get(m.sent_idx, []))
            if span is not None and (m.sent_idx, *span) not in found \
                    and keeps(self.shares.get(body_word(tokens, span)), MIN_SHARE, MIN_SEEN):
                inner = inner_mention(doc, m, span)
                inner.entity_id = m.entity_id
                found[(m.sent_idx, *span)] = doc.add_mention(inner)
        return doc

    def _abbreviation(self, doc: Document, m: Mention, span: tuple[int, int], known: dict[str, Mention],
                      found: dict) -> None:
        """A new mention of the abbreviation ``span`` in ``m``: of the entity of
        the same abbreviation named alone, if the text does, else its own."""
        alone = known.get(doc.sentences[m.sent_idx].tokens[span[0]].text)
        if alone is None:
            self._owner(doc, m, span, found)
            return
        inner = mention_at(doc, m.sent_idx, span, ORG)
        inner.normal, inner.entity_id = alone.normal, alone.entity_id
        found[(m.sent_idx, *span)] = doc.add_mention(inner)

    def _owner(self, doc: Document, m: Mention, span: tuple[int, int], found: dict) -> Mention:
        """A new mention of the owner body at the end of ``m``, with its normal form and entity."""
        owner = mention_at(doc, m.sent_idx, span, ORG)
        owner.normal = self.normal.phrase(doc, owner)
        owner.entity_id = entity_id(ORG, entity_name(ORG, owner.normal))
        found[(m.sent_idx, *span)] = doc.add_mention(owner)
        return owner

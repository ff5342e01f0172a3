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
премьера»: 48 of 88).  Those get their own normal forms (the normal stage's,
in the nominative: «певица», «президент России»).

A minister holds his portfolio as well: NEREL nests «министр иностранных
дел» in «министр иностранных дел Украины» (and often «министр» too), the
post with what it is of up to the place or body (a PORTFOLIO candidate,
beside the START one; kept only for a word seen nested so at least half the
time: «министр» 39 of 42 in train and dev, «заместитель» 6 of 47).

Whether NEREL nests a post depends on its word: «президента» in «президента
США» 295 times of 332 in train, «главы» in «главы МИД России» once in 197,
«представителя», «начальника», «сотрудника» hardly ever (a word naming a
position in a body, not a profession).  ``inner-posts.tsv`` (written by
``python -m pipeline.train.nested`` from NEREL's gold spans) counts, per
place and post word, the candidates and those NEREL nests; a word seen at
least MIN_SEEN times keeps its nested post when NEREL nests at least
MIN_SHARE of them.  3-fold cross-validation over NEREL train by document,
every CRF layer and the counts out of fold: exact-span micro F1 over all
NEREL types 0.778 without the counts, 0.784 with them (ROLE 0.696 → 0.727);
MIN_SHARE 0.3 / 0.4 / 0.5 within 0.0001 of each other, MIN_SEEN 2 and 3
alike, 5 lower; dropping the words seen too rarely instead of keeping them
0.783.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from pipeline.doc import Document, Token
from pipeline.entity_ids import entity_id, entity_name
from pipeline.labels import LOC, ORG, ROLE
from pipeline.resources import Resources
from pipeline.stages import Stage
from pipeline.stages.features import span_head
from pipeline.stages.ner import DATA
from pipeline.stages.nested import inner_mention, keeps, mention_at, read_shares, token_spans
from pipeline.stages.normal import Normalizer
from pipeline.stages.roles import is_post, norm_lemma

_DASHES = frozenset("–—-")
_NOT_POST_POS = frozenset({"VERB", "AUX", "NUM"})
_OWNERS = (LOC, ORG)  # what the rest of a ROLE must hold
# Where the nested post stands in the outer one: its first words («президента»
# in «президента США»), its post word after adjectives («певице» in «оперной
# певице»), a second post with what follows it («президента России» in
# «советником президента России»).
START, END, LATER, PORTFOLIO = "start", "end", "later", "portfolio"
# A post word seen at least MIN_SEEN times in its place keeps its nested post
# when NEREL nests it in at least MIN_SHARE of them; a rarer word keeps it.
# Chosen by 3-fold cross-validation over NEREL train by document (see the
# module docstring).
MIN_SHARE, MIN_SEEN = 0.4, 2
# A PORTFOLIO (the post with what it is of up to the place or body, «министр
# иностранных дел» in «министр иностранных дел Украины») is kept only for a
# word seen at least PORTFOLIO_SEEN times that NEREL nests so at least
# PORTFOLIO_SHARE of them; a rarer word keeps none.  3-fold cross-validation over NEREL train by document
# (session 17): ROLE exact spans 0.7544 without, 0.7519 with the START rule
# (rare words kept), 0.7572 so; shares 0.3 to 0.6 and two or three sightings
# within 0.0005 of each other.
PORTFOLIO_SHARE, PORTFOLIO_SEEN = 0.5, 2


class Candidate(NamedTuple):
    place: str  # START, END or LATER
    word: int  # token index of the post word
    span: tuple[int, int]  # token span of the nested post


def shares_path() -> Path:
    return DATA / "inner-posts.tsv"


@lru_cache(maxsize=1)
def post_shares() -> dict[tuple[str, str], tuple[int, int]]:
    """(place, post word lemma) -> (nested, seen): how often NEREL train and
    dev nest the candidate of that word (``inner-posts.tsv``, written by
    ``python -m pipeline.train.nested``)."""
    return read_shares(shares_path())


def post_word(token: Token) -> str:
    """The key of a candidate in ``inner-posts.tsv``: its post word's lemma."""
    return norm_lemma(token.lemma or token.text)


def candidates(tokens: list[Token], a: int, b: int, owners: list[tuple[int, int]]) -> list[Candidate]:
    """The nested posts tokens ``a:b`` (a ROLE) may hold.  START: the tokens
    up to the head word, when the rest holds one of ``owners`` (token spans
    of the LOC and ORG mentions in the sentence) and no dash, and PORTFOLIO:
    the tokens up to that place or body when they are more than START's;
    END: the head word at the end after adjectives alone; LATER: a second
    post word with what follows it."""
    head = span_head(tokens, a, b)
    out = []
    # no START nor END on «возглавлял» of «возглавлял Google» (a post stated by a verb)
    post_like = _post_like(tokens[head])
    after = [x for x, y in owners if head < x and y <= b]
    if post_like and head + 1 < b and not any(t.text in _DASHES for t in tokens[a:b]) and after:
        out.append(Candidate(START, head, (a, head + 1)))
        stop = _before_owner(tokens, head, min(after))
        if stop > head + 1:
            out.append(Candidate(PORTFOLIO, head, (a, stop)))
    if post_like and head == b - 1 and head > a and all(t.pos == "ADJ" for t in tokens[a:head]):
        out.append(Candidate(END, head, (head, b)))
    else:
        for k in range(head + 1, b):
            if tokens[k].pos == "NOUN" and is_post(tokens[k]):
                out.append(Candidate(LATER, k, (k, b)))
                break
    return out


def _before_owner(tokens: list[Token], head: int, x: int) -> int:
    """End of a START post: the words up to the first place or body after
    the head, prepositions and quotes before it left out («министр
    иностранных дел» in «министр иностранных дел Украины», «послом» in
    «послом в Сингапуре», «президента» in «президента США»)."""
    while x > head + 1 and tokens[x - 1].pos in ("ADP", "CCONJ", "PUNCT"):
        x -= 1
    return x


def _portfolio_kept(counts: tuple[int, int] | None) -> bool:
    nested, seen = counts or (0, 0)
    return seen >= PORTFOLIO_SEEN and nested >= PORTFOLIO_SHARE * seen


def _post_like(token: Token) -> bool:
    """Can the word be a post on its own: a noun, or a verb form the posts'
    list knows («управляющим»)?  NEREL nests no verb («возглавлял»,
    «руководителя был»: out of fold 29 nested posts on a verb, none right)."""
    return token.pos not in _NOT_POST_POS or is_post(token)


class InnerPosts(Stage):
    name = "inner_posts"
    requires = ("tokens.syntax", "mentions.names", "mentions.roles", "mentions.normal", "mentions.entity")
    assigns = ("mentions.inner_roles",)

    def __init__(self, resources: Resources,
                 shares: dict[tuple[str, str], tuple[int, int]] | None = None) -> None:
        """``shares``: the counts to decide by (default: ``inner-posts.tsv``)."""
        self.normal = Normalizer(resources)
        self.shares = post_shares() if shares is None else shares

    def __call__(self, doc: Document) -> Document:
        roles = [m for m in doc.mentions if m.type == ROLE and m.tok_start >= 0]
        if not roles:
            return doc
        owners = token_spans(doc, _OWNERS)
        have = {(m.sent_idx, m.tok_start, m.tok_stop) for m in roles}
        for m in roles:
            tokens = doc.sentences[m.sent_idx].tokens
            for c in candidates(tokens, m.tok_start, m.tok_stop, owners.get(m.sent_idx, [])):
                counts = self.shares.get((c.place, post_word(tokens[c.word])))
                if (m.sent_idx, *c.span) in have or not keeps(counts, MIN_SHARE, MIN_SEEN):
                    continue
                if c.place == PORTFOLIO and not _portfolio_kept(counts):
                    continue
                if c.place in (START, PORTFOLIO):
                    inner = inner_mention(doc, m, c.span)
                else:
                    inner = mention_at(doc, m.sent_idx, c.span, ROLE)
                    inner.normal = self.normal.phrase(doc, inner)
                inner.entity_id = entity_id(ROLE, entity_name(ROLE, inner.normal))
                doc.add_mention(inner)
                have.add((m.sent_idx, *c.span))
        return doc

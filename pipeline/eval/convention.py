"""The project's mentions under factRuEval's annotation convention.

The pipeline follows NEREL's extents (the developers' guide: «правительство
Санкт-Петербурга», «МИД Австралии», «ПАО «Газпром»» are whole ORG mentions;
place adjectives are LOC).  factRuEval-2016 annotates otherwise, and scoring
NEREL-style output against it counts the convention, not the tagger.  This
module derives, from the project's own output and nothing else, the spans
factRuEval's guidelines would mark, so ``make eval`` can print both:

* a place adjective («российского», «японское») is no Location;
* an organization's span stops before the place that ends it when that
  place is the land the body serves («Конгресса США» → «Конгресса», «МИД
  России» → «МИД»; the place is its own nested LOC mention already), not when
  it is part of the name («Голос Америки», «Совет Европы», «Движение
  общежитий Москвы», «Bank of China»), and before the body it belongs to
  («Института этнологии и антропологии РАН» → «Института этнологии и
  антропологии»; that body is its own ORG mention);
* a company's legal form and quotes are not part of its name («ОАО
  «Газпром»» → «Газпром»), nor is what a body is before its name in quotes
  («РИА «Новости»» → «Новости», «Центр современной культуры «Гараж»» →
  «Гараж»);
* «Интернет» is an organization in factRuEval, a product in NEREL;
* a generic body («правительство», «власти Таиланда», «японская полиция»,
  «сборная России») is a descriptor in factRuEval, not a named organization:
  its ORG mention is dropped (its place stays).

The raw scores stay the headline figures; this view is printed beside them.
"""

from __future__ import annotations

import re

from pipeline.gazetteer import LEGAL_FORMS
from pipeline.labels import LOC, ORG, PRODUCT
from pipeline.quotes import CLOSERS, OPENERS
from pipeline.stages.normal import span_tokens

# Lemmas of nouns that name a kind of body rather than one body: factRuEval
# keeps them as an object's ``descriptor``, never as an Org name span.
GENERIC_BODIES = frozenset("""правительство власть полиция парламент армия администрация
прокуратура сборная кабинет ведомство посольство представительство мэрия кремль
пресс-служба руководство командование спецслужба""".split())

_ENDS_IN_PREPOSITION = re.compile(r"\b(в|во|по|при|на|для)$")

# Lemmas of the head nouns of state bodies, courts, parties and banks: the
# place such a body ends with is the land it serves, which factRuEval marks
# apart («Верховный суд Бангладеша», «Федеральной миграционной службы
# России»). A name headed by another noun keeps its place («Голос Америки»,
# «Совета муфтиев России», «Университете Лос-Анджелеса»); so does one headed
# by a Latin word. An abbreviation in capitals («МИД», «ВВС») is a body.
JURISDICTION_HEADS = frozenset("""министерство ведомство суд служба комитет комиссия
собрание парламент конгресс сенат бундестаг кнессет меджлис рада дума госдума департамент
госдепартамент госдеп управление агентство партия федерация банк прокуратура правительство
администрация посольство консульство полиция армия мэрия палата инспекция казначейство
минфин минюст минздрав минобороны минсельхоз минтранс минэкономразвития минпромторг
минприроды минобрнауки минтруд минкультуры минэнерго минспорт минкомсвязь минцифры
госсовет""".split())

# What NEREL makes a PRODUCT and factRuEval an Org: «Интернет» (17 of its 19
# mentions standing alone in factRuEval dev are Org spans, the other two
# attributive: «будущее интернета», «Интернет страниц»).
ORG_PRODUCTS = frozenset({"интернет"})

_ABBREVIATION = re.compile(r"[А-ЯЁ]{2,}")


def _inside(m, mentions, kind: str = LOC) -> list:
    """Mentions of ``kind`` nested in ``m``."""
    return [n for n in mentions if n is not m and n.type == kind
            and m.start <= n.start and n.stop <= m.stop and (n.start, n.stop) != (m.start, m.stop)]


def adjective_place(doc, m) -> bool:
    """A LOC mention made of adjectives only («российского»), by the tagger's
    part of speech."""
    toks = span_tokens(doc, m)
    return m.type == LOC and bool(toks) and all(t.pos == "ADJ" for t in toks)


def generic_body(doc, m, mentions) -> bool:
    """An ORG whose first noun outside its places is a generic body noun and
    that has no capitalized word but its first one and its places."""
    if m.type != ORG:
        return False
    places = _inside(m, mentions)
    toks = [t for t in span_tokens(doc, m) if not any(p.start <= t.start < p.stop for p in places)]
    nouns = [t for t in toks if t.pos in ("NOUN", "PROPN")]
    if not nouns or nouns[0].lemma.lower() not in GENERIC_BODIES:
        return False
    return all(t.text[1:] == t.text[1:].lower() and (i == 0 or t.text[:1].islower())
               for i, t in enumerate(toks))


def _serves_a_place(doc, m, place_start: int) -> bool:
    """Whether the ORG's head (its first noun before ``place_start``) names a
    body whose place is the land it serves (``JURISDICTION_HEADS``)."""
    for t in span_tokens(doc, m):
        if t.start >= place_start:
            return False
        if not t.text[:1].isalpha():
            continue
        if _ABBREVIATION.fullmatch(t.text):
            return True
        if t.text[:1].isascii():
            return False
        if t.pos in ("NOUN", "PROPN"):
            return t.lemma.lower() in JURISDICTION_HEADS
    return False


def org_name_span(doc, m, mentions) -> tuple[int, int]:
    """The ORG's offsets without a legal form in front, and without the body it
    belongs to («Института этнологии и антропологии РАН», «Свердловского
    обкома КПСС») or the place it serves (``_serves_a_place``) at the end."""
    a, b = m.start, m.stop
    text = doc.text
    ending = [n.start for n in _inside(m, mentions, ORG) if n.stop == b and n.start > a]
    ending += [p.start for p in _inside(m, mentions) if p.stop == b and p.start > a
               and _serves_a_place(doc, m, p.start)]
    if ending:
        head = text[a:min(ending)].rstrip(" ,")
        if head and head[-1] not in OPENERS and not _ENDS_IN_PREPOSITION.search(head):
            b = a + len(head)
    first, _, rest = text[a:b].partition(" ")
    if first.lower() in LEGAL_FORMS and rest[:1] in OPENERS:
        inner = rest[1:]
        close = next((i for i, c in enumerate(inner) if c in CLOSERS), len(inner))
        if close:
            a = b - len(rest) + 1
            b = a + close
    elif (quoted := _quoted_name(text, a, b)) is not None:
        a, b = quoted
    return a, b


def _quoted_name(text: str, a: int, b: int) -> tuple[int, int] | None:
    """The name in quotes that ends a body's span after what it is
    («партии «Яблоко»», «радиостанция «Маяк»», «РИА «Новости»»): factRuEval
    marks the name alone (93 of its 96 Org spans by quotes in dev), the
    descriptor before it is no part of it."""
    if b - a < 4 or text[b - 1] not in CLOSERS:
        return None
    opener = max((i for i in range(a + 1, b - 1) if text[i] in OPENERS), default=-1)
    if opener <= a or not text[a:opener].strip() or any(c in OPENERS for c in text[a:opener]):
        return None
    return opener + 1, b - 1


def factru_view(doc, mentions) -> dict[str, tuple[int, int, str] | None]:
    """mention_id -> its (start, stop, type) under factRuEval's convention, or
    None when factRuEval would not mark it; only mentions that change are
    listed."""
    out: dict[str, tuple[int, int, str] | None] = {}
    for m in mentions:
        if adjective_place(doc, m) or generic_body(doc, m, mentions):
            out[m.mention_id] = None
        elif m.type == ORG:
            span = org_name_span(doc, m, mentions)
            if span != (m.start, m.stop):
                out[m.mention_id] = (*span, ORG)
            ending = [p.start for p in _inside(m, mentions) if p.stop == m.stop]
            for n in _inside(m, mentions, ORG):
                if n.start == m.start and any(not doc.text[n.stop:a].strip() for a in ending):
                    out[n.mention_id] = None  # the body without its place: m holds it
        elif m.type == PRODUCT and (m.normal or m.text).lower() in ORG_PRODUCTS:
            out[m.mention_id] = (m.start, m.stop, ORG)
    return out

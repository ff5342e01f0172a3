"""The project's mentions under factRuEval's annotation convention.

The pipeline follows NEREL's extents (the developers' guide: «правительство
Санкт-Петербурга», «МИД Австралии», «ПАО «Газпром»» are whole ORG mentions;
place adjectives are LOC).  factRuEval-2016 annotates otherwise, and scoring
NEREL-style output against it counts the convention, not the tagger.  This
module derives, from the project's own output and nothing else, the spans
factRuEval's guidelines would mark, so ``make eval`` can print both:

* a place adjective («российского», «японское») is no Location;
* an organization's span stops before the place that ends it («Конгресса
  США» → «Конгресса»; the place is its own nested LOC mention already);
* a company's legal form and quotes are not part of its name («ОАО
  «Газпром»» → «Газпром»);
* a generic body («правительство», «власти Таиланда», «японская полиция»,
  «сборная России») is a descriptor in factRuEval, not a named organization:
  its ORG mention is dropped (its place stays).

The raw scores stay the headline figures; this view is printed beside them.
"""

from __future__ import annotations

import re

from pipeline.gazetteer import LEGAL_FORMS
from pipeline.labels import LOC, ORG
from pipeline.quotes import CLOSERS, OPENERS
from pipeline.stages.normal import span_tokens

# Lemmas of nouns that name a kind of body rather than one body: factRuEval
# keeps them as an object's ``descriptor``, never as an Org name span.
GENERIC_BODIES = frozenset("""правительство власть полиция парламент армия администрация
прокуратура сборная кабинет ведомство посольство представительство мэрия кремль
пресс-служба руководство командование спецслужба""".split())

_ENDS_IN_PREPOSITION = re.compile(r"\b(в|во|по|при|на|для)$")


def _places_inside(m, mentions) -> list:
    return [n for n in mentions if n is not m and n.type == LOC
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
    places = _places_inside(m, mentions)
    toks = [t for t in span_tokens(doc, m) if not any(p.start <= t.start < p.stop for p in places)]
    nouns = [t for t in toks if t.pos in ("NOUN", "PROPN")]
    if not nouns or nouns[0].lemma.lower() not in GENERIC_BODIES:
        return False
    return all(t.text[1:] == t.text[1:].lower() and (i == 0 or t.text[:1].islower())
               for i, t in enumerate(toks))


def org_name_span(doc, m, mentions) -> tuple[int, int]:
    """The ORG's offsets without a legal form in front and a place at the end."""
    a, b = m.start, m.stop
    text = doc.text
    ending = [p for p in _places_inside(m, mentions) if p.stop == m.stop and p.start > m.start]
    if ending:
        head = text[a:min(p.start for p in ending)].rstrip(" ,")
        if head and head[-1] not in OPENERS and not _ENDS_IN_PREPOSITION.search(head):
            b = a + len(head)
    first, _, rest = text[a:b].partition(" ")
    if first.lower() in LEGAL_FORMS and rest[:1] in OPENERS:
        inner = rest[1:]
        close = next((i for i, c in enumerate(inner) if c in CLOSERS), len(inner))
        if close:
            a = b - len(rest) + 1
            b = a + close
    return a, b


def factru_view(doc, mentions) -> dict[str, tuple[int, int] | None]:
    """mention_id -> its (start, stop) under factRuEval's convention, or None
    when factRuEval would not mark it; only mentions that change are listed."""
    out: dict[str, tuple[int, int] | None] = {}
    for m in mentions:
        if adjective_place(doc, m) or generic_body(doc, m, mentions):
            out[m.mention_id] = None
        elif m.type == ORG:
            span = org_name_span(doc, m, mentions)
            if span != (m.start, m.stop):
                out[m.mention_id] = span
    return out

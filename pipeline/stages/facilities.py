"""Facility mentions: named buildings, streets and sites (NEREL FACILITY) the
NER missed, made before the normal forms so that every FAC mention gets a
normal form and an entity_id.

A facility is a phrase headed by a singular ``FACILITY_HEADS`` noun with the
adjectives before it and the names after it (:func:`facility_phrases`: «на
Кунцевском кладбище», «на площади Восстания», «СИЗО «Лефортово»»).  It must
hold a capitalized word or a proper name (NEREL tags named facilities: «в
больницу в Милане» is none) unless its place is an adjective in it («в
калифорнийской синагоге»).  It becomes a FAC mention only when it has a
place (:func:`places_of`): a LOC mention inside it or right after it, else
the nearest one before it that the sentence puts something in.  The relations
stage then places every FAC mention, the NER's too
(:func:`pipeline.stages.relations.located.facility_places`).  On NEREL train 87
of 123 such (facility, place) pairs are right in documents 0-399 (where the
rule was designed) and 60 of 91 in documents 400-745.
"""

from __future__ import annotations

from pipeline.doc import Document, Mention, Token
from pipeline.gazetteer import PLACE_PARTS
from pipeline.labels import FAC, LOC, ORG, PER
from pipeline.stages import Stage
from pipeline.stages.features import preposition, span_head
from pipeline.stages.roles import norm_lemma

# Head lemmas of a named building, street or site (NEREL FACILITY) that news
# place in a town or country: the common nouns heading NEREL train FACILITY
# spans that are LOCATED_IN somewhere.
FACILITY_HEADS = frozenset("""
    улица проспект бульвар переулок шоссе площадь аллея набережная больница госпиталь клиника
    кладбище аэропорт собор храм церковь мечеть синагога монастырь дворец музей памятник мемориал
    мавзолей здание стадион арена вокзал гэс аэс тюрьма колония сизо изолятор парк сквер башня
    замок отель гостиница резиденция метро метрополитен аббатство сад ворота пляж авиабаза станция
    цирк вилла особняк дом зал база театр усадьба могила гипермаркет ресторан квартира застава
    аэродром галерея""".split())
# What may stand between a facility and the place after it: «на Кунцевском
# кладбище в Москве», «в больнице Финикса (Аризона)», «на Таймс-сквер, Нью-Йорк»,
# «в доме Чарли Роули в городке Эймсбери», «17-й больницы украинской столицы».
FACILITY_GLUE = ("в", "во", "на", "под", "близ", ",", "(")
# Kind words of a place that may stand before its name: «в городке Эймсбери».
PLACE_KIND_WORDS = frozenset("""город городок село деревня посёлок поселок станица район микрорайон
    округ провинция штат область край графство""".split())
MAX_GLUE = 3  # tokens
QUOTES = ("«", "»", '"', "''", "“", "”")
# Dependents that extend a facility to the right: «улице Челюскинцев», «аэропорту Джона Кеннеди».
FACILITY_NAME_RELS = ("flat:name", "flat", "appos", "nmod", "amod")



SOURCE = "rule"  # the ``source`` of the mentions made here


def made(m: Mention) -> bool:
    """Was ``m`` made by :class:`FacilityFinder` (not the NER)?"""
    return m.type == FAC and m.source == SOURCE


class FacilityFinder(Stage):
    """Adds a FAC mention (source ``SOURCE``) for each facility phrase that has
    a place and overlaps no NER facility, nor holds another mention's first
    token at its head."""

    name = "facilities"
    requires = ("tokens.morph", "tokens.lemma", "tokens.syntax", "mentions.names")
    assigns = ("mentions.facilities",)

    def __call__(self, doc: Document) -> Document:
        by_sent: dict[int, list[Mention]] = {}
        for m in doc.mentions:
            if m.type in (PER, ORG, LOC, FAC) and m.tok_start >= 0:
                by_sent.setdefault(m.sent_idx, []).append(m)
        for si, taken in by_sent.items():
            locs = [m for m in taken if m.type == LOC]
            if not locs:
                continue
            tokens = doc.sentences[si].tokens
            named = [m for m in taken if m.type == FAC]  # the NER's
            for a, b, h in facility_phrases(tokens):
                if any(m.start <= tokens[h].start < m.stop for m in taken) or any(
                        m.tok_start < b and a < m.tok_stop for m in named):
                    continue
                if places_of(tokens, a, b, locs):
                    start, stop = tokens[a].start, tokens[b - 1].stop
                    taken.append(doc.add_mention(Mention(start, stop, doc.text[start:stop], FAC, si,
                                                         source=SOURCE, tok_start=a, tok_stop=b)))
        return doc


def places_of(tokens: list[Token], a: int, b: int, locs: list[Mention]) -> list[tuple[float, Mention]]:
    """(confidence, place) of the facility phrase ``a:b``: a place inside it
    (0.6) and one right after it (0.8); with neither, the nearest place
    before it that the sentence puts something in, or that touches it (0.5).
    An unnamed phrase keeps only a place adjective inside it («в
    калифорнийской синагоге»)."""
    start, stop = tokens[a].start, tokens[b - 1].stop
    named = any(t.pos == "PROPN" or (k > 0 and t.text[:1].isupper())
                for k, t in enumerate(tokens[a:b], start=a))
    places = [(0.6, p) for p in locs if start <= p.start and p.stop <= stop
              and (p.start, p.stop) != (start, stop) and (named or p.text.islower())]
    if not named:
        return places
    after = _place_after(tokens, b, locs)
    if after is not None:
        return places + [(0.8, after)]
    before = max((p for p in locs if p.stop <= start), key=lambda p: p.start, default=None)
    if not places and before is not None and (before.tok_stop == a or _locative(tokens, before)):
        places.append((0.5, before))
    return places


def _place_after(tokens: list[Token], b: int, locs: list[Mention]) -> Mention | None:
    """The place right after a facility ending at token ``b``: the nearest LOC
    mention with at most ``MAX_GLUE`` linking tokens between (``FACILITY_GLUE``,
    place kind words, adjectives: «в подмосковном Наро-Фоминске»).  A place
    adjective right before another place gives way to it («в каталонском
    Мартореле» → Мартореле)."""
    after = sorted((p for p in locs if p.tok_start >= b), key=lambda p: p.tok_start)
    if not after:
        return None
    p = after[0]
    glue = tokens[b:p.tok_start]
    if len(glue) > MAX_GLUE or not all(
            t.text.lower() in FACILITY_GLUE or t.text in QUOTES or norm_lemma(t.lemma) in PLACE_KIND_WORDS
            or (t.pos == "ADJ" and t.text.islower()) for t in glue):
        return None
    if p.text.islower() and len(after) > 1 and after[1].tok_start == p.tok_stop:
        return after[1]
    return p


def _locative(tokens: list[Token], place: Mention) -> bool:
    """Does the sentence say something is in ``place`` («в Санкт-Петербурге», «в
    центре Киева», «в районе Морено»): «в»/«на» with the locative on the place
    or on the place part or kind word it hangs on?"""
    i = span_head(tokens, place.tok_start, place.tok_stop)
    up = tokens[i].head - 1
    if up >= 0 and norm_lemma(tokens[up].lemma) in PLACE_KIND_WORDS | PLACE_PARTS:
        i = up
    return tokens[i].feats.get("Case") == "Loc" and preposition(tokens, i) in ("в", "на")


def facility_phrases(tokens: list[Token]) -> list[tuple[int, int, int]]:
    """(first token, end token, head) of each facility phrase: a singular
    ``FACILITY_HEADS`` noun («на улицах Каира» names no one facility) with the
    adjectives before it and the names after it, quoted ones included
    («СИЗО «Лефортово»», «тюрьме ''Brians''»)."""
    out = []
    for h, t in enumerate(tokens):
        if (t.pos not in ("NOUN", "PROPN") or norm_lemma(t.lemma) not in FACILITY_HEADS
                or t.feats.get("Number") == "Plur"):
            continue
        a = h
        while a > 0 and tokens[a - 1].head - 1 == h and tokens[a - 1].pos in ("ADJ", "PROPN"):
            a -= 1
        b = h + 1
        while b < len(tokens):
            opened = tokens[b].text in QUOTES and b + 1 < len(tokens)
            end = _name_end(tokens, a, b + 1 if opened else b)
            if end is None:
                break
            b = end
            if opened and b < len(tokens) and tokens[b].text in QUOTES:
                b += 1  # the closing quote
        out.append((a, b, h))
    return out


MAX_NAME = 4  # tokens of one name after a facility word
# What may stand in a name before its capitalized last word: «площади Святого
# Петра», «памятник вождю Ленину», «сквере 50-летия Победы».
NAME_INNER_POS = ("ADJ", "NOUN", "DET")


def _name_end(tokens: list[Token], a: int, k: int) -> int | None:
    """End of the name that starts at token ``k`` and hangs on the phrase
    ``a:k`` (None if there is none): one capitalized word («улице
    Челюскинцев») or a short run that is one subtree ending in a capitalized
    word («площади Святого Петра», «бульвара Тараса Шевченко», «памятник вождю
    Ленину», «сквере 50-летия Победы»)."""
    for end in range(k + 1, min(k + MAX_NAME, len(tokens)) + 1):
        last = tokens[end - 1]
        if not (last.pos == "PROPN" or last.text[:1].isupper()):
            if last.pos not in NAME_INNER_POS and not last.text[:1].isdigit():
                return None
            continue
        roots = [t for t in tokens[k:end] if not k <= t.head - 1 < end]
        if len(roots) == 1 and a <= roots[0].head - 1 < k and roots[0].rel in FACILITY_NAME_RELS:
            return end
    return None



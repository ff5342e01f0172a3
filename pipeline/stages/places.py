"""Place kinds: which of NEREL's place types a LOC mention is.

COUNTRY, STATE_OR_PROVINCE, CITY, DISTRICT or LOCATION, in this order of
evidence: a kind word in apposition right before the name, the name in its
case or left in the nominative («реку Волгу», «на реке Урал»); a hand list
of names the gazetteer lacks or has wrong (:data:`NAMED_KINDS`: «Чувашия»,
«Азия», «ФРГ»); for a lower-case place adjective, NEREL train's kind for its
lemma, else that of the place :func:`pipeline.geo.adjective_place` finds
(«советский» is the USSR's, not the town Советский's); the gazetteer's kind
of the whole name (:mod:`pipeline.geo`: «Республика
Башкортостан» is a region, «Токио» a town); a kind word in the name
(«Пресненский район», «Московская область»); NEREL train's kind for the
head lemma (``relations/places.tsv``); the gazetteer's kind of the head
lemma; for a place adjective, the kind of the gazetteer's place it begins
like («боснийских» → «Босния»); else CITY for a name (the commonest kind of
an unknown named place in NEREL news) and LOCATION for a common noun.
Accuracy on NEREL LOC mentions at gold spans: train 0.900, dev 0.853
(session 11).  On the pipeline's LOC mentions that match a gold span (session
16): NEREL train, the mentions out of fold, 0.930; with the nominative after
a kind word 0.937; with the hand list 0.952 (the list was written looking at
train's errors, so this figure flatters it); dev, looked at once after,
0.864 (0.860 without the list).  Session 18, the lower-case place
adjectives first (out of fold, ``places.tsv`` fit on the other folds): their
kinds right 657 → 693 of 715 (the gazetteer's place alone: 661), all 0.948 →
0.954; with the stems added to ``ADJ_PLACES`` after, 739 of 751, all 0.956.
"""

from __future__ import annotations

from functools import lru_cache

from pipeline.doc import Document, Mention, Token
from pipeline.gazetteer import place_adjective
from pipeline.geo import adjective_place, key, latin_places, lookup, places
from pipeline.labels import CITY, COUNTRY, DISTRICT, LOC, LOCATION, STATE_OR_PROVINCE
from pipeline.stages import Stage
from pipeline.stages.features import place_kinds, span_head

# Kind words: the lemma of a word in a place's name -> its kind.
KIND_WORDS = {
    **dict.fromkeys("район микрорайон округ квартал уезд волость префектура".split(), DISTRICT),
    **dict.fromkeys("область край штат провинция республика губерния графство автономия эмират "
                    "кантон регион".split(), STATE_OR_PROVINCE),
    **dict.fromkeys("город городок село деревня поселок посёлок станица аул кишлак хутор столица "
                    "мегаполис".split(), CITY),
    **dict.fromkeys("королевство княжество федерация держава".split(), COUNTRY),
    **dict.fromkeys("река озеро море океан залив пролив гора горы хребет остров острова полуостров "
                    "пустыня долина побережье берег лес парк континент материк бухта водохранилище "
                    "канал ущелье перевал вулкан пляж архипелаг".split(), LOCATION),
}

# Places news name often that the gazetteer (GeoNames towns, ISO countries and
# regions) lacks or has under another kind: the short names of Russia's
# regions («Чувашия», not «Чувашская Республика»), states ISO does not list
# or lists under another name, and what is no country, region nor town
# (continents, parts of the world, rivers, mountains: «Азия» is a town of the
# Philippines in GeoNames).  Keys as :func:`pipeline.geo.key` makes them.
NAMED_KINDS = {
    **dict.fromkeys("""чувашия башкирия удмуртия якутия тыва тува хакасия бурятия калмыкия
        адыгея мордовия ингушетия чечня дагестан карелия татария кабардино-балкария
        карачаево-черкесия приморье забайкалье ставрополье кубань прикамье подмосковье
        ямал югра чукотка камчатка""".split(), STATE_OR_PROVINCE),
    "северная осетия": STATE_OR_PROVINCE,
    **dict.fromkeys("""фрг гдр ссср свазиленд бруней косово абхазия приднестровье
        палестина""".split(), COUNTRY),
    "южная осетия": COUNTRY,
    **dict.fromkeys("""европа азия африка евразия океания антарктида антарктика арктика
        сибирь урал кавказ поволжье балканы скандинавия прибалтика закавказье
        волга енисей днепр байкал эльбрус эверест альпы гималаи""".split(), LOCATION),
    **dict.fromkeys(["северная америка", "южная америка", "латинская америка", "дальний восток",
                     "ближний восток", "средняя азия", "центральная азия", "северный кавказ",
                     "юго-восточная азия", "западная европа", "восточная европа"], LOCATION),
}

# Kind words that stand in apposition before a name in the same case («в
# городе Волжском», «реку Волгу»); not «столицы Сирии», «района Москвы».
APPOSED = frozenset("город городок село деревня поселок посёлок станица штат провинция графство "
                    "река озеро остров полуостров гора".split())


def place_kind(m: Mention, sent_tokens: list[Token]) -> str:
    """The NEREL place type of a LOC mention of a sentence with ``sent_tokens``."""
    if 0 < m.tok_start < len(sent_tokens):
        # in apposition, same case: «реку Волгу», «в городе Волжском» (not «столицы Сирии»)
        word, first = sent_tokens[m.tok_start - 1], sent_tokens[m.tok_start]
        before = KIND_WORDS.get(word.lemma.lower()) if word.lemma.lower() in APPOSED else ""
        case = word.feats.get("Case")
        # or the name left in the nominative: «на реке Урал», «в городе Орск»
        if before and case and first.feats.get("Case") in (case, "Nom"):
            return before
    named = next((NAMED_KINDS[k] for k in map(key, (m.normal or m.text, m.text)) if k in NAMED_KINDS), "")
    if named:
        return named
    latin = latin_places().get(m.text)  # «Chicago», «U.S.»
    if latin:
        return latin
    known = 0 <= m.tok_start < m.tok_stop <= len(sent_tokens)
    toks = sent_tokens[m.tok_start:m.tok_stop] if known else []
    if m.tok_stop - m.tok_start == 1 and m.text[:1].islower() and place_adjective(m.text):
        adjective = _adjective_kind(toks[0].lemma.lower() if toks else m.normal)
        if adjective:
            return adjective
    whole = lookup(m.normal or m.text, m.text)
    if whole is not None:
        return _kind(whole.kinds)
    head = sent_tokens[span_head(sent_tokens, m.tok_start, m.tok_stop)] if known else None
    lemmas = [t.lemma.lower() for t in toks]
    if head is not None and head.lemma.lower() in KIND_WORDS:
        return KIND_WORDS[head.lemma.lower()]
    found = next((KIND_WORDS[w] for w in lemmas if w in KIND_WORDS), "")
    if found:
        return found
    if head is None:
        return CITY
    learned = place_kinds().get(head.lemma)
    if learned:
        return learned
    place = lookup(head.lemma)
    if place is not None:
        return _kind(place.kinds)
    if len(toks) == 1 and (head.pos == "ADJ" or place_adjective(head.text)):
        found = _by_stem().get(head.lemma.lower().replace("ё", "е")[:_STEM])
        if found:
            return found
    return CITY if head.text[:1].isupper() else LOCATION


_STEM = 5  # letters an adjective shares with its place: «боснийских» → «босния»


def _adjective_kind(lemma: str) -> str:
    """A lower-case place adjective's kind: NEREL train's for the lemma
    (``places.tsv``), else that of the place the gazetteer finds for it
    (:func:`pipeline.geo.adjective_place`): «советский» is the USSR's, not
    the town Советский's, «иракский» Iraq's."""
    learned = place_kinds().get(lemma)
    if learned:
        return learned
    place = adjective_place(lemma)
    if not place:
        return ""
    return NAMED_KINDS.get(place) or (_kind(places()[place].kinds) if place in places() else "")


def _kind(kinds: frozenset[str]) -> str:
    return COUNTRY if COUNTRY in kinds else CITY if CITY in kinds else min(kinds)


@lru_cache(maxsize=1)
def _by_stem() -> dict[str, str]:
    """The first letters of one-word gazetteer names -> the kind (a country
    first, then a town): what a place adjective («вашингтонской») is of."""
    out: dict[str, str] = {}
    for name, place in places().items():
        if " " not in name and "-" not in name and len(name) >= _STEM:
            kind = _kind(place.kinds)
            if out.get(name[:_STEM]) != COUNTRY:
                out[name[:_STEM]] = kind if out.get(name[:_STEM]) != CITY or kind == COUNTRY else CITY
    return out


class PlaceKinds(Stage):
    name = "places"
    requires = ("mentions.names", "mentions.normal")
    assigns = ("mentions.kind",)

    def __call__(self, doc: Document) -> Document:
        for m in doc.mentions:
            if m.type == LOC:
                ok = 0 <= m.sent_idx < len(doc.sentences)
                m.kind = place_kind(m, doc.sentences[m.sent_idx].tokens if ok else [])
        return doc

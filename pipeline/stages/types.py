"""NEREL's other entity types: events, laws, awards, nationalities, numbers...

The ``ner`` stage runs one more CRF layer with its own (``ner-types``,
trained by ``python -m pipeline.train.types`` on NEREL): BIO over the
outermost span of any of :data:`TYPES`, on the same features as the name
layers, so it costs one Viterbi and no features of its own.  This stage
turns its tags into mentions (quotes balanced, never a number inside a date,
an amount or a percent) and adds by rule the numbers NEREL nests in other
mentions: an ordinal in a law («статья 105» → ORDINAL «105»), in an event or
an award («XXII Олимпийские игры», «первом туре»), a ruler's numeral
(«Елизавета II»), the count in an event («задержаны два человека»).
NUMBER and ORDINAL mentions get their values (:mod:`pipeline.numerals`) as
Document.quantities rows.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import lru_cache
from pathlib import Path

from pipeline.doc import Document, Mention, Quantity, Sentence
from pipeline.labels import (
    AGE,
    AWARD,
    CRIME,
    DATE,
    DISEASE,
    EVENT,
    FAC,
    FAMILY,
    IDEOLOGY,
    LANGUAGE,
    LAW,
    LOC,
    MONEY,
    NATIONALITY,
    NUMBER,
    ORDINAL,
    ORG,
    PENALTY,
    PER,
    PERCENT,
    PRODUCT,
    RELIGION,
    ROLE,
    TIME,
    WORK_OF_ART,
)
from pipeline.numerals import cardinal, is_cardinal_word, is_ordinal_word, ordinal, roman
from pipeline.quotes import CLOSERS, balance
from pipeline.stages import Stage
from pipeline.stages.ner import (
    DATA,
    LAYERS_KEPT,
    after_vehicle,
    animate_head,
    bio_spans,
    layer_path,
    mention_from_tokens,
)

TYPES = (EVENT, NATIONALITY, NUMBER, ORDINAL, LAW, AWARD, PRODUCT, WORK_OF_ART, DISEASE, CRIME,
         IDEOLOGY, RELIGION, PENALTY, FAMILY, LANGUAGE)
LAYER = LAYERS_KEPT[0]
# Mentions a number is never part of (NEREL never nests one in them).
VALUED = frozenset({DATE, TIME, MONEY, PERCENT, AGE})
# Mentions whose counts NEREL marks NUMBER inside («задержаны два человека»).
COUNTED = frozenset({EVENT, CRIME, PENALTY, PRODUCT, WORK_OF_ART})
# Words before a number that make it an ordinal of a law: «статья 105», «№ 268».
# What razdel glues to a number that is no part of it: the comma of a list
# of scores («7:6, 7:5»: the tokens «6,» «7»), the letters of a law's number
# («№ 374-ФЗ»: NEREL's ORDINAL is «374»).
_NUMBER_TAIL = re.compile(r"(?<=\d)(?:,|-[А-ЯЁ]{1,4})$")
_ARTICLE_WORDS = frozenset("№ n ст статья статьи статье статью статьей пункт пункта пункту пунктом "
                           "часть части частью номер номером".split())


NUMBERS = (NUMBER, ORDINAL)
MAX_INNER = 8  # tokens of an inner phrase


def types_layer_path() -> Path:
    return layer_path(LAYER)


def inner_path() -> Path:
    return DATA / "types-inner.tsv"


@lru_cache(maxsize=1)
def inner_phrases() -> dict[tuple[str, ...], str]:
    """Lemmas of a phrase NEREL nests in a span of TYPES -> its type
    (``types-inner.tsv``, written by ``python -m pipeline.train.types``)."""
    path = inner_path()
    if not path.is_file():
        return {}
    rows = (line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if "\t" in line)
    return {tuple(lemmas.split(" ")): typ for lemmas, typ in rows}


class TypesTagger(Stage):
    name = "types"
    # No number on a date, an amount, a percent or an age: the stages of those
    # run before this one in the full pipeline (not required: a pipeline
    # without dates still finds numbers).
    requires = ("tokens.lemma", "tokens.layers", "mentions.names")
    assigns = ("mentions.types",)

    def __call__(self, doc: Document) -> Document:
        covered, starts = _covered(doc)
        by_sent: dict[int, list[Mention]] = {}  # the mentions before this stage, per sentence
        for m in doc.mentions:
            by_sent.setdefault(m.sent_idx, []).append(m)
        for i, sent in enumerate(doc.sentences):
            tags = sent.layer_tags.pop(LAYER, None)
            if not tags:
                continue
            spans = self.spans(sent, tags, covered.get(i, set()), starts.get(i, set()))
            spans += vehicle_names(sent, spans, covered.get(i, set()))
            spans += counted_victims(sent, spans, covered.get(i, set()))
            mentions = by_sent.get(i, [])
            places = {(m.tok_start, m.tok_stop) for m in mentions if m.type == LOC}
            # a place adjective the NER kept as a place is no nationality (see
            # pipeline.stages.ner._no_nationality_place)
            spans = [(a, b, typ) for a, b, typ in spans
                     if not (typ == NATIONALITY and (a, b) in places and not animate_head(sent, a))]
            names = [(m.tok_start, m.tok_stop, m.type) for m in mentions
                     if m.type in (PER, ORG, FAC, ROLE) and m.tok_start >= 0]
            found = set(spans) | set(nested(sent, spans + names)) | set(inner(sent, spans))
            for a, b, typ in sorted(found):
                m = mention_from_tokens(doc, sent, i, a, b, typ, "types")
                words = [t.text for t in sent.tokens[a:b]]
                if typ in NUMBERS and (tail := _NUMBER_TAIL.search(m.text)):
                    m.stop -= len(tail[0])
                    m.text = m.text[:tail.start()]
                    words[-1] = words[-1][:-len(tail[0])]
                m = doc.add_mention(m)
                if typ in NUMBERS:
                    value = ordinal(words) if typ == ORDINAL else cardinal(words)
                    doc.quantities.append(Quantity(m.mention_id, value))
        return doc

    @staticmethod
    def spans(sent: Sentence, tags: list[str], covered: set[int],
              starts: Collection[int] = ()) -> list[tuple[int, int, str]]:
        """The layer's spans, quotes balanced; no number on a date, amount or
        percent, and nothing that starts inside one (``starts``: the first
        tokens of those in ``covered``): «17 по местному времени» of «в 4:17
        по местному времени» is no event."""
        words = [t.text for t in sent.tokens]
        out = []
        for a, b, typ in bio_spans(tags):
            if typ not in TYPES or (a in covered and a not in starts):
                continue
            if typ in NUMBERS and (any(k in covered for k in range(a, b)) or _glued(sent, a, b)):
                continue
            a, b = balance(words, a, b)
            if a < b:
                out.append((a, b, typ))
        return out


def vehicle_names(sent: Sentence, spans: list[tuple[int, int, str]],
                  covered: set[int]) -> list[tuple[int, int, str]]:
    """The name in quotes after a vehicle word is a PRODUCT («шаттл
    «Дискавери»», «корабль «Союз»»; NEREL train: 27 of the 34 capitalized
    names after such a word), where the layer and the other stages have
    nothing (the NER leaves these names alone: :func:`pipeline.stages.ner._vehicles`)."""
    toks = sent.tokens
    taken = {k for a, b, _ in spans for k in range(a, b)} | covered
    out = []
    for a in range(2, len(toks)):
        if not after_vehicle(toks, a) or a in taken:
            continue
        b = next((k for k in range(a + 1, len(toks)) if toks[k].text in CLOSERS), -1)
        if b > a and not taken & set(range(a, b)):
            out.append((a, b, PRODUCT))
    return out


def counted_victims(sent: Sentence, spans: list[tuple[int, int, str]],
                    covered: set[int]) -> list[tuple[int, int, str]]:
    """A crime with the count of its victims or objects right after it, as
    NEREL marks it («убийстве шести человек», «взлом восьми сайтов»,
    «скачивание 4-х миллионов документов»), the layer's shorter crime kept
    nested in it (NEREL nests the bare «убийстве» in 4 of the 5 such spans
    of train).  The count is a cardinal (not one of a date: «убийстве 1
    января»), then adjectives and a noun in the genitive."""
    toks = sent.tokens
    out = []
    for a, b, typ in spans:
        if typ != CRIME:
            continue
        k = b
        while k < len(toks) and k not in covered and is_cardinal_word(toks[k].text):
            k += 1
        if k == b:
            continue
        while k < len(toks) and toks[k].pos == "ADJ" and toks[k].feats.get("Case") == "Gen":
            k += 1
        if k < len(toks) and toks[k].pos == "NOUN" and toks[k].feats.get("Case") == "Gen":
            out.append((a, k + 1, CRIME))
    return out


def _glued(sent: Sentence, a: int, b: int) -> bool:
    """A number written into a word («31m», «x2»): no number of its own."""
    start, stop = sent.tokens[a].start - sent.start, sent.tokens[b - 1].stop - sent.start
    return (start > 0 and sent.text[start - 1].isalpha()) or (stop < len(sent.text)
                                                              and sent.text[stop].isalpha())


def _covered(doc: Document) -> tuple[dict[int, set[int]], dict[int, set[int]]]:
    """Per sentence, the tokens of date, time, money, percent and age
    mentions, and the first token of each."""
    tokens: dict[int, set[int]] = {}
    starts: dict[int, set[int]] = {}
    for m in doc.mentions:
        if m.type in VALUED and m.tok_start >= 0:
            tokens.setdefault(m.sent_idx, set()).update(range(m.tok_start, m.tok_stop))
            starts.setdefault(m.sent_idx, set()).add(m.tok_start)
    return tokens, starts


def inner(sent: Sentence, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The phrases NEREL nests in these types, inside the layer's spans:
    «УК РФ» in «статьи 109 УК РФ», «Нобелевской премии» in «Нобелевской
    премии по литературе» (:func:`inner_phrases`)."""
    table = inner_phrases()
    lemmas = [t.lemma.lower() for t in sent.tokens]
    out = []
    for a, b, typ in spans:
        if typ in NUMBERS:
            continue
        for i in range(a, b):
            for j in range(i + 1, min(b, i + MAX_INNER) + 1):
                found = table.get(tuple(lemmas[i:j])) if (i, j) != (a, b) else None
                if found:
                    out.append((i, j, found))
    return out


def nested(sent: Sentence, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """NUMBER and ORDINAL mentions inside other mentions, by rule."""
    toks = sent.tokens
    out = []
    for a, b, typ in spans:
        if typ in (NUMBER, ORDINAL) or b - a < 2:
            continue
        for k in range(a, b):
            word = toks[k].text
            before = toks[k - 1].text.lower().rstrip(".") if k > a else ""
            if typ == LAW and word[:1].isdigit() and before in _ARTICLE_WORDS:
                out.append((k, k + 1, ORDINAL))
            elif typ in (PER, ORG, FAC, ROLE, EVENT, AWARD, LAW) and k > a and roman(word) and len(word) > 1 \
                    or typ != PER and word.islower() and is_ordinal_word(word):
                out.append((k, k + 1, ORDINAL))
            elif typ in COUNTED and word.isalpha() and is_cardinal_word(word) and (
                    k == a or not is_cardinal_word(toks[k - 1].text)):
                stop = k + 1
                while stop < b and is_cardinal_word(toks[stop].text) and toks[stop].text.isalpha():
                    stop += 1
                out.append((k, stop, NUMBER))
    return out

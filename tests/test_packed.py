"""Packed inference gives natasha's own morph, syntax and NER results."""

from __future__ import annotations

from pathlib import Path

import pytest
from razdel import sentenize, tokenize

from pipeline.packed import Packed, WordIds

SEED = next(Path(__file__).resolve().parent.parent.joinpath("seeds").glob("*.txt"))
EXTRA = [
    "Глава МИД России Сергей Лавров прибыл в Анкару.",
    "«Газпром» — крупнейшая компания страны.",
    "Да.",
    "В 2019 году товарооборот между РФ и Казахстаном составил 4,7 млрд долларов США, "
    "сообщил 12 марта на пресс-конференции заместитель министра Ержан Бабакумаров.",
]


@pytest.fixture(scope="module")
def sentences() -> list[list[str]]:
    text = SEED.read_text(encoding="utf-8")
    sents = [[t.text for t in tokenize(s.text)] for s in sentenize(text)]
    return [s for s in sents if s] + [[t.text for t in tokenize(x)] for x in EXTRA]


@pytest.fixture(scope="module")
def models(pipe):
    return pipe.resources.packed


def _packs(models, sentences, size):
    return [Packed(sentences[k:k + size], models.ids, models.navec)
            for k in range(0, len(sentences), size)]


def test_packing_puts_a_zero_row_around_every_sentence(models):
    packed = Packed([["Аким", "Алматы"], ["Да", "."], ["Нет"]], models.ids, models.navec)
    assert packed.n_rows == 5 + 3 + 1
    assert packed.rows.tolist() == [1, 2, 4, 5, 7]
    assert packed.seps.tolist() == [0, 3, 6]
    assert packed.sep_mask.tolist() == [True, False, False, True, False, False, True, False, True]
    assert len(packed.vectors) == 5 and packed.vectors.any(axis=1).all()


def test_first_layer_runs_once_per_distinct_word(models):
    """«Да» twice and «.» twice, then «да»: the same word as «Да» in another
    shape, so three distinct (word, shape) pairs for five tokens."""
    packed = Packed([["Да", "."], ["Да", "."], ["да"]], models.ids, models.navec)
    assert len(packed.vectors) == 3
    assert packed.inverse.tolist()[:4] == [packed.inverse[0], packed.inverse[1]] * 2
    assert packed.inverse[4] not in packed.inverse[:4]
    assert [s.tolist() for s in packed.split(packed.rows)] == [[1, 2], [4, 5], [7]]


@pytest.mark.parametrize("size", [1, 7, 64])
def test_same_tags_as_slovnet(pipe, models, sentences, size):
    """Every token's POS, features, head, relation and NER tag equal what
    natasha's models give, however the sentences are packed."""
    res = pipe.resources
    ref_morph = list(res.morph_tagger.infer(sentences))
    ref_syntax = list(res.syntax_parser.infer(sentences))
    infer = res.ner_tagger.infer
    ref_ner = list(infer.decoder(infer.process(infer.encoder(sentences))))
    morph, syntax, ner = [], [], []
    for packed in _packs(models, sentences, size):
        morph += models.morph(packed)
        syntax += models.syntax(packed)
        ner += models.ner(packed)
    assert len(morph) == len(syntax) == len(ner) == len(sentences)
    for i, words in enumerate(sentences):
        assert morph[i] == [(t.pos, t.feats) for t in ref_morph[i].tokens], words
        assert syntax[i] == ([int(t.head_id) for t in ref_syntax[i].tokens],
                             [t.rel for t in ref_syntax[i].tokens]), words
        assert ner[i] == ref_ner[i], words


def test_known_analyses(models):
    """A few analyses checked by eye: «Лавров» a proper noun subject of
    «прибыл», the root; «Анкару» accusative; persons and places tagged."""
    words = [t.text for t in tokenize(EXTRA[0])]
    packed = Packed([words], models.ids, models.navec)
    (tags,) = models.morph(packed)
    ((heads, rels),) = models.syntax(packed)
    (ner,) = models.ner(packed)
    i = words.index("Лавров")
    assert tags[i][0] == "PROPN"
    assert tags[words.index("Анкару")][1]["Case"] == "Acc"
    root = words.index("прибыл")
    assert heads[root] == 0 and rels[root] == "root"
    assert rels[words.index("Глава")] == "nsubj" and heads[words.index("Глава")] == root + 1
    assert ner[words.index("Сергей")] == "B-PER" and ner[i] == "I-PER"
    assert ner[words.index("Анкару")] == "B-LOC"


def test_word_ids_are_memoized_and_bounded(models):
    ids = WordIds(models.ids.words, models.ids.shapes, cache_size=2)
    first = ids("Москва")
    assert ids("Москва") == first
    assert first[0] == ids("москва")[0]  # words are looked up in lower case
    ids("Казань")
    ids("Омск")
    assert len(ids._ids) <= 2


def test_packings_are_reused_for_the_same_sentences(pipe, models):
    doc = pipe.process_texts(["Аким Алматы встретился с консулом. Они обсудили торговлю."])[0]
    first = models.packings(doc.sentences, 64)
    assert models.packings(doc.sentences, 64) is first
    assert models.packings(doc.sentences, 1) is not first
    assert len(models.packings(doc.sentences, 1)) == 2

"""The table of the ``type_words`` stage (``pipeline.train.type_words``), on
real sentences with gold spans set by hand."""

from __future__ import annotations

from pipeline.train.type_words import type_words
from pipeline.train.types import GoldSentence


def sentence(pipe, doc_id, text, spans):
    from pipeline.nlp import Pipeline

    (doc,) = Pipeline(resources=pipe.resources, names=("lemma",)).process_texts([text])
    sent = doc.sentences[0]
    gold = [(text.index(a), text.index(a) + len(a), typ) for a, typ in spans]
    return GoldSentence(doc_id, sent, ["O"] * len(sent.tokens), gold)


def test_a_word_marked_alone_in_most_of_its_occurrences_is_kept(pipe):
    sents = [sentence(pipe, "d1", "Он перенёс инсульт.", [("инсульт", "DISEASE")]),
             sentence(pipe, "d2", "У неё случился инсульт.", [("инсульт", "DISEASE")]),
             sentence(pipe, "d2", "Инсульт лечат врачи.", []),
             sentence(pipe, "d3", "Начался пожар.", [("пожар", "EVENT")]),
             sentence(pipe, "d3", "Пожар потушили.", [("Пожар", "EVENT")])]
    rows = type_words(sents, min_share=0.6, min_seen=2, min_docs=2)
    # «инсульт»: 2 of 3 in two documents; «пожар»: one document only
    assert rows == [("инсульт", "DISEASE", 2, 3)]
    assert [r[0] for r in type_words(sents, min_share=0.6, min_seen=2, min_docs=1)] == ["инсульт", "пожар"]
    assert type_words(sents, min_share=0.7, min_seen=2, min_docs=2) == []


def test_names_and_numbers_are_left_to_their_stages(pipe):
    sents = [sentence(pipe, f"d{i}", "Москва ждёт.", [("Москва", "CITY")]) for i in range(3)]
    assert type_words(sents, min_share=0.6, min_seen=2, min_docs=2) == []


def test_phrases_of_two_words(pipe):
    sents = [sentence(pipe, "d1", "Прошла акция протеста.", [("акция протеста", "EVENT")]),
             sentence(pipe, "d2", "Началась акция протеста.", [("акция протеста", "EVENT")]),
             sentence(pipe, "d3", "Акция прошла.", [])]
    rows = type_words(sents, min_share=0.6, min_seen=2, min_docs=2)
    # the phrase is a mention both times; «акция» alone never is
    assert rows == [("акция протест", "EVENT", 2, 2)]


def test_the_organization_words_with_their_case(pipe):
    from pipeline.train.type_words import org_words

    sents = [sentence(pipe, "d1", "Правительство подало в отставку.", [("Правительство", "ORGANIZATION")]),
             sentence(pipe, "d2", "Решение приняло правительство.", [("правительство", "ORGANIZATION")]),
             sentence(pipe, "d3", "Об этом пишут «Известия».", [("Известия", "ORGANIZATION")]),
             sentence(pipe, "d4", "Газета «Известия» вышла.", [("Известия", "ORGANIZATION")]),
             sentence(pipe, "d5", "Пришло известие.", [])]
    # «правительство»: lower case once in two; «Известия» a name, 2 of 3 (the news once)
    assert org_words(sents) == [("известие", 2, 3, "Aa"), ("правительство", 2, 2, "a")]

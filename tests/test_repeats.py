"""A phrase tagged once is tagged where the document repeats it (pipeline.stages.repeats).

The documents are parsed (segment, morph, lemma, syntax); the first mention is
put by hand, as the NER would have found it, so that each test sees the stage
alone."""

from __future__ import annotations

import pytest

from pipeline.doc import Document, Mention
from pipeline.labels import CRIME, EVENT, ORG, PER
from pipeline.stages.money import set_token_span
from pipeline.stages.repeats import SOURCE, RepeatMentions


@pytest.fixture(scope="module")
def parse():
    from pipeline.nlp import Pipeline

    pipe = Pipeline(names=("segment", "morph", "lemma", "syntax"))

    def run(text: str, *marked: tuple[str, str, int]) -> Document:
        """``marked``: (phrase, type, which occurrence) mentions added by hand."""
        doc = pipe.process_texts([text])[0]
        for phrase, mtype, nth in marked:
            start = -1
            for _ in range(nth + 1):
                start = text.index(phrase, start + 1)
            m = doc.add_mention(Mention(start, start + len(phrase), phrase, mtype,
                                        sent_idx=doc.sentence_of(start)))
            set_token_span(m, doc.sentences[m.sent_idx])
        return RepeatMentions()(doc)

    return run


def added(doc: Document) -> set[tuple[str, str]]:
    return {(m.text, m.type) for m in doc.mentions if m.source == SOURCE}


def test_an_event_found_once_is_found_where_it_is_repeated_in_another_case(parse):
    doc = parse("Выборы в Киргизии прошли спокойно. Наблюдатели ОБСЕ назвали выборы честными. "
                "На выборах победил Садыр Жапаров.", ("Выборы", EVENT, 0))
    assert added(doc) == {("выборы", EVENT), ("выборах", EVENT)}
    repeat = next(m for m in doc.mentions if m.text == "выборах")
    assert repeat.sent_idx == 2 and doc.sentences[2].tokens[repeat.tok_start].text == "выборах"


def test_a_phrase_of_two_words_is_repeated_whole(parse):
    doc = parse("В центре Бишкека прошла акция протеста. Участников акции протеста задержали.",
                ("акция протеста", EVENT, 0))
    assert added(doc) == {("акции протеста", EVENT)}


def test_a_word_another_mention_covers_is_left_to_it(parse):
    """«мошенничестве» inside the event «дело о мошенничестве» stays the event's."""
    doc = parse("Его обвинили в мошенничестве. Против него возбудили дело о мошенничестве.",
                ("мошенничестве", CRIME, 0), ("дело о мошенничестве", EVENT, 0))
    assert added(doc) == set()


def test_a_phrase_of_two_types_in_the_document_and_the_types_left_out(parse):
    doc = parse("Митинг прошёл в Москве. Митинг разогнали. О митинге написали газеты.",
                ("Митинг", EVENT, 0), ("Митинг", CRIME, 1))
    assert added(doc) == set()
    # ORG and PER are the NER's: a body named once is not repeated by this stage
    doc = parse("Сбербанк отчитался о прибыли. Акции Сбербанка выросли. Герман Греф доволен, Греф улыбается.",
                ("Сбербанк", ORG, 0), ("Герман Греф", PER, 0))
    assert added(doc) == set()

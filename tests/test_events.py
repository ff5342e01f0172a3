"""Events (pipeline.stages.events) and their events.csv rows on Russian sentences.

EVENT mentions are added by hand where the types stage does not find them;
dates, places, people and posts come from the pipeline,
the event's relations from the NEREL relation stage.
"""

from __future__ import annotations

import pytest

from pipeline.doc import Document, Mention, Relation
from pipeline.labels import DATE, EVENT, PARTICIPANT_IN, POINT_IN_TIME, TAKES_PLACE_IN
from pipeline.stages.events import EventStage
from pipeline.stages.money import set_token_span
from pipeline.stages.nerel_relations import NerelRelations, load_model
from pipeline.write.rows import event_rows

needs_model = pytest.mark.skipif(not load_model(), reason="pipeline/data/relations/nerel.json not built")


def add(doc: Document, text: str, mtype: str) -> Mention:
    """The mention of ``text`` and ``mtype``: the pipeline's when it found it, else a new one."""
    start = doc.text.index(text)
    found = [m for m in doc.mentions if (m.start, m.stop, m.type) == (start, start + len(text), mtype)]
    if found:
        return found[0]
    m = doc.add_mention(Mention(start, start + len(text), text, mtype, sent_idx=doc.sentence_of(start),
                                source="test"))
    set_token_span(m, doc.sentences[m.sent_idx])
    return m


@pytest.fixture(scope="module")
def process(pipe):
    def run(text: str, published_at: str = "2019-11-06") -> Document:
        return pipe.process([Document("d1", text, published_at=published_at, regions=[(0, len(text))])])[0]

    return run


def with_events(doc: Document, *events: str) -> Document:
    for text in events:
        add(doc, text, EVENT)
    return EventStage()(NerelRelations()(doc))


@needs_model
def test_akim_signs_a_memorandum(process):
    doc = with_events(process("В понедельник в Алматы аким подписал меморандум с губернатором."),
                      "подписал меморандум")
    [e] = doc.events
    by_id = {m.mention_id: m for m in doc.mentions}
    assert by_id[e.date_mention_id].text == "В понедельник"
    assert e.date_value == "2019-11-04"  # the Monday before Wednesday 6 November 2019
    assert by_id[e.place_mention_id].text == "Алматы" and e.place == "Алматы"
    assert e.participants == ["аким"]  # not «губернатором»: the model scores it under its threshold
    akim = next(m for m in doc.mentions if m.text == "аким")
    assert e.participant_entity_ids == [akim.entity_id]  # the post itself: no holder is named
    [row] = event_rows(doc)
    assert row["text"] == "подписал меморандум" and row["sent_idx"] == 0
    assert (row["date_value"], row["place"], row["participants"]) == ("2019-11-04", "Алматы", "аким")


@needs_model
def test_a_post_stands_for_its_holder(process):
    doc = with_events(process("Президент России Владимир Путин 12 июня 2020 года посетил выставку в Москве."),
                      "посетил")
    putin = next(m for m in doc.mentions if m.text == "Владимир Путин")
    [e] = [e for e in doc.events if doc.mention(e.mention_id).text == "посетил"]
    assert e.participants == ["Владимир Путин"] and e.participant_entity_ids == [putin.entity_id]
    assert e.date_value == "2020-06-12" and e.place == "Москва"


def test_the_relations_choose_date_and_place_over_nearness(process):
    """A POINT_IN_TIME relation beats the nearest date; no TAKES_PLACE_IN, no place."""
    doc = process("Матч, перенесённый с 3 марта, прошёл 10 марта в Казани.")
    match = add(doc, "Матч", EVENT)
    dates = {m.text: m for m in doc.mentions if m.type == DATE}
    doc.relations = [Relation(POINT_IN_TIME, match.mention_id, dates["10 марта"].mention_id, 0, 0.9)]
    [e] = EventStage()(doc).events
    assert e.date_mention_id == dates["10 марта"].mention_id and e.date_value == "2019-03-10"
    assert (e.place_mention_id, e.place, e.participants) == ("", "", [])
    doc.relations = []
    [e] = EventStage()(doc).events
    assert e.date_mention_id == dates["с 3 марта"].mention_id  # the nearest date of the sentence
    kazan = next(m for m in doc.mentions if m.text == "Казани")
    doc.relations = [Relation(TAKES_PLACE_IN, match.mention_id, kazan.mention_id, 0, 0.8),
                     Relation(PARTICIPANT_IN, kazan.mention_id, match.mention_id, 0, 0.6)]
    [e] = EventStage()(doc).events
    assert (e.place, e.participants) == ("Казань", ["Казань"])


def test_participants_and_place_by_their_entitys_name(process):
    """A participant named «Лаврова» is «Сергей Лавров», the document's name
    of the person; a place named by its adjective is the place."""
    doc = process("Министр иностранных дел России Сергей Лавров прилетел в Женеву. "
                  "Переговоры Лаврова прошли в российском посольстве.")
    talks = next(m for m in doc.mentions if m.text == "Переговоры")
    lavrov = next(m for m in doc.mentions if m.text == "Лаврова")
    russian = next(m for m in doc.mentions if m.text == "российском")
    assert lavrov.normal == "Лавров" and russian.normal.startswith("российск")
    doc.relations = [Relation(PARTICIPANT_IN, lavrov.mention_id, talks.mention_id, 1, 0.8),
                     Relation(TAKES_PLACE_IN, talks.mention_id, russian.mention_id, 1, 0.6)]
    [e] = [e for e in EventStage()(doc).events if e.mention_id == talks.mention_id]
    assert (e.participants, e.place) == (["Сергей Лавров"], "Россия")


def test_a_duration_is_no_date_of_an_event(process):
    """«на 34-й минуте» (PT34M) and «три года» say how long or when in a match,
    not when: the event takes the sentence's point in time, or none."""
    doc = process("В воскресенье голы забили Клаудиньо на 34-й минуте и Сергеев на 78-й минуте.")
    goals = add(doc, "голы забили", EVENT)
    minute = next(m for m in doc.mentions if m.text == "на 34-й минуте")
    doc.relations = [Relation(POINT_IN_TIME, goals.mention_id, minute.mention_id, 0, 0.9)]
    [e] = EventStage()(doc).events
    assert doc.mention(e.date_mention_id).text == "В воскресенье" and e.date_value == "2019-11-03"
    doc = process("Работа над спектаклем шла три года.")
    add(doc, "Работа", EVENT)
    [e] = EventStage()(doc).events
    assert (e.date_mention_id, e.date_value) == ("", "")

"""Relations of ages and dates (pipeline.stages.time_relations) on Russian sentences.

DATE mentions and their values are added by hand to documents processed
without the dates stage, so these tests read only this module's rules;
persons, posts and WORKS_AS come from the rest of the pipeline.  The last test
runs the whole pipeline, dates stage included.
"""

from __future__ import annotations

import pytest

from pipeline.doc import Mention, Relation, TimeValue
from pipeline.labels import (
    AGE,
    AGE_DIED_AT,
    AGE_IS,
    DATE,
    DATE_FOUNDED_IN,
    DATE_OF_BIRTH,
    DATE_OF_DEATH,
    END_TIME,
    KIND_RANGE,
    POST_END,
    POST_START,
    START_TIME,
    WORKS_AS,
)
from pipeline.nlp import Pipeline
from pipeline.stages.dates import DateStage
from pipeline.stages.nerel_relations import NerelRelations
from pipeline.stages.quantities import QuantityStage
from pipeline.stages.time_relations import TimeRelations
from pipeline.write.derived import official_rows


class NoDates(DateStage):
    """The dates stage finding none: each test adds its dates by hand."""

    def __call__(self, doc):
        return doc


class NoQuantities(QuantityStage):
    def __call__(self, doc):
        return doc


@pytest.fixture(scope="module")
def nlp_no_dates(pipe):
    # the relation stage reads the NEREL relation stage's types, which reads dates
    # and quantities: those stages are there, finding nothing
    left_out = ("event_links", "pronoun_participants", "time_relations", "events")
    idle = {"dates": NoDates(), "quantities": NoQuantities(), "nerel_relations": NerelRelations(model={})}
    stages = [idle.get(s.name, s) for s in pipe.stages if s.name not in left_out]
    no_dates = Pipeline(pipe.resources, stages=stages)
    return lambda text: no_dates.process_texts([text])[0]


def add_date(doc, text: str, value: str, value_end: str = "", kind: str = "point") -> Mention:
    start = doc.text.index(text)
    m = doc.add_mention(Mention(start, start + len(text), text, DATE, sent_idx=doc.sentence_of(start),
                                source="dates"))
    doc.dates.append(TimeValue(m.mention_id, value, value_end, kind))
    return m


def pairs(doc, rtype: str) -> list[tuple[str, str]]:
    by_id = {m.mention_id: m for m in doc.mentions}
    return [(by_id[r.subj].text, by_id[r.obj].text) for r in doc.relations if r.type == rtype]


def test_age_of_the_person_after_an_adjective(nlp):
    doc = nlp("В больнице скончался 69-летний Петр Иванов.")
    assert [m.text for m in doc.mentions if m.type == AGE] == ["69-летний"]
    assert pairs(doc, AGE_IS) == [("Петр Иванов", "69-летний")]


def test_age_in_apposition(nlp):
    doc = nlp("Задержан Иван Петров, 45 лет, житель Казани.")
    assert pairs(doc, AGE_IS) == [("Иван Петров", "45 лет")]


def test_an_age_someone_died_at_is_no_age_is(nlp):
    """NEREL marks «скончался в возрасте 93 лет» AGE_DIED_AT (the NEREL relation
    stage finds it), never AGE_IS as well."""
    doc = nlp("Шимон Перес скончался в возрасте 93 лет.")
    assert pairs(doc, AGE_DIED_AT) == [("Шимон Перес", "93 лет")]
    assert pairs(doc, AGE_IS) == []


def test_the_rule_leaves_out_ages_with_an_age_died_at(nlp_no_dates):
    text = "Иван Петров, 45 лет, житель Казани, скончался."
    for died in (False, True):
        doc = nlp_no_dates(text)
        start = text.index("45 лет")
        age = doc.add_mention(Mention(start, start + 6, "45 лет", AGE, sent_idx=0, source="quantities"))
        person = next(m for m in doc.mentions if m.text == "Иван Петров")
        if died:
            doc.add_relation(Relation(AGE_DIED_AT, person.mention_id, age.mention_id, 0, 0.9,
                                      source="nerel_relations"))
        TimeRelations()(doc)
        assert pairs(doc, AGE_IS) == ([] if died else [("Иван Петров", "45 лет")])


def test_age_of_the_person_named_before_a_common_noun(nlp):
    doc = nlp("В четверг президент Малави Бингу ва Мутарика потерял сознание. "
              "В пятницу источники сообщили, что 78-летний лидер скончался.")
    # «лидер» alone is no post (pipeline.stages.roles.NOT_ALONE), so the age
    # goes to the person it names only
    assert pairs(doc, AGE_IS) == [("Бингу ва Мутарика", "78-летний")]
    doc = nlp("В четверг президент Малави Бингу ва Мутарика потерял сознание. "
              "В пятницу источники сообщили, что 78-летний политик скончался.")
    # a post right after the adjective takes the age too (NEREL links PROFESSION -> AGE as well)
    assert pairs(doc, AGE_IS) == [("политик", "78-летний"), ("Бингу ва Мутарика", "78-летний")]


def test_year_of_life_belongs_to_the_person_after_it(nlp):
    doc = nlp("В Милане на 91-м году жизни скончался писатель Дарио Фо.")
    # NEREL's AGE_DIED_AT (the NEREL relation stage); the AGE_IS rule would give the same pair
    assert pairs(doc, AGE_DIED_AT) == [("Дарио Фо", "на 91-м году")] and pairs(doc, AGE_IS) == []
    doc = nlp("В Милане на 91-м году жизни писателю Дарио Фо вручили премию.")
    assert [s for s, _ in pairs(doc, AGE_IS) + pairs(doc, AGE_DIED_AT)] == ["Дарио Фо"]


def test_birth_and_death_dates(nlp_no_dates):
    doc = nlp_no_dates("Алексей Жарков родился в Москве 27 марта 1948 года.")
    add_date(doc, "27 марта 1948 года", "1948-03-27")
    TimeRelations()(doc)
    assert pairs(doc, DATE_OF_BIRTH) == [("Алексей Жарков", "27 марта 1948 года")]
    assert pairs(doc, DATE_OF_DEATH) == []
    doc = nlp_no_dates("Актер Алексей Жарков скончался 3 марта.")
    add_date(doc, "3 марта", "2016-03-03")
    TimeRelations()(doc)
    assert pairs(doc, DATE_OF_DEATH) == [("Алексей Жарков", "3 марта")]


@pytest.mark.parametrize("text, date, value, dead", [
    ("Ким Чен Нам, старший брат лидера КНДР Ким Чен Ына, скончался 13 февраля 2017 года в Малайзии.",
     "13 февраля 2017 года", "2017-02-13", "Ким Чен Нам"),
    # «Бабур» reads as genitive, the surname does not
    ("8 мая 2013 года в Ташкенте погиб племянник миллиардера Алишера Усманова Бабур Усманов.",
     "8 мая 2013 года", "2013-05-08", "Бабур Усманов"),
])
def test_the_dead_is_not_the_relative_named_in_the_genitive(nlp_no_dates, text, date, value, dead):
    doc = nlp_no_dates(text)
    add_date(doc, date, value)
    TimeRelations()(doc)
    assert pairs(doc, DATE_OF_DEATH) == [(dead, date)]


def test_a_death_told_of_the_genitive_is_the_genitives(nlp_no_dates):
    doc = nlp_no_dates("После смерти Александра Татарского 22 июля 2007 года студию возглавил "
                       "Эдуард Назаров.")
    add_date(doc, "22 июля 2007 года", "2007-07-22")
    TimeRelations()(doc)
    assert pairs(doc, DATE_OF_DEATH) == [("Александра Татарского", "22 июля 2007 года")]


def test_founding_date(nlp_no_dates):
    doc = nlp_no_dates("Компания «Яндекс» основана в 1997 году в Москве.")
    add_date(doc, "в 1997 году", "1997")
    TimeRelations()(doc)
    assert [(s, o) for s, o in pairs(doc, DATE_FOUNDED_IN)] == [("Яндекс", "в 1997 году")]


def test_tenure_of_a_post_becomes_since_and_until(nlp_no_dates):
    doc = nlp_no_dates("С 1999 по 2005 год председатель правления Сбербанка Андрей Казьмин руководил банком.")
    add_date(doc, "С 1999 по 2005 год", "1999", "2005", KIND_RANGE)
    TimeRelations()(doc)
    assert pairs(doc, POST_START) == pairs(doc, POST_END) == [("председатель правления Сбербанка",
                                                               "С 1999 по 2005 год")]
    # NEREL's START_TIME / END_TIME are an event's, never a post's
    assert pairs(doc, START_TIME) == pairs(doc, END_TIME) == []
    rows = list(official_rows(doc))
    assert rows and all((r["since"], r["until"]) == ("1999", "2005") for r in rows)


def test_appointment_date_is_a_start(nlp_no_dates):
    doc = nlp_no_dates("Министр финансов России Антон Силуанов назначен на пост в декабре 2011 года.")
    add_date(doc, "в декабре 2011 года", "2011-12")
    TimeRelations()(doc)
    assert [o for _, o in pairs(doc, POST_START)] == ["в декабре 2011 года"]
    assert pairs(doc, POST_END) == []
    assert {(r["since"], r["until"]) for r in official_rows(doc)} == {("2011-12", "")}


def test_appointment_of_someone_else_is_no_start_of_the_signers_post(nlp_no_dates):
    # «назначении» is nearer Петров's post than the governor's: the date is
    # not when the governor took office
    doc = nlp_no_dates("Губернатор Свердловской области Денис Паслер 12 марта 2024 года подписал указ "
                       "о назначении Ивана Петрова заместителем председателя областного правительства.")
    add_date(doc, "12 марта 2024 года", "2024-03-12")
    assert ("Денис Паслер", "Губернатор Свердловской области") in pairs(doc, WORKS_AS)
    TimeRelations()(doc)
    assert pairs(doc, POST_START) == pairs(doc, POST_END) == []


def test_date_in_another_clause_is_no_tenure(nlp_no_dates):
    doc = nlp_no_dates("Новым премьером стал Дэвид Кэмерон вместо Гордона Брауна, лидера лейбористов, "
                       "которые правили с 1997 года.")
    add_date(doc, "с 1997 года", "1997")
    assert "лидера лейбористов" in {post for _, post in pairs(doc, WORKS_AS)}
    TimeRelations()(doc)
    assert pairs(doc, POST_START) == []


def test_days_of_a_visit_are_no_tenure(nlp_no_dates):
    doc = nlp_no_dates("С 8 по 13 октября 2019 года патриарх Кирилл находится с визитом в Сербии.")
    add_date(doc, "С 8 по 13 октября 2019 года", "2019-10-08", "2019-10-13", KIND_RANGE)
    assert ("Кирилл", "патриарх") in pairs(doc, WORKS_AS)
    TimeRelations()(doc)
    assert pairs(doc, POST_START) == pairs(doc, POST_END) == []


def test_a_term_is_no_start(nlp_no_dates):
    doc = nlp_no_dates("Кристин Лагард назначена главой МВФ на пятилетний срок.")
    add_date(doc, "пятилетний", "P5Y", kind="duration")
    assert ("Кристин Лагард", "главой МВФ") in pairs(doc, WORKS_AS)
    TimeRelations()(doc)
    assert pairs(doc, POST_START) == []


def test_a_plural_post_takes_no_one_persons_tenure(nlp_no_dates):
    doc = nlp_no_dates("Под расследование попали бывшие президенты Альберто Фухимори (1990—2000 годы) "
                       "и Алехандро Толедо (2001—2006 годы).")
    add_date(doc, "1990—2000 годы", "1990", "2000", KIND_RANGE)
    add_date(doc, "2001—2006 годы", "2001", "2006", KIND_RANGE)
    assert ("Альберто Фухимори", "президенты") in pairs(doc, WORKS_AS)
    TimeRelations()(doc)
    assert pairs(doc, POST_START) == pairs(doc, POST_END) == []


def test_a_birth_date_is_no_tenure(nlp_no_dates):
    # «в отставке» is an end cue, but the date is the person's birth
    doc = nlp_no_dates("Генерал-полковник в отставке, член Совета Федерации Владимир Кулаков "
                       "родился 2 ноября 1948 года.")
    add_date(doc, "2 ноября 1948 года", "1948-11-02")
    assert ("Владимир Кулаков", "член Совета Федерации") in pairs(doc, WORKS_AS)
    TimeRelations()(doc)
    assert pairs(doc, DATE_OF_BIRTH) == [("Владимир Кулаков", "2 ноября 1948 года")]
    assert pairs(doc, POST_START) == pairs(doc, POST_END) == []


def test_leaving_life_is_no_leaving_a_post(nlp_no_dates):
    doc = nlp_no_dates("Сегодня ушел из жизни главный редактор журнала «Юность» Андрей Дементьев.")
    add_date(doc, "Сегодня", "2018-06-26")
    assert ("Андрей Дементьев", "главный редактор журнала «Юность") in pairs(doc, WORKS_AS)
    TimeRelations()(doc)
    assert pairs(doc, POST_END) == []
    doc = nlp_no_dates("Сегодня ушел с поста главный редактор журнала «Юность» Андрей Дементьев.")
    add_date(doc, "Сегодня", "2018-06-26")
    TimeRelations()(doc)
    assert pairs(doc, POST_END) == [("главный редактор журнала «Юность", "Сегодня")]


def test_the_post_named_after_the_cue_takes_the_date(nlp_no_dates):
    doc = nlp_no_dates("19 июля 2004 года указом президента Юрий Балуевский был назначен начальником "
                       "Генерального штаба.")
    add_date(doc, "19 июля 2004 года", "2004-07-19")
    TimeRelations()(doc)
    assert pairs(doc, POST_START) == [("начальником Генерального штаба", "19 июля 2004 года")]
    since = {r["role_full"]: r["since"] for r in official_rows(doc) if r["person"] == "Юрий Балуевский"}
    assert since["начальник Генерального штаба"] == "2004-07-19"
    assert since.get("президент", "") == ""


def test_birth_date_from_the_dates_stage(nlp):
    doc = nlp("Алексей Жарков родился в Москве 27 марта 1948 года.")
    assert pairs(doc, DATE_OF_BIRTH) == [("Алексей Жарков", "27 марта 1948 года")]
    (row,) = [tv for tv in doc.dates]
    assert row.value == "1948-03-27"

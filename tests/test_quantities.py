"""Percents and ages (pipeline.stages.quantities) on Russian news sentences.

Every expected span and value below was worked out by hand from the phrase.
"""

from __future__ import annotations

import pytest

from pipeline.doc import Document, Sentence
from pipeline.labels import AGE, PERCENT
from pipeline.stages.quantities import QuantityStage, find_quantities, fused_number, number_value

# (sentence, span text, type, value, value_max)
CASES: list[tuple[str, str, str, float | None, float | None]] = [
    # --- percents ---------------------------------------------------------
    ("Инфляция в России в 2019 году составила 5,4%.", "5,4%", PERCENT, 5.4, None),
    ("Рост ВВП замедлился до 1,3 %, сообщил Росстат.", "1,3 %", PERCENT, 1.3, None),
    ("Цены на бензин выросли на 12 процентов за год.", "12 процентов", PERCENT, 12.0, None),
    ("Власти обещают 70-процентное снижение выбросов к 2030 году.", "70-процентное", PERCENT, 70.0, None),
    ("Ставка снижена на полтора процента.", "полтора процента", PERCENT, 1.5, None),
    ("Доходность составит от 3 до 5 % годовых.", "от 3 до 5 %", PERCENT, 3.0, 5.0),
    ("За «Единую Россию» проголосовали более 50 % избирателей.", "более 50 %", PERCENT, 50.0, None),
    ("Акции упали на двадцать пять процентов.", "двадцать пять процентов", PERCENT, 25.0, None),
    ("Партия набрала сто процентов голосов.", "сто процентов", PERCENT, 100.0, None),
    # --- ages: adjectives ---------------------------------------------------
    ("69-летний Петров скончался в больнице.", "69-летний", AGE, 69.0, None),
    ("Полиция задержала 26-летнего жителя Казани.", "26-летнего", AGE, 26.0, None),
    ("Девятилетняя девочка пропала в Подмосковье.", "Девятилетняя", AGE, 9.0, None),
    ("Шестидесятивосьмилетняя Руссефф покинула пост.", "Шестидесятивосьмилетняя", AGE, 68.0, None),
    ("Театр отмечает 200-летие со дня основания.", "200-летие", AGE, 200.0, None),
    # --- ages: «N лет» after a cue ------------------------------------------
    ("Актер скончался в возрасте 45 лет.", "45 лет", AGE, 45.0, None),
    ("Вчера ему исполнилось 50 лет.", "50 лет", AGE, 50.0, None),
    ("Иван Петров, 45 лет, был задержан полицией.", "45 лет", AGE, 45.0, None),
    ("Малышков, которому 69 лет, руководил департаментом.", "69 лет", AGE, 69.0, None),
    ("Теду Крузу 44 года.", "44 года", AGE, 44.0, None),
    ("В 20 лет она переехала в Москву.", "20 лет", AGE, 20.0, None),
    ("Кандидат должен быть не младше 45 лет.", "не младше 45 лет", AGE, 45.0, None),
    ("Во Франции в пятницу на 91-м году жизни скончался Дарио Фо.", "на 91-м году", AGE, 91.0, None),
    ("Секция принимает детей от 6 до 18 лет.", "от 6 до 18 лет", AGE, 6.0, 18.0),
    ("Рекордсменке исполнилось 114 лет и 359 дней.", "114 лет и 359 дней", AGE, 114.0, None),
]


@pytest.mark.parametrize(("sentence", "span", "type_", "value", "value_max"), CASES)
def test_finds_value(sentence, span, type_, value, value_max):
    found = [q for q in find_quantities(sentence) if q.text == span]
    assert found, find_quantities(sentence)
    q = found[0]
    assert sentence[q.start:q.stop] == span
    assert (q.type, q.value, q.value_max) == (type_, value, value_max)


@pytest.mark.parametrize("sentence", [
    "Мандела провел в тюрьме 27 лет.",  # a duration, not an age
    "Компания работает на рынке уже 15 лет.",
    "Кандидат должен иметь 15-летний опыт работы в отрасли.",  # «-летний опыт»: a duration
    "Он приговорен к 10-летнему сроку заключения.",
    "Это было более 30 лет назад.",
    "Многолетний конфликт не утихает.",
    "Это рекорд за последнее столетие.",
    "За 2018 год прибыль выросла вдвое.",
    "Подписи на change.org/p/%D0%BE%D1%82 собраны.",  # «%» inside a URL
])
def test_no_quantity(sentence):
    assert find_quantities(sentence) == []


def test_list_of_ages():
    found = find_quantities("Им было 30, 20 и 19 лет.")
    assert [(q.text, q.value) for q in found] == [("30", 30.0), ("20", 20.0), ("19 лет", 19.0)]


def test_numbers():
    assert number_value("5,4") == 5.4
    assert number_value("сорок один") == 41.0
    assert number_value("один сорок") is None  # ranks must fall
    assert fused_number("шестидесятивосьми") == 68.0
    assert fused_number("много") is None


def test_stage_adds_mentions_and_values():
    text = "Иван Петров, 45 лет, владеет 12 процентами акций."
    doc = Document("d", text, regions=[(0, len(text))])
    doc.sentences = [Sentence(0, len(text), text)]
    QuantityStage()(doc)
    assert [(m.text, m.type, m.source, m.normal) for m in doc.mentions] == [
        ("45 лет", AGE, "quantities", "45 лет"), ("12 процентами", PERCENT, "quantities", "12 процентами")]
    assert [(q.mention_id, q.value) for q in doc.quantities] == [("d:M1", 45.0), ("d:M2", 12.0)]
    for m in doc.mentions:
        assert doc.text[m.start:m.stop] == m.text


def test_an_age_the_dates_stage_read_as_a_duration_becomes_an_age(nlp):
    doc = nlp("Теду Крузу 44 года. Мандела провел в тюрьме 27 лет.")
    typed = {m.text: m.type for m in doc.mentions}
    assert typed["44 года"] == AGE and typed["27 лет"] != AGE
    ages = {m.mention_id for m in doc.mentions if m.type == AGE}
    assert {q.mention_id for q in doc.quantities} == ages
    assert not ages & {tv.mention_id for tv in doc.dates}

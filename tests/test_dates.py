"""The date stage on Russian news sentences: spans, TIMEX3 values, no false dates.

Expected values were worked out by hand (weekdays and ISO weeks checked with
``datetime``: 2019-11-05 is a Tuesday in ISO week 45).
"""

from __future__ import annotations

import pytest

from pipeline.doc import Document
from pipeline.eval.date_values import HELD_OUT, load_value_set, predicted_values, score_value_set
from pipeline.labels import ANCHOR_NONE, DATE, TIME, TIME_TYPES
from tests.conftest import needs_shared_data

PUBLISHED = "2019-11-05T10:31:00+00:00"


@pytest.fixture(scope="module")
def dated(pipe):
    """Process sentences published at a date; returns the documents."""

    def process(texts: list[str], published_at: str = PUBLISHED) -> list[Document]:
        docs = [
            Document(f"d{i}", t, published_at=published_at, regions=[(0, len(t))])
            for i, t in enumerate(texts)
        ]
        return pipe.process(docs)

    return process


def time_mentions(doc: Document) -> list[tuple[str, str]]:
    return [(m.type, m.text) for m in doc.mentions if m.type in TIME_TYPES]


def test_value_set(pipe):
    right, total, misses = score_value_set(pipe)
    print("\n".join(misses))
    assert total == len(load_value_set()) >= 80
    assert right / total >= 0.95, misses


def test_held_out_value_set(pipe):
    """Sentences written after the rules (relative dates against a Wednesday,
    2021-03-17: «в минувшую пятницу» → 2021-03-12, «В четверг ... посетит» →
    2021-03-18; no document date → anchor none), values checked by hand."""
    rows = load_value_set(HELD_OUT)
    right, total, misses = score_value_set(pipe, rows)
    assert total == 44
    assert right / total >= 0.95, misses


# One sentence per form: (sentence, mention, type, value, value_end, kind, anchor).
FORMS = [
    (
        "Музей открылся 12 апреля 1961 года.",
        "12 апреля 1961 года",
        DATE,
        "1961-04-12",
        "",
        "point",
        "absolute",
    ),
    ("Закон приняли в мае 2014 года.", "в мае 2014 года", DATE, "2014-05", "", "point", "absolute"),
    ("Он уехал из страны в 1991 году.", "в 1991 году", DATE, "1991", "", "point", "absolute"),
    ("В 2000-х годах рынок рос.", "В 2000-х годах", DATE, "200", "", "point", "absolute"),
    ("Крепость построили в XVII веке.", "в XVII веке", DATE, "16", "", "point", "absolute"),
    ("Весной 2016 года река разлилась.", "Весной 2016 года", DATE, "2016-SP", "", "point", "absolute"),
    (
        "В четвёртом квартале 2018 года долг вырос.",
        "В четвёртом квартале 2018 года",
        DATE,
        "2018-Q4",
        "",
        "point",
        "absolute",
    ),
    (
        "Во втором полугодии 2017 года цены упали.",
        "Во втором полугодии 2017 года",
        DATE,
        "2017-H2",
        "",
        "point",
        "absolute",
    ),
    (
        "Поезд ушёл 3 мая 2018 года в 21:40 по московскому времени.",
        "3 мая 2018 года в 21:40 по московскому времени",
        TIME,
        "2018-05-03T21:40",
        "",
        "point",
        "absolute",
    ),
    (
        "Суд дал ему 6 лет колонии, следствие длилось 14 месяцев.",
        "14 месяцев",
        DATE,
        "P14M",
        "",
        "duration",
        "absolute",
    ),
    ("Опрос проводится ежемесячно.", "ежемесячно", DATE, "P1M", "", "set", "absolute"),
    (
        "Конференция прошла с 10 по 12 сентября 2019 года.",
        "с 10 по 12 сентября 2019 года",
        DATE,
        "2019-09-10",
        "2019-09-12",
        "range",
        "absolute",
    ),
    (
        "В 1941–1945 годах завод выпускал танки.",
        "В 1941–1945 годах",
        DATE,
        "1941",
        "1945",
        "range",
        "absolute",
    ),
    ("Позавчера в Омске выпал снег.", "Позавчера", DATE, "2019-11-03", "", "point", "published"),
    ("В прошлом году мост закрыли на ремонт.", "В прошлом году", DATE, "2018", "", "point", "published"),
    (
        "На прошлой неделе депутаты приняли бюджет.",
        "На прошлой неделе",
        DATE,
        "2019-W44",
        "",
        "point",
        "published",
    ),
    (
        "Пять дней назад в порту загорелся танкер.",
        "Пять дней назад",
        DATE,
        "2019-10-31",
        "",
        "point",
        "published",
    ),
    ("В среду губернатор провёл совещание.", "В среду", DATE, "2019-10-30", "", "point", "published"),
    ("В четверг губернатор проведёт совещание.", "В четверг", DATE, "2019-11-07", "", "point", "published"),
    ("2 октября в городе открылся мост.", "2 октября", DATE, "2019-10-02", "", "point", "published"),
    (
        "Акции шли в июле и августе 2019 года.",
        "в июле и августе 2019 года",
        DATE,
        "2019-07",
        "2019-08",
        "range",
        "absolute",
    ),
    (
        "Взрыв прогремел в минувшую субботу, 17 сентября 2016 года, в Нью-Йорке.",
        "в минувшую субботу, 17 сентября 2016 года",
        DATE,
        "2016-09-17",
        "",
        "point",
        "absolute",
    ),
    ("Рейс в Сочи задержали на полтора часа.", "на полтора часа", TIME, "PT90M", "", "duration", "absolute"),
    ("В следующем году тарифы вырастут.", "В следующем году", DATE, "2020", "", "point", "published"),
    # a Latin «c» typed for the preposition «с» (seven such dates in NEREL train)
    ("Фестиваль пройдёт c 1 по 3 мая 2018 года.", "c 1 по 3 мая 2018 года", DATE, "2018-05-01",
     "2018-05-03", "range", "absolute"),
]


@pytest.mark.parametrize("sentence, text, type_, value, value_end, kind, anchor", FORMS)
def test_forms(dated, sentence, text, type_, value, value_end, kind, anchor):
    doc = dated([sentence])[0]
    assert (type_, text) in time_mentions(doc)
    assert (value, value_end, kind, anchor) in predicted_values(doc)[text]


def test_mention_fields(dated):
    doc = dated(["Вчера в Москве выпал первый снег."])[0]
    (m,) = [m for m in doc.mentions if m.type == DATE]
    sent = doc.sentences[m.sent_idx]
    assert (m.text, m.source, m.normal) == ("Вчера", "dates", "Вчера")
    assert [t.text for t in sent.tokens[m.tok_start : m.tok_stop]] == ["Вчера"]
    assert doc.text[m.start : m.stop] == m.text
    assert [v.mention_id for v in doc.dates] == [m.mention_id]


def test_time_holds_its_date(dated):
    doc = dated(["Утром 4 апреля 2017 года в метро прогремел взрыв."])[0]
    assert time_mentions(doc) == [(TIME, "Утром 4 апреля 2017 года"), (DATE, "4 апреля 2017 года")]
    assert predicted_values(doc)["4 апреля 2017 года"] == [("2017-04-04", "", "point", "absolute")]


NEGATIVES = [
    "Самолёт Ту-154 разбился под Сочи.",
    "Мая Плисецкая танцевала в Большом театре.",
    "Марта Иванова стала чемпионкой России.",
    "Его обвинили по статье 105 УК РФ.",
    "Цены на гречку выросли в 2 раза.",
    "Авария произошла на трассе М-4 «Дон».",
    "До 2000 человек вышли на митинг.",
    "В среде экспертов нет согласия.",
    "Накануне выборов кандидаты провели дебаты.",
    "Его отцу в возрасте 57 лет дали орден.",
]


@pytest.mark.parametrize("sentence", NEGATIVES)
def test_no_false_dates(dated, sentence):
    assert time_mentions(dated([sentence])[0]) == []


@pytest.mark.parametrize("published_at", ["", "позавчера", "2019-13-45T10:00:00"])
def test_missing_or_malformed_published_at(pipe, published_at):
    text = "Вчера мэр открыл мост, построенный в 2018 году."
    doc = Document(
        "x", text, published_at=published_at, regions=[(0, len(text))], warning="encoding replaced"
    )
    doc = pipe.process([doc])[0]
    assert doc.ok, doc.error
    values = predicted_values(doc)
    assert values["Вчера"] == [("", "", "point", ANCHOR_NONE)]
    assert values["в 2018 году"] == [("2018", "", "point", "absolute")]
    assert doc.warning.startswith("encoding replaced; ")
    assert "published_at" in doc.warning


def test_no_warning_without_relative_dates(pipe):
    text = "Мост построили в 2018 году."
    doc = pipe.process([Document("x", text, regions=[(0, len(text))])])[0]
    assert doc.warning == ""


def test_seed_article(seed_doc):
    assert seed_doc.published_at.startswith("2019-11-05")
    values = predicted_values(seed_doc)
    assert values["За 2018 год"] == [("2018", "", "point", "absolute")]


@needs_shared_data()
def test_nerel_dev_spans():
    from pipeline.eval.dates import evaluate_dates

    result = evaluate_dates("dev", limit=20)
    assert result[DATE]["token"].f1 >= 0.85
    assert result[DATE]["token"].tp > 100


# A yearless date after a month, day or season of a year in its sentence
# (values worked out by hand; the document date is Tuesday 2019-11-05).
IN_CONTEXT = [
    ("Выборы прошли 10 сентября 2017 года, а 12 сентября были объявлены итоги.",
     "12 сентября", ("2017-09-12", "", "point", "absolute")),
    ("Россиянин был арестован в Греции в июле 2017 года, а в октябре суд принял решение о его экстрадиции.",
     "в октябре", ("2017-10", "", "point", "absolute")),
    ("Выставка открылась 1 марта 2018 года и работала с 5 по 20 апреля.",
     "с 5 по 20 апреля", ("2018-04-05", "2018-04-20", "range", "absolute")),
    ("В ноябре прошлого года завод остановили, а 15 декабря уволили рабочих.",
     "15 декабря", ("2018-12-15", "", "point", "published")),
    # a year alone sets no context: May before the document date
    ("В 2015 году он переехал в Москву, а в мае стал министром.",
     "в мае", ("2019-05", "", "point", "published")),
    # the future tense puts December after the document date, not in 2017
    ("В июле 2017 года он уехал из страны, а в декабре вернётся домой.",
     "в декабре", ("2019-12", "", "point", "published")),
    # «вчера» is the document date's
    ("10 сентября 2017 года он уехал, а вчера вернулся.", "вчера", ("2019-11-04", "", "point", "published")),
]


@pytest.mark.parametrize(("sentence", "text", "expected"), IN_CONTEXT)
def test_yearless_date_takes_the_year_of_its_sentence(dated, sentence, text, expected):
    (doc,) = dated([sentence])
    assert predicted_values(doc)[text] == [expected]


def test_yearless_date_in_context_without_a_document_date(dated):
    """NEREL's texts have no date: the year the sentence gives still holds."""
    (doc,) = dated(["Убийство произошло 14 февраля 2017 года (по другим данным — 13 февраля)."], "")
    assert predicted_values(doc)["13 февраля"] == [("2017-02-13", "", "point", "absolute")]


@pytest.mark.parametrize(("sentence", "text", "value"), [
    # a date hanging on an infinitive is what is to be done: the nearest one
    ("Мэр пообещал провести опрос до 1 марта.", "до 1 марта", "2020-03-01"),
    ("Президент поручил правительству подготовить доклад к 1 декабря.", "к 1 декабря", "2019-12-01"),
    ("Компания не смогла выплатить долг 15 октября.", "15 октября", "2019-10-15"),
    # on the past verb itself: the last one
    ("Он уехал 1 декабря.", "1 декабря", "2018-12-01"),
    # a date set or counted to with «на»: the nearest one, whatever the participle's tense
    ("Парад, намеченный на 9 декабря, отменили.", "на 9 декабря", "2019-12-09"),
    ("По данным на 1 октября, население выросло.", "на 1 октября", "2019-10-01"),
])
def test_a_date_of_an_infinitive_or_with_na_is_the_nearest(dated, sentence, text, value):
    (doc,) = dated([sentence])
    assert predicted_values(doc)[text] == [(value, "", "point", "published")]


def test_a_date_inside_a_time_takes_the_times_side(dated):
    """«назначено на 15:00 2 апреля»: the TIME and the DATE inside it are one day."""
    (doc,) = dated(["Заседание назначено на 15:00 2 апреля."])
    values = predicted_values(doc)
    assert values["на 15:00 2 апреля"] == [("2020-04-02T15:00", "", "point", "published")]
    assert values["2 апреля"] == [("2020-04-02", "", "point", "published")]


@pytest.mark.parametrize(("sentence", "text", "value"), [
    # a part of a period no number names: the document date's year, month, week
    ("До конца года цены вырастут на 5%.", "До конца года", "2019"),
    ("Решение примут в начале месяца.", "в начале месяца", "2019-11"),
    ("К середине недели потеплеет.", "К середине недели", "2019-W45"),
    # a named one is that one
    ("В конце 2018 года цены выросли.", "В конце 2018 года", "2018"),
])
def test_a_part_of_the_current_period(dated, sentence, text, value):
    (doc,) = dated([sentence])
    anchor = "absolute" if "2018" in text else "published"
    assert predicted_values(doc)[text] == [(value, "", "point", anchor)]


@pytest.mark.parametrize(("sentence", "text", "value", "kind"), [
    # the weekend by the clause's tense (Tuesday 5 November 2019: the 2nd is
    # Saturday of ISO week 44, the 9th of week 45)
    ("Соревнования прошли в выходные.", "в выходные", "2019-W44-WE", "point"),
    ("На выходных погода испортится.", "На выходных", "2019-W45-WE", "point"),
    ("В минувшие выходные в городе прошел парад.", "В минувшие выходные", "2019-W44-WE", "point"),
    ("В ближайшие выходные ожидается снег.", "В ближайшие выходные", "2019-W45-WE", "point"),
    # every weekend
    ("Музей работает по выходным.", "по выходным", "XXXX-WXX-WE", "set"),
    ("Музей не работает в выходные и праздничные дни.", "в выходные и праздничные дни", "XXXX-WXX-WE",
     "set"),
])
def test_a_weekend(dated, sentence, text, value, kind):
    (doc,) = dated([sentence])
    anchor = "published" if kind == "point" else "absolute"
    assert predicted_values(doc)[text] == [(value, "", kind, anchor)]


@pytest.mark.parametrize(("sentence", "text", "value", "value_end"), [
    # two months glued by a dash are one token: a range
    ("В январе–марте 2024 года экспорт сократился.", "В январе–марте 2024 года", "2024-01", "2024-03"),
    ("Поставки в январе-феврале прошлого года выросли.", "в январе-феврале прошлого года", "2018-01",
     "2018-02"),
    # months with no year: one year, the end after the start (published Tuesday 5 November 2019)
    ("С мая по июнь пройдут учения.", "С мая по июнь", "2020-05", "2020-06"),
    ("С ноября по февраль пройдут учения.", "С ноября по февраль", "2019-11", "2020-02"),
    ("В мае-июне учения прошли.", "В мае-июне", "2019-05", "2019-06"),
    ("С сентября по декабрь цены росли.", "С сентября по декабрь", "2018-09", "2018-12"),
])
def test_a_range_of_months(dated, sentence, text, value, value_end):
    (doc,) = dated([sentence])
    anchor = "absolute" if "2024" in text else "published"
    assert predicted_values(doc)[text] == [(value, value_end, "range", anchor)]

"""Place adjectives the NER layers leave out (the ``place_adjectives`` stage;
sentences and expected mentions checked by eye against NEREL's convention:
«курском аэропорту» has the CITY «курском», «чешской сборной» the COUNTRY
«чешской» nested in the ORG)."""

from __future__ import annotations

import pytest

from pipeline.geo import adjective_place
from pipeline.stages.place_adjectives import SOURCE, PlaceAdjectives


@pytest.mark.parametrize(("adjective", "place"), [
    ("тамбовский", "тамбов"),
    ("парижский", "париж"),
    ("брянский", "брянск"),  # the town less «ск»
    ("курский", "курск"),
    ("иркутских", "иркутск"),  # any form
    ("российский", "россия"),  # a country by its stem
    ("сирийских", "сирия"),
    ("американский", "сша"),  # by the hand list
    ("римский", "рим"),
    ("норвежских", "норвегия"),  # a stem the name does not begin with
    ("нижегородский", "нижний новгород"),
    ("башкирской", "башкортостан"),
    ("уральский", "урал"),  # not the town Уральск
    ("татарский", "татарстан"),  # not the town Татарск
])
def test_a_place_adjective_names_its_place(adjective, place):
    assert adjective_place(adjective) == place


@pytest.mark.parametrize("adjective", [
    "городской",  # «Горока» begins like it, a town of no such stem
    "гражданский",  # «Гражданка»
    "морской", "женский", "детский",  # a stem of three letters is no town's
    "королевский", "братский",  # common words first (NOT_PLACE_ADJECTIVES)
    "мариинский", "гарвардский",  # named after a person, not the town Мариинск
    "политический", "президентский",  # no place at all
    "всероссийский",  # all of Russia is no place of its own
])
def test_a_common_adjective_names_no_place(adjective):
    assert adjective_place(adjective) == ""


def test_the_stage_adds_the_places_the_layers_leave(nlp):
    doc = nlp("Посол встретился с иранскими дипломатами в курском аэропорту.")
    kursk = [m for m in doc.mentions if m.text == "курском"]
    assert [(m.type, m.kind, m.source) for m in kursk] == [("LOC", "CITY", SOURCE)]
    doc = nlp("Представители норвежской компании встретились с уфимскими чиновниками и "
              "нижегородскими депутатами.")
    nn = [m for m in doc.mentions if m.text == "нижегородскими"]
    assert [(m.type, m.kind, m.source) for m in nn] == [("LOC", "CITY", SOURCE)]
    doc = nlp("Королевская семья провела рождественский приём в городском парке.")
    assert not [m for m in doc.mentions if m.type == "LOC"]


def test_one_mention_per_span(pipe):
    from pipeline.nlp import Pipeline

    text = "Вратарь чешской сборной пропустил две шайбы, а тамбовский клуб выиграл."
    (doc,) = Pipeline(resources=pipe.resources, names=("type_words",)).process_texts([text])
    # a place the layers found keeps its one mention; the stage adds none on it
    doc.mentions = [m for m in doc.mentions if m.text != "тамбовский"]
    before = {(m.text, m.type) for m in doc.mentions}
    PlaceAdjectives()(doc)
    added = {(m.text, m.type) for m in doc.mentions} - before
    assert ("чешской", "LOC") in before and ("чешской", "LOC") not in added
    assert added == {("тамбовский", "LOC")}


def test_the_capitalized_adjective_that_begins_a_body_s_name(pipe):
    # NEREL marks «Страсбургского» of «Страсбургского суда» a place, the
    # court's HEADQUARTERED_IN (194 of 243 such adjectives in train); not
    # inside a name of its own («Колумбийского университета» is one of its
    # own), nor in a place the NER took for a body («Российская Федерация»)
    from pipeline.nlp import Pipeline

    text = ("Решение Страсбургского суда огласили вчера, а Российская Федерация подписала договор. "
            "Британский премьер выступил.")
    (doc,) = Pipeline(resources=pipe.resources, names=("type_words",)).process_texts([text])
    orgs = {m.text for m in doc.mentions if m.type == "ORG"}
    doc.mentions = [m for m in doc.mentions if m.type != "LOC"]
    for m in doc.mentions:
        if m.text == "Российская Федерация":
            m.type = "ORG"
    PlaceAdjectives()(doc)
    added = {m.text for m in doc.mentions if m.source == SOURCE}
    assert "Страсбургского суда" in orgs
    assert "Страсбургского" in added
    assert "Российская" not in added
    # a capitalized one outside a body's name stays out (the first word of a sentence)
    assert not any(m.text == "Британский премьер" for m in doc.mentions if m.type == "ORG")
    assert "Британский" not in added

"""Places named in Latin letters (the ``latin_places`` stage and
``geo-latin.tsv``; sentences and expected mentions checked by eye against
NEREL's convention: «Sydney» is a CITY nested in «Sydney Morning Herald»)."""

from __future__ import annotations

import pytest

from pipeline.geo import latin_places
from pipeline.stages.latin_places import SOURCE, LatinPlaces


@pytest.mark.parametrize(("name", "kind"), [
    ("Chicago", "CITY"),
    ("New York", "CITY"),  # GeoNames names the town «New York City»
    ("Washington", "CITY"),  # the town before the state
    ("Georgia", "COUNTRY"),  # the country before the state
    ("Minnesota", "STATE_OR_PROVINCE"),
    ("France", "COUNTRY"),
    ("USA", "COUNTRY"),
    ("U.S.", "COUNTRY"),
    ("Europe", "LOCATION"),
])
def test_the_table_names_places_in_latin_letters(name, kind):
    assert latin_places().get(name) == kind


@pytest.mark.parametrize("word", [
    "Tacoma", "Mobile",  # towns of fewer than 300 000 people
    "Apple", "Today", "Post", "chicago",  # no place, or not as written
])
def test_the_table_leaves_out(word):
    assert word not in latin_places()


def places(doc):
    return {(m.text, m.kind, m.source) for m in doc.mentions if m.type == "LOC"}


def test_a_place_in_the_name_of_a_paper_or_team(nlp):
    doc = nlp("Об этом сообщает Sydney Morning Herald.")
    assert ("Sydney", "CITY", SOURCE) in places(doc)
    assert any(m.text == "Sydney Morning Herald" for m in doc.mentions if m.type == "ORG")
    doc = nlp("Он работал в Bank of New York.")
    assert {m.text for m in doc.mentions if m.type == "LOC"} == {"New York"}


def test_no_place_in_a_person_or_where_the_layers_found_one(nlp):
    doc = nlp("Об этом рассказал Джордж Вашингтон (George Washington) в письме.")
    assert not any(m.source == SOURCE for m in doc.mentions), places(doc)
    doc = nlp("Нолан играл в ''Philadelphia Flyers''.")
    assert len([m for m in doc.mentions if m.type == "LOC" and "Philadelphia" in m.text]) == 1


def test_the_stage_alone_on_a_parsed_text(nlp):
    # the stage adds the longest name at each word, once per span
    doc = nlp("Газеты New York Times и Los Angeles Times пишут об этом.")
    for m in [m for m in doc.mentions if m.source == SOURCE]:
        doc.mentions.remove(m)
    doc.mentions = [m for m in doc.mentions if m.type != "LOC"]
    LatinPlaces({"New York": "CITY", "York": "CITY", "Los Angeles": "CITY"})(doc)
    assert sorted(m.text for m in doc.mentions if m.source == SOURCE) == ["Los Angeles", "New York"]

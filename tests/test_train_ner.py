"""Training data of the NER layers: gold extents per layer, factRuEval mapped to NEREL's."""

from __future__ import annotations

from pipeline.eval.gold import parse_brat, parse_factru
from pipeline.labels import FAC, LOC, ORG, PER
from pipeline.train.ner import gold_extents, outermost

FACTRU_TEXT = "мэр Москвы Юрий Лужков и движение «Солидарность» при мэрии Москвы"
FACTRU_SPANS = ("1 loc_name 4 6 10 1  # 10 Москвы\n"
                "2 name 11 4 11 1  # 11 Юрий\n"
                "3 surname 16 6 12 1  # 12 Лужков\n"
                "4 org_descr 25 8 14 1  # 14 движение\n"
                "5 org_name 35 12 16 1  # 16 Солидарность\n"
                "6 org_descr 53 5 17 1  # 17 мэрии\n"
                "7 loc_name 59 6 18 1  # 18 Москвы\n")
FACTRU_OBJECTS = ("10 LocOrg 1 # Москвы\n20 Person 2 3 # Юрий Лужков\n"
                  "30 Org 4 5 # движение Солидарность\n40 Org 6 7 # мэрии Москвы\n"
                  "50 LocOrg 7 # Москвы\n")


def _text(text, spans):
    return [text[a:b] for a, b in spans]


def test_factru_maps_to_nerel_extents():
    """A factRuEval organization spans its whole object, descriptor and
    place included, as NEREL marks it («мэрии Москвы», «движение
    «Солидарность»»); a place is its name; no facilities (no FAC layer
    learns from factRuEval)."""
    doc = parse_factru("book_1", FACTRU_TEXT, FACTRU_SPANS, FACTRU_OBJECTS)
    ext = gold_extents(doc)
    assert set(ext) == {PER, ORG, LOC}
    assert _text(FACTRU_TEXT, ext[PER]) == ["Юрий Лужков"]
    assert _text(FACTRU_TEXT, ext[ORG]) == ["движение «Солидарность»", "мэрии Москвы"]
    assert _text(FACTRU_TEXT, ext[LOC]) == ["Москвы", "Москвы"]


def test_nerel_extents_are_the_outermost_of_each_type():
    text = "Правительство Санкт-Петербурга и музей «Эрмитаж»"
    ann = ("T1\tORGANIZATION 0 30\tПравительство Санкт-Петербурга\n"
           "T2\tCITY 14 30\tСанкт-Петербурга\n"
           "T3\tFACILITY 33 48\tмузей «Эрмитаж»\n")
    ext = gold_extents(parse_brat("d1", text, ann))
    assert _text(text, ext[ORG]) == ["Правительство Санкт-Петербурга"]
    assert _text(text, ext[LOC]) == ["Санкт-Петербурга"]
    assert _text(text, ext[FAC]) == ["музей «Эрмитаж»"]
    assert ext[PER] == []


def test_outermost():
    assert outermost([(0, 30), (14, 30), (40, 45), (0, 30)]) == [(0, 30), (40, 45)]

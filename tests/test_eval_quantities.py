"""The DATE/TIME/PERCENT/AGE evaluation section on a hand-made NEREL document."""

from __future__ import annotations

from pipeline.eval.gold import parse_brat
from pipeline.eval.ner import Span
from pipeline.eval.quantities import format_table, natasha_dates, score

TEXT = "Инфляция составила 5,4% в 2018 году, сообщил 69-летний министр."
ANN = ("T1\tPERCENT 19 23\t5,4%\n"
       "T2\tDATE 24 35\tв 2018 году\n"
       "T3\tAGE 45 54\t69-летний\n")


def test_score_counts_tokens_and_spans():
    doc = parse_brat("d", TEXT, ANN)
    preds = [[Span(19, 23, "PERCENT"), Span(27, 35, "DATE"), Span(45, 54, "AGE")]]
    res = score([doc], preds)
    assert res["spans"]["PERCENT"]["f1"] == res["spans"]["AGE"]["f1"] == 1.0
    assert res["spans"]["DATE"]["tp"] == 0  # «2018 году» is not the gold «в 2018 году»
    assert res["tokens"]["DATE"]["tp"] == 2 and res["tokens"]["DATE"]["fn"] == 1  # «в» missed


def test_natasha_dates_and_the_table():
    (spans,) = natasha_dates(["Встреча прошла 3 марта 2019 года в Москве."])
    assert [s.text for s in spans] == ["3 марта 2019 года"]
    doc = parse_brat("d", TEXT, ANN)
    res = {"split": "dev", "n_docs": 1, "seconds": {"natasha": 0.1},
           "systems": {"natasha": score([doc], natasha_dates([TEXT]))}}
    table = format_table(res)
    assert "n/a" in table and "DATE" in table

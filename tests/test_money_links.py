"""AMOUNT_OF (pipeline.stages.money_links): which entities an amount is about,
on Russian sentences run through the whole pipeline."""

from __future__ import annotations

import pytest


def amounts(doc) -> set[tuple[str, str]]:
    return {(doc.mention(r.subj).text, doc.mention(r.obj).text) for r in doc.relations
            if r.type == "AMOUNT_OF"}


def test_the_parties_of_the_amounts_clause(nlp):
    doc = nlp("За 2018 год между РФ и Алматы товарооборот составил 4,7 млрд долларов.")
    assert amounts(doc) == {("4,7 млрд долларов", "РФ"), ("4,7 млрд долларов", "Алматы")}


def test_a_place_in_another_amounts_currency_is_no_party(nlp):
    # «США» belongs to «3,04 млрд долларов США», for neither amount a party
    doc = nlp("Доходы Твиттера за 2018 год составили 3,04 млрд долларов США при чистой прибыли "
              "1,2 млрд долларов.")
    found = amounts(doc)
    assert ("3,04 млрд долларов США", "Твиттера") in found
    assert not any(party == "США" for _, party in found)


@pytest.mark.parametrize("text, party, adjective", [
    ("Американский фермер отсудил 80 млн долларов у Monsanto.", "Monsanto", "Американский"),
    ("В июне швейцарский журнал Bilan оценил состояние Ингвара Кампрада в 37,5 миллиарда долларов.",
     "Ингвара Кампрада", "швейцарский"),
])
def test_a_place_adjective_qualifies_the_party_and_is_none(nlp, text, party, adjective):
    found = amounts(nlp(text))
    assert party in {p for _, p in found}
    assert adjective not in {p for _, p in found}


def test_the_adjective_of_a_currency_is_no_party(nlp):
    doc = nlp("Денежный размер премии составляет 6 миллионов норвежских крон (около 800 тысяч евро).")
    assert not any(party == "норвежских" for _, party in amounts(doc))

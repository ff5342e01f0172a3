"""No mention holds an unbalanced quote (issue 4): spans mended on real sentences."""

from __future__ import annotations

import pytest
from razdel import tokenize

from pipeline.quotes import balance, unmatched


def words(text: str) -> list[str]:
    return text.split()


@pytest.mark.parametrize(("text", "a", "b", "want"), [
    # the closing quote right after the span is taken in
    ("ООО УК « Металлоинвест » А", 0, 4, "ООО УК « Металлоинвест »"),
    ("ООО \" МНКТ \" .", 0, 3, "ООО \" МНКТ \""),
    ("РКК „ Энергия “ Н", 0, 3, "РКК „ Энергия “"),
    # a leading open quote with no close anywhere is dropped
    ("« Голоса Америки сообщили", 0, 3, "Голоса Америки"),
    # an open quote inside, never closed: cut before it
    ("службе « Голоса Америки сообщили", 0, 4, "службе"),
    # a stray closing quote at the end is dropped
    ("короля поп-музыки \" Майкла", 0, 3, "короля поп-музыки"),
    # balanced spans and nested quotes stay as they are
    ("ПАО « Газпром »", 0, 4, "ПАО « Газпром »"),
    ("театра « Русская песня « Надежды » »", 0, 8, "театра « Русская песня « Надежды » »"),
    ("« Газпром »", 0, 3, "« Газпром »"),
    # brackets too: a leading open one with no close, a stray close at the end,
    # an open one inside, never closed
    ("( 159 УК РФ", 0, 4, "159 УК РФ"),
    ("Эксперт РА ) сообщил", 0, 3, "Эксперт РА"),
    ("командования ( аналога военного округа", 0, 5, "командования"),
    ("Уголовного кодекса ( УК ) РФ", 0, 4, "Уголовного кодекса ( УК )"),
])
def test_balance(text, a, b, want):
    w = words(text)
    x, y = balance(w, a, b)
    assert " ".join(w[x:y]) == want
    assert unmatched(w, x, y) == ([], [])


def test_nothing_left():
    assert balance(["«"], 0, 1) == (1, 1)


def _texts(doc, typ):
    return {m.text for m in doc.mentions if m.type == typ}


def test_names_keep_their_closing_quote(nlp):
    doc = nlp("Об этом сообщила Русской службе «Голоса Америки» пресс-секретарь компании. "
              "Выставка открылась в Центре современной культуры «Гараж» в Москве.")
    for m in doc.mentions:
        tokens = [t.text for t in tokenize(m.text)]
        assert unmatched(tokens, 0, len(tokens)) == ([], []), m.text
    assert any(t.endswith("«Голоса Америки»") for t in _texts(doc, "ORG"))


def test_a_crime_leaves_out_the_closing_parenthesis(nlp):
    doc = nlp("В отношении Кузнецова возбуждено уголовное дело по части 6 статьи 290 УК РФ "
              "(получение взятки в особо крупном размере).")
    crimes = _texts(doc, "CRIME")
    assert crimes and not any(")" in c for c in crimes), crimes


def test_post_ends_before_the_closing_quote_of_its_body(nlp):
    # NEREL ends such a PROFESSION where the ORGANIZATION inside it ends
    # (84 of NEREL train's 130); the normal form keeps the quote
    doc = nlp("Концерт дал бывший солист ленинградского «Телевизора» Михаил Борзыкин.")
    roles = {m.text: m.normal for m in doc.mentions if m.type == "ROLE"}
    assert roles.get("солист ленинградского «Телевизора") == "солист ленинградского «Телевизора»", roles


def test_post_keeps_an_ascii_closing_quote(nlp):
    doc = nlp('Об этом заявил генеральный директор компании "Аэрофлот" Виталий Савельев.')
    roles = _texts(doc, "ROLE")
    assert 'генеральный директор компании "Аэрофлот"' in roles, roles

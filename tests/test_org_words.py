"""Organizations NEREL names by a word alone (the ``org_words`` stage;
sentences and expected mentions checked by eye against NEREL's convention:
«правительство», «прокуратура» an ORGANIZATION alone, «правительство
Москвы» one with its place)."""

from __future__ import annotations

from pipeline.labels import ORG
from pipeline.nlp import STAGE_NAMES, Pipeline
from pipeline.stages.org_words import SOURCE, OrgWords, org_words


def added(pipe, text, words, names=("lemma",)):
    (doc,) = Pipeline(resources=pipe.resources, names=names).process_texts([text])
    before = {m.span for m in doc.mentions}
    OrgWords(words)(doc)
    return [(m.text, m.type, m.source) for m in doc.mentions if m.span not in before]


def test_the_shipped_table():
    words = org_words()
    assert words[("правительство",)] is False and words[("парламент",)] is False
    assert words[("правительство", "рф")] is False and words[("сенат",)] is True
    assert words[("reuters",)] is True and words[("госдума",)] is True
    # common words NEREL marks an organization now and then only
    assert ("суд",) not in words and ("партия",) not in words and ("прокуратура",) not in words
    assert ("президент",) not in words


def test_a_body_named_alone_is_an_organization(pipe):
    text = "В прокуратуре сообщили, что правительство ещё не приняло решения."
    assert added(pipe, text, {("правительство",): False, ("прокуратура",): False}) == [
        ("прокуратуре", ORG, SOURCE), ("правительство", ORG, SOURCE)]


def test_a_name_needs_its_capital(pipe):
    # «известие» is news; «Известия» the newspaper NEREL writes with a capital
    text = "Он получил известие о смерти отца, сообщают «Известия»."
    assert added(pipe, text, {("известие",): True}) == [("Известия", ORG, SOURCE)]
    assert [t for t, *_ in added(pipe, text, {("известие",): False})] == ["известие", "Известия"]


def test_the_longest_phrase_first(pipe):
    text = "Решение поддержала Верховная рада."
    assert added(pipe, text, {("верховный", "рада"): True, ("рада",): True}) == [
        ("Верховная рада", ORG, SOURCE)]


def test_a_body_with_its_place_stays_one_organization(pipe):
    # «правительства Москвы» is found whole (the ORG layer or place_bodies) before this stage
    assert STAGE_NAMES.index("place_bodies") < STAGE_NAMES.index("org_words") < STAGE_NAMES.index("relations")
    text = "Власти Таиланда и правительство Москвы подписали соглашение."
    (doc,) = Pipeline(resources=pipe.resources, names=("org_words",)).process_texts([text])
    orgs = {m.text for m in doc.mentions if m.type == ORG}
    assert {"Власти Таиланда", "правительство Москвы"} <= orgs
    assert "правительство" not in orgs

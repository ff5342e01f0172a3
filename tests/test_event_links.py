"""The ``event_links`` stage: ALTERNATIVE_NAME between two mentions of one
event («ДТП» … «Авария», «Умер» … «скончался»), a repeat of the same word
left alone."""

from __future__ import annotations

import pytest

from pipeline.doc import Document, Mention, Sentence, Token
from pipeline.labels import ALTERNATIVE_NAME, EVENT
from pipeline.nlp import STAGE_NAMES
from pipeline.stages.event_links import (
    MAX_SENTENCES,
    SOURCE,
    EventLinks,
    Pair,
    best_links,
    candidate_pairs,
    features,
    load_model,
    pair_key,
    prior_bin,
    vector_similarity,
)

CRASH = ("В центре Москвы произошло ДТП. Авария случилась утром на Тверской улице. "
         "В столкновении пострадали два человека.")
DEATH = ("Умер Пеле. Бразильский футболист скончался в четверг в больнице Сан-Паулу, "
         "сообщили его родственники.")
ELECTION = ("В Молдавии прошли парламентские выборы. Выборы признаны состоявшимися. "
            "На выборах победила партия «Действие и солидарность».")


def links(doc) -> list[tuple[str, str]]:
    by_id = {m.mention_id: m for m in doc.mentions}
    return [(by_id[r.subj].text, by_id[r.obj].text) for r in doc.relations if r.source == SOURCE]


def test_the_shipped_model_and_its_cross_validation():
    model = load_model()
    assert 0.1 < model["threshold"] < 0.7 and model["weights"]
    assert model["priors"]["pairs"] and model["priors"]["lemmas"]
    cv = model["cv"]
    # what the stage is for: ALTERNATIVE_NAME over NEREL train, out of fold
    assert cv["after"]["f1"] > cv["before"]["f1"] and cv["after"]["r"] > cv["before"]["r"]
    assert 0 < cv["links_right"] < cv["links"]
    assert 0 < model["calibration"]["a"]


def test_another_name_of_the_accident_is_linked(nlp):
    doc = nlp(CRASH)
    assert links(doc) == [("ДТП", "Авария")]
    [rel] = [r for r in doc.relations if r.source == SOURCE]
    assert rel.type == ALTERNATIVE_NAME and rel.sent_idx == 1 and 0.3 < rel.confidence < 0.9


def test_a_death_told_twice(nlp):
    assert ("Умер", "скончался") in links(nlp(DEATH))


def test_the_same_word_again_is_no_other_name(nlp):
    # NEREL links another name of an event, seldom a repeat of its word
    doc = nlp(ELECTION)
    assert sum(m.type == EVENT for m in doc.mentions) >= 3
    assert links(doc) == []


def test_candidates_run_back_from_each_event_nearest_first(nlp):
    doc = nlp(CRASH)
    pairs = [(p.earlier.text, p.later.text) for p in candidate_pairs(doc)]
    assert pairs[:3] == [("ДТП", "Авария"), ("Авария", "столкновении"), ("ДТП", "столкновении")]
    assert all(p.earlier.stop <= p.later.start for p in candidate_pairs(doc))
    first = candidate_pairs(doc)[0]
    assert first.lemmas == ("дтп", "авария")
    assert {"dist:1", "rank:0", "same:0", "text:0", "first:1", "cos:u"} <= set(first.context)


def one_word_sentences(words: list[str]) -> Document:
    """A document of one-word sentences («Авария. Тишина. …»), each word a
    noun heading its sentence."""
    doc = Document("w", ". ".join(words) + ".")
    at = 0
    for w in words:
        doc.sentences.append(Sentence(at, at + len(w), w, [Token(at, at + len(w), w, w.lower(), "NOUN")]))
        at += len(w) + 2
    return doc


@pytest.mark.parametrize("between, pairs", [
    (MAX_SENTENCES - 1, [("Авария", "Катастрофа")]),  # «Катастрофа» MAX_SENTENCES sentences on
    (MAX_SENTENCES, []),  # one more: too far
])
def test_events_farther_apart_than_the_window_are_no_candidates(between, pairs):
    doc = one_word_sentences(["Авария", *["Тишина"] * between, "Катастрофа"])
    for k in (0, between + 1):
        t = doc.sentences[k].tokens[0]
        doc.add_mention(Mention(t.start, t.stop, t.text, EVENT, k, tok_start=0, tok_stop=1))
    assert [(p.earlier.text, p.later.text) for p in candidate_pairs(doc)] == pairs


def test_word_vectors_tell_alike_events(pipe):
    similarity = vector_similarity(pipe.resources)
    assert similarity("авария", "дтп") > 0.5 > 0.1 > similarity("авария", "концерт")
    assert similarity("взрыв", "теракт") > 0.5 > 0.1 > similarity("взрыв", "свадьба")
    assert similarity("взрыв", "ъъъыыы") is None


def test_priors_and_their_bins():
    assert pair_key("смерть", "умереть") == pair_key("умереть", "смерть") == "смерть|умереть"
    assert prior_bin(0, 0) == "u" and prior_bin(0, 9) == "0" and prior_bin(3, 3) == "7"
    pair = Pair(Mention(0, 4, "Умер", EVENT, 0), Mention(20, 29, "скончался", EVENT, 1),
                ("умереть", "скончаться"), ("same:0",))
    priors = {"pairs": {"скончаться|умереть": [3, 3]}, "lemmas": {"умереть": [1, 9]}}
    assert features(pair, priors) == ["same:0", "prior:7", "prior_n:2", "lp_a:1", "lp_b:u"]


def test_best_links_keep_one_earlier_mention_per_event():
    a, b, c = (Mention(k * 10, k * 10 + 5, f"e{k}", EVENT, k, mention_id=f"M{k}") for k in range(3))
    pairs = [Pair(a, b, ("x", "y"), ()), Pair(b, c, ("y", "z"), ()), Pair(a, c, ("x", "z"), ())]
    chosen = best_links(pairs, [0.2, 0.4, 0.6], threshold=0.3)
    assert [(p.earlier.text, p.later.text, s) for p, s in chosen] == [("e0", "e2", 0.6)]


def test_an_empty_model_links_nothing(nlp):
    doc = nlp(CRASH)
    doc.relations = [r for r in doc.relations if r.source != SOURCE]
    assert links(EventLinks(model={})(doc)) == []


def test_the_stage_runs_after_every_stage_that_finds_events():
    order = list(STAGE_NAMES)
    assert order.index("event_links") > max(order.index(n) for n in ("types", "type_words", "repeats",
                                                                     "event_words"))


@pytest.mark.parametrize("text", [CRASH, DEATH])
def test_links_join_two_event_mentions_of_one_document(nlp, text):
    doc = nlp(text)
    by_id = {m.mention_id: m for m in doc.mentions}
    for r in doc.relations:
        if r.source == SOURCE:
            assert by_id[r.subj].type == by_id[r.obj].type == EVENT
            assert by_id[r.subj].stop <= by_id[r.obj].start

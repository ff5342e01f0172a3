"""Events of one word the other stages leave out (the ``event_words`` stage;
sentences and expected mentions checked by eye against NEREL's convention:
«проголосовала» an EVENT where the text tells of the vote, «сообщил» none)."""

from __future__ import annotations

import pytest

from pipeline.labels import EVENT
from pipeline.nlp import STAGE_NAMES, Pipeline
from pipeline.stages.event_words import (
    SOURCE,
    EventWords,
    candidates,
    features,
    load_model,
    prior_bin,
)
from pipeline.stages.nerel_relations import NerelRelations


def before_stage(pipe, text):
    """The document as the stage gets it (every stage before it run)."""
    names = STAGE_NAMES[:STAGE_NAMES.index("event_words")]
    (doc,) = Pipeline(resources=pipe.resources, names=names).process_texts([text])
    return doc


def test_the_shipped_model():
    model = load_model()
    assert model["weights"] and 0 < model["threshold"] < 1
    # priors counted on NEREL: «отставка» is most often an event, «сообщить» never
    events, seen = model["priors"]["отставка"]
    assert events / seen > 0.5
    events, seen = model["priors"]["сообщить"]
    assert seen > 100 and events == 0
    cv = model["cv"]
    assert cv["after"]["tokens"]["f1"] > cv["before"]["tokens"]["f1"]
    assert cv["threshold"] == model["threshold"]


@pytest.mark.parametrize(("events", "seen", "expected"), [
    (0, 0, "u"),       # never seen
    (0, 50, "1"),      # (0 + 0.1) / 51: seen, never an event
    (1, 9, "3"),       # 1.1 / 10
    (9, 10, "7"),      # 9.1 / 11: nearly always
])
def test_prior_bins(events, seen, expected):
    assert prior_bin(events, seen) == expected


def test_candidates_are_the_nouns_and_verbs_no_mention_covers(pipe):
    doc = before_stage(pipe, "Парламент Греции проголосовал за новый бюджет. Бюджет вступит в силу в мае.")
    words = [doc.sentences[c.sent].tokens[c.tok].text for c in candidates(doc)]
    # «Парламент Греции» is an organization, «в мае» a date, «вступит в силу» an event: none there
    assert words == ["проголосовал", "бюджет", "Бюджет"]
    vote, budget, _ = candidates(doc)
    assert {"pos:VERB", "first:1", "sidx:0", "kp:1", "cnt:1"} <= set(vote.context)  # the parliament votes
    assert {"pos:NOUN", "cnt:2", "kp:0"} <= set(budget.context)
    assert "pr:u" in features(vote, None) and "pr:7" in features(vote, (9, 10))
    assert "kd:0" in vote.context
    doc = before_stage(pipe, "Парламент Греции в пятницу проголосовал за бюджет.")
    (vote, _) = candidates(doc)
    assert vote.lemma == "проголосовать" and "kd:1" in vote.context  # the date hangs on the verb


def test_a_vote_the_text_tells_of_is_an_event(pipe):
    text = "Парламент Греции проголосовал за новый бюджет. Голосование прошло в пятницу."
    (doc,) = Pipeline(resources=pipe.resources).process_texts([text])
    events = [(m.text, m.source) for m in doc.mentions if m.type == EVENT]
    assert ("проголосовал", SOURCE) in events
    assert ("Голосование", "types") in events  # the layer's, left as it is
    assert "бюджет" not in [t for t, _ in events]


def test_a_word_that_only_reports_is_no_event(pipe):
    text = "Бывший президент умер в больнице. Он скончался в возрасте 90 лет, сообщил его сын."
    (doc,) = Pipeline(resources=pipe.resources).process_texts([text])
    events = {m.text for m in doc.mentions if m.type == EVENT}
    assert {"умер", "скончался"} <= events
    assert "сообщил" not in events


def test_an_empty_model_adds_nothing(pipe):
    doc = before_stage(pipe, "Парламент Греции проголосовал за новый бюджет.")
    n = len(doc.mentions)
    EventWords({})(doc)
    assert len(doc.mentions) == n


def test_the_stage_order():
    # after every stage that finds mentions in a sentence and the document's repeats,
    # before the normal forms and the relations, which take its events
    assert STAGE_NAMES.index("repeats") < STAGE_NAMES.index("event_words") < STAGE_NAMES.index("normal")
    assert "mentions.event_words" in NerelRelations.requires

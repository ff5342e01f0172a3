"""Training the ``event_words`` model (``pipeline.train.event_words``):
labels, lemma counts and priors from NEREL's gold on the pipeline's own
tokens, the priors of a training fold never counted on it."""

from __future__ import annotations

from collections import Counter

from pipeline.eval.gold import GoldDoc, GoldEntity
from pipeline.labels import EVENT
from pipeline.nlp import STAGE_NAMES, Pipeline
from pipeline.stages.event_words import features
from pipeline.train.event_words import Folds, event_spans, event_tokens, labelled, lemma_counts, priors

TEXT = "Парламент Греции проголосовал за новый бюджет. Голосование прошло в пятницу."


def gold_doc(doc_id="d0", vote=True):
    """NEREL's entities of TEXT (``vote``: with «проголосовал» an EVENT)."""
    def entity(eid, part, raw_type):
        start = TEXT.index(part)
        return GoldEntity(eid, "", start, start + len(part), part, raw_type)

    events = [entity("T1", "проголосовал", EVENT)] if vote else []
    return GoldDoc("nerel", doc_id, TEXT, [*events, entity("T2", "Голосование", EVENT),
                                           entity("T3", "Парламент Греции", "ORGANIZATION")])


def own_doc(pipe, doc_id="d0"):
    """The document as the stage gets it, the pipeline's own mentions."""
    names = STAGE_NAMES[:STAGE_NAMES.index("event_words")]
    (doc,) = Pipeline(resources=pipe.resources, names=names).process_texts([TEXT], [doc_id])
    return doc


def test_candidates_are_labelled_by_the_gold_events(pipe):
    doc = own_doc(pipe)
    rows = [(doc.sentences[c.sent].tokens[c.tok].text, inside, alone) for c, inside, alone in
            labelled(doc, gold_doc())]
    # «Голосование» is the layer's event already: no candidate
    assert rows == [("проголосовал", 1, 1), ("бюджет", 0, 0), ("прошло", 0, 0)]
    counts = lemma_counts(doc, gold_doc())
    assert counts["проголосовать"] == 1 and counts[("проголосовать", EVENT)] == 1
    assert counts["бюджет"] == 1 and counts[("бюджет", EVENT)] == 0
    assert counts["парламент"] == 0  # a proper noun here: the nouns and verbs only
    # before the stage: the layer's «Голосование» right, «проголосовал» missed
    assert event_tokens(doc, gold_doc()) == (1, 1, 2)
    assert event_spans(doc, gold_doc()) == (1, 1, 2)


def test_priors_add_up_the_counts():
    a = Counter({"выбор": 2, ("выбор", EVENT): 1})
    b = Counter({"выбор": 1, "бюджет": 3})
    assert priors([a, b]) == {"бюджет": [0, 3], "выбор": [1, 3]}


def test_a_training_folds_priors_are_the_other_folds(pipe):
    # six documents, dealt by id into three folds of two (d0 d3, d1 d4, d2 d5); in
    # fold 2's gold «проголосовал» is no event
    ids = [f"d{i}" for i in range(6)]
    own = {i: own_doc(pipe, i) for i in ids}
    folds = Folds(own, [gold_doc(i, vote=i not in ("d2", "d5")) for i in ids])
    assert folds.k == [0, 1, 2] and [len(folds.rows[k]) for k in folds.k] == [6, 6, 6]
    assert folds.priors([0])["проголосовать"] == [2, 2] and folds.priors([2])["проголосовать"] == [0, 2]
    xs, ys = folds.training([0, 2])
    votes = [x for x in xs if "pos:VERB" in x and "first:1" in x]
    # fold 0's votes take fold 2's prior (0 of 2: bin 1), fold 2's take fold 0's (2 of 2: bin 7)
    bins = [next(f for f in x if f.startswith("pr:") and "|" not in f) for x in votes]
    assert bins == ["pr:1", "pr:1", "pr:7", "pr:7"]
    assert ys[:3] == [1, 0, 0] and ys[6:9] == [0, 0, 0]
    assert features(folds.rows[0][0][0], (0, 2)) == xs[0]

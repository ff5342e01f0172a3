"""Training the ``event_links`` model (``pipeline.train.event_links``): the
gold links that a pair matches, the priors counted on NEREL's gold events,
a training fold's priors never its own, ALTERNATIVE_NAME's figures."""

from __future__ import annotations

from collections import Counter

from pipeline.eval.gold import GoldDoc, GoldEntity, GoldRelation
from pipeline.labels import ALTERNATIVE_NAME, EVENT
from pipeline.nlp import STAGE_NAMES, Pipeline
from pipeline.train.event_links import Folds, gold_counts, gold_links, matches, priors

TEXT = ("Умер Пеле. Бразильский футболист скончался в четверг в больнице Сан-Паулу, "
        "сообщили его родственники.")


def gold_doc(doc_id="d0", linked=True):
    """NEREL's annotation of TEXT (``linked``: «Умер» → «скончался» an ALTERNATIVE_NAME)."""
    def entity(eid, part, raw_type):
        start = TEXT.index(part)
        return GoldEntity(eid, "", start, start + len(part), part, raw_type)

    rels = [GoldRelation("R1", ALTERNATIVE_NAME, "T1", "T2")] if linked else []
    return GoldDoc("nerel", doc_id, TEXT, [entity("T1", "Умер", EVENT), entity("T2", "скончался", EVENT),
                                           entity("T3", "Пеле", "PERSON")], rels)


def own_doc(pipe, doc_id="d0"):
    """The document as the stage gets it, the pipeline's own mentions."""
    names = STAGE_NAMES[:STAGE_NAMES.index("event_links")]
    (doc,) = Pipeline(resources=pipe.resources, names=names).process_texts([TEXT], [doc_id])
    return doc


def test_a_link_matches_a_gold_one_either_way():
    links = gold_links(gold_doc())
    assert links == [((0, 4), (33, 42))]
    assert matches((0, 4), (33, 42), links) == {0} == matches((33, 42), (1, 3), links)
    assert matches((0, 4), (5, 9), links) == set()


def test_gold_counts_on_the_documents_tokens(pipe):
    counts = gold_counts(own_doc(pipe), gold_doc())
    assert counts == Counter({("pair", "скончаться|умереть"): 1, ("pair+", "скончаться|умереть"): 1,
                              ("lemma", "умереть"): 1, ("lemma+", "умереть"): 1,
                              ("lemma", "скончаться"): 1, ("lemma+", "скончаться"): 1})
    unlinked = gold_counts(own_doc(pipe), gold_doc(linked=False))
    assert unlinked["pair", "скончаться|умереть"] == 1 and unlinked["pair+", "скончаться|умереть"] == 0


def test_priors_add_up_the_counts():
    a = Counter({("pair", "a|b"): 2, ("pair+", "a|b"): 1, ("lemma", "a"): 2, ("lemma+", "a"): 1})
    b = Counter({("pair", "a|b"): 1, ("lemma", "c"): 3})
    assert priors([a, b]) == {"pairs": {"a|b": [1, 3]}, "lemmas": {"a": [1, 2], "c": [0, 3]}}


def test_a_training_folds_priors_are_the_other_folds(pipe):
    # six documents dealt by id into three folds of two (d0 d3, d1 d4, d2 d5); fold 2's gold
    # does not link the two mentions
    ids = [f"d{i}" for i in range(6)]
    own = {i: own_doc(pipe, i) for i in ids}
    folds = Folds(own, [gold_doc(i, linked=i not in ("d2", "d5")) for i in ids], similarity=None)
    assert folds.priors([0])["pairs"]["скончаться|умереть"] == [2, 2]
    assert folds.priors([2])["pairs"]["скончаться|умереть"] == [0, 2]
    xs, ys = folds.training([0, 2])
    deaths = [x for x, (p, _, _) in zip(xs, folds.rows[0] + folds.rows[2], strict=True)
              if p.lemmas == ("умереть", "скончаться")]
    # fold 0's pair takes fold 2's prior (0 of 2: bin 0), fold 2's fold 0's (2 of 2: bin 7)
    assert [next(f for f in x if f.startswith("prior:")) for x in deaths] == ["prior:0"] * 2 + ["prior:7"] * 2
    assert sum(ys) == sum(1 for p, hit, _ in folds.rows[0] + folds.rows[2] if hit)
    # before the stage: no ALTERNATIVE_NAME at all; four documents hold a gold link
    assert folds.figures([]) == {"p": 0.0, "r": 0.0, "f1": 0.0, "pred": 0, "gold": 4}
    right = next((hit, i) for p, hit, i in folds.rows[0] if hit)
    wrong = next((hit, i) for p, hit, i in folds.rows[2] if not hit)  # d2: no gold link
    assert folds.figures([right, wrong]) == {"p": 0.5, "r": 0.25, "f1": 0.3333, "pred": 2, "gold": 4}

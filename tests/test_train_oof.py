"""The whole pipeline's cross-validation (``pipeline.train.oof``): each fold's
pipeline holds the layers and tables of the other folds."""

from __future__ import annotations

import json
import shutil

import pytest

from pipeline.eval.types import format_table
from pipeline.stages.event_words import EventWords, load_model
from pipeline.stages.inner_bodies import InnerBodies
from pipeline.stages.inner_posts import InnerPosts
from pipeline.stages.ner import LAYERS, layer_path
from pipeline.stages.org_words import OrgWords
from pipeline.stages.roles import LAYER as ROLE_LAYER
from pipeline.stages.type_words import TypeWords
from pipeline.stages.types import LAYER as TYPES_LAYER
from pipeline.train.cv import folds
from pipeline.train.nested import post_counts
from pipeline.train.oof import EVENT_WORDS_FILE, _needs_event_words, deal_folds, fold_pipeline
from pipeline.train.types import GoldSentence


def test_documents_are_dealt_as_the_layers_cross_validation_deals_them():
    ids = ["d3", "d1", "d5", "d2", "d4"]
    fold = deal_folds(ids, 3)
    assert fold == {"d1": 0, "d2": 1, "d3": 2, "d4": 0, "d5": 1}

    class Doc:
        def __init__(self, doc_id):
            self.gold = type("G", (), {"doc_id": doc_id})

    dealt = folds([Doc(d) for d in ids], 3)
    assert [[d.gold.doc_id for d in f] for f in dealt] == [["d1", "d4"], ["d2", "d5"], ["d3"]]


def fold_layers(folder):
    """The shipped layers stand for a fold's (their file names as the CV keeps them)."""
    for typ in LAYERS:
        shutil.copy(layer_path(typ), folder / f"{typ}.crfsuite")
    for name in (TYPES_LAYER, ROLE_LAYER):
        shutil.copy(layer_path(name), folder / f"{name}.crfsuite")


def test_a_fold_pipeline_takes_the_folds_layers_and_tables(pipe, tmp_path):
    from pipeline.nlp import Pipeline

    fold_layers(tmp_path)
    text = "Президент Франции прибыл в Москву, где прошла акция протеста."
    (doc,) = Pipeline(resources=pipe.resources, names=("lemma", "syntax")).process_texts([text])
    sent = doc.sentences[0]
    gold = [(text.index(a), text.index(a) + len(a), t) for a, t in (
        ("Президент Франции", "PROFESSION"), ("Президент", "PROFESSION"), ("Франции", "COUNTRY"),
        ("Москву", "CITY"), ("акция протеста", "EVENT"))]
    sents = [GoldSentence(f"d{i}", sent, ["O"] * len(sent.tokens), gold) for i in range(2)]
    fold = fold_pipeline(tmp_path, sents)
    stages = {type(s): s for s in fold.stages}
    assert stages[TypeWords].words == {("акция", "протест"): "EVENT"}
    assert stages[OrgWords].phrases == {}  # the folds' gold has no organization
    assert stages[InnerPosts].shares == post_counts(sents)
    assert stages[InnerBodies].shares == {}
    assert stages[EventWords].model == {}  # the folder holds no event_words model yet
    out = fold.process_texts([text])[0]
    found = {(m.text, m.type) for m in out.mentions}
    assert {("Президент Франции", "ROLE"), ("Президент", "ROLE"), ("акция протеста", "EVENT")} <= found


def test_a_fold_pipeline_takes_the_folds_event_words_model(pipe, tmp_path):
    fold_layers(tmp_path)
    model = {**load_model(), "threshold": 0.99}
    (tmp_path / EVENT_WORDS_FILE).write_text(json.dumps(model), encoding="utf-8")
    sents = []  # the tables of no gold
    fold = fold_pipeline(tmp_path, sents)
    (stage,) = [s for s in fold.stages if isinstance(s, EventWords)]
    assert stage.model["threshold"] == 0.99 and stage.model["priors"] == model["priors"]


def test_no_run_past_event_words_without_the_folds_model(tmp_path):
    with pytest.raises(RuntimeError, match="pipeline.train.event_words --folds"):
        _needs_event_words([EventWords({})], tmp_path)
    _needs_event_words([EventWords(load_model())], tmp_path)  # with one: goes on


def test_make_eval_prints_the_cross_validated_figures_beside_dev():
    res = {"n_docs": 2, "types": ["PER"], "systems": {"project": {
        "tokens": {"PER": {"f1": 0.9}}, "spans": {"PER": {"f1": 0.8, "tp": 4, "fn": 1}},
        "micro": {"f1": 0.8, "tp": 4, "fn": 1}, "micro_tokens": {"f1": 0.9}}}}
    cv = {"folds": 3, "micro": {"tokens": 0.83, "spans": 0.787},
          "types": {"PER": {"tokens": 0.977, "spans": 0.956}}}
    lines = format_table(res, cv).splitlines()
    assert "CV tok F1" in lines[1]
    assert lines[3].split()[-2:] == ["0.977", "0.956"]
    assert lines[4].split()[-2:] == ["0.830", "0.787"]
    assert "CV tok F1" not in format_table(res)

"""The language layer: stage contracts, the order check, ``--stages`` resolution."""

from __future__ import annotations

import pytest

from pipeline.nlp import STAGE_NAMES, STAGES, Pipeline, PipelineError, check_order, resolve
from pipeline.stages import FACETS
from pipeline.stages.lemma import Lemmatizer
from pipeline.stages.money import MoneyStage
from pipeline.stages.morph import MorphTagger
from pipeline.stages.segment import Segmenter


def test_every_stage_declares_facets_of_the_vocabulary():
    for cls in STAGES:
        assert cls.assigns, cls.name
        assert set(cls.requires) | set(cls.assigns) <= set(FACETS), cls.name


def test_each_facet_has_one_stage_that_assigns_it():
    assigners = [facet for cls in STAGES for facet in cls.assigns]
    assert len(assigners) == len(set(assigners))


def test_the_default_order_is_valid():
    check_order(list(STAGES))


def test_a_stage_before_the_one_it_needs_fails_at_construction(pipe):
    segment, morph, lemma = Segmenter(), MorphTagger(pipe.resources), Lemmatizer(pipe.resources)
    with pytest.raises(PipelineError) as e:
        Pipeline(resources=pipe.resources, stages=[segment, lemma, morph])
    message = str(e.value)
    assert "'lemma' requires 'tokens.morph'" in message
    assert "'morph' assigns it after it" in message


def test_a_missing_stage_is_named_with_the_facet(pipe):
    with pytest.raises(PipelineError, match="'lemma' requires 'sentences'.*'segment'"):
        Pipeline(resources=pipe.resources, stages=[Lemmatizer(pipe.resources)])


def test_a_valid_subset_builds_and_runs(pipe):
    sub = Pipeline(resources=pipe.resources, stages=[Segmenter(), MoneyStage()])
    [doc] = sub.process_texts(["Товарооборот составил 4,7 млрд долларов."])
    assert [m.text for m in doc.mentions] == ["4,7 млрд долларов"]
    assert all(t.lemma == "" for s in doc.sentences for t in s.tokens)


def test_resolve_adds_what_the_chosen_stages_need_in_order():
    assert resolve(["lemma", "segment"]) == ("segment", "morph", "lemma")
    assert resolve(["money"]) == ("segment", "money")
    assert resolve(["link"]) == ("segment", "morph", "lemma", "syntax", "ner", "types", "normal", "link")
    assert resolve(["dates"]) == ("segment", "morph", "syntax", "dates")
    # posts needs the relation stage, which reads the NEREL relation stage's types
    # (pipeline.stages.relations.deference), which reads dates, quantities, events
    assert resolve(["posts"]) == tuple(n for n in STAGE_NAMES if n not in (
        "places", "time_relations", "events", "inner_posts", "inner_bodies", "event_links",
        "pronoun_participants"))
    # time_relations reads the NEREL relation stage's AGE_DIED_AT
    assert resolve(["time_relations"]) == tuple(n for n in STAGE_NAMES
                                                if n not in ("posts", "places", "events", "event_links",
                                                             "pronoun_participants", "inner_posts",
                                                             "inner_bodies"))
    assert resolve(["events"]) == tuple(n for n in STAGE_NAMES
                                        if n not in ("posts", "places", "time_relations", "inner_posts",
                                                     "inner_bodies", "event_links"))
    assert resolve([]) == STAGE_NAMES


def test_resolve_refuses_unknown_names_listing_the_valid_ones():
    with pytest.raises(PipelineError, match="unknown stage.*: morf; valid: segment, morph, lemma"):
        resolve(["segment", "morf"])


def test_named_pipeline_builds_only_those_stages(pipe):
    sub = Pipeline(resources=pipe.resources, names=("lemma",))
    assert [s.name for s in sub.stages] == ["segment", "morph", "lemma"]
    [doc] = sub.process_texts(["Делегацию принял аким Алматы."])
    assert [t.lemma for t in doc.sentences[0].tokens][:3] == ["делегация", "принять", "аким"]
    assert doc.mentions == []

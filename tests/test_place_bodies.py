"""Bodies named by a common word and a place (the ``place_bodies`` stage;
sentences and expected mentions checked by eye against NEREL's convention:
«американские власти», «властями Таиланда», «португальской сборной» are
ORGANIZATIONs, the place in them a place of its own)."""

from __future__ import annotations

from pipeline.nlp import Pipeline
from pipeline.stages.place_bodies import SOURCE, PlaceBodies

TEXT = ("Американские власти ввели санкции против властей Таиланда, "
        "а португальская сборная обыграла французов. "
        "Районный суд Москвы отложил заседание, российские силы отошли.")


def _without_bodies(pipe):
    (doc,) = Pipeline(resources=pipe.resources, names=("latin_places",)).process_texts([TEXT])
    doc.mentions = [m for m in doc.mentions if m.type != "ORG"]
    return doc


def test_a_body_word_beside_a_place_is_a_body(pipe):
    doc = _without_bodies(pipe)
    PlaceBodies()(doc)
    added = {m.text for m in doc.mentions if m.source == SOURCE}
    assert {"Американские власти", "властей Таиланда", "португальская сборная"} <= added
    assert all(m.type == "ORG" for m in doc.mentions if m.source == SOURCE)
    # «суд» (NEREL's body 7 times in 54) and «силы» (never) are left out
    assert not any("суд" in t or "силы" in t for t in added), added


def test_no_second_body_where_the_layers_found_one(pipe):
    (doc,) = Pipeline(resources=pipe.resources, names=("latin_places",)).process_texts([TEXT])
    orgs = {m.span for m in doc.mentions if m.type == "ORG"}
    PlaceBodies()(doc)
    for m in doc.mentions:
        if m.source == SOURCE:
            assert not any(a < m.stop and m.start < b for a, b in orgs), m.text


def test_the_whole_pipeline_relates_the_body_to_its_place(nlp):
    doc = nlp("Американские власти ввели санкции против властей Таиланда.")
    ids = {m.mention_id: m.text for m in doc.mentions}
    hq = {(ids[r.subj], ids[r.obj]) for r in doc.relations if r.type == "HEADQUARTERED_IN"}
    assert ("властей Таиланда", "Таиланда") in hq, hq

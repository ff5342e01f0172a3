"""navec word clusters as NER features (pipeline/clusters.py): words used
alike share a cluster (pairs checked by eye), unknown words get none."""

from __future__ import annotations

import numpy as np
import pytest

from pipeline.clusters import CUTS, PATH, WordClusters, read_table


@pytest.fixture(scope="module")
def clusters(pipe):
    return pipe.resources.clusters


def test_table_covers_natasha_vocabulary(pipe):
    table = read_table(PATH)
    assert table.shape == (len(CUTS), len(pipe.resources.packed.ids.words.items))
    for row, k in zip(table, CUTS, strict=True):
        assert row.max() < k
        assert len(np.unique(row)) == k  # no empty cluster


@pytest.mark.parametrize("a, b, cut", [
    ("газпром", "лукойл", 1),  # oil and gas companies
    ("роснефть", "лукойл", 1),
    ("президент", "мэр", 1),  # posts
    ("президент", "премьер-министр", 1),
    ("выборы", "референдум", 0),  # votes
    ("выборы", "голосование", 0),
    ("антверпен", "роттердам", 0),  # port towns of Europe
    ("пневмония", "гепатит", 1),  # diseases
    ("туберкулез", "диабет", 1),
])
def test_words_used_alike_share_a_cluster(clusters, a, b, cut):
    assert clusters(a)[cut] == clusters(b)[cut]


@pytest.mark.parametrize("a, b", [("газпром", "президент"), ("выборы", "антверпен"), ("мэр", "теракт")])
def test_words_of_other_kinds_do_not(clusters, a, b):
    assert clusters(a)[0] != clusters(b)[0]


def test_features_and_unknown_words(clusters):
    got = clusters("москва")
    assert [f.split("=")[0] for f in got] == [f"k{k}" for k in CUTS]
    assert clusters("жжщщъъфф") == []  # not in navec's vocabulary


def test_table_and_cuts_must_agree(pipe):
    with pytest.raises(ValueError):
        WordClusters(pipe.resources.packed.ids.words, np.zeros((3, 10), dtype=np.uint16))


def test_a_token_takes_its_clusters_and_not_its_neighbours(pipe, clusters):
    from pipeline.stages.ner import features_of

    [doc] = pipe.process_texts(["Акции Лукойла выросли."])
    sent = doc.sentences[0]
    strings = features_of(pipe.resources)(sent, ["O"] * len(sent.tokens))
    fine = clusters("лукойла")[1]
    assert fine in strings[1]  # the word's own
    neighbours = [s for s in strings[0] + strings[2] if s[:1] in "-12"]  # «-1w=лукойла», ...
    assert "-1w=лукойла" in strings[2]
    assert not any("k64=" in s or "k512=" in s for s in neighbours)  # no neighbour's clusters


def test_only_the_clustered_layers_weigh_the_clusters():
    """PER, FAC and the other-types layer are trained with the clusters; ORG,
    LOC and the posts without (cross-validated: docs/ner-cv.md)."""
    from pipeline.crfsuite_file import read_model
    from pipeline.stages.ner import CLUSTERED, LAYERS, LAYERS_KEPT, layer_path

    for layer in (*LAYERS, *LAYERS_KEPT):
        attrs = read_model(layer_path(layer)).attributes
        assert any("k512=" in a for a in attrs) == (layer in CLUSTERED), layer


@pytest.mark.parametrize("text, mention", [
    # the layer fit without the clusters found none of these
    ("У певицы обнаружили туберкулёз, а её мужа лечат от гепатита.", ("гепатита", "DISEASE")),
    ("Армяне и азербайджанцы снова спорят о Карабахе.", ("азербайджанцы", "NATIONALITY")),
    ("У пациента диагностировали менингит.", ("менингит", "DISEASE")),
])
def test_other_types_the_clusters_find(pipe, text, mention):
    [doc] = pipe.process_texts([text])
    assert mention in {(m.text, m.type) for m in doc.mentions}

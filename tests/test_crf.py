"""The numpy CRF tags exactly as python-crfsuite does, with the same models."""

from __future__ import annotations

import random

import numpy as np
import pycrfsuite
import pytest

from pipeline.crf import STATE, UNKNOWN, CRFLayers, PartScores
from pipeline.stages.ner import (
    LAYERS,
    LAYERS_KEPT,
    document_names,
    features_of,
    items,
    layer_path,
    state_values,
)


def _train(path, xs, ys) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    for x, y in zip(xs, ys, strict=True):
        trainer.append(x, y)
    trainer.set_params({"c1": 0.01, "c2": 0.01, "max_iterations": 30})
    trainer.train(str(path))


@pytest.fixture(scope="module")
def toy(tmp_path_factory):
    """Two toy layers over words: capitalized words are names (B/I), cities
    have their own layer with a third label set."""
    rng = random.Random(7)
    words = ["Иван", "Петров", "приехал", "в", "Москву", "из", "Омска", "вчера", "и", "Анна"]
    xs, ys_per, ys_loc = [], [], []
    for _ in range(60):
        sent = [rng.choice(words) for _ in range(rng.randint(1, 9))]
        xs.append([[f"w={w}", f"cap={w[0].isupper()}"] for w in sent])
        ys_per.append(["B-PER" if w in ("Иван", "Анна") else "I-PER" if w == "Петров" else "O"
                       for w in sent])
        ys_loc.append(["B-LOC" if w in ("Москву", "Омска") else "O" for w in sent])
    root = tmp_path_factory.mktemp("crf")
    _train(root / "per.crfsuite", xs, ys_per)
    _train(root / "loc.crfsuite", xs, ys_loc)
    return root, words


def _tagger(path):
    t = pycrfsuite.Tagger()
    t.open(str(path))
    return t


def _scores(layers: CRFLayers, sents) -> np.ndarray:
    """The tokens' state scores: each the sum of its attributes' rows of weights."""
    dense = layers.weights.toarray()
    return np.array([dense[[layers.vocab.get(a, UNKNOWN) for a in tok]].sum(axis=0)
                     for s in sents for tok in s]).reshape(-1, layers.weights.shape[1])


def test_toy_layers_tag_like_crfsuite(toy):
    root, words = toy
    paths = {"per": root / "per.crfsuite", "loc": root / "loc.crfsuite"}
    layers = CRFLayers(paths)
    taggers = {name: _tagger(p) for name, p in paths.items()}
    rng = random.Random(11)
    sents = [[[f"w={rng.choice(words + ['неизвестное'])}", "cap=True"] for _ in range(rng.randint(0, 12))]
             for _ in range(40)]
    got = layers.tag(_scores(layers, sents), [len(s) for s in sents])
    for s, g in zip(sents, got, strict=True):
        for name, tagger in taggers.items():
            assert g[name] == tagger.tag(pycrfsuite.ItemSequence(s)), s
    assert got[[len(s) for s in sents].index(0)] == {"per": [], "loc": []}


def test_a_token_without_known_features_still_gets_a_tag(toy):
    root, _ = toy
    layers = CRFLayers({"per": root / "per.crfsuite"})
    tagger = _tagger(root / "per.crfsuite")
    sent = [["x=1"], ["w=Иван"], []]
    (got,) = layers.tag(_scores(layers, [sent]), [3])
    assert got["per"] == tagger.tag(pycrfsuite.ItemSequence(sent))
    assert layers.tag(_scores(layers, []), []) == []


def test_part_scores_add_up_to_the_attributes_scores(toy):
    """A token's scores as the sum of its parts' sums: the sum of its attributes'."""
    root, _ = toy
    layers = CRFLayers({"per": root / "per.crfsuite", "loc": root / "loc.crfsuite"})
    parts = PartScores(layers)
    ivan, cap, none = parts.add(["w=Иван", "cap=True"], ["cap=False"], ["x=неизвестное"])
    assert none == 0 and ivan and cap  # no attribute the layers know: no row
    got = parts.sums(np.array([[ivan, cap], [0, cap], [0, 0]]), [0, 2], [cap, ivan])
    want = _scores(layers, [[["w=Иван", "cap=True", "cap=False", "cap=False"], ["cap=False"],
                             ["w=Иван", "cap=True"]]])
    assert np.allclose(got, want, rtol=0, atol=1e-12)
    assert want[0].any() and want[1].any()


def test_part_scores_past_the_reserved_rows_keep_every_sum(toy, monkeypatch):
    """The rows are reserved up front; past them the table grows, and the
    rows already summed stay as they were (row 0, none, stays zero)."""
    import pipeline.crf as crf

    root, _ = toy
    layers = CRFLayers({"per": root / "per.crfsuite", "loc": root / "loc.crfsuite"})
    monkeypatch.setattr(crf, "RESERVED_ROWS", 2)
    parts = PartScores(layers)
    assert parts.rows.shape[0] == 2 and not parts.rows[0].any()
    ivan, = parts.add(["w=Иван", "cap=True"])
    first = parts.sums(np.array([[ivan]]), [], []).copy()
    cap, both = parts.add(["cap=False"], ["w=Иван", "cap=False"])
    assert parts.sums(np.array([[0]]), [], []).tolist() == [[0.0] * parts.rows.shape[1]]
    assert len(parts.rows) >= 4 and len({ivan, cap, both}) == 3
    got = parts.sums(np.array([[ivan, 0], [cap, both]]), [], [])
    want = _scores(layers, [[["w=Иван", "cap=True"], ["cap=False", "w=Иван", "cap=False"]]])
    assert np.allclose(got, want, rtol=0, atol=1e-12) and np.array_equal(got[0], first[0])


def test_ner_layers_tag_like_crfsuite(pipe):
    """The shipped NER layers on real sentences: the same tags as crfsuite."""
    docs = pipe.process_texts([
        "Глава МИД России Сергей Лавров встретился в Анкаре с министром иностранных дел Турции.",
        "Делегацию принял аким Алматы Бакытжан Сагинтаев. Правительство Санкт-Петербурга одобрило план.",
        "ПАО «Газпром» и Европейский союз подписали соглашение. «Газпром» построит завод в Нижнем Новгороде.",
    ])
    ner = next(s for s in pipe.stages if s.name == "ner")
    strings = features_of(pipe.resources)
    sentences = [s for d in docs for s in d.sentences]
    natasha, states = ner.natasha(sentences)
    assert natasha == ner.natasha_tags(sentences)
    assert [len(x) for x in states] == [len(s.tokens) for s in sentences] and states[0].shape[1] == 64
    names = document_names(docs, sentences, natasha)
    found = [names[id(s)] for s in sentences]
    scores = ner.features.scores(sentences, natasha, found)
    dense = ner.crf.dense_scores(state_values(np.concatenate(states)))
    assert dense is not None and np.abs(dense).max() > 1.0  # the layers weigh the states
    got = ner.crf.tag(scores + dense, [len(s.tokens) for s in sentences])
    taggers = {typ: _tagger(layer_path(typ)) for typ in (*LAYERS, *LAYERS_KEPT)}
    for sent, tags, g, n, x in zip(sentences, natasha, got, found, states, strict=True):
        for typ, tagger in taggers.items():
            seq = pycrfsuite.ItemSequence(items(typ, strings(sent, tags, n), x))
            assert g[typ] == tagger.tag(seq), sent.text
    first = dict(zip([t.text for t in sentences[0].tokens], got[0]["ORG"], strict=True))
    assert first["МИД"] == "B-ORG" and first["России"] == "I-ORG"


def test_a_label_bonus_adds_to_its_state_scores(toy):
    """A bonus on a label (the ner stage's ``LABEL_BONUS``) tips a token to it;
    the caller's scores stay as they were."""
    root, _ = toy
    sent = [[["w=в"], ["w=в"], ["w=в"]]]
    plain = CRFLayers({"per": root / "per.crfsuite"})
    scores = _scores(plain, sent)
    assert plain.tag(scores, [3])[0]["per"] == ["O", "O", "O"]
    boosted = CRFLayers({"per": root / "per.crfsuite"}, {"per": {"B-PER": 20.0}, "other": {"B-X": 1.0}})
    before = scores.copy()
    assert boosted.tag(scores, [3])[0]["per"] == ["B-PER", "B-PER", "B-PER"]
    assert np.array_equal(scores, before)
    assert CRFLayers({"per": root / "per.crfsuite"}, {"per": {"B-PER": 0.0}}).bonus is None


def test_dense_attributes_tag_like_crfsuite(tmp_path):
    """A layer fit with real-valued attributes (``STATE`` and an index, as the
    ner stage's encoder states): its weights of them are a dense matrix, and
    the state scores plus the values times it tag as crfsuite does."""
    rng = random.Random(3)
    xs, ys = [], []
    for _ in range(80):
        n = rng.randint(1, 8)
        vals = [[rng.uniform(-2, 2), rng.uniform(-2, 2)] for _ in range(n)]
        xs.append([{"bias": 1.0, f"{STATE}0": round(a, 3), f"{STATE}1": round(b, 3)} for a, b in vals])
        ys.append(["B-X" if a + b > 0.5 else "O" for a, b in vals])
    _train(tmp_path / "dense.crfsuite", xs, ys)
    layers = CRFLayers({"x": tmp_path / "dense.crfsuite"})
    assert f"{STATE}0" not in layers.vocab and layers.dense.shape == (2, 2)
    assert np.abs(layers.dense).max() > 0.1
    tagger = _tagger(tmp_path / "dense.crfsuite")
    sents = [[[round(rng.uniform(-2, 2), 3), round(rng.uniform(-2, 2), 3)] for _ in range(rng.randint(1, 9))]
             for _ in range(30)]
    values = np.array([v for s in sents for v in s])
    scores = _scores(layers, [[["bias"] for _ in s] for s in sents]) + layers.dense_scores(values)
    got = layers.tag(scores, [len(s) for s in sents])
    for s, g in zip(sents, got, strict=True):
        want = tagger.tag(pycrfsuite.ItemSequence(
            [{"bias": 1.0, f"{STATE}0": a, f"{STATE}1": b} for a, b in s]))
        assert g["x"] == want
    assert {t for g in got for t in g["x"]} == {"B-X", "O"}
    assert CRFLayers({"x": tmp_path / "dense.crfsuite"}).dense_scores(values).shape == (len(values), 2)

"""The numpy CRF tags exactly as python-crfsuite does, with the same models."""

from __future__ import annotations

import random

import pycrfsuite
import pytest

from pipeline.crf import UNKNOWN, CRFLayers
from pipeline.stages.ner import LAYERS, Features, layer_path


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


def test_toy_layers_tag_like_crfsuite(toy):
    root, words = toy
    paths = {"per": root / "per.crfsuite", "loc": root / "loc.crfsuite"}
    layers = CRFLayers(paths)
    taggers = {name: _tagger(p) for name, p in paths.items()}
    rng = random.Random(11)
    sents = [[[f"w={rng.choice(words + ['неизвестное'])}", "cap=True"] for _ in range(rng.randint(0, 12))]
             for _ in range(40)]
    ids = [[[layers.vocab.get(a, UNKNOWN) for a in tok] for tok in s] for s in sents]
    got = layers.tag(ids, batch_size=7)
    for s, g in zip(sents, got, strict=True):
        for name, tagger in taggers.items():
            assert g[name] == tagger.tag(pycrfsuite.ItemSequence(s)), s
    assert got[[len(s) for s in sents].index(0)] == {"per": [], "loc": []}


def test_a_token_without_known_features_still_gets_a_tag(toy):
    root, _ = toy
    layers = CRFLayers({"per": root / "per.crfsuite"})
    tagger = _tagger(root / "per.crfsuite")
    (got,) = layers.tag([[[], [layers.vocab["w=Иван"]], []]])
    assert got["per"] == tagger.tag(pycrfsuite.ItemSequence([["x=1"], ["w=Иван"], []]))


def test_ner_layers_tag_like_crfsuite(pipe):
    """The shipped NER layers on real sentences: the same tags as crfsuite."""
    docs = pipe.process_texts([
        "Глава МИД России Сергей Лавров встретился в Анкаре с министром иностранных дел Турции.",
        "Делегацию принял аким Алматы Бакытжан Сагинтаев. Правительство Санкт-Петербурга одобрило план.",
        "ПАО «Газпром» и Европейский союз подписали соглашение.",
    ])
    ner = next(s for s in pipe.stages if s.name == "ner")
    strings = Features(pipe.resources.morph)
    sentences = [s for d in docs for s in d.sentences]
    natasha = ner.natasha_tags(sentences)
    got = ner.crf.tag([ner.features(s, t) for s, t in zip(sentences, natasha, strict=True)])
    taggers = {typ: _tagger(layer_path(typ)) for typ in LAYERS}
    for sent, tags, g in zip(sentences, natasha, got, strict=True):
        seq = pycrfsuite.ItemSequence(strings(sent, tags))
        for typ, tagger in taggers.items():
            assert g[typ] == tagger.tag(seq), sent.text
    first = dict(zip([t.text for t in sentences[0].tokens], got[0]["ORG"], strict=True))
    assert first["МИД"] == "B-ORG" and first["России"] == "I-ORG"

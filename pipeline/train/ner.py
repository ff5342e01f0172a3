"""Train the NER layers: one CRF per type on NEREL train.

``python -m pipeline.train.ner [--data DIR]`` runs the pipeline's first stages
(segment, morph, lemma, syntax, natasha NER) over NEREL train, labels every
token BIO for each type (the outermost span of that type: a place inside an
organization is a LOC of the LOC layer) and writes
``pipeline/data/ner-{per,org,loc}.crfsuite``.
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from pathlib import Path

from pipeline.doc import Document, Sentence
from pipeline.eval.gold import data_dir, load_dataset
from pipeline.labels import FAC, LOC, ORG, PER
from pipeline.resources import shared
from pipeline.stages.lemma import Lemmatizer
from pipeline.stages.morph import MorphTagger
from pipeline.stages.ner import LAYERS, Features, NERTagger, layer_path
from pipeline.stages.segment import Segmenter
from pipeline.stages.syntax import SyntaxParser

# L1 keeps the models small (under 1 MB each); c1 per type chosen on NEREL dev.
PARAMS = {"c2": 0.01, "max_iterations": 200, "feature.possible_transitions": True}
C1 = {PER: 0.1, ORG: 0.1, LOC: 0.05, FAC: 0.1}
Tagged = tuple[Sentence, list[str], dict[str, list[str]]]


def outermost(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans not inside another one."""
    spans = sorted(set(spans), key=lambda s: (s[0], -s[1]))
    out: list[tuple[int, int]] = []
    for a, b in spans:
        if not out or a >= out[-1][1]:
            out.append((a, b))
    return out


def labels(sent: Sentence, spans: list[tuple[int, int]], typ: str) -> list[str]:
    """BIO tags of the sentence's tokens for gold character spans of one type."""
    tags = ["O"] * len(sent.tokens)
    for a, b in spans:
        inside = [i for i, t in enumerate(sent.tokens) if t.start < b and t.stop > a]
        for k, i in enumerate(inside):
            tags[i] = ("B-" if k == 0 else "I-") + typ
    return tags


def tagged_sentences(name: str, data: Path, limit: int | None = None) -> list[Tagged]:
    """Every sentence of a NEREL data set with natasha's tags and the gold labels per type."""
    res = shared()
    stages = [Segmenter(), MorphTagger(res), Lemmatizer(res), SyntaxParser(res)]
    ner = NERTagger(res, layers=(), kept=())
    gold = load_dataset(name, data, limit)
    out: list[Tagged] = []
    for k in range(0, len(gold), 32):
        part = gold[k:k + 32]
        docs = [Document(g.doc_id, g.text, regions=[(0, len(g.text))]) for g in part]
        for stage in stages:
            docs = stage.pipe(docs)
        for g, doc in zip(part, docs, strict=True):
            spans = {t: outermost([(e.start, e.stop) for e in g.entities if e.type == t]) for t in LAYERS}
            sents = [s for s in doc.sentences if s.tokens]
            for sent, tags in zip(sents, ner.natasha_tags(sents), strict=True):
                y = {t: labels(sent, [(a, b) for a, b in spans[t] if a < sent.stop and b > sent.start], t)
                     for t in LAYERS}
                out.append((sent, tags, y))
        print(f"  {name}: {k + len(part)}/{len(gold)} documents", file=sys.stderr)
    return out


def train(xs: list[list[list[str]]], ys: list[list[str]], typ: str, path: Path) -> None:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for x, y in zip(xs, ys, strict=True):
        trainer.append(x, y)
    trainer.set_params({**PARAMS, "c1": C1[typ]})
    trainer.train(str(path))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pipeline.train.ner", description=__doc__)
    ap.add_argument("--data", help="gold data folder (default: ../shared/data)")
    ap.add_argument("--cache", help="pickle of the tagged sentences (reused when present)")
    args = ap.parse_args(argv)
    cache = Path(args.cache) if args.cache else None
    if cache and cache.exists():
        data = pickle.loads(cache.read_bytes())
    else:
        data = tagged_sentences("nerel-train", data_dir(args.data))
        if cache:
            cache.write_bytes(pickle.dumps(data))
    features = Features(shared().morph)
    xs = [features(sent, tags) for sent, tags, _ in data]
    for typ in LAYERS:
        t = time.perf_counter()
        train(xs, [y[typ] for _, _, y in data], typ, layer_path(typ))
        size = layer_path(typ).stat().st_size
        print(f"{typ}: {layer_path(typ)} ({size // 1024} KB, {time.perf_counter() - t:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

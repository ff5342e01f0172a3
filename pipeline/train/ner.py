"""Train the NER layers: one CRF per type on NEREL train and dev.

``python -m pipeline.train.ner [--data DIR] [--cache DIR] [--sets ...]`` runs
the pipeline's first stages (segment, morph, lemma, syntax, natasha NER) over
the data sets of ``TRAIN_SETS``, labels every token BIO for each type (the
outermost span of that type: a place inside an organization is a LOC of the
LOC layer) and writes ``pipeline/data/ner-{per,org,loc,fac}.crfsuite``.
Features, rules and training sets are chosen by cross-validation over NEREL
train (:mod:`pipeline.train.cv`, ``docs/ner-cv.md``).
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from pathlib import Path
from typing import NamedTuple

from pipeline.doc import Document, Sentence
from pipeline.eval.gold import GoldDoc, data_dir, load_dataset
from pipeline.labels import FAC, LOC, ORG, PER
from pipeline.resources import shared
from pipeline.stages.lemma import Lemmatizer
from pipeline.stages.morph import MorphTagger
from pipeline.stages.ner import (
    LAYERS,
    STATED,
    NERTagger,
    items,
    layer_path,
    lemma_types,
    sentence_states,
    strings_by_layer,
)
from pipeline.stages.segment import Segmenter
from pipeline.stages.syntax import SyntaxParser

# L1 keeps the models small (under 1 MB each); c1 per type chosen on NEREL dev (issue 4).
PARAMS = {"c2": 0.01, "max_iterations": 200, "feature.possible_transitions": True}
C1 = {PER: 0.1, ORG: 0.1, LOC: 0.05, FAC: 0.1}
Tagged = tuple[Sentence, list[str], dict[str, str], dict[str, list[str]]]
# The data sets the shipped layers are fit on: the choices are made by
# cross-validation over NEREL train (pipeline/train/cv.py), so dev is fit on too.
TRAIN_SETS = ("nerel-train", "nerel-dev")


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


class TaggedDoc(NamedTuple):
    """A gold document run through the stages before the NER layers."""

    gold: GoldDoc
    doc: Document
    natasha: list[list[str]]  # natasha's BIO tags of each sentence with tokens

    @property
    def sentences(self) -> list[Sentence]:
        return [s for s in self.doc.sentences if s.tokens]


def tagged_documents(name: str, data: Path, limit: int | None = None) -> list[TaggedDoc]:
    """Every document of a gold data set with natasha's tags of its sentences."""
    res = shared()
    stages = [Segmenter(), MorphTagger(res), Lemmatizer(res), SyntaxParser(res)]
    ner = NERTagger(res, layers=(), kept=())
    gold = load_dataset(name, data, limit)
    out: list[TaggedDoc] = []
    for k in range(0, len(gold), 32):
        part = gold[k:k + 32]
        docs = [Document(g.doc_id, g.text, regions=[(0, len(g.text))]) for g in part]
        for stage in stages:
            docs = stage.pipe(docs)
        for g, doc in zip(part, docs, strict=True):
            out.append(TaggedDoc(g, doc, ner.natasha_tags([s for s in doc.sentences if s.tokens])))
        print(f"  {name}: {k + len(part)}/{len(gold)} documents", file=sys.stderr)
    return out


def gold_extents(gold: GoldDoc) -> dict[str, list[tuple[int, int]]]:
    """The character spans each layer learns, by type, outermost only.

    NEREL: its entities.  factRuEval, mapped to NEREL's extents: a person
    and an organization span the whole object («мэрии Москвы», «движения
    «Солидарность»»), a place its names; it has no facilities, so no FAC
    layer learns from it (no FAC key)."""
    if gold.dataset.startswith("factru"):
        spans = {PER: [(e.start, e.stop) for e in gold.entities if e.type == PER],
                 ORG: [(e.start, e.stop) for e in gold.entities if e.type == ORG],
                 LOC: [(a, b) for e in gold.entities if e.type == LOC
                       for t, a, b in e.parts if t == "loc_name"]}
    else:
        spans = {t: [(e.start, e.stop) for e in gold.entities if e.type == t] for t in LAYERS}
    return {t: outermost(s) for t, s in spans.items()}


def sentences(docs: list[TaggedDoc]) -> list[Tagged]:
    """The sentences of ``docs`` with natasha's tags and their gold BIO labels per type."""
    out: list[Tagged] = []
    for d in docs:
        spans = gold_extents(d.gold)
        names = lemma_types(list(zip(d.sentences, d.natasha, strict=True)))
        for sent, tags in zip(d.sentences, d.natasha, strict=True):
            y = {t: labels(sent, [(a, b) for a, b in s if a < sent.stop and b > sent.start], t)
                 for t, s in spans.items()}
            out.append((sent, tags, names, y))
    return out


def train(xs: list[list[list[str]]], ys: list[dict[str, list[str]]], typ: str, path: Path,
          states: list | None = None) -> None:
    """Fit the layer of ``typ`` on the sentences that have labels of that
    type (``states``: each sentence's encoder states, for a layer of
    :data:`~pipeline.stages.ner.STATED`)."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for k, (x, y) in enumerate(zip(xs, ys, strict=True)):
        if typ in y:
            trainer.append(items(typ, x, states[k] if states else None), y[typ])
    trainer.set_params({**PARAMS, "c1": C1[typ]})
    trainer.train(str(path))


def load_tagged(name: str, data: Path, cache: Path | None = None) -> list[TaggedDoc]:
    """:func:`tagged_documents`, kept in ``cache/<name>.pkl`` between runs when ``cache`` is given."""
    path = cache / f"{name}.pkl" if cache else None
    if path and path.exists():
        return pickle.loads(path.read_bytes())
    docs = tagged_documents(name, data)
    if path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pickle.dumps(docs))
    return docs


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pipeline.train.ner", description=__doc__)
    ap.add_argument("--data", help="gold data folder (default: ../shared/data)")
    ap.add_argument("--cache", help="folder of the tagged documents (reused when present)")
    ap.add_argument("--sets", default=",".join(TRAIN_SETS),
                    help="comma-separated data sets to fit on (default: %(default)s)")
    args = ap.parse_args(argv)
    cache = Path(args.cache) if args.cache else None
    data = sentences([d for name in args.sets.split(",")
                      for d in load_tagged(name, data_dir(args.data), cache)])
    xs = strings_by_layer(shared(), LAYERS, [(sent, tags, names) for sent, tags, names, _ in data])
    states = sentence_states(shared(), [sent for sent, *_ in data]) if STATED & set(LAYERS) else None
    for typ in LAYERS:
        t = time.perf_counter()
        train(xs[typ], [y for *_, y in data], typ, layer_path(typ), states)
        size = layer_path(typ).stat().st_size
        print(f"{typ}: {layer_path(typ)} ({size // 1024} KB, {time.perf_counter() - t:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

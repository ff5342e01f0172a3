"""Cross-validate the NER layers: k folds by document.

``python -m pipeline.train.cv [--data DIR] [--cache DIR] [--folds 3]
[--factru-train] [--out FILE]`` splits NEREL train's documents into folds (and
factRuEval dev's, when it is read), fits each layer on all folds but one with
:mod:`pipeline.train.ner`'s features and parameters, runs the NER stage (the
layers and every rule of :mod:`pipeline.stages.ner`) over the fold left out
and prints per type the token-level IO F1 and the exact-span F1: on NEREL
(out of fold) and on factRuEval dev under its own convention
(:mod:`pipeline.eval.convention`), scored by its own folds when it is
training data as well (``--factru-train``), otherwise each fold's factRuEval
documents by that fold's layers.

Thresholds, features and rules are chosen on these figures, never on NEREL
dev, which stays unseen until the end.  They are stored in
``pipeline/data/ner-cv.json`` (``make train``'s last NER step), which
``make eval`` prints beside its own.  The stages before the layers are slow
and do not change between experiments: ``--cache`` keeps their output, and
``--models`` each fold's layers (a rule needs no refit to be measured).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from pipeline.eval.__main__ import gold_spans
from pipeline.eval.convention import factru_view
from pipeline.eval.gold import data_dir
from pipeline.eval.ner import Counts, Span, score_doc
from pipeline.eval.systems import convention_spans
from pipeline.labels import LOC, ORG, PER
from pipeline.resources import shared
from pipeline.stages.ner import CV_PATH, LAYERS, STATED, NERTagger, sentence_states, strings_by_layer
from pipeline.train.ner import TRAIN_SETS, TaggedDoc, load_tagged, sentences, train

FOLDS = 3
CV_SET = "nerel-train"
FACTRU_TYPES = (PER, ORG, LOC)


def folds(docs: list[TaggedDoc], k: int) -> list[list[TaggedDoc]]:
    """``k`` folds of documents, dealt in the order of their ids."""
    ordered = sorted(docs, key=lambda d: d.gold.doc_id)
    return [ordered[i::k] for i in range(k)]


class _Replay(NERTagger):
    """The NER stage with fold models and natasha's tags from the cache."""

    def __init__(self, paths: dict[str, Path], docs: list[TaggedDoc]) -> None:
        super().__init__(shared(), paths=paths)
        self._natasha = {id(s): tags for d in docs
                         for s, tags in zip(d.sentences, d.natasha, strict=True)}

    def natasha_tags(self, sentences):
        return [self._natasha[id(s)] for s in sentences]

    def natasha(self, sentences):
        return self.natasha_tags(sentences), sentence_states(shared(), sentences)


def predict(paths: dict[str, Path], docs: list[TaggedDoc]) -> None:
    """The NER stage's mentions, written into each document (replacing any)."""
    for d in docs:
        d.doc.mentions = []
    _Replay(paths, docs).pipe([d.doc for d in docs])


def score(docs: list[TaggedDoc], types: tuple[str, ...], convention: bool) -> dict[str, dict[str, Counts]]:
    """Token and exact-span counts per type of the documents' mentions
    (under factRuEval's convention with ``convention``)."""
    out = {level: {t: Counts() for t in types} for level in ("tokens", "spans")}
    for d in docs:
        pred = [Span(m.start, m.stop, m.type, m.text, id=m.mention_id) for m in d.doc.mentions]
        if convention:
            pred = convention_spans(factru_view(d.doc, d.doc.mentions), pred)
        s = score_doc(d.gold.text, gold_spans(d.gold, types), [p for p in pred if p.type in types], types)
        for t in types:
            out["tokens"][t].add(s.tokens[t])
            out["spans"][t].add(s.spans[t])
    return out


def cross_validate(nerel: list[TaggedDoc], factru: list[TaggedDoc], k: int = FOLDS,
                   factru_train: bool = False, models: Path | None = None, log=print) -> dict:
    """Out-of-fold figures (see the module docstring) as a JSON-ready dict.
    ``models``: a folder that keeps each fold's layers; those found there are
    not fit again (to measure a rule, which needs no refit)."""
    every = sentences(nerel + factru)
    strings = {typ: {id(args[0]): x for args, x in zip(every, xs, strict=True)}
               for typ, xs in strings_by_layer(shared(), LAYERS, [a[:3] for a in every]).items()}
    sents = [args[0] for args in every]
    states = dict(zip(map(id, sents), sentence_states(shared(), sents), strict=True)) if STATED else {}
    nerel_folds, factru_folds = folds(nerel, k), folds(factru, k)
    with tempfile.TemporaryDirectory(prefix="ner-cv-") as tmp:
        for i in range(k):
            t = time.perf_counter()
            fit_docs = [d for j in range(k) if j != i for d in nerel_folds[j]]
            if factru_train:
                fit_docs += [d for j in range(k) if j != i for d in factru_folds[j]]
            folder = (models or Path(tmp)) / f"fold{i + 1}"
            folder.mkdir(parents=True, exist_ok=True)
            paths = {typ: folder / f"{typ}.crfsuite" for typ in LAYERS}
            if not all(p.exists() for p in paths.values()):
                data = sentences(fit_docs)
                ys = [y for *_, y in data]
                for typ in LAYERS:
                    train([strings[typ][id(sent)] for sent, *_ in data], ys, typ, paths[typ],
                          [states.get(id(sent)) for sent, *_ in data])
            predict(paths, nerel_folds[i] + factru_folds[i])
            log(f"  fold {i + 1}/{k}: {len(fit_docs)} documents, {time.perf_counter() - t:.0f} s")
    nerel_counts = score(nerel, LAYERS, convention=False)
    result = {"folds": k, "nerel": {"docs": len(nerel), **_f1(nerel_counts)}}
    if factru:
        result["factru"] = {"docs": len(factru), "train": factru_train,
                            **_f1(score(factru, FACTRU_TYPES, convention=True))}
    return result


def _f1(counts: dict[str, dict[str, Counts]]) -> dict[str, dict[str, float]]:
    return {level: {t: round(c.f1, 4) for t, c in by_type.items()} for level, by_type in counts.items()}


def format_result(result: dict) -> str:
    lines = [f"{'':<22}" + "".join(f"{t:>14}" for t in LAYERS)]
    for name, label in (("nerel", "NEREL train"), ("factru", "factRu (convention)")):
        if name not in result:
            continue
        r = result[name]
        cells = "".join(f"{r['tokens'][t]:>8.3f} ({r['spans'][t]:.3f})" if t in r["tokens"] else f"{'':>14}"
                        for t in LAYERS)
        lines.append(f"{label:<22}{cells}")
    return "\n".join(lines) + "\n(token-level IO F1, exact-span F1 in brackets; out of fold)"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pipeline.train.cv", description=__doc__.split("\n")[0])
    ap.add_argument("--data", help="gold data folder (default: ../shared/data)")
    ap.add_argument("--cache", help="folder of the tagged documents (reused when present)")
    ap.add_argument("--folds", type=int, default=FOLDS)
    ap.add_argument("--factru-train", action=argparse.BooleanOptionalAction,
                    default="factru-dev" in TRAIN_SETS,
                    help="fit on factRuEval dev's other folds too (default: when the shipped layers are)")
    ap.add_argument("--out", default=str(CV_PATH), help="where to store the figures (default: %(default)s)")
    ap.add_argument("--models", help="folder keeping each fold's layers (reused when there)")
    args = ap.parse_args(argv)
    data, cache = data_dir(args.data), Path(args.cache) if args.cache else None
    nerel = load_tagged(CV_SET, data, cache)
    factru = load_tagged("factru-dev", data, cache)
    result = cross_validate(nerel, factru, args.folds, args.factru_train,
                            Path(args.models) if args.models else None,
                            log=lambda s: print(s, file=sys.stderr, flush=True))
    print(format_result(result))
    result["shipped"] = list(TRAIN_SETS)
    Path(args.out).write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Cross-validate the whole pipeline over NEREL train: every NEREL type, out of fold.

``python -m pipeline.train.oof [--data DIR] [--cache DIR] [--models DIR]
[--out FILE]`` deals NEREL train's documents into three folds by id (as
:mod:`pipeline.train.cv` does), fits on the other two folds every layer the
pipeline tags with (PER, ORG, LOC, FAC, the other-types and role layers)
and every table of NEREL's nesting and words (``inner-posts.tsv``,
``inner-bodies.tsv``, ``type-words.tsv``, ``org-words.tsv``) and takes the
``event_words`` model that ``pipeline.train.event_words`` fit for the fold
(``event-words.json`` in the fold's folder), runs the whole pipeline with
them over the fold left out and scores its mentions as ``make eval`` scores
NEREL dev (:mod:`pipeline.eval.types`): token and exact-span F1 per type,
exact-span micro F1 over all types.  ``make train`` stores the figures in
``pipeline/data/oof.json`` and ``make eval`` prints them beside dev: the
shipped models are fit on dev too, so this is the figure that holds on new
text.  (``types-inner.tsv``, the phrases nested in the other types, and the
relation models stay the shipped ones: they do not change which mentions
are found but for a few nested phrases.)

The rules, thresholds and tables of the stages were chosen on these
figures (see each module); ``--models`` keeps each fold's layers so that a
rule is measured again in a minute.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from pipeline.doc import Document
from pipeline.eval.gold import data_dir, load_dataset
from pipeline.eval.types import OOF_PATH, evaluate
from pipeline.resources import shared
from pipeline.stages.event_words import EventWords
from pipeline.stages.inner_bodies import InnerBodies
from pipeline.stages.inner_posts import InnerPosts
from pipeline.stages.ner import LAYERS, STATED, NERTagger, sentence_states, strings_by_layer
from pipeline.stages.org_words import OrgWords, phrases
from pipeline.stages.roles import LAYER as ROLE_LAYER
from pipeline.stages.type_words import TypeWords
from pipeline.stages.types import LAYER as TYPES_LAYER
from pipeline.train.cv import CV_SET, FOLDS, cross_validate
from pipeline.train.ner import load_tagged
from pipeline.train.nested import body_counts, post_counts
from pipeline.train.roles import role_labels
from pipeline.train.type_words import org_words, type_words
from pipeline.train.types import GoldSentence, fit, layer_labels, load

EVENT_WORDS_FILE = "event-words.json"  # a fold's model of the event_words stage, beside its layers


def deal_folds(doc_ids: list[str], k: int) -> dict[str, int]:
    """Document id -> its fold (documents in order of id, dealt round)."""
    return {d: i % k for i, d in enumerate(sorted(doc_ids))}


def fit_layers(sents: list[GoldSentence], folder: Path) -> dict[str, Path]:
    """The other-types and role layers fit on ``sents`` (kept in ``folder``)."""
    paths = {name: folder / f"{name}.crfsuite" for name in (TYPES_LAYER, ROLE_LAYER)}
    missing = {name: path for name, path in paths.items() if not path.exists()}
    if missing:
        xs = strings_by_layer(shared(), missing, [(s.sent, s.natasha) for s in sents])
        labels = {TYPES_LAYER: layer_labels, ROLE_LAYER: role_labels}
        states = sentence_states(shared(), [s.sent for s in sents]) if STATED & set(missing) else None
        for name, path in missing.items():
            fit(xs[name], [labels[name](s) for s in sents], path, layer=name, states=states)
    return paths


def fold_pipeline(folder: Path, sents: list[GoldSentence]):
    """The whole pipeline with the layers in ``folder`` and the tables of ``sents``."""
    from pipeline.nlp import Pipeline, build_stages

    res = shared()
    paths = {typ: folder / f"{typ}.crfsuite" for typ in LAYERS} | fit_layers(sents, folder)
    words = {tuple(lemmas.split(" ")): typ for lemmas, typ, *_ in type_words(sents)}
    swap = {NERTagger: lambda: NERTagger(res, paths=paths),
            InnerPosts: lambda: InnerPosts(res, shares=post_counts(sents)),
            InnerBodies: lambda: InnerBodies(res, shares=body_counts(sents)),
            TypeWords: lambda: TypeWords(words=words),
            OrgWords: lambda: OrgWords(phrases(org_words(sents))),
            EventWords: lambda: fold_event_words(folder)}
    stages = [swap[type(s)]() if type(s) in swap else s for s in build_stages(res)]
    return Pipeline(resources=res, stages=stages)


def fold_event_words(folder: Path) -> EventWords:
    """The ``event_words`` stage with the fold's model (``pipeline.train.event_words``
    writes it); one that adds nothing when the folder has none."""
    path = folder / EVENT_WORDS_FILE
    return EventWords(json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {})


def _needs_event_words(stages, models: Path) -> None:
    """Refuse to run ``stages`` of a fold pipeline (its layers in a folder of
    ``models``) past an ``event_words`` stage without the fold's model: the
    figures would be another pipeline's."""
    if any(isinstance(st, EventWords) and not st.model for st in stages):
        raise RuntimeError(f"no {EVENT_WORDS_FILE} in the folds of {models}: run python -m "
                           f"pipeline.train.event_words --folds {models} first (make train does)")


def add_fold_arguments(ap: argparse.ArgumentParser, writes: str = "") -> None:
    """``--folds`` and ``--cache`` of a step that runs NEREL train through the
    fold pipelines (``writes``: what else it leaves in the folds' folder)."""
    ap.add_argument("--folds", default=None,
                    help="folder of the fold layers (pipeline.train.oof --models: reused, fit where missing; "
                         f"{writes}default: a temporary one)")
    ap.add_argument("--cache", default=None, help="folder of the tagged documents (reused when present)")


def fold_runs(data: Path, cache: Path | None, models: Path, log=print):
    """Per fold of NEREL train: the whole pipeline fit on the other folds
    (its layers kept in ``models``, those found there reused) and the fold's
    documents (:class:`~pipeline.eval.gold.GoldDoc`)."""
    layers = [models / f"fold{k + 1}" / f"{typ}.crfsuite" for k in range(FOLDS) for typ in LAYERS]
    if not all(path.exists() for path in layers):  # the name layers, fit where missing
        cross_validate(load_tagged(CV_SET, data, cache), [], FOLDS, models=models, log=log)
    sents = load(CV_SET, data, cache)
    docs = load_dataset(CV_SET, data)
    fold = deal_folds([d.doc_id for d in docs], FOLDS)
    for k in range(FOLDS):
        rest = [s for s in sents if fold[s.doc_id] != k]
        yield fold_pipeline(models / f"fold{k + 1}", rest), [d for d in docs if fold[d.doc_id] == k]


def held_out_documents(data: Path, cache: Path | None, models: Path, until: type,
                       log=print) -> dict[str, Document]:
    """NEREL train's documents (by id) as a stage of class ``until`` gets
    them on new text: each run by the pipeline fit on the other folds
    (:func:`fold_runs`) up to that stage."""
    from pipeline.nlp import Pipeline

    out = {}
    for pipe, held in fold_runs(data, cache, models, log):
        cut = next(i for i, st in enumerate(pipe.stages) if isinstance(st, until))
        _needs_event_words(pipe.stages[:cut], models)
        before = Pipeline(resources=pipe.resources, stages=pipe.stages[:cut])
        for i in range(0, len(held), 16):
            part = held[i:i + 16]
            ids = [d.doc_id for d in part]
            out.update(zip(ids, before.process_texts([d.text for d in part], ids), strict=True))
    return out


def cross_validate_all(data: Path, cache: Path | None, models: Path, log=print) -> dict:
    """The out-of-fold figures as a JSON-ready dict (see the module docstring)."""
    from pipeline.eval.systems import ProjectSystem

    t = time.perf_counter()
    docs, preds = [], []
    for k, (pipe, held) in enumerate(fold_runs(data, cache, models, log)):
        _needs_event_words(pipe.stages, models)
        docs += held
        preds += ProjectSystem(pipe).predict(CV_SET, held)
        log(f"  fold {k + 1}/{FOLDS}: {len(held)} documents, {time.perf_counter() - t:.0f} s")
    result = evaluate(docs, {"project": preds})["systems"]["project"]
    return {"folds": FOLDS, "docs": len(docs),
            "micro": {"spans": result["micro"]["f1"], "tokens": result["micro_tokens"]["f1"]},
            "types": {t: {"tokens": result["tokens"][t]["f1"], "spans": result["spans"][t]["f1"]}
                      for t in result["tokens"]}}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pipeline.train.oof", description=__doc__.split("\n")[0])
    ap.add_argument("--data", help="gold data folder (default: ../shared/data)")
    ap.add_argument("--cache", help="folder of the tagged documents (reused when present)")
    ap.add_argument("--models", help="folder keeping each fold's layers (default: a temporary one)")
    ap.add_argument("--out", default=str(OOF_PATH), help="where to store the figures (default: %(default)s)")
    args = ap.parse_args(argv)
    data, cache = data_dir(args.data), Path(args.cache) if args.cache else None
    with tempfile.TemporaryDirectory(prefix="oof-") as tmp:
        result = cross_validate_all(data, cache, Path(args.models or tmp),
                                    log=lambda s: print(s, file=sys.stderr, flush=True))
    Path(args.out).write_text(json.dumps(result, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"exact-span micro F1 over all NEREL types, out of fold: {result['micro']['spans']:.4f} "
          f"(token {result['micro']['tokens']:.4f}); wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

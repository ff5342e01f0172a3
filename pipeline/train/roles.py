"""Train the ROLE layer: one CRF over NEREL's PROFESSION spans.

``python -m pipeline.train.roles [--data DIR] [--cache DIR] [--cv]`` labels
every token of NEREL train and dev BIO with the outermost gold PROFESSION
span («генерального директора Apple», «президента США», «полузащитник»;
the post nested inside is left to :mod:`pipeline.stages.inner_posts`) and
writes ``pipeline/data/ner-role.crfsuite``, fit on train and dev together on
the name layers' features with the other-types layer's c1 and c2.  ``--cv``
prints its 3-fold cross-validated exact-span F1 over NEREL train by document
and writes nothing.

:func:`out_of_fold_tags` gives the relation training (``pipeline.train.relations``)
ROLE mentions as the layer makes them on text it was not fit on.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from pipeline.doc import Document
from pipeline.eval.gold import GoldDoc, data_dir
from pipeline.labels import ROLE
from pipeline.resources import shared
from pipeline.stages.ner import Features, features_of, items, layer_path, sentence_states
from pipeline.stages.roles import LAYER
from pipeline.train.ner import labels, outermost
from pipeline.train.types import GoldSentence, f1, fit, folds, load, span_counts

GOLD_TYPE = "PROFESSION"  # NEREL's name of ROLE


def role_labels(s: GoldSentence) -> list[str]:
    """BIO tags over the outermost gold PROFESSION spans."""
    tags = ["O"] * len(s.sent.tokens)
    for a, b in outermost([(a, b) for a, b, t in s.gold if t == GOLD_TYPE]):
        for i, tag in enumerate(labels(s.sent, [(a, b)], ROLE)):
            if tag != "O":
                tags[i] = tag
    return tags


def out_of_fold_tags(docs: list[Document], gold: dict[str, GoldDoc], folds: int) -> None:
    """Put on every sentence of ``docs`` (run through the NER stage) the role
    layer's tags from a layer fit on the other folds' documents (document i
    in fold i % ``folds``).  The relation classifiers, their thresholds and
    their calibration are fit on ROLE mentions: made by a layer fit on the
    same documents they would be cleaner than on new text (the calibration
    error on NEREL dev was 0.035 against 0.004 cross-validated)."""
    import pycrfsuite

    from pipeline.stages.ner import NERTagger

    res = shared()
    natasha = NERTagger(res, layers=(), kept=())
    features = features_of(res, LAYER)
    rows = []  # fold, sentence, features, labels, encoder states
    for i, doc in enumerate(docs):
        sents = [s for s in doc.sentences if s.tokens]
        entities = gold[doc.doc_id].entities
        for sent, tags, states in zip(sents, *natasha.natasha(sents), strict=True):
            inside = [(e.start, e.stop, e.raw_type) for e in entities
                      if sent.start <= e.start and e.stop <= sent.stop]
            rows.append((i % folds, sent, features(sent, tags),
                         role_labels(GoldSentence(doc.doc_id, sent, tags, inside)), states))
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(folds):
            path = Path(tmp) / f"fold-{k}.crfsuite"
            fit([r[2] for r in rows if r[0] != k], [r[3] for r in rows if r[0] != k], path,
                layer=LAYER, states=[r[4] for r in rows if r[0] != k])
            tagger = pycrfsuite.Tagger()
            tagger.open(str(path))
            for f, sent, x, _, states in rows:
                if f == k:
                    sent.layer_tags[LAYER] = tagger.tag(items(LAYER, x, states))


def cross_validate(sents: list[GoldSentence], features: Features, tmp: Path) -> float:
    """Exact-span F1 of the layer, 3-fold by document over ``sents``."""
    import pycrfsuite

    parts = folds(sents)
    xs = [[features(s.sent, s.natasha) for s in part] for part in parts]
    ys = [[role_labels(s) for s in part] for part in parts]
    states = [sentence_states(shared(), [s.sent for s in part]) for part in parts]
    total = [0, 0, 0]
    for k in range(len(parts)):
        path = tmp / f"cv-{k}.crfsuite"
        rest = [i for i in range(len(parts)) if i != k]
        fit([x for i in rest for x in xs[i]], [y for i in rest for y in ys[i]], path,
            layer=LAYER, states=[x for i in rest for x in states[i]])
        tagger = pycrfsuite.Tagger()
        tagger.open(str(path))
        counts = span_counts(ys[k], [tagger.tag(items(LAYER, x, st))
                                     for x, st in zip(xs[k], states[k], strict=True)]).get(ROLE, [0, 0, 0])
        total = [a + b for a, b in zip(total, counts, strict=True)]
    return f1(*total)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pipeline.train.roles", description=__doc__)
    ap.add_argument("--data", help="gold data folder (default: ../shared/data)")
    ap.add_argument("--cache", help="folder for pickles of the tagged sentences (reused when present)")
    ap.add_argument("--cv", action="store_true", help="cross-validate over train and write nothing")
    args = ap.parse_args(argv)
    data, cache = data_dir(args.data), Path(args.cache) if args.cache else None
    features = features_of(shared(), LAYER)
    t = time.perf_counter()
    if args.cv:
        with tempfile.TemporaryDirectory() as tmp:
            score = cross_validate(load("nerel-train", data, cache), features, Path(tmp))
        print(f"ROLE exact-span F1, 3-fold CV over NEREL train: {score:.3f} "
              f"({time.perf_counter() - t:.0f} s)")
        return 0
    sents = load("nerel-train", data, cache) + load("nerel-dev", data, cache)
    path = layer_path(LAYER)
    fit([features(s.sent, s.natasha) for s in sents], [role_labels(s) for s in sents], path,
        layer=LAYER, states=sentence_states(shared(), [s.sent for s in sents]))
    print(f"{path} ({path.stat().st_size // 1024} KB, {time.perf_counter() - t:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

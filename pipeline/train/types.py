"""Train the other-types layer: one CRF over NEREL's types beyond the names.

``python -m pipeline.train.types [--data DIR] [--cache DIR]`` runs the
pipeline's first stages (segment, morph, lemma, syntax, natasha NER) over
NEREL train and dev, labels every token BIO with the outermost gold span of
any of :data:`pipeline.stages.types.TYPES` (EVENT, LAW, AWARD, ...; a span
inside another of these types is left to the stage's rules) and writes
``pipeline/data/ner-types.crfsuite`` fit on train and dev together (c1 and
c2 were chosen by 3-fold cross-validation over train by document:
``--cv``).  It also writes ``pipeline/data/types-inner.tsv``: the phrases
NEREL nests inside a span of these types («УК РФ», «Нобелевская премия»),
which the stage finds inside the layer's spans.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import NamedTuple

from pipeline.doc import Sentence
from pipeline.eval.gold import data_dir
from pipeline.resources import shared
from pipeline.stages.ner import Features, bio_spans, features_of, items
from pipeline.stages.types import LAYER, MAX_INNER, NUMBERS, TYPES, inner_path, types_layer_path
from pipeline.train.ner import labels, load_tagged, outermost

# An inner phrase is kept when gold nests it at least MIN_INNER times and in at
# least MIN_INNER_SHARE of its occurrences inside outer spans.
MIN_INNER, MIN_INNER_SHARE = 2, 0.5
PARAMS = {"max_iterations": 200, "feature.possible_transitions": True}
C1, C2 = 0.05, 0.01


class GoldSentence(NamedTuple):
    doc_id: str
    sent: Sentence
    natasha: list[str]
    gold: list[tuple[int, int, str]]  # NEREL entities inside the sentence: start, stop, raw type


def load(name: str, data: Path, cache: Path | None) -> list[GoldSentence]:
    """Every sentence of a NEREL data set with natasha's tags and its gold entities
    (the NER layers' tagged documents, sharing their cache)."""
    out: list[GoldSentence] = []
    for td in load_tagged(name, data, cache):
        for sent, tags in zip(td.sentences, td.natasha, strict=True):
            inside = [(e.start, e.stop, e.raw_type) for e in td.gold.entities
                      if sent.start <= e.start and e.stop <= sent.stop]
            out.append(GoldSentence(td.gold.doc_id, sent, tags, inside))
    return out


def layer_labels(s: GoldSentence) -> list[str]:
    """BIO tags over the outermost gold span of any of TYPES."""
    spans = outermost([(a, b) for a, b, t in s.gold if t in TYPES])
    typ = {(a, b): t for a, b, t in sorted(s.gold, key=lambda g: TYPES.index(g[2]) if g[2] in TYPES else 99,
                                           reverse=True) if t in TYPES}
    tags = ["O"] * len(s.sent.tokens)
    for a, b in spans:
        for i, tag in enumerate(labels(s.sent, [(a, b)], typ[(a, b)])):
            if tag != "O":
                tags[i] = tag
    return tags


def _lemmas(s: GoldSentence, a: int, b: int) -> tuple[str, ...]:
    return tuple(t.lemma.lower() for t in s.sent.tokens if t.start >= a and t.stop <= b)


def inner_phrases(sents: list[GoldSentence]) -> list[tuple[str, str]]:
    """(lemmas joined by spaces, type) of the spans gold nests inside another
    span of TYPES («УК РФ» in «статьи 109 УК РФ», «Нобелевской премии» in
    «Нобелевской премии по литературе»), numbers left to the rules."""
    inner: dict[tuple[str, ...], Counter] = defaultdict(Counter)
    outers = []
    for s in sents:
        gold = [g for g in s.gold if g[2] in TYPES]
        for a, b, typ in gold:
            nested = any(c <= a and b <= d and (c, d) != (a, b) for c, d, _ in gold)
            if not nested:
                outers.append(_lemmas(s, a, b))
            elif typ not in NUMBERS and _lemmas(s, a, b):
                inner[_lemmas(s, a, b)][typ] += 1
    seen: Counter = Counter()
    for lemmas in outers:
        for i in range(len(lemmas)):
            for j in range(i + 1, min(len(lemmas), i + MAX_INNER) + 1):
                if (i, j) != (0, len(lemmas)) and lemmas[i:j] in inner:
                    seen[lemmas[i:j]] += 1
    return sorted((" ".join(k), c.most_common(1)[0][0]) for k, c in inner.items()
                  if sum(c.values()) >= MIN_INNER and sum(c.values()) >= MIN_INNER_SHARE * seen[k])


def fit(xs, ys, path: Path, c1: float = C1, c2: float = C2, layer: str = LAYER,
        states: list | None = None) -> None:
    """Fit ``layer`` on the sentences' features ``xs`` and labels ``ys``
    (``states``: their encoder states, for a layer of :data:`~pipeline.stages.ner.STATED`)."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for k, (x, y) in enumerate(zip(xs, ys, strict=True)):
        trainer.append(items(layer, x, states[k] if states else None), y)
    trainer.set_params({**PARAMS, "c1": c1, "c2": c2})
    trainer.train(str(path))


def folds(sents: list[GoldSentence], k: int = 3) -> list[list[GoldSentence]]:
    """``k`` parts by document (documents in order of id, dealt round)."""
    docs = sorted({s.doc_id for s in sents})
    part = {d: i % k for i, d in enumerate(docs)}
    return [[s for s in sents if part[s.doc_id] == i] for i in range(k)]


def span_counts(gold: list[list[str]], pred: list[list[str]]) -> dict[str, list[int]]:
    """Per type: true positives, predicted, gold (exact token spans)."""
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for g, p in zip(gold, pred, strict=True):
        gs, ps = set(bio_spans(g)), set(bio_spans(p))
        for a, b, t in ps:
            out[t][1] += 1
            out[t][0] += (a, b, t) in gs
        for _, _, t in gs:
            out[t][2] += 1
    return out


def f1(tp: int, npred: int, ngold: int) -> float:
    return 2 * tp / (npred + ngold) if npred + ngold else 0.0


def cross_validate(sents: list[GoldSentence], features: Features, grid: list[tuple[float, float]],
                   tmp: Path) -> None:
    """Print the exact-span F1 per type of each (c1, c2), 3-fold by document over ``sents``."""
    import pycrfsuite

    parts = folds(sents)
    xs = [[features(s.sent, s.natasha) for s in part] for part in parts]
    ys = [[layer_labels(s) for s in part] for part in parts]
    for c1, c2 in grid:
        total: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        t = time.perf_counter()
        for k in range(len(parts)):
            path = tmp / f"cv-{c1}-{c2}-{k}.crfsuite"
            rest = [i for i in range(len(parts)) if i != k]
            fit([x for i in rest for x in xs[i]], [y for i in rest for y in ys[i]], path, c1, c2)
            tagger = pycrfsuite.Tagger()
            tagger.open(str(path))
            counts = span_counts(ys[k], [tagger.tag(x) for x in xs[k]])
            for typ, c in counts.items():
                total[typ] = [a + b for a, b in zip(total[typ], c, strict=True)]
        micro = [sum(c[i] for c in total.values()) for i in range(3)]
        print(f"c1={c1} c2={c2}: micro {f1(*micro):.3f} ({time.perf_counter() - t:.0f} s) "
              + " ".join(f"{typ} {f1(*total[typ]):.3f}" for typ in TYPES), flush=True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pipeline.train.types", description=__doc__)
    ap.add_argument("--data", help="gold data folder (default: ../shared/data)")
    ap.add_argument("--cache", help="folder for pickles of the tagged sentences (reused when present)")
    ap.add_argument("--cv", help="c1:c2,c1:c2,...: cross-validate these over train and write nothing")
    args = ap.parse_args(argv)
    data, cache = data_dir(args.data), Path(args.cache) if args.cache else None
    if args.cv:
        import tempfile

        grid = [tuple(map(float, p.split(":"))) for p in args.cv.split(",")]
        with tempfile.TemporaryDirectory() as tmp:
            cross_validate(load("nerel-train", data, cache), features_of(shared(), LAYER), grid, Path(tmp))
        return 0
    sents = load("nerel-train", data, cache) + load("nerel-dev", data, cache)
    features = features_of(shared(), LAYER)
    t = time.perf_counter()
    fit([features(s.sent, s.natasha) for s in sents], [layer_labels(s) for s in sents], types_layer_path())
    size = types_layer_path().stat().st_size
    print(f"{types_layer_path()} ({size // 1024} KB, {time.perf_counter() - t:.0f} s)")
    phrases = inner_phrases(sents)
    inner_path().write_text("".join(f"{k}\t{typ}\n" for k, typ in phrases), encoding="utf-8")
    print(f"{inner_path()} ({len(phrases)} phrases)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

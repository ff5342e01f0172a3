"""Write ``pipeline/data/event-words.json``: the model of the ``event_words``
stage (:mod:`pipeline.stages.event_words`), and each fold's model beside the
fold layers.

``python -m pipeline.train.event_words [--data DIR] [--cache DIR] --folds DIR
[--train-only]`` runs NEREL train through the pipeline fit on the other
folds up to the stage (:func:`pipeline.train.oof.held_out_documents`: the
fold layers in ``--folds``, fit where missing) and takes its candidates (the
nouns and verbs no mention covers), labelled by NEREL: a word inside a gold
EVENT.  A candidate's prior (how often a noun or verb of its lemma lies in a
NEREL event) is counted on the other folds' gold, never its own.  Then:

* 3-fold cross-validation by document (the NER's folds): per fold, a
  logistic model fit on the other two folds' candidates (each with the prior
  of the fold left of those two) scores the fold's candidates, with the
  prior of the other two; the threshold is the one that maximises EVENT's
  token F1 plus its exact-span F1 over NEREL train out of fold, the stage's
  words added to the events the pipeline found (``"cv"``;
  :func:`cross_validate`);
* each fold's model (fit as above, its priors the other folds' gold) is
  written to ``DIR/foldK/event-words.json`` for the pipeline out of fold of
  ``pipeline.train.oof``, ``relations`` and ``nerel_relations`` (run after
  this step in ``make train``);
* the shipped model is fit on every fold's candidates (each with the prior
  of the other two folds), its priors counted on NEREL train and dev
  (``--train-only``: train).
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from pathlib import Path

from pipeline.doc import Document
from pipeline.eval.gold import GoldDoc
from pipeline.labels import EVENT
from pipeline.stages.event_words import POS, Candidate, EventWords, candidates, features, model_path
from pipeline.train.nerel_relations import fit_type, parse, predict
from pipeline.train.oof import EVENT_WORDS_FILE, held_out_documents
from pipeline.train.priors import PriorFolds, splits, step_arguments

THRESHOLDS = [round(0.15 + 0.025 * k, 3) for k in range(17)]  # 0.15 ... 0.55


def gold_event_spans(g: GoldDoc) -> list[tuple[int, int]]:
    return [(e.start, e.stop) for e in g.entities if e.raw_type == EVENT]


def _inside(spans: list[tuple[int, int]], start: int, stop: int) -> bool:
    return any(a <= start and stop <= b for a, b in spans)


def lemma_counts(doc: Document, g: GoldDoc) -> Counter:
    """Per lemma of the document's nouns and verbs: its tokens (key ``lemma``)
    and those inside a gold EVENT (key ``(lemma, EVENT)``)."""
    spans = gold_event_spans(g)
    out: Counter = Counter()
    for sent in doc.sentences:
        for t in sent.tokens:
            if t.pos in POS:
                lemma = t.lemma.lower()
                out[lemma] += 1
                out[(lemma, EVENT)] += _inside(spans, t.start, t.stop)
    return out


def priors(counts: list[Counter]) -> dict[str, list[int]]:
    """lemma -> [tokens in a gold EVENT, tokens], summed over ``counts``."""
    total: Counter = Counter()
    for c in counts:
        total.update(c)
    lemmas = sorted(k for k in total if isinstance(k, str))
    return {k: [total[(k, EVENT)], total[k]] for k in lemmas}


def labelled(doc: Document, g: GoldDoc) -> list[tuple[Candidate, int, int]]:
    """The document's candidates, each with 1 when NEREL puts it in an event
    and 1 when NEREL's event is the word alone."""
    spans = gold_event_spans(g)
    out = []
    for c in candidates(doc):
        t = doc.sentences[c.sent].tokens[c.tok]
        out.append((c, int(_inside(spans, t.start, t.stop)), int((t.start, t.stop) in spans)))
    return out


def event_spans(doc: Document, g: GoldDoc) -> tuple[int, int, int]:
    """EVENT spans of the document: (found and gold, found, gold), exact."""
    gold = set(gold_event_spans(g))
    found = {(m.start, m.stop) for m in doc.mentions if m.type == EVENT}
    return len(found & gold), len(found), len(gold)


def event_tokens(doc: Document, g: GoldDoc) -> tuple[int, int, int]:
    """EVENT tokens of the document: (found and gold, found, gold), found
    meaning inside one of the pipeline's EVENT mentions."""
    spans = gold_event_spans(g)
    found = {(m.sent_idx, k) for m in doc.mentions if m.type == EVENT and m.tok_start >= 0
             for k in range(m.tok_start, m.tok_stop)}
    tp = n_found = n_gold = 0
    for si, sent in enumerate(doc.sentences):
        for k, t in enumerate(sent.tokens):
            gold, hit = _inside(spans, t.start, t.stop), (si, k) in found
            tp += gold and hit
            n_found += hit
            n_gold += gold
    return tp, n_found, n_gold


def _f1(tp: int, n_pred: int, n_gold: int) -> dict:
    return {"p": round(tp / max(n_pred, 1), 4), "r": round(tp / max(n_gold, 1), 4),
            "f1": round(2 * tp / max(n_pred + n_gold, 1), 4)}


class Folds(PriorFolds):
    """NEREL train's candidates and lemma counts by fold (the NER's folds)."""

    def __init__(self, own: dict[str, Document], gold: list[GoldDoc]) -> None:
        super().__init__([g.doc_id for g in gold])
        self.base = [0, 0, 0]  # EVENT tokens before the stage: found and gold, found, gold
        self.base_spans = [0, 0, 0]  # the same of EVENT's exact spans
        for g in gold:
            doc = own[g.doc_id]
            self.add(g.doc_id, labelled(doc, g), lemma_counts(doc, g))
            self.base = [a + b for a, b in zip(self.base, event_tokens(doc, g), strict=True)]
            self.base_spans = [a + b for a, b in zip(self.base_spans, event_spans(doc, g), strict=True)]

    def table(self, counts: list[Counter]) -> dict[str, list[int]]:
        return priors(counts)

    def example(self, row: tuple[Candidate, int, int], table: dict) -> tuple[list[str], int]:
        c, y, _ = row
        return features(c, table.get(c.lemma)), y

    def fold_model(self, k: int) -> dict:
        """Fold ``k``'s model: fit on the other folds, their gold its priors."""
        rest = [j for j in self.k if j != k]
        return {**fit_type(*self.training(rest)), "priors": self.priors(rest)}


def cross_validate(folds: Folds) -> tuple[float, dict, dict[int, dict]]:
    """The threshold, the figures out of fold and each fold's model (without
    its threshold).  The threshold maximises the sum of EVENT's token F1 and
    exact-span F1 out of fold: the words added raise the first most at a
    lower threshold (0.25), but most of them lie in a longer NEREL event or
    in none, each a wrong exact span (EVENT's exact-span F1 0.531 → 0.513
    at 0.25, 0.529 at 0.35; over the whole pipeline out of fold, exact-span
    micro F1 over every type 0.7994 → 0.7939 and 0.7976)."""
    models = {k: folds.fold_model(k) for k in folds.k}
    scored = []  # (score, in an event, the event alone) of every candidate, out of fold
    for k, model in models.items():
        xs = [features(c, model["priors"].get(c.lemma)) for c, _, _ in folds.rows[k]]
        scored += [(p, y, e) for p, (_, y, e) in zip(predict(model, xs).tolist(), folds.rows[k], strict=True)]

    def figures(t: float) -> tuple[dict, dict, list]:
        added = [(y, e) for s, y, e in scored if s >= t]
        tokens = _f1(folds.base[0] + sum(y for y, _ in added), folds.base[1] + len(added), folds.base[2])
        spans = _f1(folds.base_spans[0] + sum(e for _, e in added), folds.base_spans[1] + len(added),
                    folds.base_spans[2])
        return tokens, spans, added

    by_threshold = {}
    for t in THRESHOLDS:
        tokens, spans, _ = figures(t)
        by_threshold[str(t)] = {"tokens": tokens["f1"], "spans": spans["f1"]}
    best = max(THRESHOLDS, key=lambda t: (by_threshold[str(t)]["tokens"] + by_threshold[str(t)]["spans"], -t))
    tokens, spans, added = figures(best)
    cv = {"folds": len(folds.k), "candidates": len(scored), "threshold": best,
          "before": {"tokens": _f1(*folds.base), "spans": _f1(*folds.base_spans)},
          "after": {"tokens": tokens, "spans": spans},
          "added": len(added), "added_right": sum(y for y, _ in added), "by_threshold": by_threshold}
    return best, cv, models


def write(path: Path, model: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(model, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    args = step_arguments(__doc__.split("\n")[0], "each fold's model is written there; ").parse_args(argv)
    data, train, dev = splits(args)
    with tempfile.TemporaryDirectory(prefix="event-folds-") as tmp:
        folder = Path(args.folds or tmp)
        own = held_out_documents(data, Path(args.cache) if args.cache else None, folder, EventWords,
                                 log=lambda s: print(s, flush=True))
        folds = Folds(own, train)
        threshold, cv, models = cross_validate(folds)
        for k, model in models.items():
            write(folder / f"fold{k + 1}" / EVENT_WORDS_FILE, {**model, "threshold": threshold})
    extra = [lemma_counts(d, g) for g, d in zip(dev, parse(dev), strict=True)]
    table = priors([c for k in folds.k for c in folds.counts[k]] + extra)
    model = {**fit_type(*folds.training(folds.k)), "priors": table, "threshold": threshold, "cv": cv}
    write(model_path(), model)
    print("cv", {k: v for k, v in cv.items() if k != "by_threshold"}, f"wrote {model_path()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Write ``pipeline/data/event-links.json``: the model of the ``event_links``
stage (:mod:`pipeline.stages.event_links`).

``python -m pipeline.train.event_links [--data DIR] [--cache DIR] --folds DIR
[--train-only]`` runs NEREL train through the pipeline fit on the other
folds up to the stage (:func:`pipeline.train.oof.held_out_documents`: the
fold layers and ``event_words`` models in ``--folds``) and takes its
candidate pairs of event mentions, labelled by NEREL: a gold
ALTERNATIVE_NAME whose two arguments overlap the pair's, either way (as
``make eval`` scores it).  The priors (how often NEREL links two events of a
pair of head lemmas; how often an event of a lemma is in a chain) are
counted on NEREL's gold events, a fold's on the other folds' gold, never its
own.  Then:

* 3-fold cross-validation by document (the NER's folds): per fold, a
  logistic model fit on the other two folds' pairs (each with the priors of
  the fold left of those two) scores the fold's pairs, with the priors of
  the other two; the threshold is the one that maximises ALTERNATIVE_NAME's
  F1 over NEREL train out of fold, the relation stage's links and the
  stage's together, and the calibration of the scores is fit on the links
  made at it (``"cv"``: :func:`cross_validate`);
* the shipped model is fit on every fold's pairs (each with the priors of
  the other two folds), its priors counted on NEREL train and dev
  (``--train-only``: train).
"""

from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path

from pipeline.doc import Document, Mention
from pipeline.eval.gold import GoldDoc
from pipeline.labels import ALTERNATIVE_NAME, EVENT
from pipeline.stages.event_links import (
    MAX_SENTENCES,
    EventLinks,
    Pair,
    best_links,
    candidate_pairs,
    features,
    heads,
    model_path,
    pair_key,
    vector_similarity,
)
from pipeline.train.event_words import write
from pipeline.train.nerel_relations import calibration, fit_type, gold_mentions, parse, predict
from pipeline.train.oof import held_out_documents
from pipeline.train.priors import PriorFolds, splits, step_arguments

THRESHOLDS = [round(0.15 + 0.025 * k, 3) for k in range(19)]  # 0.15 ... 0.6

Span = tuple[int, int]


def _overlap(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def gold_links(g: GoldDoc) -> list[tuple[Span, Span]]:
    """The spans of every gold ALTERNATIVE_NAME's two arguments."""
    spans = {e.id: (e.start, e.stop) for e in g.entities}
    return [(spans[r.arg1], spans[r.arg2]) for r in g.relations if r.type == ALTERNATIVE_NAME]


def matches(s: Span, o: Span, links: list[tuple[Span, Span]]) -> set[int]:
    """The gold links (by index) that the link ``s`` → ``o`` matches, either way."""
    return {k for k, (a, b) in enumerate(links)
            if (_overlap(s, a) and _overlap(o, b)) or (_overlap(s, b) and _overlap(o, a))}


def gold_counts(doc: Document, g: GoldDoc) -> Counter:
    """NEREL's gold events of a document on its tokens: per pair of head
    lemmas of two events at most MAX_SENTENCES sentences apart (the earlier
    ending first), how often (``("pair", key)``) and how often linked
    (``("pair+", key)``); per head lemma, how many events (``("lemma", l)``)
    and how many in a chain (``("lemma+", l)``)."""
    events = sorted((m for m in gold_mentions(g, doc) if m.type == EVENT), key=lambda m: (m.start, m.stop))
    linked = {frozenset((r.arg1, r.arg2)) for r in g.relations if r.type == ALTERNATIVE_NAME}
    lemma = {m.mention_id: heads(doc, m)[0] for m in events}
    out: Counter = Counter()
    chained: set[str] = set()
    for j, b in enumerate(events):
        for a in events[:j]:
            if b.sent_idx - a.sent_idx > MAX_SENTENCES or a.stop > b.start:
                continue
            key = pair_key(lemma[a.mention_id], lemma[b.mention_id])
            y = frozenset((a.mention_id, b.mention_id)) in linked
            out["pair", key] += 1
            out["pair+", key] += y
            if y:
                chained |= {a.mention_id, b.mention_id}
    for m in events:
        out["lemma", lemma[m.mention_id]] += 1
        out["lemma+", lemma[m.mention_id]] += m.mention_id in chained
    return out


def priors(counts: list[Counter]) -> dict:
    """The priors of ``counts`` summed: ``{"pairs": {key: [linked, seen]},
    "lemmas": {lemma: [in a chain, seen]}}``, keys sorted."""
    total: Counter = Counter()
    for c in counts:
        total.update(c)
    keys = sorted(total)
    return {"pairs": {k: [total["pair+", k], total["pair", k]] for kind, k in keys if kind == "pair"},
            "lemmas": {k: [total["lemma+", k], total["lemma", k]] for kind, k in keys if kind == "lemma"}}


class Folds(PriorFolds):
    """NEREL train's candidate pairs, gold counts and the relation stage's
    ALTERNATIVE_NAME figures, by fold (the NER's folds).  A row: (pair, the
    gold links it matches, the document's index)."""

    def __init__(self, own: dict[str, Document], gold: list[GoldDoc], similarity) -> None:
        super().__init__([g.doc_id for g in gold])
        self.base: list[tuple[set[int], int, int, int]] = []  # per doc: gold matched, right, links, gold
        for i, g in enumerate(gold):
            doc = own[g.doc_id]
            links = gold_links(g)
            by_id = {m.mention_id: m for m in doc.mentions}
            found = [(by_id[r.subj], by_id[r.obj]) for r in doc.relations if r.type == ALTERNATIVE_NAME]
            hits = [matches((s.start, s.stop), (o.start, o.stop), links) for s, o in found]
            self.base.append((set().union(*hits), sum(map(bool, hits)), len(found), len(links)))
            rows = [(p, matches(_span(p.earlier), _span(p.later), links), i)
                    for p in candidate_pairs(doc, similarity)]
            self.add(g.doc_id, rows, gold_counts(doc, g))

    def table(self, counts: list[Counter]) -> dict:
        return priors(counts)

    def example(self, row: tuple[Pair, set[int], int], table: dict) -> tuple[list[str], int]:
        pair, hit, _ = row
        return features(pair, table), int(bool(hit))

    def figures(self, links: list[tuple[set[int], int]]) -> dict:
        """ALTERNATIVE_NAME's P/R/F1 over every document: the relation stage's
        links and ``links`` (the gold links each matches, its document)."""
        matched = [set(m) for m, _, _, _ in self.base]
        right = sum(r for _, r, _, _ in self.base)
        for hit, i in links:
            matched[i] |= hit
            right += bool(hit)
        n_pred = sum(n for _, _, n, _ in self.base) + len(links)
        n_gold = sum(n for _, _, _, n in self.base)
        tp_gold = sum(map(len, matched))
        p, r = right / max(n_pred, 1), tp_gold / max(n_gold, 1)
        return {"p": round(p, 4), "r": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
                "pred": n_pred, "gold": n_gold}


def _span(m: Mention) -> Span:
    return m.start, m.stop


def cross_validate(folds: Folds) -> tuple[float, dict, dict]:
    """The threshold, its calibration and the figures out of fold."""
    scored: list[tuple[Pair, float, set[int], int]] = []
    for k in folds.k:
        rest = [j for j in folds.k if j != k]
        model = fit_type(*folds.training(rest))
        table = folds.priors(rest)
        rows = folds.rows[k]
        scores = predict(model, [features(p, table) for p, _, _ in rows]).tolist()
        scored += [(p, s, hit, i) for s, (p, hit, i) in zip(scores, rows, strict=True)]
    info = {id(p): (hit, i) for p, _, hit, i in scored}

    def chosen(t: float) -> list[tuple[Pair, float]]:
        return best_links([p for p, _, _, _ in scored], [s for _, s, _, _ in scored], t)

    by_threshold = {str(t): folds.figures([info[id(p)] for p, _ in chosen(t)])["f1"] for t in THRESHOLDS}
    best = max(THRESHOLDS, key=lambda t: (by_threshold[str(t)], t))
    made = chosen(best)
    cal = calibration([(s, bool(info[id(p)][0])) for p, s in made])
    cv = {"folds": len(folds.k), "pairs": len(scored), "threshold": best,
          "before": folds.figures([]), "after": folds.figures([info[id(p)] for p, _ in made]),
          "links": len(made), "links_right": sum(bool(info[id(p)][0]) for p, _ in made),
          "by_threshold": by_threshold}
    return best, cal, cv


def main(argv: list[str] | None = None) -> int:
    args = step_arguments(__doc__.split("\n")[0]).parse_args(argv)
    data, train, dev = splits(args)
    with tempfile.TemporaryDirectory(prefix="event-links-") as tmp:
        own = held_out_documents(data, Path(args.cache) if args.cache else None, Path(args.folds or tmp),
                                 EventLinks, log=lambda s: print(s, flush=True))
    from pipeline.resources import shared

    folds = Folds(own, train, vector_similarity(shared()))
    threshold, cal, cv = cross_validate(folds)
    extra = [gold_counts(d, g) for g, d in zip(dev, parse(dev), strict=True)]
    table = priors([c for k in folds.k for c in folds.counts[k]] + extra)
    model = {**fit_type(*folds.training(folds.k)), "priors": table, "threshold": threshold,
             "calibration": cal, "cv": cv}
    write(model_path(), model)
    print("cv", {k: v for k, v in cv.items() if k != "by_threshold"}, f"wrote {model_path()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

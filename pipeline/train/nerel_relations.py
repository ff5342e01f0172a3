"""Train the NEREL relation classifiers (``make train``): one logistic
regression per type of :data:`pipeline.stages.nerel_relations.TYPES`.

1. Parse NEREL train and dev (segment, morph, lemma, syntax) and give each
   gold entity a mention with its token span (its NEREL type in the
   project's names: PERSON is PER, PROFESSION is ROLE, the five place types
   are LOC).
2. A type's signatures: the (subject type, object type) pairs of at least
   ``MIN_PAIR`` of its NEREL train relations within one sentence.
3. Candidate pairs and their features as the stage builds them
   (:mod:`pipeline.stages.nerel_relations`), of the gold mentions (a pair is
   positive when NEREL relates these two entities by the type) and of the
   pipeline's own mentions on NEREL train out of fold (every NER layer and
   table fit on the other folds, :func:`pipeline.train.oof.fold_runs`; a
   pair is positive when a gold relation of the type overlaps both
   mentions, ``make eval``'s match).  The stage meets the pipeline's
   mentions, cut short, missed or typed wrong; trained and calibrated on gold
   mentions alone its confidences ran high (of relations given 0.8–1.0, 0.81
   right for a mean of 0.89; NEREL dev ECE 0.064).
4. Per type, by 3-fold cross-validation over NEREL train by document (the
   folds of the NER layers): the classifier fit on both kinds of pairs of
   two folds scores the own mentions' pairs of the third; the threshold
   maximises F1 on those out-of-fold scores, where the gold relations no
   candidate holds count as missed, and the Platt scaling of the scores over
   it (``"calibration"``) is fit on them, so that the stage compares the
   confidences of two types.  The weights are then fit on the gold mentions
   of train and dev and the own mentions of train (``nerel.json``, with the
   cross-validated figures under ``"cv"``: those of the stage's decision,
   one type per pair of mentions, each fold's threshold and calibration
   from the other two, scored as ``make eval`` scores dev).
5. The relation stage's WORKPLACE and HEADQUARTERED_IN out of fold before
   and after it leaves this stage the pairs it types otherwise
   (:mod:`pipeline.stages.relations.deference`): its out-of-fold relations
   (``relations-oof.json``, written into the folder by
   :mod:`pipeline.train.relations`) less those whose pair this stage's
   out-of-fold relations take (``"cv"`` → ``"deference"``; ``make eval``'s
   CV column for the two types).

``--folds`` is the folder of the fold layers (``make train`` shares it with
``pipeline.train.relations`` and ``pipeline.train.oof``), which must hold
the relation step's ``relations-oof.json``; ``--train-only`` writes
``nerel.json`` fit on train alone, for a check of the whole pipeline on dev
(``make eval`` with every model fit on train).

Usage: ``python -m pipeline.train.nerel_relations [--data ../shared/data] --folds DIR [--train-only]``.
"""

from __future__ import annotations

import argparse
import json
import math
from collections import Counter
from pathlib import Path

from pipeline.doc import Document, Mention
from pipeline.eval.gold import NEREL_TYPES, GoldDoc, data_dir, load_nerel
from pipeline.eval.relations import Pred, gold_relations, matches, micro, score
from pipeline.eval.reliability import reliability
from pipeline.labels import (
    AGE,
    AWARD,
    CRIME,
    DATE,
    DISEASE,
    EVENT,
    FAMILY,
    IDEOLOGY,
    LANGUAGE,
    LAW,
    NATIONALITY,
    NUMBER,
    ORDINAL,
    PENALTY,
    PERCENT,
    PRODUCT,
    RELIGION,
    ROLE,
    TIME,
    WORK_OF_ART,
)
from pipeline.stages.features import SentenceView
from pipeline.stages.nerel_relations import (
    MIN_CONFIDENCE,
    TYPES,
    NerelRelations,
    best_per_pair,
    candidate_pairs,
    features,
    left_to,
    one_object,
    sentence_views,
)
from pipeline.stages.relations.confidence import platt_scaled
from pipeline.stages.relations.deference import DEFER_TO, kept
from pipeline.train.cv import FOLDS
from pipeline.train.oof import add_fold_arguments, deal_folds, held_out_documents
from pipeline.train.relations import OOF_FILE as RELATIONS_OOF
from pipeline.train.relations import platt

OUT = Path(__file__).resolve().parents[1] / "data" / "relations" / "nerel.json"
MIN_PAIR = 3  # relations of a type pair in NEREL train for it to be a signature
MIN_FEATURE = 2  # pairs a feature occurs in to get a weight
C = 0.3
MIN_WEIGHT = 0.05  # smaller weights are left out of nerel.json (7 MB at 0.005)
# NEREL's entity types in the project's names (those NEREL_TYPES has, its
# PROFESSION, and the types spelled alike).
SAME = (AGE, AWARD, CRIME, DATE, DISEASE, EVENT, FAMILY, IDEOLOGY, LANGUAGE, LAW, NATIONALITY,
        NUMBER, ORDINAL, PENALTY, PERCENT, PRODUCT, RELIGION, TIME, WORK_OF_ART)
PROJECT_TYPE = {**NEREL_TYPES, "PROFESSION": ROLE, **{t: t for t in SAME}}


def parse(gold: list[GoldDoc]) -> list[Document]:
    from pipeline.train.relations import run_stages

    docs = [Document(g.doc_id, g.text, regions=[(0, len(g.text))]) for g in gold]
    return run_stages(docs, ("segment", "morph", "lemma", "syntax"))


def gold_mentions(g: GoldDoc, doc: Document) -> list[Mention]:
    """A mention per gold entity inside one sentence (``mention_id``: the
    entity's id), with its token span."""
    out = []
    for e in g.entities:
        ptype = PROJECT_TYPE.get(e.raw_type)
        si = next((i for i, s in enumerate(doc.sentences) if s.start <= e.start and e.stop <= s.stop), None)
        if ptype is None or si is None:
            continue
        toks = [k for k, t in enumerate(doc.sentences[si].tokens) if t.start < e.stop and t.stop > e.start]
        if toks:
            out.append(Mention(e.start, e.stop, e.text, ptype, si, e.id,
                               tok_start=toks[0], tok_stop=toks[-1] + 1))
    return out


def gold_triples(g: GoldDoc) -> set[tuple[str, str, str]]:
    types = {e.id: PROJECT_TYPE.get(e.raw_type, "") for e in g.entities}
    return {(r.type, r.arg1, r.arg2) for r in g.relations
            if left_to(r.type, types.get(r.arg1, ""), types.get(r.arg2, ""))}


def learn_signatures(gold: list[GoldDoc], mentions: list[list[Mention]]) -> dict[str, list[tuple[str, str]]]:
    counts: Counter = Counter()
    for g, ms in zip(gold, mentions, strict=True):
        by_id = {m.mention_id: m for m in ms}
        for rtype, a, b in gold_triples(g):
            s, o = by_id.get(a), by_id.get(b)
            if s is not None and o is not None and s.sent_idx == o.sent_idx:
                counts[rtype, s.type, o.type] += 1
    out: dict[str, list[tuple[str, str]]] = {}
    for (rtype, st, ot), n in sorted(counts.items()):
        if n >= MIN_PAIR and left_to(rtype, st, ot):
            out.setdefault(rtype, []).append((st, ot))
    return out


def examples(gold: list[GoldDoc], docs: list[Document], mentions: list[list[Mention]],
             sigs: dict[str, list[tuple[str, str]]]) -> list[tuple]:
    """(document index, subject type, object type, features, the pair's gold
    types, its two mentions' ids) of every candidate pair."""
    allowed = {p for pairs in sigs.values() for p in pairs}
    out = []
    for di, (g, d, ms) in enumerate(zip(gold, docs, mentions, strict=True)):
        golds: dict[tuple[str, str], set[str]] = {}
        for rtype, a, b in gold_triples(g):
            golds.setdefault((a, b), set()).add(rtype)
        by_sent: dict[int, list[Mention]] = {}
        for m in ms:
            by_sent.setdefault(m.sent_idx, []).append(m)
        for si, sms in sorted(by_sent.items()):
            view = SentenceView(d.sentences[si], sms)
            for s, o in candidate_pairs(view, allowed):
                out.append((di, s.type, o.type, features(view, s, o),
                            golds.get((s.mention_id, o.mention_id), set()),
                            frozenset((s.mention_id, o.mention_id))))
    return out


def matrix(xs: list[list[str]], vocab: dict[str, int] | None = None):
    import numpy as np
    from scipy.sparse import csr_matrix

    if vocab is None:
        counts = Counter(f for x in xs for f in set(x))
        vocab = {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= MIN_FEATURE))}
    rows, cols = [], []
    for r, x in enumerate(xs):
        for f in set(x):
            if f in vocab:
                rows.append(r)
                cols.append(vocab[f])
    return csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(xs), len(vocab))), vocab


def _clf():
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=C, max_iter=3000)


def fit_type(xs: list[list[str]], ys: list[int]) -> dict:
    import numpy as np

    x, vocab = matrix(xs)
    y = np.array(ys)
    if y.sum() == 0:
        return {"bias": -30.0, "weights": {}}
    clf = _clf().fit(x, y)
    names = sorted(vocab, key=vocab.get)
    weights = {f: round(float(w), 3) for f, w in zip(names, clf.coef_[0], strict=True)
               if abs(w) >= MIN_WEIGHT}
    return {"bias": round(float(clf.intercept_[0]), 4), "weights": weights}


def predict(model: dict, xs: list[list[str]]):
    import numpy as np

    w = model["weights"]
    z = np.array([model["bias"] + sum(w.get(f, 0.0) for f in x) for x in xs])
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


def rows_of(exs, rtype: str, pairs: list[tuple[str, str]], docs: set[int] | None = None):
    """Features, labels and indexes in ``exs`` of the candidate pairs of
    ``rtype`` (of ``docs``)."""
    pairs = set(map(tuple, pairs))
    sel = [i for i, e in enumerate(exs) if (e[1], e[2]) in pairs and (docs is None or e[0] in docs)]
    return [exs[i][3] for i in sel], [int(rtype in exs[i][4]) for i in sel], sel


def best_threshold(scores, ys, n_gold: int) -> tuple[float, float, float, float]:
    """(F1, threshold, P, R) maximising F1 where ``n_gold`` counts every gold relation."""
    import numpy as np

    y = np.array(ys)
    best = (0.0, 0.5, 0.0, 0.0)
    for t in np.arange(0.05, 0.9, 0.025):
        pred = scores >= t
        tp = float((pred & (y == 1)).sum())
        p = tp / max(float(pred.sum()), 1.0)
        r = tp / max(n_gold, 1)
        f = 2 * p * r / (p + r) if p + r else 0.0
        if f > best[0] + 1e-9:
            best = (f, round(float(t), 3), p, r)
    return best


def decision(scores, ys: list[int], n_gold: int) -> tuple[float, dict]:
    """A type's threshold (the best F1 of ``scores``, where ``n_gold`` counts
    every gold relation) and the calibration of the scores over it."""
    _, t, _, _ = best_threshold(scores, ys, n_gold)
    return t, calibration([(float(v), bool(y)) for v, y in zip(scores, ys, strict=True) if v >= t])


def gold_pairs(g: GoldDoc) -> list[Pred]:
    """The gold relations this stage is to find, as ``make eval`` matches them
    (type, subject span, object span)."""
    ents = {e.id: e for e in g.entities}
    out = []
    for r in g.relations:
        a, b = ents.get(r.arg1), ents.get(r.arg2)
        if a and b and left_to(r.type, PROJECT_TYPE.get(a.raw_type, ""), PROJECT_TYPE.get(b.raw_type, "")):
            out.append((r.type, (a.start, a.stop), (b.start, b.stop)))
    return out


def own_examples(gold: list[GoldDoc], docs: dict[str, Document],
                 sigs: dict[str, list[tuple[str, str]]]) -> list[tuple]:
    """As :func:`examples`, of the candidate pairs of the pipeline's own
    mentions in ``docs`` (by document id), with their (subject, object) spans
    last; a pair's gold types are those of the gold relations overlapping
    both of its mentions (``make eval``'s match)."""
    allowed = {p for pairs in sigs.values() for p in pairs}
    used = {t for p in allowed for t in p}
    out = []
    for di, g in enumerate(gold):
        golds = gold_pairs(g)
        for _, view in sentence_views(docs[g.doc_id], used):
            for s, o in candidate_pairs(view, allowed):
                out.append((di, s.type, o.type, features(view, s, o),
                            {x[0] for x in golds if matches(x[0], s.span, o.span, x)},
                            frozenset((s.span, o.span)), (s.span, o.span)))
    return out


def cross_validate(gold: list[GoldDoc], exs, own, sigs, fold: list[int]) -> tuple[dict, dict, dict]:
    """Per type, its threshold and calibration, and the figures that hold on
    new text; the micro figures and the reliability of the confidences.

    3 folds by document (``fold``: each document's, as the NER layers of
    ``own`` were dealt): a type's classifier fit on the gold mentions
    (``exs``) and the pipeline's own (``own``) of two folds scores the own
    mentions' pairs of the third.  The threshold maximises the type's F1 on
    those out-of-fold scores and the Platt scaling of the scores over it is
    fit on them (what ships); the figures are those of the stage's decision
    (one type per pair, :func:`best_per_pair`, :data:`MIN_CONFIDENCE`) with
    each fold's threshold and calibration from the other two, scored as
    ``make eval`` scores dev.  ``"f1_alone"``: the type's F1 before the
    choice of one type per pair."""
    import numpy as np

    golds = [gold_pairs(g) for g in gold]
    folds = sorted(set(fold))

    def n_gold(rtype: str, ks) -> int:
        return sum(1 for i, g in enumerate(golds) if fold[i] in ks for x in g if x[0] == rtype)

    out, found, alone = {}, [], {}
    for rtype in sorted(sigs):
        xs, ys, idx = rows_of(exs, rtype, sigs[rtype])
        oxs, oys, oidx = rows_of(own, rtype, sigs[rtype])
        ofold = np.array([fold[own[j][0]] for j in oidx])
        scores = np.zeros(len(oys))
        for k in folds:
            train = [i for i, j in enumerate(idx) if fold[exs[j][0]] != k]
            otrain = np.flatnonzero(ofold != k)
            test = np.flatnonzero(ofold == k)
            labels = [ys[i] for i in train] + [oys[i] for i in otrain]
            if len(test) and sum(labels):
                model = fit_type([xs[i] for i in train] + [oxs[i] for i in otrain], labels)
                scores[test] = predict(model, [oxs[i] for i in test])
        t, cal = decision(scores, oys, n_gold(rtype, folds))
        out[rtype] = {"threshold": t, "calibration": cal}
        mine = []
        for k in folds:
            other, test = np.flatnonzero(ofold != k), np.flatnonzero(ofold == k)
            tk, calk = decision(scores[other], [oys[i] for i in other], n_gold(rtype, set(folds) - {k}))
            mine += _passing(own, rtype, [oidx[i] for i in test], scores[test], [oys[i] for i in test],
                             tk, calk)
        found += mine
        alone[rtype] = _scored(golds, [item for _, _, item in mine], own, (rtype,))[rtype]["f1"]
    chosen = one_object(best_per_pair(found), lambda r: (r[0], own[r[3]][0], own[r[3]][6][0]), lambda r: r[2])
    figures = _scored(golds, chosen, own)
    for rtype, v in out.items():
        v.update(figures[rtype], f1_alone=alone[rtype])
        print(rtype, {k: x for k, x in v.items() if k != "calibration"}, flush=True)
    return out, micro(figures), reliability((q, bool(y)) for _, y, q, _ in chosen), chosen


def deference(gold: list[GoldDoc], own, chosen: list[tuple], folds: Path) -> dict:
    """The relation stage's types that give way to this stage's
    (:mod:`pipeline.stages.relations.deference`), out of fold, ``make
    eval``'s figures: ``"before"``, its relations as its cross-validation
    left them (``relations-oof.json`` in ``folds``, written by
    :mod:`pipeline.train.relations`), ``"after"`` less the pairs this stage's
    out-of-fold relations (``chosen``, items of :func:`cross_validate`) take."""
    path = folds / RELATIONS_OOF
    if not path.is_file():
        raise SystemExit(f"no {path}: run python -m pipeline.train.relations --folds {folds} first "
                         "(make train does)")
    theirs = json.loads(path.read_text(encoding="utf-8"))
    mine: list[list[Pred]] = [[] for _ in gold]
    for rtype, _, _, j in chosen:
        mine[own[j][0]].append((rtype, *own[j][6]))
    types = tuple(DEFER_TO)
    golds = [gold_relations(g, types) for g in gold]
    rels = [[(t, tuple(a), tuple(b)) for t, a, b in theirs.get(g.doc_id, [])] for g in gold]
    left = [kept(g.text, r, m) for g, r, m in zip(gold, rels, mine, strict=True)]
    return {"before": score(golds, rels, types), "after": score(golds, left, types)}


def calibration(scored: list[tuple[float, bool]]) -> dict:
    """Platt scaling of a type's scores over its threshold (``scored``: score,
    right?); where the fit falls with the score (a rare type: SIBLING's 118
    pairs, INCOME's 24), every score gets the type's precision instead,
    smoothed ((right + 1) / (n + 2)): ``a`` 0, ``b`` its logit.  No pair over
    the threshold: none (the score stays the confidence)."""
    if not scored:
        return {}
    cal = platt(scored)
    if cal and cal["a"] > 0:
        return cal
    share = (sum(r for _, r in scored) + 1) / (len(scored) + 2)
    return {"a": 0.0, "b": round(math.log(share / (1 - share)), 4)}


def _passing(exs, rtype: str, idx: list[int], scores, ys: list[int], threshold: float,
             calibration: dict) -> list[tuple]:
    """(pair, confidence, (type, label, confidence, index)) of the candidates
    ``idx`` of ``exs`` scoring at least ``threshold`` and as confident as
    :data:`~pipeline.stages.nerel_relations.MIN_CONFIDENCE`, for
    :func:`best_per_pair`."""
    out = []
    for j, v, y in zip(idx, scores, ys, strict=True):
        if v >= threshold and (q := platt_scaled(calibration, float(v))) >= MIN_CONFIDENCE:
            out.append(((exs[j][0], exs[j][5]), q, (rtype, y, q, j)))
    return out


def _scored(golds: list[list[Pred]], items: list[tuple], own, types: tuple[str, ...] = TYPES) -> dict:
    """``make eval``'s figures per type of the relations ``items`` ((type,
    label, confidence, index in ``own``))."""
    preds: list[list[Pred]] = [[] for _ in golds]
    for rtype, _, _, j in items:
        preds[own[j][0]].append((rtype, *own[j][6]))
    return score(golds, preds, types)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=None, help="gold data folder (default ../shared/data)")
    add_fold_arguments(ap)
    ap.add_argument("--train-only", action="store_true",
                    help="fit the model written on NEREL train alone (for a check on dev)")
    args = ap.parse_args(argv)
    if not args.folds or not (Path(args.folds) / RELATIONS_OOF).is_file():
        ap.error(f"--folds DIR must hold {RELATIONS_OOF}, the relation stage's out-of-fold relations: "
                 "run python -m pipeline.train.relations --folds DIR first (make train does)")
    data = data_dir(args.data)
    train = load_nerel("train", data)
    dev = load_nerel("dev", data)
    gold = train + dev
    docs = parse(gold)
    mentions = [gold_mentions(g, d) for g, d in zip(gold, docs, strict=True)]
    n = len(train)
    sigs = learn_signatures(train, mentions[:n])
    exs = examples(gold, docs, mentions, sigs)
    folds = Path(args.folds)
    own = own_examples(train, held_out_documents(data, Path(args.cache) if args.cache else None, folds,
                                                   NerelRelations, log=lambda s: print(s, flush=True)), sigs)
    fold = deal_folds([g.doc_id for g in train], FOLDS)
    cv, total, reliable, chosen = cross_validate(train, [e for e in exs if e[0] < n], own, sigs,
                                                 [fold[g.doc_id] for g in train])
    deferred = deference(train, own, chosen, folds)
    model = {}
    for rtype in sorted(sigs):
        xs, ys, _ = rows_of(exs, rtype, sigs[rtype], set(range(n)) if args.train_only else None)
        oxs, oys, _ = rows_of(own, rtype, sigs[rtype])
        model[rtype] = {**fit_type(xs + oxs, ys + oys), "threshold": cv[rtype]["threshold"],
                        "calibration": cv[rtype].pop("calibration"), "pairs": [list(p) for p in sigs[rtype]]}
    out = {"types": model,
           "cv": {"micro": total, "types": cv, "reliability": reliable, "deference": deferred}}
    OUT.write_text(json.dumps(out, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    print("cv micro", out["cv"]["micro"], "the relation stage's types before and after the deference",
          {t: (deferred["before"][t]["f1"], deferred["after"][t]["f1"]) for t in deferred["after"]},
          f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Train the NEREL relation classifiers (``make train``): one logistic
regression per type of :data:`pipeline.stages.nerel_relations.TYPES`.

1. Parse NEREL train and dev (segment, morph, lemma, syntax) and give each
   gold entity a mention with its token span (its NEREL type in the
   project's names: PERSON is PER, PROFESSION is ROLE, the five place types
   are LOC).  Training sees gold mentions, so a relation's errors are its own.
2. A type's signatures: the (subject type, object type) pairs of at least
   ``MIN_PAIR`` of its NEREL train relations within one sentence.
3. Candidate pairs and their features as the stage builds them
   (:mod:`pipeline.stages.nerel_relations`); a pair is positive when NEREL
   relates these two entities by the type.
4. Per type: the threshold maximises F1 on out-of-fold scores of a 3-fold
   split of NEREL train by document, where the gold relations no candidate
   holds (across sentences, farther apart) count as missed; the weights are
   then fit on train and dev together (``nerel.json``, with the cross-validated
   figures under ``"cv"``: those of the stage's decision, one type per pair
   of mentions).  Each type's scores are calibrated by Platt scaling fit on
   its out-of-fold scores over the threshold (``"calibration"``), so that
   the stage compares the confidences of two types.

``--dev`` instead fits on train alone and prints the scores on NEREL dev
(gold mentions), writing nothing: the held-out figure, to run once.
``--train-only`` writes ``nerel.json`` fit on train alone, for a check of the
whole pipeline on dev (``make eval`` with every model fit on train).

Usage: ``python -m pipeline.train.nerel_relations [--data ../shared/data] [--dev] [--train-only]``.
"""

from __future__ import annotations

import argparse
import json
import math
from collections import Counter
from pathlib import Path

from pipeline.doc import Document, Mention
from pipeline.eval.gold import NEREL_TYPES, GoldDoc, data_dir, load_nerel
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
from pipeline.stages.nerel_relations import MIN_CONFIDENCE, best_per_pair, candidate_pairs, features, left_to
from pipeline.stages.relations.confidence import platt_scaled
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


def n_gold(gold: list[GoldDoc], rtype: str, docs: set[int] | None = None) -> int:
    """Gold relations of ``rtype`` this stage is to find (of ``docs``)."""
    n = 0
    for i, g in enumerate(gold):
        if docs is not None and i not in docs:
            continue
        types = {e.id: PROJECT_TYPE.get(e.raw_type, "") for e in g.entities}
        n += sum(1 for r in g.relations if r.type == rtype
                 and left_to(rtype, types.get(r.arg1, ""), types.get(r.arg2, "")))
    return n


def cross_validate(gold, exs, sigs, folds: int = 3) -> tuple[dict, dict]:
    """Per type: out-of-fold threshold and its P, R, F1 (folds by document);
    and the reliability of the confidences of the relations kept.

    The threshold maximises the type's F1 on its own out-of-fold scores, and
    the Platt scaling of the scores over it (``"calibration"``) is fit on
    them; the figures are those of the stage's decision, one type per pair
    of mentions, the most confident if as confident as ``MIN_CONFIDENCE``
    (:func:`pipeline.stages.nerel_relations.best_per_pair`).  ``"f1_alone"``:
    the type's F1 before that choice."""
    import numpy as np

    found, out = [], {}
    for rtype in sorted(sigs):
        xs, ys, idx = rows_of(exs, rtype, sigs[rtype])
        scores = np.zeros(len(ys))
        for k in range(folds):
            train = [i for i, j in enumerate(idx) if exs[j][0] % folds != k]
            test = [i for i, j in enumerate(idx) if exs[j][0] % folds == k]
            if not test or sum(ys[i] for i in train) == 0:
                continue
            model = fit_type([xs[i] for i in train], [ys[i] for i in train])
            scores[test] = predict(model, [xs[i] for i in test])
        f, t, _, _ = best_threshold(scores, ys, n_gold(gold, rtype))
        cal = calibration([(float(v), bool(y)) for v, y in zip(scores, ys, strict=True) if v >= t])
        out[rtype] = {"threshold": t, "calibration": cal, "f1_alone": round(f, 4),
                      "gold": n_gold(gold, rtype)}
        found += _passing(exs, rtype, idx, scores, ys, t, cal)
    chosen = best_per_pair(found)
    kept = Counter((t, y) for t, y, _ in chosen)
    for rtype, v in out.items():
        v.update(_figures(kept, rtype, v["gold"]))
        print(rtype, v, flush=True)
    return out, reliability((q, bool(y)) for _, y, q in chosen)


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
    """(pair, confidence, (type, label, confidence)) of the candidates ``idx``
    of ``exs`` scoring at least ``threshold`` and as confident as
    :data:`~pipeline.stages.nerel_relations.MIN_CONFIDENCE`, for
    :func:`best_per_pair`."""
    out = []
    for j, v, y in zip(idx, scores, ys, strict=True):
        if v >= threshold and (q := platt_scaled(calibration, float(v))) >= MIN_CONFIDENCE:
            out.append(((exs[j][0], exs[j][5]), q, (rtype, y, q)))
    return out


def _figures(kept: Counter, rtype: str, n_gold: int) -> dict:
    """P, R, F1, true and predicted of ``rtype`` in ``kept`` ((type, label) counts)."""
    tp, pred = kept[(rtype, 1)], kept[(rtype, 1)] + kept[(rtype, 0)]
    p, r = tp / max(pred, 1), tp / max(n_gold, 1)
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "tp": tp, "pred": pred}


def micro(cv: dict) -> dict:
    tp, pred, gold = (sum(v[k] for v in cv.values()) for k in ("tp", "pred", "gold"))
    p, r = tp / max(pred, 1), tp / max(gold, 1)
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=None, help="gold data folder (default ../shared/data)")
    ap.add_argument("--dev", action="store_true", help="fit on train, print NEREL dev scores, write nothing")
    ap.add_argument("--train-only", action="store_true",
                    help="fit the model written on NEREL train alone (for a check on dev)")
    args = ap.parse_args(argv)
    train = load_nerel("train", data_dir(args.data))
    dev = load_nerel("dev", data_dir(args.data))
    gold = train + dev
    docs = parse(gold)
    mentions = [gold_mentions(g, d) for g, d in zip(gold, docs, strict=True)]
    n = len(train)
    sigs = learn_signatures(train, mentions[:n])
    exs = examples(gold, docs, mentions, sigs)
    if args.dev:
        return dev_scores(gold, exs, sigs, n)
    cv, reliable = cross_validate(train, [e for e in exs if e[0] < n], sigs)
    model = {}
    for rtype in sorted(sigs):
        xs, ys, _ = rows_of(exs, rtype, sigs[rtype], set(range(n)) if args.train_only else None)
        model[rtype] = {**fit_type(xs, ys), "threshold": cv[rtype]["threshold"],
                        "calibration": cv[rtype].pop("calibration"), "pairs": [list(p) for p in sigs[rtype]]}
    out = {"types": model, "cv": {"micro": micro(cv), "types": cv, "reliability": reliable}}
    OUT.write_text(json.dumps(out, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    print("cv micro", out["cv"]["micro"], f"wrote {OUT}")
    return 0


def dev_scores(gold: list[GoldDoc], exs, sigs, n: int) -> int:
    cv, _ = cross_validate(gold[:n], [e for e in exs if e[0] < n], sigs)
    dev_docs = set(range(n, len(gold)))
    found = []
    for rtype in sorted(sigs):
        xs, ys, _ = rows_of(exs, rtype, sigs[rtype], set(range(n)))
        model = fit_type(xs, ys)
        dxs, dys, idx = rows_of(exs, rtype, sigs[rtype], dev_docs)
        found += _passing(exs, rtype, idx, predict(model, dxs), dys, cv[rtype]["threshold"],
                          cv[rtype]["calibration"])
    kept = Counter((t, y) for t, y, _ in best_per_pair(found))
    res = {}
    for rtype in sorted(sigs):
        g = n_gold(gold, rtype, dev_docs)
        res[rtype] = {**_figures(kept, rtype, g), "gold": g}
        print("dev", rtype, res[rtype], "cv", cv[rtype]["f1"], flush=True)
    print("dev micro", micro(res), "cv micro", micro(cv))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

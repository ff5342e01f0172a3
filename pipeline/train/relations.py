"""Train the relation classifiers on NEREL train and dev (``make train``).

1. Run the pipeline up to NER, dates, money and quantities over the documents.
   Each fold's ROLE mentions come from a role layer fit on the other folds
   (:func:`pipeline.train.roles.out_of_fold_tags`), as on new text.
2. Post words: the head lemmas of the gold PROFESSION spans that are posts
   often enough (``posts.txt``, read by the roles stage); place kinds: the
   head lemma of each gold place name with its NEREL type (``places.tsv``:
   «франция» COUNTRY, «париж» CITY), a feature of the classifiers.
3. Run roles, facilities, normal forms and linking, then build every candidate pair of
   the relation stage with its features; a pair is positive when a gold
   relation of the type overlaps both of its mentions (as ``make eval``
   scores).
4. NEREL train's documents as the stage meets them on new text: run by the
   whole pipeline fit on the other folds (every NER layer and table,
   :func:`pipeline.train.oof.held_out_documents`, the fold layers kept in
   ``--folds``) up to this stage; their candidate pairs are examples too.
5. Choose by 3-fold cross-validation by document over those documents (the
   folds of the NER layers, :func:`cross_validate`): classifiers fit on the
   pairs of both runs of two folds run in the whole relation stage on the
   own mentions of the third, and its relations are scored as ``make eval``
   scores dev.  Each type's threshold is the one of ``THRESHOLDS`` with the
   best out-of-fold F1; the out-of-fold relations then give each type's
   Platt scaling and each rule's precision
   (:mod:`pipeline.stages.relations.confidence`; a rule that lowers its
   type's F1 is switched off, :func:`rules_off`), and the cross-validated
   scores and reliability table that ``make eval`` prints.  The out-of-fold
   relations go to ``relations-oof.json`` in ``--folds``, where
   :mod:`pipeline.train.nerel_relations` scores them with the NEREL stage's
   (the pairs this stage leaves that stage, :mod:`pipeline.stages.relations.deference`).  Until session 13
   the stage was cross-validated on the mentions of step 1 (its NER fit on
   every document, so near gold: HEADQUARTERED_IN 0.849 there, 0.690 on its
   own out-of-fold mentions, 0.716 on dev).
6. Fit a logistic regression per type on all the pairs (train and dev in
   sample, train out of fold; scikit-learn, a training-only dependency).
   The weights, thresholds, calibration, rule precisions and
   cross-validated figures go to ``model.json``: prediction is a sum of
   weights.

NEREL dev is in the training set: the thresholds and confidences were chosen
by cross-validation on NEREL train, dev scored once after (``--splits
train`` fits the models of that check).

Usage: ``python -m pipeline.train.relations [--data ../shared/data] [--splits train,dev] [--folds DIR]``.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections import Counter
from pathlib import Path

from pipeline.doc import Document, Relation
from pipeline.eval.gold import GoldDoc, data_dir, load_nerel
from pipeline.eval.relations import TYPES, Pred, gold_relations, matches, score
from pipeline.eval.reliability import reliability
from pipeline.labels import PLACE_KINDS
from pipeline.stages.features import SentenceView, pair_features, span_head
from pipeline.stages.relations import RelationExtractor
from pipeline.train.cv import FOLDS
from pipeline.train.oof import add_fold_arguments, deal_folds, held_out_documents
from pipeline.train.roles import out_of_fold_tags

OUT_DIR = Path(__file__).resolve().parents[1] / "data" / "relations"
SPLITS = ("train", "dev")
MIN_POST_COUNT, MIN_POST_SHARE = 2, 0.3
MIN_PLACE_DOCS = 5
MIN_RULE_RELATIONS = 10
# The out-of-fold relations of the cross-validation, left in the folder of the fold layers
# (--folds) for pipeline.train.nerel_relations, which scores them with the NEREL stage's.
OOF_FILE = "relations-oof.json"
THRESHOLDS = tuple(round(0.1 + 0.025 * i, 3) for i in range(29))  # 0.1 … 0.8
# A relation of the cross-validation: type, subject and object spans, the key
# of its rule (None for the classifier's), its confidence.
Scored = tuple[str, tuple[int, int], tuple[int, int], str | None, float]
Examples = dict[str, tuple[list, list]]  # relation type -> (feature lists, labels)


def run_stages(docs: list[Document], names: tuple[str, ...]) -> list[Document]:
    from pipeline.nlp import Pipeline

    pipe = Pipeline()
    stages = [s for s in pipe.stages if s.name in names]
    for i in range(0, len(docs), 16):
        chunk = docs[i:i + 16]
        for stage in stages:
            chunk = stage.pipe(chunk)
        docs[i:i + 16] = chunk
    return docs


def post_words(docs: list[Document], gold: dict[str, GoldDoc]) -> list[str]:
    """Lemmas heading at least ``MIN_POST_COUNT`` PROFESSION spans and
    ``MIN_POST_SHARE`` of their occurrences."""
    heads: Counter = Counter()
    total: Counter = Counter()
    for d in docs:
        profs = [e for e in gold[d.doc_id].entities if e.raw_type == "PROFESSION"]
        for sent in d.sentences:
            toks = sent.tokens
            total.update(t.lemma for t in toks if t.pos == "NOUN")
            for e in profs:
                idx = [i for i, t in enumerate(toks) if t.start >= e.start and t.stop <= e.stop]
                if idx:
                    h = toks[span_head(toks, idx[0], idx[-1] + 1)]
                    if h.pos == "NOUN":
                        heads[h.lemma] += 1
    return sorted(w for w, c in heads.items()
                  if c >= MIN_POST_COUNT and c / max(total[w], 1) >= MIN_POST_SHARE)




def place_kinds(docs: list[Document], gold: dict[str, GoldDoc]) -> list[tuple[str, str]]:
    """(head lemma, NEREL kind) of the gold place names named in at least
    ``MIN_PLACE_DOCS`` documents, each with its most frequent kind.  Rare
    places stay out, so a place unknown to the list is as common in training
    as in new text."""
    kinds: dict[str, Counter] = {}
    seen: Counter = Counter()
    for d in docs:
        places = [e for e in gold[d.doc_id].entities if e.raw_type in PLACE_KINDS]
        lemmas = set()
        for sent in d.sentences:
            toks = sent.tokens
            for e in places:
                idx = [i for i, t in enumerate(toks) if t.start >= e.start and t.stop <= e.stop]
                if idx:
                    h = toks[span_head(toks, idx[0], idx[-1] + 1)]
                    kinds.setdefault(h.lemma, Counter())[e.raw_type] += 1
                    lemmas.add(h.lemma)
        seen.update(lemmas)
    return sorted((lemma, c.most_common(1)[0][0]) for lemma, c in kinds.items()
                  if seen[lemma] >= MIN_PLACE_DOCS)


def examples(docs: list[Document], gold: dict[str, GoldDoc]) -> Examples:
    """Relation type -> (feature lists, labels) over all candidate pairs of
    the sentences the relation stage sees."""
    from pipeline.stages.relations.model import CANDIDATES, candidate_pairs, sentence_mentions

    out: Examples = {t: ([], []) for t in CANDIDATES}
    for d in docs:
        golds = gold_relations(gold[d.doc_id])
        for si, ms in sentence_mentions(d):
            view = SentenceView(d.sentences[si], ms)
            for rtype in CANDIDATES:
                xs, ys = out[rtype]
                for s, o in candidate_pairs(view, rtype):
                    xs.append(pair_features(view, s, o))
                    ys.append(int(any(matches(rtype, s.span, o.span, g) for g in golds)))
    return out


def fit(xs: list[list[str]], ys: list[int], c: float = 0.5) -> dict:
    """A logistic regression over the features seen at least twice."""
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    counts = Counter(f for x in xs for f in set(x))
    vocab = {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= 2))}
    rows, cols = [], []
    for r, x in enumerate(xs):
        for f in set(x):
            if f in vocab:
                rows.append(r)
                cols.append(vocab[f])
    matrix = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(xs), len(vocab)))
    y = np.array(ys)
    clf = LogisticRegression(C=c, max_iter=2000).fit(matrix, y)
    names = sorted(vocab, key=vocab.get)
    weights = {f: round(float(w), 4) for f, w in zip(names, clf.coef_[0], strict=True)
               if abs(w) >= 1e-3}
    return {"bias": round(float(clf.intercept_[0]), 4), "weights": weights,
            "train": {"pairs": len(ys), "positive": int(y.sum())}}


def fit_all(per_doc: list[Examples]) -> dict[str, dict]:
    """One classifier per type over the examples of the documents given."""
    out = {}
    for rtype in per_doc[0] if per_doc else ():
        xs = [x for ex in per_doc for x in ex[rtype][0]]
        ys = [y for ex in per_doc for y in ex[rtype][1]]
        out[rtype] = fit(xs, ys)
    return out


def relations_of(docs: list[Document], model: dict) -> list[list[Scored]]:
    """Run the relation stage with ``model`` over ``docs``: their relations of
    the evaluated types, each with the rule and confidence it was first made
    with (a pair found by a rule and the classifier keeps the rule's, as the
    stage does)."""
    from pipeline.stages.relations import RelationExtractor
    from pipeline.stages.relations.confidence import rule_key

    made: dict[tuple[str, str, str], tuple[str | None, float]] = {}

    class Recording(RelationExtractor):
        def _add(self, doc: Document, rel: Relation) -> None:
            made.setdefault((rel.type, rel.subj, rel.obj),
                            (None if rel.source == "model" else rule_key(rel), rel.confidence))
            super()._add(doc, rel)

    stage = Recording(model)
    out = []
    for d in docs:
        d.relations = []
        made.clear()
        spans = {m.mention_id: m.span for m in stage(d).mentions}
        out.append([(r.type, spans[r.subj], spans[r.obj], *made[r.type, r.subj, r.obj])
                    for r in d.relations if r.type in TYPES])
    return out


def right(rel: Scored, golds: list[Pred]) -> bool:
    return any(matches(rel[0], rel[1], rel[2], g) for g in golds)


def cross_validate(docs: list[Document], golds: list[list[Pred]], per_doc: list[Examples], fold: list[int]
                   ) -> tuple[dict[str, float], list[list[Scored]], dict[str, dict[str, float]]]:
    """(threshold per classifier type, out-of-fold relations per document at
    those thresholds, the out-of-fold F1 of each type at each threshold).
    ``fold`` is each document's fold; the classifiers fit on the examples
    (``per_doc``) of the other folds run in the whole relation stage over it.
    Types do not interact in the relation stage, so one run per threshold
    scores every type at it."""
    runs: dict[float, list[list[Scored]]] = {t: [[] for _ in docs] for t in THRESHOLDS}
    for k in sorted(set(fold)):
        held = [i for i in range(len(docs)) if fold[i] == k]
        models = fit_all([ex for i, ex in enumerate(per_doc) if fold[i] != k])
        for t in THRESHOLDS:
            model = {rtype: {**m, "threshold": t} for rtype, m in models.items()}
            for i, rels in zip(held, relations_of([docs[i] for i in held], model), strict=True):
                runs[t][i] = rels
    f1 = {t: score(golds, [[r[:3] for r in rels] for rels in runs[t]]) for t in THRESHOLDS}
    chosen = {rtype: max(THRESHOLDS, key=lambda t: (f1[t][rtype]["f1"], -t)) for rtype in per_doc[0]}
    oof = [[r for r in runs[THRESHOLDS[0]][i] if r[0] not in chosen]
           + [r for rtype, t in chosen.items() for r in runs[t][i] if r[0] == rtype]
           for i in range(len(docs))]
    return chosen, oof, {rtype: {f"{t:g}": f1[t][rtype]["f1"] for t in THRESHOLDS} for rtype in chosen}


def joined(*parts: Examples) -> Examples:
    """One document's examples of several runs (in-sample and own mentions) as one."""
    return {rtype: ([x for p in parts for x in p[rtype][0]], [y for p in parts for y in p[rtype][1]])
            for rtype in parts[0]}


def platt(scored: list[tuple[float, bool]]) -> dict:
    """Platt scaling of classifier scores: ``a``, ``b`` of
    sigmoid(a · logit(score) + b) fit to whether each was right."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    p = np.clip(np.array([s for s, _ in scored]), 1e-6, 1 - 1e-6)
    y = np.array([int(r) for _, r in scored])
    if len(set(y)) < 2:
        return {}
    clf = LogisticRegression(C=1e4, max_iter=1000).fit(np.log(p / (1 - p)).reshape(-1, 1), y)
    return {"a": round(float(clf.coef_[0][0]), 4), "b": round(float(clf.intercept_[0]), 4)}


def rule_precisions(oof: list[list[Scored]], golds: list[list[Pred]]) -> tuple[dict[str, float], Counter]:
    """Each rule's share of right relations, smoothed ((right + 1) / (n + 2))
    so that a rule seen twice is not certain; and how many relations each made."""
    n: Counter = Counter()
    ok: Counter = Counter()
    for rels, g in zip(oof, golds, strict=True):
        for r in rels:
            if r[3] is not None:
                n[r[3]] += 1
                ok[r[3]] += right(r, g)
    return {k: round((ok[k] + 1) / (n[k] + 2), 3) for k in sorted(n)}, n


def rules_off(precisions: dict[str, float], made: Counter, f1: dict[str, dict]) -> list[str]:
    """The rules that lower their type's F1: a relation right with
    probability p raises an F1 of f when p > f / 2.  Only rules with at least
    ``MIN_RULE_RELATIONS`` out-of-fold relations are judged."""
    return sorted(k for k, p in precisions.items()
                  if made[k] >= MIN_RULE_RELATIONS and p < f1[k.split()[0]]["f1"] / 2)


def confidence_of(rel: Scored, model: dict) -> float:
    """The confidence the shipped stage gives an out-of-fold relation."""
    from pipeline.stages.relations.confidence import calibrated

    if rel[3] is None:
        return calibrated(model[rel[0]], rel[4])
    return model["rules"].get(rel[3], rel[4])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=None, help="gold data folder (default ../shared/data)")
    ap.add_argument("--splits", default=",".join(SPLITS), help="NEREL splits to train on (default train,dev)")
    ap.add_argument("--limit", type=int, default=None, help="first N documents of each split only")
    add_fold_arguments(ap)
    args = ap.parse_args(argv)
    data = data_dir(args.data)
    gold_docs = [g for split in args.splits.split(",") for g in load_nerel(split, data, args.limit)]
    gold = {g.doc_id: g for g in gold_docs}
    docs = [Document(g.doc_id, g.text, regions=[(0, len(g.text))]) for g in gold_docs]
    # every stage before the relations stage, so its sentences hold the same mentions as at run time
    docs = run_stages(docs, ("segment", "morph", "lemma", "syntax", "dates", "ner", "money", "quantities"))
    # the ROLE mentions as on new text: each fold's by a role layer fit on the others
    out_of_fold_tags(docs, gold, FOLDS)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    posts = post_words(docs, gold)
    (OUT_DIR / "posts.txt").write_text("\n".join(posts) + "\n", encoding="utf-8")
    kinds = place_kinds(docs, gold)
    (OUT_DIR / "places.tsv").write_text("".join(f"{w}\t{k}\n" for w, k in kinds), encoding="utf-8")
    from pipeline.stages.features import place_kinds as loaded_kinds
    from pipeline.stages.roles import post_lemmas

    post_lemmas.cache_clear()
    loaded_kinds.cache_clear()
    docs = run_stages(docs, ("roles", "facilities", "normal", "link"))
    with tempfile.TemporaryDirectory(prefix="relation-folds-") as tmp:
        own = held_out_documents(data, Path(args.cache) if args.cache else None,
                                 Path(args.folds or tmp), RelationExtractor,
                                 log=lambda s: print(s, flush=True))
    if args.limit is not None:
        own = {i: d for i, d in own.items() if i in gold}
    model, oof = train(docs, own, gold)
    if args.folds:  # for the NEREL step's figures of pipeline.stages.relations.deference
        (Path(args.folds) / OOF_FILE).write_text(json.dumps(oof, sort_keys=True) + "\n", encoding="utf-8")
    for rtype in model["cv"]["thresholds"]:
        print(rtype, model[rtype]["train"], "threshold", model[rtype]["threshold"],
              "calibration", model[rtype].get("calibration"))
    print("cross-validated", json.dumps(model["cv"]["scores"], ensure_ascii=False))
    (OUT_DIR / "model.json").write_text(json.dumps(model, ensure_ascii=False, sort_keys=True) + "\n",
                                        encoding="utf-8")
    print(f"wrote {OUT_DIR / 'posts.txt'} ({len(posts)} words) and {OUT_DIR / 'model.json'}")
    return 0


def train(docs: list[Document], own: dict[str, Document], gold: dict[str, GoldDoc]
          ) -> tuple[dict, dict[str, list[Pred]]]:
    """The model file's content, and the out-of-fold relations of ``own`` by
    document id (type, subject span, object span): classifiers fit on the examples of ``docs``
    (the pipeline's mentions in sample) and of ``own`` (NEREL train's
    documents with their mentions out of fold), with the thresholds,
    calibration, rule precisions and figures of :func:`cross_validate` over
    ``own``: the relation stage meets mentions as on new text there."""
    ids = sorted(own)
    held = [own[i] for i in ids]
    golds = [gold_relations(gold[i]) for i in ids]
    in_sample = {d.doc_id: examples([d], gold) for d in docs}
    per_doc = [joined(in_sample[i], examples([d], gold)) if i in in_sample else examples([d], gold)
               for i, d in zip(ids, held, strict=True)]
    fold = deal_folds(ids, FOLDS)
    thresholds, oof, by_threshold = cross_validate(held, golds, per_doc, [fold[i] for i in ids])
    model: dict = fit_all(per_doc + [ex for i, ex in in_sample.items() if i not in own])
    for rtype, t in thresholds.items():
        model[rtype]["threshold"] = t
        model[rtype]["calibration"] = platt([(r[4], right(r, g)) for rels, g in zip(oof, golds, strict=True)
                                             for r in rels if r[0] == rtype and r[3] is None])
    model["rules"], made = rule_precisions(oof, golds)
    before = score(golds, [[r[:3] for r in rels] for rels in oof])
    model["rules_off"] = rules_off(model["rules"], made, before)
    oof = [[r for r in rels if r[3] not in model["rules_off"]] for rels in oof]
    scored = [(confidence_of(r, model), right(r, g))
              for rels, g in zip(oof, golds, strict=True) for r in rels]
    model["cv"] = {"folds": FOLDS, "docs": len(held), "thresholds": thresholds,
                   "scores": score(golds, [[r[:3] for r in rels] for rels in oof]),
                   "reliability": reliability(scored), "f1_by_threshold": by_threshold}
    return model, {i: [r[:3] for r in rels] for i, rels in zip(ids, oof, strict=True)}


if __name__ == "__main__":
    raise SystemExit(main())

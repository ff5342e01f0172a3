"""DATE, TIME, PERCENT and AGE on NEREL: the project, natasha's DatesExtractor
and PullEnti's dates, token-level and exact-span P/R/F1.

``evaluate_quantities(data_dir, limit=None)`` reads NEREL dev, runs the
project pipeline (its DATE/TIME mentions come from the dates stage, PERCENT
and AGE from :mod:`pipeline.stages.quantities`), natasha's ``DatesExtractor``
(DATE only) and PullEnti (DateReferent and DateRangeReferent occurrences →
DATE; a date inside a range counts once, as the range) over every whole
text.  natasha and PullEnti find no TIME, PERCENT or AGE: those cells are
``n/a``.  The share of DATE/TIME values right is scored on the dates stage's
hand-checked value set (:func:`pipeline.eval.date_values.score_value_set`).

The project's AGE_IS, DATE_OF_BIRTH, DATE_OF_DEATH and DATE_FOUNDED_IN are
scored as :mod:`pipeline.eval.relations` scores relations (both arguments
overlap the gold ones).

``python -m pipeline.eval.quantities`` runs only this section
(``--split train`` to develop on train, ``--limit`` for a quick look).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from pipeline.eval.date_values import HELD_OUT, load_value_set, score_value_set
from pipeline.eval.gold import data_dir, load_nerel
from pipeline.eval.ner import Counts, Span, span_counts, token_counts
from pipeline.eval.relations import Pred, gold_relations
from pipeline.eval.relations import score as score_relations
from pipeline.labels import AGE, AGE_IS, DATE, DATE_FOUNDED_IN, DATE_OF_BIRTH, DATE_OF_DEATH, PERCENT, TIME

TYPES = (DATE, TIME, PERCENT, AGE)
# NEREL's START_TIME/END_TIME hold events, not posts: not scored (see time_relations).
RELATION_TYPES = (AGE_IS, DATE_OF_BIRTH, DATE_OF_DEATH, DATE_FOUNDED_IN)
SUPPORTED = {"project": TYPES, "natasha": (DATE,), "pullenti": (DATE,)}


def gold_spans(doc) -> list[Span]:
    return [Span(e.start, e.stop, e.raw_type, e.text, fragments=e.fragments if len(e.fragments) > 1 else ())
            for e in doc.entities if e.raw_type in TYPES]


# PullEnti's date entity names -> ours (a DATE inside a DATERANGE is dropped).
PULLENTI_TYPES = {"DATE": DATE, "DATERANGE": DATE}


def natasha_dates(texts: list[str]) -> list[list[Span]]:
    from natasha import DatesExtractor, MorphVocab

    extract = DatesExtractor(MorphVocab())
    return [[Span(m.start, m.stop, DATE, text[m.start:m.stop]) for m in extract(text)] for text in texts]


def pullenti_dates(texts: list[str]) -> list[list[Span]]:
    from pullenti.ner.ProcessorService import ProcessorService
    from pullenti.ner.SourceOfAnalysis import SourceOfAnalysis
    from pullenti.Sdk import Sdk

    Sdk.initialize_all()
    proc = ProcessorService.create_processor()
    out = []
    for text in texts:
        try:
            res = proc.process(SourceOfAnalysis(text))
        except Exception:  # noqa: BLE001 - PullEnti fails on a few texts (dates of year 0)
            out.append([])
            continue
        ranges = [(o.begin_char, o.end_char + 1) for e in res.entities if e.type_name == "DATERANGE"
                  for o in e.occurrence]
        dates = [(o.begin_char, o.end_char + 1) for e in res.entities
                 if e.type_name != "DATERANGE" and PULLENTI_TYPES.get(e.type_name) == DATE
                 for o in e.occurrence]
        dates = [d for d in dates if not any(a <= d[0] and d[1] <= b for a, b in ranges)]
        out.append([Span(a, b, DATE, text[a:b]) for a, b in sorted(set(ranges + dates))])
    return out


def project_predictions(pipe, docs) -> tuple[list[list[Span]], list[list[Pred]]]:
    """The project's spans of TYPES and its relations of RELATION_TYPES
    (``pipe``: a :class:`pipeline.nlp.Pipeline`)."""
    spans, rels = [], []
    for i in range(0, len(docs), 16):
        part = docs[i:i + 16]
        for d in pipe.process_texts([g.text for g in part], [g.doc_id for g in part]):
            spans.append([Span(m.start, m.stop, m.type, m.text) for m in d.mentions if m.type in TYPES])
            by_id = {m.mention_id: m for m in d.mentions}
            rels.append([(r.type, by_id[r.subj].span, by_id[r.obj].span) for r in d.relations
                         if r.type in RELATION_TYPES])
    return spans, rels


def score(docs, preds: list[list[Span]]) -> dict:
    tok = {t: Counts() for t in TYPES}
    spn = {t: Counts() for t in TYPES}
    for doc, pred in zip(docs, preds, strict=True):
        gold = gold_spans(doc)
        for t, c in token_counts(doc.text, gold, pred, TYPES).items():
            tok[t].add(c)
        for t, c in span_counts(gold, pred, TYPES).items():
            spn[t].add(c)
    return {"tokens": {t: c.as_dict() for t, c in tok.items()},
            "spans": {t: c.as_dict() for t, c in spn.items()}}


def date_values(pipe) -> dict:
    """DATE/TIME values right on the dates stage's hand-checked value set."""
    right, total, misses = score_value_set(pipe)
    held_right, held_total, held_misses = score_value_set(pipe, load_value_set(HELD_OUT))
    return {"right": right, "total": total, "share": round(right / total, 3) if total else None,
            "misses": misses, "held_out": {"right": held_right, "total": held_total,
                                           "misses": held_misses}}


def evaluate_quantities(data: Path, limit: int | None = None, split: str = "dev",
                        systems: tuple[str, ...] = ("project", "natasha", "pullenti")) -> dict:
    docs = load_nerel(split, data, limit)
    texts = [d.text for d in docs]
    result: dict = {"split": split, "n_docs": len(docs), "systems": {}, "seconds": {}}
    pipe = None
    for name in systems:
        t = time.perf_counter()
        try:
            if name == "project":
                from pipeline.nlp import Pipeline

                pipe = Pipeline()
                preds, rels = project_predictions(pipe, docs)
                result["relations"] = score_relations([gold_relations(d, RELATION_TYPES) for d in docs],
                                                      rels, RELATION_TYPES)
            else:
                preds = natasha_dates(texts) if name == "natasha" else pullenti_dates(texts)
        except ImportError as e:
            print(f"note: {name} not available ({e})", file=sys.stderr)
            continue
        result["seconds"][name] = round(time.perf_counter() - t, 2)
        result["systems"][name] = score(docs, preds)
    if pipe is not None:
        result["date_values"] = date_values(pipe)
    return result


def format_table(result: dict) -> str:
    systems = list(result["systems"])
    lines = [f"  NEREL {result['split']}: {result['n_docs']} documents; seconds: "
             + ", ".join(f"{s} {v}" for s, v in result["seconds"].items())]
    for level, title in (("tokens", "token-level IO"), ("spans", "exact span")):
        head = f"{'type':<8}{'gold':>6}" + "".join(f" | {s + ' P':>12} {'R':>5} {'F1':>5}" for s in systems)
        lines += ["", f"  {title}", "  " + head, "  " + "-" * len(head)]
        for t in TYPES:
            first = result["systems"][systems[0]][level][t] if systems else {"tp": 0, "fn": 0}
            line = f"{t:<8}{first['tp'] + first['fn']:>6}"
            for s in systems:
                c = result["systems"][s][level][t]
                if t not in SUPPORTED[s]:
                    line += f" | {'n/a':>12} {'':>5} {'':>5}"
                else:
                    line += f" | {c['precision']:>12.3f} {c['recall']:>5.3f} {c['f1']:>5.3f}"
            lines.append("  " + line)
    rel = result.get("relations")
    if rel:
        lines += ["", "  relations (both arguments overlap the gold ones)",
                  f"  {'type':<16}{'gold':>6}{'pred':>6} {'P':>6} {'R':>6} {'F1':>6}"]
        lines += [f"  {t:<16}{c['gold']:>6}{c['pred']:>6} {c['p']:>6.3f} {c['r']:>6.3f} {c['f1']:>6.3f}"
                  for t, c in rel.items()]
    dv = result.get("date_values")
    if dv:
        lines += ["", f"  DATE/TIME values right on the hand-checked value set: {dv['right']}/{dv['total']}"
                      f" ({dv['share']:.1%}; misses: python -m pipeline.eval.date_values)"]
        held = dv.get("held_out")
        if held and held["total"]:
            lines += [f"  ... on the held-out set (written after the rules, never tuned on): "
                      f"{held['right']}/{held['total']} ({held['right'] / held['total']:.1%})"]
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pipeline.eval.quantities", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", help="gold data folder (default: $PIPELINE_EVAL_DATA or ../shared/data)")
    ap.add_argument("--split", default="dev", help="NEREL split (default: %(default)s)")
    ap.add_argument("--limit", type=int, default=None, help="documents (quick runs)")
    ap.add_argument("--systems", default="project,natasha,pullenti", help="default: %(default)s")
    args = ap.parse_args(argv)
    data = data_dir(args.data)
    result = evaluate_quantities(data, args.limit, args.split,
                                 tuple(s.strip() for s in args.systems.split(",") if s.strip()))
    print(format_table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Every NEREL entity type on NEREL dev: the project, natasha and PullEnti.

Token-level IO F1 and exact-span F1 per type, and the exact-span micro F1
over all types (NEREL's 29 types; PROFESSION is ROLE, PERSON PER, the place
types LOC, FACILITY FAC).  natasha has PER, ORG, LOC only: its micro is
over all types all the same (what it misses counts).  PullEnti's referents
are mapped to NEREL types where one fits (:data:`PULLENTI_TYPES`).

``make eval`` prints this section after the NEREL dev tables;
``python -m pipeline.eval.types [--limit N] [--systems project,natasha,pullenti]``
runs it alone.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from pipeline.eval.gold import NEREL_TYPES, data_dir, load_dataset
from pipeline.eval.ner import Counts, Span, score_doc
from pipeline.labels import (
    AGE,
    AWARD,
    CRIME,
    DATE,
    DISEASE,
    EVENT,
    FAC,
    FAMILY,
    IDEOLOGY,
    LANGUAGE,
    LAW,
    LOC,
    MONEY,
    NATIONALITY,
    NUMBER,
    ORDINAL,
    ORG,
    PENALTY,
    PER,
    PERCENT,
    PRODUCT,
    RELIGION,
    ROLE,
    TIME,
    WORK_OF_ART,
)
from pipeline.stages.ner import DATA

ALL_TYPES = (PER, ORG, LOC, FAC, ROLE, MONEY, DATE, TIME, PERCENT, AGE, NUMBER, ORDINAL, EVENT,
             NATIONALITY, LAW, AWARD, PRODUCT, WORK_OF_ART, DISEASE, CRIME, IDEOLOGY, RELIGION,
             PENALTY, FAMILY, LANGUAGE)
# PullEnti referent type -> NEREL type (those with none are left out).
PULLENTI_TYPES = {
    "PERSON": PER, "PERSONPROPERTY": ROLE, "ORGANIZATION": ORG, "GEO": LOC, "MONEY": MONEY,
    "DATE": DATE, "DATERANGE": DATE, "DECREE": LAW, "TRANSPORT": PRODUCT, "WEAPON": PRODUCT,
}
# PullEnti NAMEDENTITY kinds -> NEREL type.
PULLENTI_NAMED_TYPES = {"MONUMENT": FAC, "BUILDING": FAC, "LOCATION": LOC, "PLANET": LOC}


# The whole pipeline's out-of-fold figures over NEREL train (python -m pipeline.train.oof).
OOF_PATH = DATA / "oof.json"


def load_oof(path: Path = OOF_PATH) -> dict:
    """``oof.json``'s figures; empty when it was not built."""
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def nerel_type(raw: str) -> str:
    """A NEREL type's project name: PROFESSION is ROLE, the place types LOC, ..."""
    return NEREL_TYPES.get(raw) or (ROLE if raw == "PROFESSION" else raw)


def gold_spans(doc) -> list[Span]:
    return [Span(e.start, e.stop, nerel_type(e.raw_type), e.text, id=e.id,
                 fragments=e.fragments if len(e.fragments) > 1 else ())
            for e in doc.entities if nerel_type(e.raw_type) in ALL_TYPES]


def pullenti_spans(texts: list[str]) -> list[list[Span]]:
    """PullEnti's referents as NEREL-typed spans (each occurrence a span)."""
    from pullenti.ner.ProcessorService import ProcessorService
    from pullenti.ner.SourceOfAnalysis import SourceOfAnalysis
    from pullenti.Sdk import Sdk

    Sdk.initialize_all()
    proc = ProcessorService.create_processor()
    out = []
    for text in texts:
        spans: list[Span] = []
        try:
            res = proc.process(SourceOfAnalysis(text))
        except Exception:  # noqa: BLE001 - PullEnti fails on a few texts (dates of year 0)
            out.append(spans)
            continue
        for e in res.entities:
            typ = PULLENTI_TYPES.get(e.type_name)
            if e.type_name == "NAMEDENTITY":
                typ = PULLENTI_NAMED_TYPES.get(str(e.get_string_value("KIND") or "").upper())
            if typ is None:
                continue
            for o in e.occurrence:
                spans.append(Span(o.begin_char, o.end_char + 1, typ, text[o.begin_char:o.end_char + 1]))
        out.append(spans)
    return out


def evaluate(docs, preds: dict[str, list[list[Span]]]) -> dict:
    """Per system: token and exact-span counts per type and the micro over all types."""
    out: dict = {"n_docs": len(docs), "types": list(ALL_TYPES), "systems": {}}
    for system, per_doc in preds.items():
        tok = {t: Counts() for t in ALL_TYPES}
        spn = {t: Counts() for t in ALL_TYPES}
        for doc, pred in zip(docs, per_doc, strict=True):
            s = score_doc(doc.text, gold_spans(doc), [p for p in pred if p.type in ALL_TYPES], ALL_TYPES)
            for t in ALL_TYPES:
                tok[t].add(s.tokens[t])
                spn[t].add(s.spans[t])
        out["systems"][system] = {
            "tokens": {t: c.as_dict() for t, c in tok.items()},
            "spans": {t: c.as_dict() for t, c in spn.items()},
            "micro": sum(spn.values(), Counts()).as_dict(),
            "micro_tokens": sum(tok.values(), Counts()).as_dict(),
        }
    return out


def format_table(res: dict, cv: dict | None = None) -> str:
    """The table; ``cv``: the project's out-of-fold figures over NEREL train
    (``oof.json``, :mod:`pipeline.train.oof`), a last column when given."""
    systems = list(res["systems"])
    head = f"{'type':<12}{'gold':>6}" + "".join(f" | {s + ' tok F1':>16} {'span F1':>7}" for s in systems)
    if cv:
        head += f" | {'CV tok F1':>9} {'span F1':>7}"
    lines = [f"== every NEREL type, NEREL dev ({res['n_docs']} documents): token IO F1, exact-span F1 ==",
             "  " + head, "  " + "-" * len(head)]
    first = res["systems"][systems[0]]
    for t in res["types"]:
        c = first["spans"][t]
        line = f"{t:<12}{c['tp'] + c['fn']:>6}"
        for s in systems:
            r = res["systems"][s]
            line += f" | {r['tokens'][t]['f1']:>16.3f} {r['spans'][t]['f1']:>7.3f}"
        if cv and t in cv["types"]:
            line += f" | {cv['types'][t]['tokens']:>9.3f} {cv['types'][t]['spans']:>7.3f}"
        lines.append("  " + line)
    c = first["micro"]
    line = f"{'micro (all)':<12}{c['tp'] + c['fn']:>6}"
    for s in systems:
        r = res["systems"][s]
        line += f" | {r['micro_tokens']['f1']:>16.3f} {r['micro']['f1']:>7.3f}"
    if cv:
        line += f" | {cv['micro']['tokens']:>9.3f} {cv['micro']['spans']:>7.3f}"
    lines.append("  " + line)
    if cv:
        lines.append(f"  (CV: the whole pipeline over NEREL train, {cv['folds']} folds by document, every"
                     " layer and table fit on the other folds: python -m pipeline.train.oof, make train;"
                     " the shipped models are fit on dev too, so CV is the figure that holds on new text)")
    return "\n".join(lines)


def section(docs, preds: dict[str, list[list[Span]]], pullenti: bool = True) -> tuple[dict, str]:
    """The section's result and table, PullEnti added to ``preds`` when installed."""
    preds = dict(preds)
    if pullenti:
        try:
            preds["pullenti"] = pullenti_spans([d.text for d in docs])
        except ImportError:
            pass
    res = evaluate(docs, preds)
    cv = load_oof() if "project" in preds else {}
    res["cv"] = cv
    return res, format_table(res, cv)


def main(argv=None) -> int:
    from pipeline.eval.systems import NatashaSystem, ProjectSystem

    ap = argparse.ArgumentParser(prog="python -m pipeline.eval.types", description=__doc__.split("\n")[0])
    ap.add_argument("--data", help="gold data folder (default: ../shared/data)")
    ap.add_argument("--limit", type=int, default=None, help="documents (quick runs)")
    ap.add_argument("--systems", default="project,natasha,pullenti")
    ap.add_argument("--cache", default="outputs/eval/cache", help="natasha's cached predictions")
    args = ap.parse_args(argv)
    docs = load_dataset("nerel-dev", data_dir(args.data), args.limit)
    wanted = args.systems.split(",")
    preds: dict[str, list[list[Span]]] = {}
    timing = {}
    for name in wanted:
        t = time.perf_counter()
        if name == "project":
            preds[name] = ProjectSystem().predict("nerel-dev", docs)
        elif name == "natasha":
            from pathlib import Path

            preds[name] = NatashaSystem(Path(args.cache)).predict("nerel-dev", docs)
        elif name == "pullenti":
            preds[name] = pullenti_spans([d.text for d in docs])
        timing[name] = time.perf_counter() - t
    print(format_table(evaluate(docs, preds), load_oof() if "project" in preds else None))
    print("  seconds: " + ", ".join(f"{k} {v:.0f}" for k, v in timing.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())

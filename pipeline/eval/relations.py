"""Relation evaluation on NEREL dev, the project against PullEnti: every one
of NEREL's 49 types and their micro average.

A predicted relation counts when its type matches a gold relation's and both
argument spans overlap the gold arguments' spans (ALTERNATIVE_NAME in either
direction).  Precision: share of predicted relations that match some gold
relation; recall: share of gold relations matched by some prediction.
Beside dev: the figures of ``make train``'s cross-validation over the
training documents (``cv`` of ``model.json``; of ``nerel.json`` for the
NEREL relation stage's types; ALTERNATIVE_NAME's with the event links, of
``event-links.json``; WORKPLACE's and HEADQUARTERED_IN's less the pairs the
NEREL stage types otherwise, of ``nerel.json``: all on the pipeline's own
mentions), and the reliability of the
confidences (:mod:`pipeline.eval.reliability`) on dev and cross-validated.

PullEnti (``pip install pullenti``, the ``eval`` extra) has no relation
output: its PersonReferent ATTRIBUTE slots (a PersonPropertyReferent, with a
REF slot to an organization or place) are mapped to WORKS_AS (person → post)
and WORKPLACE (person → REF and post → REF), pairing the nearest occurrences.
Its ``end_char`` is inclusive.
"""

from __future__ import annotations

import time
from pathlib import Path

from pipeline.eval.gold import SPAN_RE, GoldDoc, load_factru, load_nerel
from pipeline.eval.reliability import format_reliability, reliability
from pipeline.labels import (
    ALTERNATIVE_NAME,
    HEADQUARTERED_IN,
    LOCATED_IN,
    NEREL_RELATIONS,
    WORKPLACE,
    WORKS_AS,
)
from pipeline.stages.event_links import load_model as load_event_links
from pipeline.stages.nerel_relations import TYPES as NEREL_TYPES_FOUND
from pipeline.stages.nerel_relations import load_file
from pipeline.stages.relations.model import load_model

TYPES = (WORKS_AS, WORKPLACE, HEADQUARTERED_IN, LOCATED_IN, ALTERNATIVE_NAME)
# the NEREL relation stage's types but those the relation stage has too (LOCATED_IN)
NEREL_STAGE = tuple(t for t in NEREL_TYPES_FOUND if t not in TYPES)
SCORED = TYPES + tuple(t for t in NEREL_RELATIONS if t not in TYPES)  # what make eval prints
Span = tuple[int, int]
Pred = tuple[str, Span, Span]


def gold_relations(doc: GoldDoc, types: tuple[str, ...] = TYPES) -> list[Pred]:
    ents = {e.id: e for e in doc.entities}
    return [(r.type, (ents[r.arg1].start, ents[r.arg1].stop), (ents[r.arg2].start, ents[r.arg2].stop))
            for r in doc.relations if r.type in types and r.arg1 in ents and r.arg2 in ents]


def overlap(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def matches(rtype: str, s: Span, o: Span, gold: Pred) -> bool:
    gtype, gs, go = gold
    if gtype != rtype:
        return False
    return (overlap(s, gs) and overlap(o, go)) or (
        rtype == ALTERNATIVE_NAME and overlap(s, go) and overlap(o, gs))


def score(golds: list[list[Pred]], preds: list[list[Pred]], types: tuple[str, ...] = TYPES) -> dict:
    """Per type: predicted, gold, matched predictions and gold (``tp_pred``,
    ``tp_gold``), P, R, F1."""
    out = {}
    for t in types:
        n_pred = n_gold = tp_pred = tp_gold = 0
        for g, p in zip(golds, preds, strict=True):
            gt = [x for x in g if x[0] == t]
            pt = [x for x in p if x[0] == t]
            n_pred += len(pt)
            n_gold += len(gt)
            tp_pred += sum(any(matches(t, s, o, x) for x in gt) for _, s, o in pt)
            tp_gold += sum(any(matches(t, s, o, x) for _, s, o in pt) for x in gt)
        p = tp_pred / n_pred if n_pred else 0.0
        r = tp_gold / n_gold if n_gold else 0.0
        out[t] = {"pred": n_pred, "gold": n_gold, "tp_pred": tp_pred, "tp_gold": tp_gold,
                  "p": round(p, 4), "r": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}
    return out


def micro(scores: dict) -> dict:
    """P, R, F1 over all the types of ``score``'s result together."""
    n_pred, n_gold, tp_pred, tp_gold = (sum(v[k] for v in scores.values())
                                        for k in ("pred", "gold", "tp_pred", "tp_gold"))
    p = tp_pred / n_pred if n_pred else 0.0
    r = tp_gold / n_gold if n_gold else 0.0
    return {"pred": n_pred, "gold": n_gold, "p": round(p, 4), "r": round(r, 4),
            "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}


def nerel_cv() -> dict[str, dict]:
    """Type -> P, R, F1 of the NEREL relation stage by 3-fold cross-validation
    on NEREL train (the whole pipeline out of fold), as ``nerel.json`` records them."""
    return load_file().get("cv", {}).get("types", {})


def project_predictions(texts: list[str], ids: list[str]) -> tuple[list[list[Pred]], dict, list[list[float]]]:
    """The project's relations per text, the stage timings, and each relation's confidence."""
    from pipeline.nlp import Pipeline

    pipe = Pipeline()
    out: list[list[Pred]] = []
    confidences: list[list[float]] = []
    for i in range(0, len(texts), 16):
        for d in pipe.process_texts(texts[i:i + 16], ids[i:i + 16]):
            spans = {m.mention_id: m.span for m in d.mentions}
            rels = [r for r in d.relations if r.type in SCORED]
            out.append([(r.type, spans[r.subj], spans[r.obj]) for r in rels])
            confidences.append([r.confidence for r in rels])
    return out, dict(pipe.timings), confidences


def scored_confidences(golds: list[list[Pred]], preds: list[list[Pred]],
                       confidences: list[list[float]],
                       types: tuple[str, ...] = TYPES) -> list[tuple[float, bool]]:
    """(confidence, matches a gold relation?) of every prediction of
    ``types`` (by default the relation stage's, as its cross-validated table)."""
    return [(c, any(matches(t, s, o, x) for x in g))
            for g, p, cs in zip(golds, preds, confidences, strict=True)
            for (t, s, o), c in zip(p, cs, strict=True) if t in types]


def pullenti_predictions(texts: list[str]) -> list[list[Pred]]:
    from pullenti.ner.ProcessorService import ProcessorService
    from pullenti.ner.SourceOfAnalysis import SourceOfAnalysis
    from pullenti.Sdk import Sdk

    Sdk.initialize_all()
    proc = ProcessorService.create_processor()
    out = []
    for text in texts:
        preds: list[Pred] = []
        try:
            res = proc.process(SourceOfAnalysis(text))
        except Exception:  # noqa: BLE001 - PullEnti fails on a few texts (dates of year 0)
            out.append(preds)
            continue
        for person in (e for e in res.entities if e.type_name == "PERSON"):
            for slot in person.slots:
                prop = slot.value
                if slot.type_name != "ATTRIBUTE" or not hasattr(prop, "occurrence"):
                    continue
                p, a = _nearest(_spans(person), _spans(prop))
                if p is None:
                    continue
                preds.append((WORKS_AS, p, a))
                for ps in prop.slots:
                    if ps.type_name == "REF" and hasattr(ps.value, "occurrence"):
                        refs = _spans(ps.value)
                        preds.append((WORKPLACE, p, _nearest([p], refs)[1]))
                        preds.append((WORKPLACE, a, _nearest([a], refs)[1]))
        out.append([x for x in preds if x[2] is not None])
    return out


def _spans(referent) -> list[Span]:
    return [(o.begin_char, o.end_char + 1) for o in referent.occurrence]


def _nearest(xs: list[Span], ys: list[Span]) -> tuple[Span | None, Span | None]:
    pairs = [(abs(x[0] - y[0]), x, y) for x in xs for y in ys]
    if not pairs:
        return None, None
    _, x, y = min(pairs)
    return x, y


# ------------------------------------------------------------- factRuEval

Fact = tuple[list[Span], list[Span], list[Span]]  # who, position, where (each: spans)


def factru_occupations(doc: GoldDoc, spans_text: str) -> list[Fact]:
    """Occupation facts: Who and Where (``objN``: coreference chain N) as the
    spans of all the chain's objects, Position as its span."""
    spans = {m[1]: (int(m[3]), int(m[3]) + int(m[4]))
             for m in map(SPAN_RE.match, spans_text.splitlines()) if m}
    objects = {e.id: [(a, b) for _, a, b in e.parts] or [(e.start, e.stop)] for e in doc.entities}
    chains = {c.id: c.entities for c in doc.chains}

    def resolve(ref: str) -> list[Span]:
        if ref.startswith("span"):
            return [spans[ref[4:]]] if ref[4:] in spans else []
        return [s for o in chains.get(ref[3:], ()) for s in objects.get(o, [])]

    return [tuple([s for ref in f.refs(role) for s in resolve(ref)] for role in ("Who", "Position", "Where"))
            for f in doc.facts if f.type == "Occupation"]


def _fact_match(pred: Fact, gold: Fact, with_where: bool) -> bool:
    def hit(xs: list[Span], ys: list[Span]) -> bool:
        return any(overlap(x, y) for x in xs for y in ys)

    who, pos, where = gold
    return (hit(pred[0], who) and (not pos or hit(pred[1], pos))
            and (not with_where or not where or hit(pred[2], where)))


def score_facts(golds: list[list[Fact]], preds: list[list[Fact]]) -> dict:
    out = {}
    for level, with_where in (("who+position", False), ("who+position+where", True)):
        n_pred = sum(map(len, preds))
        n_gold = sum(map(len, golds))
        pairs = list(zip(golds, preds, strict=True))
        tp_pred = sum(any(_fact_match(p, g, with_where) for g in gs) for gs, ps in pairs for p in ps)
        tp_gold = sum(any(_fact_match(p, g, with_where) for p in ps) for gs, ps in pairs for g in gs)
        p = tp_pred / n_pred if n_pred else 0.0
        r = tp_gold / n_gold if n_gold else 0.0
        out[level] = {"pred": n_pred, "gold": n_gold, "p": round(p, 4), "r": round(r, 4),
                      "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}
    return out


def facts_from_relations(preds: list[Pred]) -> list[Fact]:
    """(who, position, where) facts from WORKS_AS and WORKPLACE predictions:
    one per WORKS_AS, its where the WORKPLACE objects of the post or person."""
    places: dict[Span, list[Span]] = {}
    for t, s, o in preds:
        if t == WORKPLACE:
            places.setdefault(s, []).append(o)
    return [([s], [o], places.get(o, []) + places.get(s, [])) for t, s, o in preds if t == WORKS_AS]


def evaluate_relations(data_dir: Path, limit: int | None = None, pullenti: bool = True) -> dict:
    gold_docs = load_nerel("dev", data_dir, limit)
    texts, ids = [g.text for g in gold_docs], [g.doc_id for g in gold_docs]
    golds = [gold_relations(g, SCORED) for g in gold_docs]
    t = time.perf_counter()
    preds, timings, confidences = project_predictions(texts, ids)
    total = sum(timings.values())
    project = score(golds, preds, SCORED)
    result = {"docs": len(gold_docs), "project": project, "project_micro": micro(project),
              "reliability": reliability(scored_confidences(golds, preds, confidences)),
              "nerel_reliability": reliability(scored_confidences(golds, preds, confidences, NEREL_STAGE)),
              "nerel_cv_reliability": load_file().get("cv", {}).get("reliability"),
              "cv": load_model().get("cv"), "nerel_cv": nerel_cv(),
              "event_links_cv": load_event_links().get("cv", {}).get("after"),
              "deference_cv": load_file().get("cv", {}).get("deference", {}).get("after"),
              "nerel_stage_share": round(timings.get("nerel_relations", 0.0) / total, 4) if total else 0.0,
              "project_seconds": round(time.perf_counter() - t, 2),
              "relation_stage_share": round(timings.get("relations", 0.0) / total, 4) if total else 0.0,
              "roles_stage_share": round(timings.get("roles", 0.0) / total, 4) if total else 0.0}
    factru = load_factru(data_dir, limit)
    folder = Path(data_dir) / "factru-dev"
    fgold = [factru_occupations(d, _read(folder / f"{d.doc_id}.spans")) for d in factru]
    ftexts = [d.text for d in factru]
    fpreds, _, _ = project_predictions(ftexts, [d.doc_id for d in factru])
    result["factru_docs"] = len(factru)
    result["factru_project"] = score_facts(fgold, [facts_from_relations(p) for p in fpreds])
    if pullenti:
        try:
            t = time.perf_counter()
            result["pullenti"] = score(golds, pullenti_predictions(texts), SCORED)
            result["pullenti_micro"] = micro(result["pullenti"])
            result["pullenti_seconds"] = round(time.perf_counter() - t, 2)
            result["factru_pullenti"] = score_facts(
                fgold, [facts_from_relations(p) for p in pullenti_predictions(ftexts)])
        except ImportError:
            result["pullenti"] = None
    return result


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.exists() else ""


def format_relations(result: dict) -> str:
    systems = [s for s in ("project", "pullenti") if result.get(s)]
    cv = result.get("cv")
    # the relation classifier's own figure wins where both have the type (LOCATED_IN: the
    # NEREL stage scores only its non-place pairs)
    cvs = {**result.get("nerel_cv", {}), **(cv or {}).get("scores", {})}
    if result.get("event_links_cv"):  # the relation stage's names and the event links together
        cvs[ALTERNATIVE_NAME] = result["event_links_cv"]
    # WORKPLACE and HEADQUARTERED_IN less the pairs the NEREL stage types otherwise
    cvs.update(result.get("deference_cv") or {})
    lines = [f"NEREL dev relations ({result['docs']} docs; overlap match, ALTERNATIVE_NAME either way)",
             f"{'type':<19}" + "".join(f"{s + ' P/R/F1':>26}" for s in systems) + f"{'gold':>7}"
             + (f"{'CV P/R/F1':>26}" if cvs else "")]
    for t in SCORED:
        cells = "".join("{p:>10.3f}{r:>8.3f}{f1:>8.3f}".format(**result[s][t]) for s in systems)
        cv_cells = "{p:>10.3f}{r:>8.3f}{f1:>8.3f}".format(**cvs[t]) if t in cvs else ""
        lines.append(f"{t:<19}{cells}{result['project'][t]['gold']:>7}{cv_cells}")
    cells = "".join("{p:>10.3f}{r:>8.3f}{f1:>8.3f}".format(**result[f"{s}_micro"]) for s in systems)
    lines.append(f"{'micro, all 49':<19}{cells}{result['project_micro']['gold']:>7}")
    if cvs:
        lines.append("CV: 3-fold cross-validation by document over NEREL train (make train; both relation "
                     "stages on the whole pipeline's mentions out of fold), the figure that holds on "
                     "unseen text; the shipped models are fit on NEREL dev too, so dev flatters them")
    if result.get("reliability"):
        lines += ["", format_reliability("Reliability of the project's relation confidences on NEREL dev",
                                         result["reliability"])]
    if cv:
        lines += ["", format_reliability("Reliability, cross-validated on NEREL train, the whole pipeline "
                                         "out of fold", cv["reliability"])]
    if result.get("nerel_reliability"):
        lines += ["", format_reliability("Reliability of the NEREL relation stage's confidences on NEREL dev "
                                         "(its types but LOCATED_IN)", result["nerel_reliability"])]
    if result.get("nerel_cv_reliability"):
        lines += ["", format_reliability("... cross-validated on NEREL train, the whole pipeline out of fold",
                                         result["nerel_cv_reliability"])]
    lines.append(f"project: {result['project_seconds']} s, relation stage "
                 f"{result['relation_stage_share']:.1%}, NEREL relation stage "
                 f"{result['nerel_stage_share']:.1%} and roles stage "
                 f"{result['roles_stage_share']:.1%} of the pipeline's time"
                 + (f"; pullenti: {result['pullenti_seconds']} s" if result.get("pullenti") else ""))
    systems = [s for s in ("project", "pullenti") if result.get(f"factru_{s}")]
    lines.append(f"\nfactRuEval dev Occupation facts ({result['factru_docs']} docs; overlap match)")
    lines.append(f"{'level':<20}" + "".join(f"{s + ' P/R/F1':>26}" for s in systems) + f"{'gold':>7}")
    for level in ("who+position", "who+position+where"):
        cells = "".join("{p:>10.3f}{r:>8.3f}{f1:>8.3f}".format(**result[f"factru_{s}"][level])
                        for s in systems)
        lines.append(f"{level:<20}{cells}{result['factru_project'][level]['gold']:>7}")
    return "\n".join(lines)


format_table = format_relations  # the name ``make eval``'s hook looks for

"""DATE and TIME spans on NEREL: token and exact-span P/R/F1 of the date stage.

``evaluate_dates(split)`` runs the stages the date stage needs (segment,
morph, syntax, dates) over the NEREL documents of ``split`` and compares the
DATE and TIME mentions with NEREL's DATE and TIME (nested ones included: a
DATE inside a TIME counts as a DATE).  ``python -m pipeline.eval.dates
[train|dev]`` prints the table and the stage's milliseconds per document.
The values are scored on the hand-checked set (:mod:`pipeline.eval.date_values`).
"""

from __future__ import annotations

import sys

from pipeline.doc import Document
from pipeline.eval.gold import load_nerel
from pipeline.eval.ner import Counts, Span, span_counts, token_counts
from pipeline.labels import DATE, TIME, TIME_TYPES

# NEREL has no document dates; relative dates need one to get a value (spans do not).
_PUBLISHED = "2019-11-05T10:31:00+00:00"


def evaluate_dates(split: str = "dev", data=None, pipeline=None, limit: int | None = None) -> dict:
    """{type: {"token": Counts, "exact": Counts}} and ``ms_per_doc`` of the date stage."""
    from pipeline.nlp import Pipeline

    pipeline = pipeline or Pipeline(names=("dates",))
    gold_docs = load_nerel(split, data, limit)
    out = {t: {"token": Counts(), "exact": Counts()} for t in TIME_TYPES}
    for k in range(0, len(gold_docs), 32):
        batch = gold_docs[k : k + 32]
        docs = pipeline.process(
            Document(g.doc_id, g.text, published_at=_PUBLISHED, regions=[(0, len(g.text))]) for g in batch
        )
        for g, d in zip(batch, docs, strict=True):
            gold = [
                Span(e.start, e.stop, e.raw_type, e.text, fragments=e.fragments)
                for e in g.entities
                if e.raw_type in TIME_TYPES
            ]
            pred = [Span(m.start, m.stop, m.type, m.text) for m in d.mentions if m.type in TIME_TYPES]
            for t, c in token_counts(g.text, gold, pred, TIME_TYPES).items():
                out[t]["token"].add(c)
            for t, c in span_counts(gold, pred, TIME_TYPES).items():
                out[t]["exact"].add(c)
    out["ms_per_doc"] = 1000 * pipeline.timings.get("dates", 0.0) / max(1, len(gold_docs))
    return out


def main(argv: list[str] | None = None) -> None:
    split = (argv or sys.argv[1:] or ["dev"])[0]
    result = evaluate_dates(split)
    print(f"NEREL {split}        P      R      F1")
    for t in (DATE, TIME):
        for how in ("token", "exact"):
            c = result[t][how]
            print(f"{t:5} {how:6} {c.precision:.3f}  {c.recall:.3f}  {c.f1:.3f}")
    print(f"date stage: {result['ms_per_doc']:.2f} ms/doc")


if __name__ == "__main__":
    main()

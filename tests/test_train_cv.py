"""Cross-validation of the NER layers (``python -m pipeline.train.cv``)."""

from __future__ import annotations

import pytest

from pipeline.eval import gold as gold_mod
from pipeline.eval.gold import GoldDoc
from pipeline.train import cv
from pipeline.train.ner import TaggedDoc

DATA = gold_mod.data_dir()
needs_data = pytest.mark.skipif(
    not (DATA / "nerel" / "train").is_dir() or not (DATA / "factru-dev").is_dir(),
    reason=f"gold data not present at {DATA}",
)


def _doc(doc_id):
    return TaggedDoc(GoldDoc("nerel-train", doc_id, ""), None, [])


def test_folds_are_disjoint_and_follow_the_ids():
    docs = [_doc(i) for i in ("d5", "d1", "d4", "d2", "d3")]
    got = cv.folds(docs, 3)
    assert [[d.gold.doc_id for d in f] for f in got] == [["d1", "d4"], ["d2", "d5"], ["d3"]]
    assert cv.folds(list(reversed(docs)), 3) == got


@needs_data
def test_cross_validation_on_a_few_documents():
    """Two folds over six NEREL and four factRuEval documents: every type
    scored, out of fold, on both; the layers do tag (they learn names)."""
    from pipeline.train.ner import tagged_documents

    nerel = tagged_documents("nerel-train", DATA, limit=6)
    factru = tagged_documents("factru-dev", DATA, limit=4)
    result = cv.cross_validate(nerel, factru, k=2, factru_train=True, log=lambda s: None)
    assert result["nerel"]["docs"] == 6 and result["factru"]["docs"] == 4
    assert set(result["nerel"]["tokens"]) == {"PER", "ORG", "LOC", "FAC"}
    assert set(result["factru"]["spans"]) == {"PER", "ORG", "LOC"}
    assert result["nerel"]["tokens"]["PER"] > 0.5
    assert "PER" in cv.format_result(result)

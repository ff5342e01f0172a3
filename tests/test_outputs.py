"""Files for ML jobs, read back with their own readers: Parquet (pyarrow,
explicit schema), tokens.conllu (the ``conllu`` parser), documents.jsonl."""

from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conllu import parse_incr

from pipeline.write.schema import SCHEMAS

from .sample_run import SEED_ID, nested_pair, sample_run


@pytest.fixture(scope="module")
def out(tmp_path_factory, pipe):
    return sample_run(tmp_path_factory.mktemp("ml"))


def test_parquet_schema_is_the_declared_one(out):
    for name, schema in SCHEMAS.items():
        read = pq.read_schema(out / f"{name}.parquet")
        assert read.names == schema.names, name
        for f in schema:
            assert read.field(f.name).type == f.type, (name, f.name)
    tokens = pq.read_schema(out / "tokens.parquet")
    assert tokens.field("sent_idx").type == pa.int32()
    assert tokens.field("start").type == pa.int64()
    assert pa.types.is_dictionary(pq.read_schema(out / "mentions.parquet").field("type").type)
    money = pq.read_table(out / "money.parquet").to_pylist()
    seed = next(m for m in money if m["doc_id"] == SEED_ID)
    assert seed["amount"] == 4_700_000_000 and seed["currency"] == "USD"


def test_conllu_reads_back(out):
    with open(out / "tokens.conllu", encoding="utf-8") as fh:
        sentences = list(parse_incr(fh))
    tokens = pq.read_table(out / "tokens.parquet").to_pylist()
    assert sum(len(s) for s in sentences) == len(tokens)
    first = sentences[0]
    assert first.metadata["newdoc id"] == SEED_ID
    assert first.metadata["sent_id"] == f"{SEED_ID}:0"
    assert first.metadata["text"] == "Укреплять отношения с Санкт-Петербургом договорились в Алматы"
    ids = [s.metadata["sent_id"] for s in sentences]
    assert len(ids) == len(set(ids))
    assert all("\n" not in s.metadata["text"] for s in sentences)
    by_form = {}
    for s in sentences:
        for t in s:
            by_form.setdefault(t["form"], t)
    assert by_form["Сагинтаев"]["misc"]["NER"] == "I-PER"
    assert by_form["Бакытжан"]["misc"]["NER"] == "B-PER"
    assert by_form["Бакытжан"]["upos"] == "PROPN"
    # «Капитановым прибыла»: a space follows; «миссией,»: the comma is glued.
    assert by_form["миссией"]["misc"]["SpaceAfter"] == "No"
    assert "SpaceAfter" not in by_form["прибыла"]["misc"]


def test_conllu_tags_follow_the_outermost_mention(out):
    with open(out / "tokens.conllu", encoding="utf-8") as fh:
        sentences = list(parse_incr(fh))
    tokens = [t for t in pq.read_table(out / "tokens.parquet").to_pylist() if t["doc_id"] == SEED_ID]
    o, i = nested_pair(out, SEED_ID)  # e.g. ROLE «аким Алматы» around LOC «Алматы»
    sent = next(s for s in sentences if s.metadata["sent_id"] == f"{SEED_ID}:{o['sent_idx']}")
    inside = [t["tok_idx"] for t in tokens
              if t["sent_idx"] == o["sent_idx"] and o["start"] <= t["start"] and t["stop"] <= o["stop"]]
    tags = [sent[k]["misc"]["NER"] for k in inside]
    assert tags == [f"B-{o['type']}"] + [f"I-{o['type']}"] * (len(inside) - 1)
    for s in sentences:
        prev = "O"
        for t in s:
            tag = t["misc"]["NER"]
            assert tag == "O" or tag[:2] in ("B-", "I-")
            if tag.startswith("I-"):
                assert prev[2:] == tag[2:], (s.metadata["sent_id"], t["form"])
            prev = tag


def test_documents_jsonl(out):
    records = [json.loads(line) for line in (out / "documents.jsonl").read_text("utf-8").splitlines()]
    assert [r["doc_id"] for r in records] == [SEED_ID, "j1", "evil"]
    seed = records[0]
    assert seed["title"] == "Укреплять отношения с Санкт-Петербургом договорились в Алматы"
    for rec in records:
        ids = {e["mention_id"] for e in rec["entities"]}
        for e in rec["entities"]:
            assert rec["text"][e["start"]:e["stop"]] == e["text"]
        for r in rec["relations"]:
            assert r["subj"] in ids and r["obj"] in ids
        for a, b in rec["sentences"]:
            assert 0 <= a < b <= len(rec["text"])
    money = next(e for e in seed["entities"] if e["type"] == "MONEY")
    assert (money["text"], money["amount"], money["currency"]) == \
        ("4,7 млрд долларов", "4700000000", "USD")
    people = {e["normal"] for e in seed["entities"] if e["type"] == "PER"}
    assert "Бакытжан Сагинтаев" in people
    evil = records[2]
    assert evil["text"].startswith("<script>") and evil["title"].startswith("=HYPERLINK")

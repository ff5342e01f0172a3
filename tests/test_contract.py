"""The output contract (../shared/spec/outputs.md), checked on a real run of the CLI."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.cli import main
from pipeline.write.safe import unneutralize

from .conftest import SEEDS

REQUIRED = {
    "documents": ["doc_id", "source", "title", "published_at", "author", "url", "n_sentences",
                  "n_tokens", "status", "error"],
    "tokens": ["doc_id", "sent_idx", "tok_idx", "start", "stop", "text", "lemma", "pos", "feats",
               "head", "rel"],
    "mentions": ["doc_id", "mention_id", "sent_idx", "start", "stop", "text", "type", "normal",
                 "entity_id"],
    "entities": ["entity_id", "type", "name", "n_mentions", "n_docs"],
    "money": ["doc_id", "mention_id", "start", "stop", "text", "amount", "currency", "amount_max"],
    "dates": ["doc_id", "mention_id", "start", "stop", "text", "type", "value", "value_end", "kind",
              "anchor"],
    "quantities": ["doc_id", "mention_id", "start", "stop", "text", "type", "value", "value_max"],
    "relations": ["doc_id", "relation_id", "type", "subj_mention_id", "obj_mention_id",
                  "subj_text", "obj_text", "sent_idx", "evidence", "confidence"],
    "events": ["doc_id", "mention_id", "start", "stop", "text", "normal", "sent_idx", "date_mention_id",
               "date_value", "place_mention_id", "place", "participants", "participant_entity_ids"],
}


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory, pipe):
    root = tmp_path_factory.mktemp("contract")
    inp = root / "in"
    (inp / "2019").mkdir(parents=True)
    shutil.copy(next(SEEDS.glob("*.txt")), inp / "2019")
    records = [
        {"id": "j1", "title": "Финансы", "text": "Министр финансов России Антон Силуанов заявил, "
         "что дефицит бюджета составит 1,5 трлн рублей.\n\nЦБ РФ сохранил ключевую ставку."
         "\n\nИнфляция по итогам года составила 5,4%."},
        {"id": "j2", "text": "=HYPERLINK(\"http://evil\") Мэр Москвы Сергей Собянин открыл парк."},
    ]
    (inp / "feed.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    out = root / "out"
    assert main(["run", str(inp), "-o", str(out), "--workers", "1", "--quiet"]) == 0
    return inp, out


def read_csv(out: Path, name: str) -> list[dict]:
    with open(out / f"{name}.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def sources(inp: Path) -> dict[str, str]:
    texts = {"2019/000_45e820025c7afbec":
             (inp / "2019" / "000_45e820025c7afbec.txt").read_bytes().decode("utf-8")}
    for line in (inp / "feed.jsonl").read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        texts[rec["id"]] = rec["text"]
    return texts


def test_every_file_and_column(run_dir):
    _, out = run_dir
    for name, cols in REQUIRED.items():
        header = next(csv.reader(open(out / f"{name}.csv", encoding="utf-8")))
        assert header[:len(cols)] == cols, name
        table = pq.read_table(out / f"{name}.parquet")
        assert table.column_names[:len(cols)] == cols, name
    info = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert info["counts"]["documents"] == 3
    assert info["pipeline_version"] and info["models"] and "seconds" in info["timings"]


@pytest.mark.parametrize("table", ["tokens", "mentions", "money", "quantities"])
def test_offsets_index_the_source(run_dir, table):
    inp, out = run_dir
    texts = sources(inp)
    rows = read_csv(out, table)
    assert rows, table
    for r in rows:
        src = texts[r["doc_id"]]
        assert src[int(r["start"]):int(r["stop"])] == unneutralize(r["text"]), r
    for r in pq.read_table(out / f"{table}.parquet").to_pylist():
        assert texts[r["doc_id"]][r["start"]:r["stop"]] == r["text"]


def test_every_mention_has_a_normal_and_an_entity_and_places_a_kind(run_dir):
    from pipeline.labels import LOC, PLACE_KINDS

    _, out = run_dir
    mentions = read_csv(out, "mentions")
    entities = {e["entity_id"] for e in read_csv(out, "entities")}
    assert all(m["normal"] and m["entity_id"] in entities for m in mentions)
    assert all((m["kind"] in PLACE_KINDS) == (m["type"] == LOC) for m in mentions)


def test_ids_unique_and_joinable(run_dir):
    _, out = run_dir
    mentions = read_csv(out, "mentions")
    ids = [m["mention_id"] for m in mentions]
    assert len(ids) == len(set(ids))
    by_id = {m["mention_id"]: m for m in mentions}
    entities = {e["entity_id"]: e for e in read_csv(out, "entities")}
    assert all(m["entity_id"] in entities for m in mentions)
    for e in entities.values():
        n = sum(1 for m in mentions if m["entity_id"] == e["entity_id"])
        assert int(e["n_mentions"]) == n
    for mo in read_csv(out, "money"):
        assert by_id[mo["mention_id"]]["type"] == "MONEY"
    rels = read_csv(out, "relations")
    assert len({r["relation_id"] for r in rels}) == len(rels)
    for r in rels:
        assert r["subj_mention_id"] in by_id and r["obj_mention_id"] in by_id
        assert 0.0 <= float(r["confidence"]) <= 1.0
    docs = {d["doc_id"] for d in read_csv(out, "documents")}
    assert docs == {"2019/000_45e820025c7afbec", "j1", "j2"}
    assert {m["doc_id"] for m in mentions} <= docs


def test_formula_cells_are_neutralized(run_dir):
    _, out = run_dir
    tokens = read_csv(out, "tokens")
    first = next(t for t in tokens if t["doc_id"] == "j2" and t["tok_idx"] == "0")
    assert first["text"] == "'="
    pq_first = next(t for t in pq.read_table(out / "tokens.parquet").to_pylist()
                    if t["doc_id"] == "j2" and t["tok_idx"] == 0)
    assert pq_first["text"] == "="


def test_money_value_in_units(run_dir):
    _, out = run_dir
    money = {(m["doc_id"], m["text"]): m for m in read_csv(out, "money")}
    seed = money[("2019/000_45e820025c7afbec", "4,7 млрд долларов")]
    assert (seed["amount"], seed["currency"], seed["amount_max"]) == ("4700000000", "USD", "")
    j1 = money[("j1", "1,5 трлн рублей")]
    assert (j1["amount"], j1["currency"]) == ("1500000000000", "RUB")


def test_officials_split_posts_from_places(run_dir):
    """officials.csv of the seed article and the feed: the post alone in
    ``role``, what it is of in ``place``, the full form in ``role_full``
    (checked by eye)."""
    _, out = run_dir
    rows = read_csv(out, "officials")
    got = {(r["doc_id"], r["person"], r["role"], r["place"]) for r in rows}
    seed = "2019/000_45e820025c7afbec"
    assert {
        (seed, "Бакытжан Сагинтаев", "аким", "Алматы"),
        (seed, "Ержан Бабакумаров", "заместитель акима", "Алматы"),
        (seed, "Евгений Бобров", "генеральный консул", "Российская Федерация"),
        (seed, "Евгений Бобров", "генеральный консул", "Алматы"),
        (seed, "Олег Капитанов", "член правительства", "Санкт-Петербург"),
        (seed, "Леонид Захожаев", "солист", "Мариинский театр"),
        ("j1", "Антон Силуанов", "министр финансов", "Россия"),
        ("j2", "Сергей Собянин", "мэр", "Москва"),
    } <= got
    assert any(r["person"] == "Олег Капитанов" and r["role"] == "председатель"
               and r["place"].startswith("комитет по межнациональным отношениям") for r in rows)
    keys = [(r["doc_id"], r["person_entity_id"], r["role"], r["place_entity_id"]) for r in rows]
    assert len(keys) == len(set(keys))
    full = {(r["person"], r["role"]): r["role_full"] for r in rows}
    assert full["Ержан Бабакумаров", "заместитель акима"] == "заместитель акима города Алматы"
    assert full["Сергей Собянин", "мэр"] == "мэр Москвы"
    assert [r.to_pylist() for r in pq.read_table(out / "officials.parquet").select(["role"]).columns] \
        == [[r["role"] for r in rows]]


def test_role_columns_of_mentions_join(run_dir):
    _, out = run_dir
    mentions = read_csv(out, "mentions")
    by_id = {m["mention_id"]: m for m in mentions}
    roles = [m for m in mentions if m["type"] == "ROLE"]
    assert {(m["text"], m["role"], m["role_of"]) for m in roles} >= {
        ("заместитель акима города Алматы", "заместитель акима", "Алматы"),
        ("Министр финансов России", "министр финансов", "Россия"),
        ("Мэр Москвы", "мэр", "Москва")}
    for m in roles:
        if m["role_of_mention_id"]:
            place = by_id[m["role_of_mention_id"]]
            assert place["type"] in ("ORG", "LOC") and place["entity_id"] == m["role_of_entity_id"]
    assert all(m["role"] == m["role_of"] == "" for m in mentions if m["type"] != "ROLE")


def test_quantities_rows_carry_values(run_dir):
    _, out = run_dir
    rows = {(r["doc_id"], r["text"]): r for r in read_csv(out, "quantities")}
    row = rows[("j1", "5,4%")]
    assert (row["type"], row["value"], row["value_max"]) == ("PERCENT", "5.4", "")
    mentions = {r["mention_id"]: r for r in read_csv(out, "mentions")}
    assert mentions[row["mention_id"]]["type"] == "PERCENT"
    table = pq.read_table(out / "quantities.parquet").to_pylist()
    assert [r["value"] for r in table if r["text"] == "5,4%"] == [5.4]
    officials = next(csv.reader(open(out / "officials.csv", encoding="utf-8")))
    assert officials[-2:] == ["since", "until"]


def test_dates_rows_of_the_seed(run_dir):
    """The seed (published 2019-11-05) says «За 2018 год»: a DATE row valued 2018."""
    pytest.importorskip("pipeline.stages.dates")
    inp, out = run_dir
    texts = sources(inp)
    rows = read_csv(out, "dates")
    for r in rows:
        assert texts[r["doc_id"]][int(r["start"]):int(r["stop"])] == unneutralize(r["text"]), r
    assert any("2018" in r["text"] and r["value"] == "2018" and r["type"] == "DATE" for r in rows)

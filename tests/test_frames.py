"""``pipeline.load``: a run's tables as typed DataFrames, from Parquet or CSV."""

from __future__ import annotations

import shutil
import subprocess
import sys
from decimal import Decimal

import pandas as pd
import pyarrow as pa
import pytest

import pipeline
from pipeline.labels import LOC, MONEY, PER, ROLE, WORKS_AS
from pipeline.write.schema import SCHEMAS

from .conftest import ROOT
from .sample_run import RECORDS, SEED_ID, sample_run, source_text


@pytest.fixture(scope="module")
def out(tmp_path_factory, pipe):
    return sample_run(tmp_path_factory.mktemp("load"))


@pytest.fixture(scope="module")
def csv_only(out, tmp_path_factory):
    """The same run with its Parquet files gone: ``load`` reads the CSVs."""
    folder = tmp_path_factory.mktemp("load_csv")
    for path in out.glob("*.csv"):
        shutil.copy(path, folder)
    shutil.copy(out / "documents.jsonl", folder)
    return folder


@pytest.fixture(scope="module")
def frames(out):
    return pipeline.load(out)


def expected_dtype(t: pa.DataType):
    if t == pa.int32():
        return pd.Int32Dtype()
    if t == pa.int64():
        return pd.Int64Dtype()
    if t == pa.float32():
        return "float32"
    if t == pa.float64():
        return "float64"
    if pa.types.is_decimal(t):
        return "object"
    if pa.types.is_dictionary(t):
        return "category"
    assert t == pa.string()
    return "str"


def test_every_table_in_schema_order(frames):
    assert list(frames) == [n for n in SCHEMAS if n in frames]
    assert {"documents", "tokens", "mentions", "entities", "money", "relations"} <= set(frames)


@pytest.mark.parametrize("source", ["parquet", "csv"])
def test_dtypes_are_the_schema(source, out, csv_only):
    frames = pipeline.load(out if source == "parquet" else csv_only)
    for name, df in frames.items():
        schema = SCHEMAS[name]
        assert list(df.columns) == schema.names
        for field in schema:
            assert df[field.name].dtype == expected_dtype(field.type), (name, field.name)


def test_money_exact(frames):
    money = frames["money"]
    row = money[money["text"] == "4,7 млрд долларов"].iloc[0]
    assert row["doc_id"] == SEED_ID
    assert row["amount"] == Decimal("4700000000") and isinstance(row["amount"], Decimal)
    assert row["currency"] == "USD"
    assert row["amount_max"] is None
    j1 = money[money["doc_id"] == "j1"].iloc[0]
    assert (j1["text"], j1["amount"], j1["currency"]) == ("1,5 трлн рублей", Decimal("1500000000000"), "RUB")
    assert money["amount"].sum() == Decimal("1504700000000")  # exact, no float rounding


@pytest.mark.parametrize("table", ["tokens", "mentions", "money"])
def test_offsets_index_the_source(frames, out, table):
    df = frames[table]
    for doc_id, rows in df.groupby("doc_id"):
        text = source_text(out, doc_id)
        for start, stop, piece in zip(rows["start"], rows["stop"], rows["text"], strict=True):
            assert text[start:stop] == piece


def test_real_rows(frames):
    m = frames["mentions"]
    person = m[(m["doc_id"] == SEED_ID) & (m["text"] == "Бакытжан Сагинтаев")].iloc[0]
    assert (person["type"], person["first"], person["last"]) == (PER, "Бакытжан", "Сагинтаев")
    role = m[(m["doc_id"] == SEED_ID) & (m["text"] == "аким Алматы")].iloc[0]
    assert role["type"] == ROLE and role["role_of"] == "Алматы"
    assert m.loc[m["mention_id"] == role["role_of_mention_id"], "type"].item() == LOC
    assert set(m["type"]) >= {PER, LOC, ROLE, MONEY}
    r = frames["relations"]
    works = r[(r["type"] == WORKS_AS) & (r["subj_mention_id"] == person["mention_id"])]
    assert works["obj_text"].tolist() == ["аким Алматы"]
    assert r["confidence"].between(0, 1).all()
    doc = frames["documents"].set_index("doc_id").loc[SEED_ID]
    assert (doc["n_sentences"], doc["n_tokens"], doc["status"]) == (16, 296, "ok")


def test_csv_reads_as_parquet(frames, csv_only):
    """Same values either way, the formula guard of the CSV taken off."""
    from_csv = pipeline.load(csv_only)
    assert list(from_csv) == list(frames)
    for name, df in frames.items():
        pd.testing.assert_frame_equal(from_csv[name], df, check_categorical=False, obj=name)
    titles = from_csv["documents"].set_index("doc_id")["title"]
    assert titles["evil"] == RECORDS[1]["title"]  # «=HYPERLINK(...)», written as «'=HYPERLINK(...)»
    assert (csv_only / "documents.csv").read_text(encoding="utf-8").count("'=HYPERLINK") == 1


@pytest.mark.parametrize("source", ["parquet", "csv"])
def test_doc_ids_and_tables(source, out, csv_only, frames):
    folder = out if source == "parquet" else csv_only
    some = pipeline.load(folder, tables=["mentions", "entities"], doc_ids=["j1"])
    assert list(some) == ["mentions", "entities"]
    assert set(some["mentions"]["doc_id"]) == {"j1"}
    assert "Антон Силуанов" in set(some["mentions"]["text"])
    assert len(some["entities"]) == len(frames["entities"])  # corpus-wide: whole


def test_missing(out, tmp_path):
    with pytest.raises(KeyError, match="weather"):
        pipeline.load(out, tables=["weather"])
    with pytest.raises(FileNotFoundError):
        pipeline.load(tmp_path)


def test_import_stays_light():
    code = ("import sys, pipeline; assert 'pandas' not in sys.modules; "
            "pipeline.load; assert 'pandas' in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)

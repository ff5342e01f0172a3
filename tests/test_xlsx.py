"""entities.xlsx and --csv-bom: what an analyst opening them in a spreadsheet gets."""

from __future__ import annotations

import csv

import pytest
from openpyxl import load_workbook

from pipeline.write import xlsx
from pipeline.write.readback import table_names

from .sample_run import SEED_ID, sample_run


@pytest.fixture(scope="module")
def out(tmp_path_factory, pipe):
    return sample_run(tmp_path_factory.mktemp("xlsx"), "--excel", "--csv-bom")


@pytest.fixture(scope="module")
def book(out):
    return load_workbook(out / "entities.xlsx")


def rows(ws) -> list[dict]:
    values = list(ws.iter_rows(values_only=True))
    return [dict(zip(values[0], r, strict=True)) for r in values[1:]]


def test_one_sheet_per_table(out, book):
    assert book.sheetnames == [*table_names(out), "about"]
    for name in table_names(out):
        ws = book[name]
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:")
        header = [c.value for c in ws[1]]
        assert header == next(csv.reader(open(out / f"{name}.csv", encoding="utf-8-sig")))
    assert book["relations"].column_dimensions["I"].width == 80  # evidence


def test_numbers_are_numbers_and_cyrillic_intact(book):
    money = {r["text"]: r for r in rows(book["money"])}
    seed = money["4,7 млрд долларов"]
    assert seed["doc_id"] == SEED_ID
    assert seed["amount"] == 4_700_000_000 and seed["currency"] == "USD"
    tokens = rows(book["tokens"])
    assert isinstance(tokens[0]["start"], int) and isinstance(tokens[0]["sent_idx"], int)
    people = {r["name"] for r in rows(book["entities"]) if r["type"] == "PER"}
    assert {"Бакытжан Сагинтаев", "Сергей Собянин"} <= people


def test_no_cell_is_a_formula(book):
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (ws.title, c.coordinate, c.value)
    title = next(r["title"] for r in rows(book["documents"]) if r["doc_id"] == "evil")
    assert title == "'=HYPERLINK(\"http://evil\",\"клик\")"


def test_csv_bom_and_neutralized_cells(out):
    raw = (out / "documents.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with open(out / "documents.csv", encoding="utf-8-sig", newline="") as fh:
        docs = {r["doc_id"]: r for r in csv.DictReader(fh)}
    assert docs["evil"]["title"].startswith("'=HYPERLINK")
    assert docs[SEED_ID]["title"].startswith("Укреплять отношения")
    assert docs[SEED_ID]["n_tokens"].isdigit()


def test_rows_beyond_the_sheet_limit_are_noted(out, tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_ROWS", 6)
    for name in table_names(out):
        (tmp_path / f"{name}.parquet").write_bytes((out / f"{name}.parquet").read_bytes())
    book = load_workbook(xlsx.write_xlsx(tmp_path))
    assert book["tokens"].max_row == 6
    about = {r[0]: r[1] for r in book["about"].iter_rows(values_only=True)}
    assert "more rows left out" in about["tokens"]
    assert about["documents"] == "3 rows"

"""Spreadsheet-safe cells: formulas neutralized, control characters stripped,
and the CSV offset invariant kept once a leading ' is removed."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.write.safe import neutralize, safe_cell, safe_column, strip_control, unneutralize
from pipeline.write.tables import TableSet


@pytest.mark.parametrize("value", [
    "=1+1", "=HYPERLINK(\"http://evil\")", "@SUM(A1)", "+cmd|' /C calc'!A0", "-2+3",
    "\t=1", "\r=1", "-", "+-", "+7 (495) 123-45-67", "--x",
])
def test_formula_cells_get_a_quote(value):
    if value == "-":
        assert safe_cell(value) == "-"  # a lone dash token stays
    else:
        assert safe_cell(value).startswith("'"), value


@pytest.mark.parametrize("value", ["-5", "+3", "-1,5", "- 12 000", "10%", "Москва", "'quoted", ""])
def test_plain_cells_stay(value):
    assert safe_cell(value) == value


def test_control_characters_stripped_before_neutralizing():
    assert safe_cell("\x00=1+1") == "'=1+1"  # the NUL must not hide the formula
    assert safe_cell("a\x1b[31mb\x7f\x85c") == "a[31mbc"
    assert safe_cell("строка\tс\nпереводом\r") == "строка\tс\nпереводом\r"


def _reads_as_neutralized(value: str) -> bool:
    """«'@x»: a text that already looks like a neutralized formula."""
    return value.startswith("'") and neutralize(value[1:]) != value[1:]


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_safe_cell_is_never_a_formula_and_round_trips(value):
    cell = safe_cell(value)
    assert strip_control(cell) == cell
    if strip_control(value) == value and not _reads_as_neutralized(value):
        assert unneutralize(cell) == value
    assert neutralize(cell) == cell  # idempotent: a neutralized cell is text


def test_a_text_that_looks_neutralized_is_ambiguous():
    """The contract prefixes ' to formulas only, so a text «'@x» (no formula:
    it starts with ') is written as is and reads back like the neutralized
    «@x».  Tokens never look like this: razdel makes ' a token of its own."""
    assert safe_cell("'@x") == "'@x" == safe_cell("@x")
    assert unneutralize("'@x") == "@x"


# Cells as tokens and sentences of Russian news have them, and the ones a
# column's shortcut must not miss: a formula, a lone or signed dash, control
# characters, a no-break space (not printable), a line break before a «-».
CELLS = ["Москва", "-", "—", "+7 (495) 123-45-67", "=1+1", "@SUM(A1)", "-2+3", "\t=1",
         "\x00=1", "a\x1bb", "12\xa0000", "строка\n-1+2", "\r", "", "'@x"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(CELLS), st.text()), max_size=8))
def test_safe_column_is_safe_cell_of_every_cell(values):
    assert safe_column(values) == [safe_cell(v) for v in values]


def test_safe_column_of_cells_that_are_not_text():
    assert safe_column(["=a", None, 5, "б"]) == ["'=a", "", "5", "б"]


def test_csv_table_writes_safe_cells(tmp_path):
    tables = TableSet(tmp_path, ["tokens"], ("csv",))
    tables.add("tokens", {"doc_id": ["d\x00"], "sent_idx": [0], "tok_idx": [0], "start": [0],
                          "stop": [4], "text": ["=cmd"], "lemma": ["@x"], "pos": ["X"],
                          "feats": [""], "head": [0], "rel": ["root"]})
    tables.commit()
    text = (tmp_path / "tokens.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert rows[0]["doc_id"] == "d"
    assert rows[0]["text"] == "'=cmd" and rows[0]["lemma"] == "'@x"
    assert rows[0]["start"] == "0"

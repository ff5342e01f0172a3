"""The table writers (pipeline/write/tables.py): CSV exactly as the csv
module writes the rows (the contract's dialect), Parquet with the same values."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pyarrow.parquet as pq
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.write.safe import safe_cell
from pipeline.write.schema import NUMERIC, SCHEMAS, columns, to_columns
from pipeline.write.tables import TableSet, format_number

# Cells that need the csv module's quoting, the formula guard or both.
TEXTS = ["Москва", "ООО «Ромашка», Казань", 'он сказал "да"', "строка\nвторая", "a\r\nb",
         "=1+1", "-", "-5", "+7 (495) 123-45-67", "\x00=1", "12\xa0000", "", " пробел "]


def _csv_module(rows: list[dict], name: str, bom: bool) -> bytes:
    """The rows as the csv module writes them, cell by cell."""
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(columns(name))
    numeric = NUMERIC[name]
    for r in rows:
        w.writerow([format_number(r[c]) if c in numeric else safe_cell(str(r[c] or ""))
                    for c in columns(name)])
    return ("\ufeff" if bom else "").encode() + buf.getvalue().encode("utf-8")


_text = st.one_of(st.sampled_from(TEXTS), st.text(st.characters(exclude_categories=("Cs",))))
_relation = st.fixed_dictionaries({
    "doc_id": _text, "relation_id": _text, "type": st.sampled_from(["WORKS_AS", "=x"]),
    "subj_mention_id": _text, "obj_mention_id": _text, "subj_text": _text, "obj_text": _text,
    "sent_idx": st.one_of(st.none(), st.integers(-2**31, 2**31 - 1)), "evidence": _text,
    "confidence": st.sampled_from([0.5, 1.0, 0.123, None]), "subj_type": st.sampled_from(["PER"]),
    "obj_type": st.sampled_from(["ORG", "-"]), "subj_entity_id": _text,
    "obj_entity_id": st.one_of(st.none(), _text), "source": st.sampled_from(["rules", "@"]),
})


@settings(max_examples=150, deadline=None)
@given(st.lists(_relation, max_size=6), st.integers(1, 4), st.booleans())
def test_csv_is_the_csv_modules_and_parquet_holds_the_values(tmp_path_factory, rows, chunk, bom):
    out = tmp_path_factory.mktemp("t")
    tables = TableSet(out, ["relations"], ("csv", "parquet"), bom, chunk_rows=chunk)
    for i in range(0, len(rows), 2):  # two rows a document
        tables.add("relations", to_columns(rows[i:i + 2], "relations"))
    tables.commit()
    assert (out / "relations.csv").read_bytes() == _csv_module(rows, "relations", bom)
    back = pq.read_table(out / "relations.parquet").to_pylist()
    assert [{k: v for k, v in r.items() if k != "confidence"} for r in back] == [
        {k: v for k, v in r.items() if k != "confidence"} for r in rows]


def test_numbers_are_written_bare(tmp_path):
    """Money amounts as exact decimals, percents without float noise."""
    tables = TableSet(tmp_path, ["money", "quantities"], ("csv",))
    tables.add_rows("money", [{
        "doc_id": "d", "mention_id": "T1", "start": 0, "stop": 12, "text": "4,7 млрд долларов",
        "amount": Decimal("4700000000.000000"), "currency": "USD", "amount_max": None,
        "sent_idx": 0, "qualifier": ""}])
    tables.add_rows("quantities", [{
        "doc_id": "d", "mention_id": "T2", "start": 20, "stop": 25, "text": "5,40%", "type": "PERCENT",
        "value": 5.4, "value_max": 69.0, "sent_idx": 1}])
    tables.commit()
    money = (tmp_path / "money.csv").read_text(encoding="utf-8").splitlines()
    assert money[1] == 'd,T1,0,12,"4,7 млрд долларов",4700000000,USD,,0,'
    quantities = (tmp_path / "quantities.csv").read_text(encoding="utf-8").splitlines()
    assert quantities[1] == 'd,T2,20,25,"5,40%",PERCENT,5.4,69,1'
    assert SCHEMAS["money"].names == money[0].split(",")

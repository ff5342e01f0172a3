"""``entities.xlsx``: the run's tables as one workbook for spreadsheet users.

Built from the tables just written (Parquet, else CSV), streamed row by row
through openpyxl's write-only mode, so a big table never sits in memory.  One
sheet per table with a frozen header row, filters and set column widths;
numbers stay numbers, text cells go through :func:`safe_cell` (a leading
``'`` before anything a spreadsheet would run as a formula, as in the CSVs),
so no cell is ever stored as a formula.  A sheet holds at most Excel's
1,048,576 rows; the ``about`` sheet says when a table was cut.
"""

from __future__ import annotations

import logging
import os
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from pipeline.write.readback import columns_of, iter_rows, table_names
from pipeline.write.safe import safe_cell

log = logging.getLogger("pipeline")

MAX_ROWS = 1_048_576  # Excel's limit, header row included
MAX_CELL = 32_767  # Excel's limit on characters in a cell
WIDE = {"text": 30, "evidence": 80, "title": 50, "error": 40, "name": 36, "normal": 36,
        "url": 40, "source": 30, "subj_text": 30, "obj_text": 30, "feats": 30, "doc_id": 28}


def column_width(name: str) -> float:
    if name in WIDE:
        return WIDE[name]
    if name.endswith("_id"):
        return 24
    return max(10, len(name) + 3)


def cell(value):
    """A number as a number; anything else as text that is never a formula."""
    if value is None:
        return None
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float | Decimal):
        return value
    text = safe_cell(str(value))
    return text if len(text) <= MAX_CELL else text[:MAX_CELL - 1] + "…"


def _write_sheet(wb: Workbook, out: Path, name: str) -> tuple[int, int]:
    """Fill sheet ``name``; returns (rows written, rows left out)."""
    cols = columns_of(out, name)
    ws = wb.create_sheet(title=name[:31])
    ws.freeze_panes = "A2"
    for i, c in enumerate(cols, 1):
        ws.column_dimensions[get_column_letter(i)].width = column_width(c)
    ws.append(cols)
    written = left_out = 0
    for row in iter_rows(out, name):
        if written + 1 >= MAX_ROWS:
            left_out += 1
            continue
        ws.append([cell(row.get(c)) for c in cols])
        written += 1
    if cols:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{written + 1}"
    return written, left_out


def write_xlsx(out: Path) -> Path:
    """Write ``out/entities.xlsx`` from the tables in ``out``."""
    out = Path(out)
    path, tmp = out / "entities.xlsx", out / ".entities.xlsx.tmp"
    wb = Workbook(write_only=True)
    notes = []
    for name in table_names(out):
        written, left_out = _write_sheet(wb, out, name)
        note = f"{written} rows"
        if left_out:
            note += f"; {left_out} more rows left out (Excel holds {MAX_ROWS - 1:,} per sheet)"
            log.warning("entities.xlsx: sheet %s cut at %d rows", name, written)
        notes.append((name, note))
    about = wb.create_sheet(title="about")
    about.column_dimensions["A"].width = 16
    about.column_dimensions["B"].width = 80
    about.append(["sheet", "contents"])
    for name, note in notes:
        about.append([name, note])
    about.append(["source", "the CSV/Parquet tables of this folder; see the README of ru-entity-pipeline"])
    try:
        wb.save(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path

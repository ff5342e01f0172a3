"""Streaming, atomic table writers (CSV and Parquet).

Rows arrive in chunks and are written as they come, so a run never holds a
whole table in memory.  Every file is written under a temporary name in the
output folder and renamed into place only when the run completes: a killed
run leaves the previous complete outputs readable.
"""

from __future__ import annotations

import csv
import os
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.write.safe import safe_cell
from pipeline.write.schema import NUMERIC, SCHEMAS, columns


def format_number(value) -> str:
    """Numbers as CSV text: exact decimals without exponent or float noise."""
    if value.__class__ is int:
        return str(value)
    if value is None:
        return ""
    if isinstance(value, Decimal):
        s = format(value, "f")
        if "." in s:
            s = s.rstrip("0").rstrip(".")
        return s
    if isinstance(value, float):
        return repr(value) if value != int(value) else str(int(value))
    return str(value)


def _text_cell(value) -> str:
    if value.__class__ is str:
        return safe_cell(value)
    return safe_cell(str(value or ""))


class CsvTable:
    def __init__(self, path: Path, name: str, bom: bool = False) -> None:
        self.path = path
        self.tmp = path.with_name(f".{path.name}.tmp")
        self.cols = columns(name)
        self.numeric = NUMERIC[name]
        self.fh = open(self.tmp, "w", encoding="utf-8-sig" if bom else "utf-8", newline="")
        self.writer = csv.writer(self.fh, lineterminator="\r\n")
        self.writer.writerow(self.cols)

    def write(self, rows: list[dict]) -> None:
        columns = [list(map(format_number if c in self.numeric else _text_cell,
                            [r.get(c) for r in rows])) for c in self.cols]
        self.writer.writerows(zip(*columns, strict=True))

    def close(self) -> Path:
        self.fh.close()
        return self.tmp


class ParquetTable:
    def __init__(self, path: Path, name: str) -> None:
        self.path = path
        self.tmp = path.with_name(f".{path.name}.tmp")
        self.schema = SCHEMAS[name]
        self.writer = pq.ParquetWriter(self.tmp, self.schema, compression="zstd")

    def write(self, rows: list[dict]) -> None:
        if rows:
            cols = {f.name: [r.get(f.name) for r in rows] for f in self.schema}
            self.writer.write_table(pa.Table.from_pydict(cols, schema=self.schema))

    def close(self) -> Path:
        self.writer.close()
        return self.tmp


class TableSet:
    """All tables of a run in the requested formats; ``commit`` renames them
    into place, ``abort`` removes the temporary files."""

    def __init__(self, out: Path, names: list[str], formats: tuple[str, ...],
                 csv_bom: bool = False, formats_of: dict[str, tuple[str, ...]] | None = None,
                 chunk_rows: int = 20_000) -> None:
        """``formats_of`` overrides ``formats`` for some tables."""
        out.mkdir(parents=True, exist_ok=True)
        self.out = out
        self.chunk_rows = chunk_rows
        self.buffers: dict[str, list[dict]] = {n: [] for n in names}
        self.writers: dict[str, list] = {n: [] for n in names}
        for n in names:
            fmts = (formats_of or {}).get(n, formats)
            if "csv" in fmts:
                self.writers[n].append(CsvTable(out / f"{n}.csv", n, csv_bom))
            if "parquet" in fmts:
                self.writers[n].append(ParquetTable(out / f"{n}.parquet", n))

    def add(self, name: str, rows) -> None:
        buf = self.buffers[name]
        buf.extend(rows)
        if len(buf) >= self.chunk_rows:
            self.flush(name)

    def flush(self, name: str) -> None:
        buf = self.buffers[name]
        for w in self.writers[name]:
            w.write(buf)
        buf.clear()

    def commit(self) -> list[Path]:
        """Finish every file, then rename them all in one quick loop: a run
        killed while tables are still being written replaces none of them."""
        for name in self.writers:
            self.flush(name)
        finished = [(w.close(), w.path) for writers in self.writers.values() for w in writers]
        for tmp, path in finished:
            os.replace(tmp, path)
        return [path for _, path in finished]

    def abort(self) -> None:
        for writers in self.writers.values():
            for w in writers:
                try:
                    w.close()
                finally:
                    Path(w.tmp).unlink(missing_ok=True)


class TextStream:
    """A text file that documents are appended to as they come (``render`` in
    the workers, ``write`` here), written under a temporary name and renamed
    into place by ``commit``.  Subclasses name the file and render a document.

    A lone surrogate (undecodable input kept as is) cannot be UTF-8: it is
    written as a ``\\udcXX`` escape (still valid JSON, still one CoNLL-U field).
    """

    filename = ""

    def __init__(self, out: Path) -> None:
        self.path = out / self.filename
        self.tmp = out / f".{self.filename}.tmp"
        self.fh = open(self.tmp, "w", encoding="utf-8", errors="backslashreplace", newline="\n")

    def write(self, text: str) -> None:
        self.fh.write(text)

    def commit(self) -> Path:
        self.fh.close()
        os.replace(self.tmp, self.path)
        return self.path

    def abort(self) -> None:
        self.fh.close()
        self.tmp.unlink(missing_ok=True)

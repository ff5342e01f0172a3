"""Streaming, atomic table writers (CSV and Parquet).

Rows arrive in chunks, as columns (:data:`pipeline.write.schema.Columns`), and
are written as they come, so a run never holds a whole table in memory.  Every
file is written under a temporary name in the output folder and renamed into
place only when the run completes: a killed run leaves the previous complete
outputs readable.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable
from decimal import Decimal
from itertools import islice
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.write.safe import safe_column
from pipeline.write.schema import NUMERIC, SCHEMAS, Columns, columns, to_columns


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


class CsvTable:
    def __init__(self, path: Path, name: str, bom: bool = False) -> None:
        self.path = path
        self.tmp = path.with_name(f".{path.name}.tmp")
        self.cols = columns(name)
        # The csv module writes an int as str() does and None as "", as
        # format_number does; floats and decimals need format_number.
        self.decimal = {f.name for f in SCHEMAS[name]
                        if pa.types.is_floating(f.type) or pa.types.is_decimal(f.type)}
        self.numeric = NUMERIC[name]
        self.fh = open(self.tmp, "w", encoding="utf-8-sig" if bom else "utf-8", newline="")
        self.writer = csv.writer(self.fh, lineterminator="\r\n")
        self.writer.writerow(self.cols)

    def write(self, cols: Columns) -> None:
        cells = [list(map(format_number, cols[c])) if c in self.decimal
                 else cols[c] if c in self.numeric else safe_column(cols[c]) for c in self.cols]
        self.writer.writerows(zip(*cells, strict=True))

    def close(self) -> Path:
        self.fh.close()
        return self.tmp


class ParquetTable:
    def __init__(self, path: Path, name: str) -> None:
        self.path = path
        self.tmp = path.with_name(f".{path.name}.tmp")
        self.schema = SCHEMAS[name]
        self.writer = pq.ParquetWriter(self.tmp, self.schema, compression="zstd")

    def write(self, cols: Columns) -> None:
        if cols[self.schema.names[0]]:
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
        self.buffers: dict[str, Columns] = {n: {c: [] for c in columns(n)} for n in names}
        self.writers: dict[str, list] = {n: [] for n in names}
        for n in names:
            fmts = (formats_of or {}).get(n, formats)
            if "csv" in fmts:
                self.writers[n].append(CsvTable(out / f"{n}.csv", n, csv_bom))
            if "parquet" in fmts:
                self.writers[n].append(ParquetTable(out / f"{n}.parquet", n))

    def add(self, name: str, cols: Columns) -> None:
        """Rows of table ``name`` as columns (every column of its schema)."""
        buf = self.buffers[name]
        for c, values in buf.items():
            values.extend(cols[c])
        if len(values) >= self.chunk_rows:
            self.flush(name)

    def add_rows(self, name: str, rows: Iterable[dict]) -> None:
        """Rows of table ``name`` as dicts (each holding every column)."""
        rows = iter(rows)
        while batch := list(islice(rows, self.chunk_rows)):
            self.add(name, to_columns(batch, name))

    def flush(self, name: str) -> None:
        buf = self.buffers[name]
        for w in self.writers[name]:
            w.write(buf)
        for values in buf.values():
            values.clear()

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

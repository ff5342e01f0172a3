"""Streaming, atomic table writers (CSV and Parquet).

Rows arrive in chunks, as columns (:data:`pipeline.write.schema.Columns`), and
are written as they come, so a run never holds a whole table in memory.  Every
file is written under a temporary name in the output folder and renamed into
place only when the run completes: a killed run leaves the previous complete
outputs readable.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from decimal import Decimal
from itertools import islice
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline.doc import Document
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


# What makes the csv module quote a cell (QUOTE_MINIMAL, "," and CRLF).
_QUOTED = re.compile('[,"\r\n]')
CRLF = pa.scalar("\r\n")


def csv_cells(values: list[str]) -> list[str]:
    """Text cells as the csv module writes them (quoted where they hold a
    comma, a quote or a line break; quotes doubled); ``values`` itself where
    none needs quoting, found with no call per cell."""
    flat = "".join(values)
    if not any(c in flat for c in ',"\r\n'):  # four fast scans beat one of a class
        return values
    search = _QUOTED.search
    return ['"' + v.replace('"', '""') + '"' if search(v) else v for v in values]


def arrow_columns(cols: Columns, schema: pa.Schema) -> list[pa.Array]:
    """A chunk of a table as Arrow arrays of the schema's types (made once
    for both formats)."""
    return [pa.array(cols[f.name], f.type) for f in schema]


class CsvTable:
    """A CSV file as the csv module writes it (",", minimal quoting, CRLF,
    UTF-8), with every text cell made safe (:func:`safe_column`) and every
    number written by :func:`format_number`.  Lines are joined by Arrow from
    the chunk's arrays: the integers cast to text (as ``str`` writes them), a
    text column none of whose cells changes taken as it is."""

    def __init__(self, path: Path, name: str, bom: bool = False) -> None:
        self.path = path
        self.tmp = path.with_name(f".{path.name}.tmp")
        self.schema = SCHEMAS[name]
        self.decimal = {f.name for f in self.schema
                        if pa.types.is_floating(f.type) or pa.types.is_decimal(f.type)}
        self.numeric = NUMERIC[name]
        self.fh = open(self.tmp, "wb")
        if bom:
            self.fh.write("\ufeff".encode())
        self.fh.write((",".join(csv_cells(self.schema.names)) + "\r\n").encode())

    def write(self, cols: Columns, arrays: list[pa.Array]) -> None:
        cells = []
        for name, array in zip(self.schema.names, arrays, strict=True):
            values = cols[name]
            if name in self.decimal:  # format_number's text holds nothing to quote
                cells.append(pa.array(list(map(format_number, values)), pa.string()))
            elif name in self.numeric:
                cells.append(pc.fill_null(array.cast(pa.string()), ""))
            else:
                text = csv_cells(safe_column(values))
                cells.append(array.cast(pa.string()) if text is values else
                             pa.array(text, pa.string()))
        cells[-1] = pc.binary_join_element_wise(cells[-1], CRLF, "")
        lines = pc.binary_join_element_wise(*cells, ",")
        _, offsets, data = lines.buffers()
        ends = np.frombuffer(offsets, np.int32)[lines.offset:lines.offset + len(lines) + 1]
        self.fh.write(data[int(ends[0]):int(ends[-1])])

    def close(self) -> Path:
        self.fh.close()
        return self.tmp


class ParquetTable:
    def __init__(self, path: Path, name: str) -> None:
        self.path = path
        self.tmp = path.with_name(f".{path.name}.tmp")
        self.schema = SCHEMAS[name]
        self.writer = pq.ParquetWriter(self.tmp, self.schema, compression="zstd")

    def write(self, cols: Columns, arrays: list[pa.Array]) -> None:
        self.writer.write_table(pa.Table.from_arrays(arrays, schema=self.schema))

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
        buf, writers = self.buffers[name], self.writers[name]
        if writers and buf[SCHEMAS[name].names[0]]:
            arrays = arrow_columns(buf, SCHEMAS[name])
            for w in writers:
                w.write(buf, arrays)
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
    """A text file that documents are appended to as they come (``rendered``
    in the workers, ``write`` here), written under a temporary name and renamed
    into place by ``commit``.  Subclasses name the file and ``render`` a
    document.
    """

    filename = ""

    def __init__(self, out: Path) -> None:
        self.path = out / self.filename
        self.tmp = out / f".{self.filename}.tmp"
        self.fh = open(self.tmp, "wb")

    @classmethod
    def rendered(cls, doc: Document, tables: dict[str, Columns]) -> bytes:
        """The document's bytes in the file: its ``render`` in UTF-8
        (``tables``: the document's tables, made already).  A lone surrogate
        (undecodable input kept as is) cannot be UTF-8: it is written as a
        ``\\udcXX`` escape (still valid JSON, still one CoNLL-U field).  Bytes,
        not text, cross to the writer: nothing to decode and encode again."""
        return cls.render(doc, tables).encode("utf-8", "backslashreplace")

    @staticmethod
    def render(doc: Document, tables: dict[str, Columns] | None = None) -> str:
        raise NotImplementedError

    def write(self, data: bytes) -> None:
        self.fh.write(data)

    def commit(self) -> Path:
        self.fh.close()
        os.replace(self.tmp, self.path)
        return self.path

    def abort(self) -> None:
        self.fh.close()
        self.tmp.unlink(missing_ok=True)

"""Reading a run's tables back (for the spreadsheet, the report and ``show``).

Parquet is preferred (exact text and types); CSV is read when it is the only
format there, with numeric columns converted by the schema and the formula
guard (a leading ``'``) taken off text cells.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.write.safe import unneutralize
from pipeline.write.schema import SCHEMAS


def table_path(out: Path, name: str) -> Path | None:
    for suffix in (".parquet", ".csv"):
        path = Path(out) / f"{name}{suffix}"
        if path.exists():
            return path
    return None


def table_names(out: Path) -> list[str]:
    """The tables present in ``out``: the schema's in schema order, then any
    other ``*.parquet``/``*.csv`` (a table a later stage adds) by name."""
    known = [n for n in SCHEMAS if table_path(out, n) is not None]
    others = {p.stem for suffix in ("*.parquet", "*.csv") for p in Path(out).glob(suffix)
              if not p.name.startswith(".")} - set(known)
    return known + sorted(others)


def _converter(t: pa.DataType):
    if pa.types.is_integer(t):
        return int
    if pa.types.is_decimal(t):
        return Decimal
    if pa.types.is_floating(t):
        return float
    return None


def _csv_rows(path: Path, name: str) -> Iterator[dict]:
    schema = SCHEMAS.get(name)
    conv = {f.name: _converter(f.type) for f in schema} if schema is not None else {}
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            out = {}
            for k, v in row.items():
                c = conv.get(k)
                out[k] = (None if v == "" else c(v)) if c else unneutralize(v or "")
            yield out


def iter_rows(out: Path, name: str, batch_rows: int = 10_000) -> Iterator[dict]:
    """The rows of table ``name`` as dicts, streamed; nothing if it is absent."""
    path = table_path(out, name)
    if path is None:
        return
    if path.suffix == ".csv":
        yield from _csv_rows(path, name)
        return
    for batch in pq.ParquetFile(path).iter_batches(batch_size=batch_rows):
        yield from batch.to_pylist()


def columns_of(out: Path, name: str) -> list[str]:
    path = table_path(out, name)
    if path is None:
        return []
    if path.suffix == ".csv":
        with open(path, encoding="utf-8-sig", newline="") as fh:
            return next(csv.reader(fh), [])
    return pq.read_schema(path).names


def read_rows(out: Path, name: str, doc_ids: Iterable[str] | None = None) -> list[dict]:
    """All rows of a table, or only those of ``doc_ids``."""
    if doc_ids is None:
        return list(iter_rows(out, name))
    wanted = set(doc_ids)
    path = table_path(out, name)
    if path is not None and path.suffix == ".parquet":
        table = pq.read_table(path, filters=[("doc_id", "in", list(wanted))])
        return table.to_pylist()
    return [r for r in iter_rows(out, name) if r.get("doc_id") in wanted]


def doc_texts(out: Path, doc_ids: Iterable[str]) -> dict[str, str]:
    """Source texts of ``doc_ids``: from ``documents.jsonl`` when the run wrote
    it, else rebuilt from the tokens (each at its offset, blanks between), so
    that mention offsets index the result either way."""
    wanted = set(doc_ids)
    jsonl = Path(out) / "documents.jsonl"
    if jsonl.exists():
        texts = {}
        with open(jsonl, encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                if rec["doc_id"] in wanted:
                    texts[rec["doc_id"]] = rec["text"]
                    if len(texts) == len(wanted):
                        break
        return texts
    sizes = {r["doc_id"]: r.get("n_chars") or 0 for r in read_rows(out, "documents", wanted)}
    chars = {d: [" "] * n for d, n in sizes.items()}
    for t in read_rows(out, "tokens", wanted):
        buf = chars.get(t["doc_id"])
        if buf is not None and t["stop"] <= len(buf):
            buf[t["start"]:t["stop"]] = t["text"]
    return {d: "".join(buf) for d, buf in chars.items()}

"""A finished run's tables as typed pandas DataFrames: ``pipeline.load(OUT)``.

Parquet is read when the run wrote it, else the CSV (its formula guard, a
leading ``'``, taken off, see :mod:`pipeline.write.safe`).  Either way a column
gets the pandas type of its Parquet type in :mod:`pipeline.write.schema`:

=========================  =====================================================
Parquet                    pandas
=========================  =====================================================
``int32`` / ``int64``      ``Int32`` / ``Int64`` (nullable: ints stay ints)
``dictionary<string>``     ``category``
``decimal128(38, 6)``      ``object`` holding :class:`decimal.Decimal` (exact;
                           ``None`` where empty, e.g. ``amount_max``)
``float32``                ``float32``
``float64``                ``float64`` (``NaN`` where empty, e.g. ``value_max``)
``string``                 ``str``
=========================  =====================================================

A table the schema does not know (a CSV from a newer run) has text columns.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.write.readback import columns_of, iter_rows, table_names, table_path
from pipeline.write.schema import SCHEMAS

_INTS = {pa.int32(): pd.Int32Dtype(), pa.int64(): pd.Int64Dtype()}


def load(out_dir: str | Path, tables: Iterable[str] | None = None,
         doc_ids: Iterable[str] | None = None) -> dict[str, pd.DataFrame]:
    """The tables of run folder ``out_dir``, keyed by name (``"documents"``,
    ``"tokens"``, ``"mentions"``, ``"entities"``, ``"money"``, ``"relations"``,
    ``"officials"``, ``"cooccurrence"``, and any other table there), in that
    order, rows in file order.

    ``tables``: only these (a name that is not there raises ``KeyError``).
    ``doc_ids``: only the rows of these documents; a table without a
    ``doc_id`` column (``entities``, ``cooccurrence``: corpus-wide) comes whole.
    """
    out = Path(out_dir)
    present = table_names(out)
    if not present:
        raise FileNotFoundError(f"no tables in {out}")
    names = present if tables is None else list(tables)
    missing = [n for n in names if n not in present]
    if missing:
        raise KeyError(f"not in {out}: {', '.join(missing)} (there: {', '.join(present)})")
    wanted = None if doc_ids is None else sorted(set(doc_ids))
    return {name: _frame(_read(out, name, wanted)) for name in names}


def _read(out: Path, name: str, doc_ids: list[str] | None) -> pa.Table:
    path = table_path(out, name)
    if path.suffix == ".parquet":
        has_doc = "doc_id" in pq.read_schema(path).names
        filters = [("doc_id", "in", doc_ids)] if doc_ids is not None and has_doc else None
        return pq.read_table(path, filters=filters)
    rows = list(iter_rows(out, name))
    schema = _csv_schema(name, columns_of(out, name))
    if doc_ids is not None and "doc_id" in schema.names:
        keep = set(doc_ids)
        rows = [r for r in rows if r["doc_id"] in keep]
    return pa.Table.from_pylist(rows, schema=schema)


def _csv_schema(name: str, header: list[str]) -> pa.Schema:
    """The schema's types for the columns the CSV has, text for the others."""
    known = SCHEMAS.get(name, pa.schema([]))
    return pa.schema([known.field(c) if c in known.names else pa.field(c, pa.string())
                      for c in header])


def _frame(table: pa.Table) -> pd.DataFrame:
    return table.to_pandas(types_mapper=_INTS.get)

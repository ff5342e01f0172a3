"""Everything a run writes, behind one object: ``add(doc)`` per processed
document, ``commit()`` at the end (atomic renames), ``abort()`` on failure.

New output files plug in here (a table in ``rows.DOC_TABLES`` or a
corpus-level aggregate like entities), so ``run.py`` stays the same.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.config import Config
from pipeline.doc import Document
from pipeline.write.rows import DOC_TABLES, EntityCounter
from pipeline.write.tables import TableSet


class Outputs:
    def __init__(self, config: Config) -> None:
        self.config = config
        self.tables = TableSet(Path(config.output), [*DOC_TABLES, "entities"], config.formats,
                               config.csv_bom)
        self.entities = EntityCounter()

    def add(self, doc: Document) -> None:
        self.entities.add(doc)
        for name, rows in DOC_TABLES.items():
            self.tables.add(name, rows(doc))

    def commit(self) -> list[Path]:
        self.tables.add("entities", self.entities.rows())
        return self.tables.commit()

    def abort(self) -> None:
        self.tables.abort()

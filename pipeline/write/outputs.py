"""Everything a run writes, behind one object: ``add(doc)`` per processed
document, ``commit()`` at the end (atomic renames), ``abort()`` on failure.

New output files plug in here (a table in ``rows.DOC_TABLES`` or a
corpus-level aggregate like entities), so ``run.py`` stays the same.
Per-document files (``tokens.conllu``, ``documents.jsonl``) stream beside the
tables; the views for people (``entities.xlsx``, ``report.html``) are built
last, from the committed folder, so they show every table written before them.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.config import Config
from pipeline.doc import Document
from pipeline.write.conllu import ConlluWriter
from pipeline.write.derived import CooccurrenceCounter, cooccurrence_pairs
from pipeline.write.jsonl import JsonlWriter
from pipeline.write.rows import DOC_TABLES, EntityCounter
from pipeline.write.tables import TableSet


class Outputs:
    def __init__(self, config: Config) -> None:
        self.config = config
        self.tables = TableSet(Path(config.output), [*DOC_TABLES, "entities", "cooccurrence"],
                               config.formats, config.csv_bom)
        self.entities = EntityCounter()
        self.cooccurrence = CooccurrenceCounter()
        self.streams = {fmt: writer(Path(config.output))
                        for fmt, writer in (("conllu", ConlluWriter), ("jsonl", JsonlWriter))
                        if fmt in config.formats}

    def add(self, doc: Document) -> None:
        self.entities.add(doc)
        self.cooccurrence.add_rows(cooccurrence_pairs(doc))
        for name, rows in DOC_TABLES.items():
            self.tables.add(name, rows(doc))
        for stream in self.streams.values():
            stream.write(stream.render(doc))

    def commit(self) -> list[Path]:
        self.tables.add("entities", self.entities.rows())
        self.tables.add("cooccurrence", self.cooccurrence.rows())
        done = self.tables.commit()
        done += [stream.commit() for stream in self.streams.values()]
        done += self.views()  # keep last: views read the committed files
        return done

    def views(self) -> list[Path]:
        out, done = Path(self.config.output), []
        if self.config.excel:
            from pipeline.write.xlsx import write_xlsx

            done.append(write_xlsx(out))
        if self.config.report:
            from pipeline.write.report import write_report

            done.append(write_report(out))
        return done

    def abort(self) -> None:
        self.tables.abort()
        for stream in self.streams.values():
            stream.abort()

"""Everything a run writes, behind one object: ``add(outputs)`` per processed
document (its ``document_outputs``, kept in the resume shards), ``commit()`` at
the end, ``abort()`` on failure.  Everything is written into ``dest``, the
run's hidden folder (:mod:`pipeline.write.commit` swaps it into OUT).

New output files plug in here (a table in ``rows.DOC_TABLES`` or a
corpus-level aggregate like entities), so the engines stay the same.
Per-document files (``tokens.conllu``, ``documents.jsonl``) stream beside the
tables; the views for people (``entities.xlsx``, ``report.html``) are built
last, from the finished tables, so they show every table written before them.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.config import Config
from pipeline.doc import Document
from pipeline.write.conllu import ConlluWriter
from pipeline.write.derived import CooccurrenceCounter, cooccurrence_pairs
from pipeline.write.jsonl import JsonlWriter
from pipeline.write.rows import DOC_TABLES, EntityCounter
from pipeline.write.tables import TableSet, TextStream

# Per-document files: format -> writer class (``rendered(doc)`` in the workers,
# ``write(data)`` here).
STREAMS: dict[str, type[TextStream]] = {
    "conllu": ConlluWriter, "jsonl": JsonlWriter}


# Every file a run writes (whatever its options): what a new run moves away
# from OUT, so no file of an earlier run is left beside the new ones.
OWNED_NAMES = frozenset(
    [f"{t}{ext}" for t in [*DOC_TABLES, "entities", "cooccurrence"] for ext in (".csv", ".parquet")]
    + [w.filename for w in STREAMS.values()] + ["entities.xlsx", "report.html", "run.json"])


def document_outputs(doc: Document, formats: tuple[str, ...]) -> dict:
    """Everything written for one processed document: its tables (as columns)
    and its rendered per-document files.  Made in the workers and kept in the
    resume shards, so the main process never holds Documents."""
    tables = {name: table(doc) for name, table in DOC_TABLES.items()}
    out: dict = {**tables, "cooccurrence": cooccurrence_pairs(doc)}
    for fmt, writer in STREAMS.items():
        if fmt in formats:
            out[fmt] = writer.rendered(doc, tables)
    return out


class Outputs:
    def __init__(self, config: Config, dest: Path,
                 doc_formats: tuple[str, ...] | None = None) -> None:
        """``dest``: the folder to write into.  ``doc_formats`` narrows the
        formats of the per-document tables (the Dask engine writes their
        Parquet as parts on the workers)."""
        self.config = config
        self.dest = out = Path(dest)
        self.tables = TableSet(out, [*DOC_TABLES, "entities", "cooccurrence"], config.formats,
                               config.csv_bom, {name: doc_formats for name in DOC_TABLES}
                               if doc_formats is not None else None)
        self.entities = EntityCounter()
        self.cooccurrence = CooccurrenceCounter()
        self.streams = {fmt: writer(out) for fmt, writer in STREAMS.items()
                        if fmt in config.formats}

    def add(self, outputs: dict) -> None:
        """One document's ``document_outputs``."""
        self.entities.add_mentions(outputs["mentions"])
        self.cooccurrence.add_rows(outputs.get("cooccurrence", []))
        for name in DOC_TABLES:
            self.tables.add(name, outputs[name])
        for fmt, stream in self.streams.items():
            stream.write(outputs[fmt])

    def commit(self, canonical: dict[str, str], aliases: dict[str, list[str]]) -> list[Path]:
        """Write the corpus tables (``canonical``, ``aliases``: the corpus
        step's, see :func:`pipeline.corpus.group_entities`) and finish every
        file in ``dest``."""
        self.tables.add_rows("entities", self.entities.rows(canonical, aliases))
        self.tables.add_rows("cooccurrence", self.cooccurrence.rows())
        done = self.tables.commit()
        done += [stream.commit() for stream in self.streams.values()]
        done += self.views()  # keep last: views read the finished files
        return done

    def views(self) -> list[Path]:
        out, done = self.dest, []
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

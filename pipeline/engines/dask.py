"""The Dask distributed engine: the same stages on a cluster.

The client lists the input files and cuts them into partitions; each partition
is one task that reads its files on a worker, skips the documents the resume
state already holds, processes the rest in chunks and writes their shards to
``OUT/.state/`` (shared storage).  Then one task per partition writes that
partition's rows as ``<table>.parquet/part-NNNNN.parquet``; the client writes the rest (CSVs
when asked, per-document files, the corpus aggregates such as entities) from
the shards in input order, like the local engine.  Rows are identical to the local engine's; Parquet readers
(pandas, pyarrow, Spark) read a folder of parts as one table.

A doc_id seen twice (two JSONL files with a record of the same ``id``) is
flagged as the local reader flags it: the later document becomes an
``error`` row of documents.csv with no other rows.  The workers cannot see
each other's ids, so the client does it once every partition is done,
replacing the later document's outputs (see :func:`flag_duplicates`).

Every worker process loads the models once (the first task it runs).  Inputs
and outputs must be on storage every worker and the client see at the same
path.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.config import Config, UsageError
from pipeline.doc import STATUS_ERROR, Document
from pipeline.engines.core import (
    ChunkDone,
    Planner,
    RunResult,
    assemble,
    check_strict,
    finish,
    process_chunk,
    progress_stub,
)
from pipeline.read import InputFile, read_entry, scan_input
from pipeline.state import DocSummary, Entry, ShardReader, State, fingerprint, summarize, write_shard
from pipeline.write.commit import Commit
from pipeline.write.outputs import document_outputs
from pipeline.write.rows import DOC_TABLES
from pipeline.write.tables import TableSet

FILES_PER_PARTITION = 32
SCHEDULER_TIMEOUT = 15  # seconds to wait for --scheduler before giving up


@dataclass
class PartitionDone:
    order: list[Entry]
    chunks: list[ChunkDone]
    reused: list[DocSummary] = field(default_factory=list)


def process_partition(index: int, files: list[InputFile], config: Config, fp: str,
                      known: dict, state_dir: Path, prefix: str) -> PartitionDone:
    """Read, plan and process one partition on a worker."""
    reused: list[DocSummary] = []
    planner = Planner(fp, known.get, reused.append, f"{prefix}-p{index:05d}")
    docs = (d for f in files for d in read_entry(f, config.input, config.max_chars))
    chunks = [process_chunk(c, state_dir, config) for c in planner.chunks(docs)]
    return PartitionDone(planner.order, chunks, reused)


def write_part(index: int, order: list[Entry], state_dir: Path, staging: Path) -> None:
    """Write one partition's per-document tables as Parquet parts into ``staging``."""
    part_dir = staging / f".part-{index:05d}"
    tables = TableSet(part_dir, list(DOC_TABLES), ("parquet",))
    reader = ShardReader(state_dir)
    try:
        for entry in order:
            outputs = reader.outputs(entry)
            for name in DOC_TABLES:
                tables.add(name, outputs[name])
        tables.commit()
    except BaseException:
        tables.abort()
        raise
    for name in DOC_TABLES:
        dest = staging / f"{name}.parquet"
        dest.mkdir(exist_ok=True)
        (part_dir / f"{name}.parquet").replace(dest / f"part-{index:05d}.parquet")
    part_dir.rmdir()


def _client(config: Config):
    from dask.distributed import Client, LocalCluster

    if config.scheduler:
        try:
            return Client(config.scheduler, timeout=SCHEDULER_TIMEOUT), None
        except (OSError, TimeoutError, ValueError) as e:
            reason = str(e).splitlines()[0] if str(e) else type(e).__name__
            raise UsageError(f"cannot reach the Dask scheduler at {config.scheduler} "
                             f"(waited {SCHEDULER_TIMEOUT} s: {reason})") from None
    cluster = LocalCluster(n_workers=config.n_workers, threads_per_worker=1, processes=True,
                           dashboard_address=None)
    return Client(cluster), cluster


def _partitions(config: Config) -> Iterator[list[InputFile]]:
    files = scan_input(config.input, [config.output])
    for i in range(0, len(files), FILES_PER_PARTITION):
        yield files[i:i + FILES_PER_PARTITION]


def run_dask(config: Config, progress: Callable[[Document], None] | None = None) -> RunResult:
    """``run`` on a Dask cluster (``config.scheduler``, or a local one)."""
    from dask.distributed import as_completed

    t0 = time.perf_counter()
    result = RunResult()
    prefix = uuid.uuid4().hex[:12]
    client, cluster = _client(config)
    state = State(config.output, fingerprint(config))
    commit = Commit(config.output, prefix)
    try:
        [known] = client.scatter([state.known if config.resume else {}], broadcast=True)
        futures = {client.submit(process_partition, i, part, config, state.fp, known, state.dir,
                                 prefix, pure=False): i
                   for i, part in enumerate(_partitions(config))}
        orders: dict[int, list[Entry]] = {}
        summaries: dict[Entry, DocSummary] = {}
        for fut in as_completed(futures):
            done: PartitionDone = fut.result()
            orders[futures[fut]] = done.order
            for chunk in done.chunks:
                state.record(chunk.shard, chunk.summaries)
                result.add_chunk(chunk)
                summaries.update((Entry(chunk.shard, i), s) for i, s in enumerate(chunk.summaries))
            for s in done.reused:
                result.add(s, reused=True)
                summaries[state.known[s.key][0]] = s
            if progress is not None:
                for s in [*done.reused, *(s for c in done.chunks for s in c.summaries)]:
                    progress(progress_stub(s))
            check_strict(config, result)
        parts = flag_duplicates([orders[i] for i in range(len(orders))], summaries, config, state,
                                result, f"{prefix}-dup")
        check_strict(config, result)
        order = [e for part in parts for e in part]
        finish(config, state, order, result, t0,
               lambda: _write(client, config, state, parts, commit.dir), commit)
    except BaseException:
        commit.abort()
        raise
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return result


def flag_duplicates(parts: list[list[Entry]], summaries: dict[Entry, DocSummary], config: Config,
                    state: State, result: RunResult, shard: str) -> list[list[Entry]]:
    """``parts`` with every later document of a doc_id seen before replaced by
    the error document the local reader makes of it (its metadata kept, no
    text, ``duplicate doc_id (first in SOURCE)``), written to one new shard."""
    reader = ShardReader(state.dir)
    first: dict[str, Entry] = {}
    replaced: list[dict] = []
    out = []
    for part in parts:
        new_part = []
        for entry in part:
            doc_id = summaries[entry].doc_id
            if doc_id not in first:
                first[doc_id] = entry
                new_part.append(entry)
                continue
            source = reader.outputs(first[doc_id])["documents"]["source"][0]
            doc = _error_document({c: v[0] for c, v in reader.outputs(entry)["documents"].items()},
                                  f"duplicate doc_id (first in {source})")
            result.replace(summaries[entry], summarize(summaries[entry].key, doc))
            new_part.append(Entry(shard, len(replaced)))
            replaced.append(document_outputs(doc, config.formats))
        out.append(new_part)
    if replaced:
        write_shard(state.dir, shard, replaced)
    return out


def _error_document(row: dict, error: str) -> Document:
    """The document a documents.csv row describes, as an error with no text."""
    return Document(row["doc_id"], "", source=row["source"], title=row["title"],
                    published_at=row["published_at"], author=row["author"], url=row["url"],
                    status=STATUS_ERROR, error=error, format=row["format"],
                    encoding=row["encoding"], content_hash=row["content_hash"],
                    warning=row["warning"], regions=[])


def _write(client, config: Config, state: State, parts: list[list[Entry]], dest: Path) -> None:
    """Into ``dest`` (the run's folder): the per-document tables as Parquet
    parts, written by the workers; everything else (CSVs, per-document files,
    corpus aggregates) here, from the shards."""
    if "parquet" in config.formats:
        client.gather([client.submit(write_part, i, order, state.dir, dest, pure=False)
                       for i, order in enumerate(parts)])
    doc_formats = tuple(f for f in config.formats if f != "parquet")
    assemble(config, dest, state.dir, [e for p in parts for e in p], doc_formats)

"""The Dask distributed engine: the same stages on a cluster.

The client lists the input files and cuts them into partitions; each partition
is one task that reads its files on a worker, skips the documents the resume
state already holds, processes the rest in chunks and writes their shards to
``OUT/.state/`` (shared storage).  Then one task per partition writes that
partition's rows as ``<table>.parquet/part-NNNNN.parquet``; the client writes the rest (CSVs
when asked, per-document files, the corpus aggregates such as entities) from
the shards in input order, like the local engine.  Rows are identical to the local engine's; Parquet readers
(pandas, pyarrow, Spark) read a folder of parts as one table.

One difference: a doc_id repeated in two partitions (two JSONL files with a
record of the same ``id``) is not flagged as a duplicate, as the local reader
does; ids repeated within one file are.

Every worker process loads the models once (the first task it runs).  Inputs
and outputs must be on storage every worker and the client see at the same
path.
"""

from __future__ import annotations

import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.config import Config
from pipeline.doc import Document
from pipeline.read import _guarded, find_files
from pipeline.run import (
    ChunkDone,
    Planner,
    RunResult,
    _stub,
    assemble,
    check_strict,
    finish,
    process_chunk,
)
from pipeline.state import DocSummary, Entry, ShardReader, State, fingerprint
from pipeline.write.rows import DOC_TABLES
from pipeline.write.tables import TableSet

FILES_PER_PARTITION = 32


@dataclass
class PartitionDone:
    order: list[Entry]
    chunks: list[ChunkDone]
    reused: list[DocSummary] = field(default_factory=list)


def process_partition(index: int, files: list[Path], config: Config, fp: str,
                      known: dict, state_dir: Path, prefix: str) -> PartitionDone:
    """Read, plan and process one partition on a worker."""
    reused: list[DocSummary] = []
    planner = Planner(fp, known.get, reused.append, f"{prefix}-p{index:05d}")
    docs = (d for f in files for d in _guarded(f, config.input, config.max_chars))
    chunks = [process_chunk(c, state_dir, config.formats, config.batch_size)
              for c in planner.chunks(docs)]
    return PartitionDone(planner.order, chunks, reused)


def write_part(index: int, order: list[Entry], state_dir: Path, staging: Path) -> None:
    """Write one partition's per-document tables as Parquet parts into ``staging``."""
    part_dir = staging / f"part-{index:05d}"
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
        return Client(config.scheduler), None
    cluster = LocalCluster(n_workers=config.n_workers, threads_per_worker=1, processes=True,
                           dashboard_address=None)
    return Client(cluster), cluster


def _partitions(config: Config) -> Iterator[list[Path]]:
    files = find_files(config.input, [config.output])
    for i in range(0, len(files), FILES_PER_PARTITION):
        yield files[i:i + FILES_PER_PARTITION]


def _swap_in(src: Path, dst: Path) -> None:
    """Put ``src`` (a folder of parts) where ``dst`` (file or folder) was."""
    old = dst.with_name(f".{dst.name}.old")
    if dst.exists():
        shutil.rmtree(old, ignore_errors=True)
        dst.rename(old)
    src.rename(dst)
    if old.is_dir():
        shutil.rmtree(old)
    else:
        old.unlink(missing_ok=True)


def run_dask(config: Config, progress: Callable[[Document], None] | None = None) -> RunResult:
    """``run`` on a Dask cluster (``config.scheduler``, or a local one)."""
    from dask.distributed import as_completed

    t0 = time.perf_counter()
    result = RunResult()
    state = State(config.output, fingerprint(config))
    prefix = uuid.uuid4().hex[:12]
    client, cluster = _client(config)
    try:
        [known] = client.scatter([state.known if config.resume else {}], broadcast=True)
        futures = {client.submit(process_partition, i, part, config, state.fp, known, state.dir,
                                 prefix, pure=False): i
                   for i, part in enumerate(_partitions(config))}
        orders: dict[int, list[Entry]] = {}
        for fut in as_completed(futures):
            done: PartitionDone = fut.result()
            orders[futures[fut]] = done.order
            for chunk in done.chunks:
                state.record(chunk.shard, chunk.summaries)
                result.add_chunk(chunk)
            for s in done.reused:
                result.add(s, reused=True)
            if progress is not None:
                for s in [*done.reused, *(s for c in done.chunks for s in c.summaries)]:
                    progress(_stub(s))
            check_strict(config, result)
        parts = [orders[i] for i in range(len(orders))]
        order = [e for part in parts for e in part]
        finish(config, state, order, result, t0,
               write=lambda: _write(client, config, state, parts, prefix))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return result


def _write(client, config: Config, state: State, parts: list[list[Entry]], prefix: str) -> None:
    """Per-document tables as Parquet parts, written by the workers; everything
    else (CSVs, per-document files, corpus aggregates) here, from the shards."""
    out = Path(config.output)
    staging = out / f".staging-{prefix}"
    staging.mkdir(parents=True)
    try:
        parquet = "parquet" in config.formats
        if parquet:
            client.gather([client.submit(write_part, i, order, state.dir, staging, pure=False)
                           for i, order in enumerate(parts)])
        doc_formats = tuple(f for f in config.formats if f != "parquet")
        assemble(config, state.dir, [e for p in parts for e in p], doc_formats)
        if parquet:
            for name in DOC_TABLES:
                _swap_in(staging / f"{name}.parquet", out / f"{name}.parquet")
    finally:
        shutil.rmtree(staging, ignore_errors=True)

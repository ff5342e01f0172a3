"""The local engine: chunks processed in this process (one worker) or in a
pool of worker processes on this machine.

``run_local`` reads the input, skips the documents the resume state already
holds (:mod:`pipeline.state`), sends the others in chunks to the workers (each
loads the models once, writes its chunk's outputs to a shard and sends back
only a summary).  The output files are written from the shards in input order
as chunks finish, into the run's hidden folder, and swapped into place at the
end (:mod:`pipeline.write.commit`).  Workers end with the run, however it ends
(:mod:`pipeline.engines.lifecycle`).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import sys
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from pipeline.config import Config
from pipeline.doc import Document
from pipeline.engines.core import (
    Assembler,
    Chunk,
    ChunkDone,
    Planner,
    RunResult,
    check_strict,
    finish,
    no_lookup,
    process_chunk,
    progress_stub,
    worker_pipeline,
)
from pipeline.engines.lifecycle import stop_workers, watch_parent
from pipeline.read import read_documents
from pipeline.state import DocSummary, State, fingerprint
from pipeline.write.commit import Commit


def init_worker(config: Config, parent: int) -> None:
    """Watch the run's process, then load the models, when a worker starts."""
    watch_parent(parent)
    worker_pipeline(config.batch_size, config.stages)


def local_results(config: Config, chunks: Iterator[Chunk], state_dir: Path) -> Iterator[ChunkDone]:
    """Chunks processed in this process (1 worker) or a pool, in input order.
    At most two chunks per worker are in flight, so reading never runs ahead
    of processing and the corpus is never held in memory."""
    workers = config.n_workers
    if workers <= 1:
        for chunk in chunks:
            yield process_chunk(chunk, state_dir, config)
        return
    # concurrent.futures, not multiprocessing.Pool: a worker killed (out of
    # memory, a crash in a model) fails the run with BrokenProcessPool instead
    # of hanging it; the finished shards stay for the next run.
    ctx = mp.get_context("spawn" if sys.platform == "darwin" else "fork")
    pool = ProcessPoolExecutor(workers, mp_context=ctx, initializer=init_worker,
                               initargs=(config, os.getpid()))
    pending: deque = deque()
    try:
        for chunk in chunks:
            pending.append(pool.submit(process_chunk, chunk, state_dir, config))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    except BaseException:  # stopped (a signal, --strict, a failure): end the workers now
        stop_workers(pool)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def run_local(config: Config, progress: Callable[[Document], None] | None = None) -> RunResult:
    """Process ``config.input`` into tables under ``config.output`` on this machine
    (see :func:`pipeline.run.run`)."""
    t0 = time.perf_counter()
    result = RunResult()
    state = State(config.output, fingerprint(config))

    def reused(s: DocSummary) -> None:
        result.add(s, reused=True)
        if progress is not None:
            progress(progress_stub(s))

    run_id = uuid.uuid4().hex[:12]
    planner = Planner(state.fp, state.lookup if config.resume else no_lookup, reused, run_id)
    docs = read_documents(config.input, config.max_chars, exclude=[config.output])
    commit = Commit(config.output, run_id)
    writer = Assembler(config, commit.dir, state.dir, planner.order,
                       {e.shard for e, _ in state.known.values()})
    try:
        for done in local_results(config, planner.chunks(docs), state.dir):
            state.record(done.shard, done.summaries)
            result.add_chunk(done)
            if progress is not None:
                for s in done.summaries:
                    progress(progress_stub(s))
            check_strict(config, result)
            writer.shard_done(done.shard)
        check_strict(config, result)  # a failure reused from the resume state
        result.stage_seconds["write"] = writer.seconds
        finish(config, state, planner.order, result, t0, writer.commit, commit)
    except BaseException:
        writer.abort()
        commit.abort()
        raise
    return result

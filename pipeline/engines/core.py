"""What the engines share: a corpus cut into chunks, a chunk processed into
a shard (:func:`process_chunk`, run in the worker processes), the order of the
final tables (:class:`Planner`), the output files written from the shards
(:class:`Assembler`, after the corpus step :func:`pipeline.corpus.group_entities`),
the run's counts (:class:`RunResult`) and ``run.json``.

The engines (:mod:`pipeline.engines.local`, :mod:`pipeline.engines.dask`)
only decide where chunks run; they import this module, never each other.
"""

from __future__ import annotations

import gc
import json
import os
import platform
import resource
import socket
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from pipeline import __version__
from pipeline.config import Config
from pipeline.corpus import group_entities
from pipeline.doc import STATUS_ERROR, STATUS_OK, Document
from pipeline.nlp import Pipeline
from pipeline.state import DocSummary, Entry, ShardReader, State, doc_key, summarize, write_shard
from pipeline.write.commit import Commit, manifest
from pipeline.write.outputs import OWNED_NAMES, Outputs, document_outputs

CHUNK_DOCS, CHUNK_CHARS = 16, 200_000


@dataclass(slots=True)
class WorkerStats:
    """One worker process: where, model load time, peak resident memory."""

    pid: int
    host: str
    load_seconds: float
    peak_rss_mb: float


@dataclass(slots=True)
class Chunk:
    """Documents processed together; their outputs go to one shard."""

    shard: str
    keys: list[str]
    docs: list[Document]


@dataclass(slots=True)
class ChunkDone:
    shard: str
    summaries: list[DocSummary]
    stage_seconds: dict[str, float]
    worker: WorkerStats


_worker: Pipeline | None = None


def worker_pipeline(batch_size: int, stages: tuple[str, ...] = ()) -> Pipeline:
    """This process's Pipeline (``stages``: see :func:`pipeline.nlp.resolve`);
    the models load on first use, once per process."""
    global _worker
    if _worker is None or _worker.names != stages:
        single_threaded_blas()
        gc.set_threshold(*RARE_COLLECTIONS)
        _worker = Pipeline(batch_size=batch_size, names=stages)
        _worker.resources.load_all()
        gc.freeze()
    return _worker


# The cyclic garbage collector's thresholds in a worker (the default: 700, 10,
# 10).  The models' objects live as long as the process (frozen once loaded:
# never walked again), and the caches the stages fill as they go (word parses,
# lemmas) grow to millions of objects that each full collection walks; a
# worker's garbage is nearly all freed by reference counting, so collections
# can be rare.  Measured on the bench corpus with 1 worker: 6.1 s of 41 s CPU
# in the collector with the defaults, 0.7 s with these.
RARE_COLLECTIONS = (50_000, 10, 10)


@contextmanager
def rare_collections() -> Iterator[None]:
    """The run's own process collects rarely too while the run lasts (it
    holds the corpus counters, the table buffers and the shards being read:
    0.9 s of its 2.6 s CPU went to the collector on the bench corpus with 2
    workers)."""
    before = gc.get_threshold()
    gc.set_threshold(*RARE_COLLECTIONS)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def single_threaded_blas() -> None:
    """One BLAS thread per process.  The slovnet models multiply small matrices:
    OpenBLAS threads cost more than they give (measured here: morph + syntax
    2.3x faster with one thread in one process, 5x with two processes on two
    cores, where the threads of both fight for the cores)."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


def worker_stats(pipe: Pipeline) -> WorkerStats:
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return WorkerStats(os.getpid(), socket.gethostname(), sum(pipe.resources.load_seconds.values()),
                       round(rss_kb / 1024, 1))


def process_chunk(chunk: Chunk, state_dir: Path, config: Config) -> ChunkDone:
    """Process a chunk and write its shard; only summaries travel back."""
    pipe = worker_pipeline(config.batch_size, config.stages)
    formats = config.formats
    before = dict(pipe.timings)
    docs = pipe.process(chunk.docs)
    t = time.perf_counter()
    write_shard(state_dir, chunk.shard, [document_outputs(d, formats) for d in docs])
    pipe.timings["outputs"] = pipe.timings.get("outputs", 0.0) + time.perf_counter() - t
    spent = {k: v - before.get(k, 0.0) for k, v in pipe.timings.items()}
    summaries = [summarize(k, d) for k, d in zip(chunk.keys, docs, strict=True)]
    return ChunkDone(chunk.shard, summaries, spent, worker_stats(pipe))


class Planner:
    """Turns the input stream into the order of the final tables: a document
    done before (same key) is reused at once, the others are grouped into
    chunks for the workers."""

    def __init__(self, fp: str, lookup: Callable[[str], tuple[Entry, DocSummary] | None],
                 on_reused: Callable[[DocSummary], None], prefix: str) -> None:
        self.fp, self.lookup, self.on_reused, self.prefix = fp, lookup, on_reused, prefix
        self.order: list[Entry] = []
        self.n_chunks = 0

    def chunks(self, docs: Iterable[Document]) -> Iterator[Chunk]:
        chunk = self._new_chunk()
        chars = 0
        for doc in docs:
            key = doc_key(doc, self.fp)
            hit = self.lookup(key)
            if hit is not None:
                self.order.append(hit[0])
                self.on_reused(hit[1])
                continue
            self.order.append(Entry(chunk.shard, len(chunk.docs)))
            chunk.keys.append(key)
            chunk.docs.append(doc)
            chars += len(doc.text)
            if len(chunk.docs) >= CHUNK_DOCS or chars >= CHUNK_CHARS:
                yield chunk
                chunk, chars = self._new_chunk(), 0
        if chunk.docs:
            yield chunk

    def _new_chunk(self) -> Chunk:
        self.n_chunks += 1
        return Chunk(f"{self.prefix}-{self.n_chunks:06d}", [], [])


@dataclass
class RunResult:
    n_docs: int = 0
    n_ok: int = 0
    n_failed: int = 0
    n_skipped: int = 0
    n_reused: int = 0  # taken from a previous run's shards, not processed again
    mentions: Counter = field(default_factory=Counter)
    relations: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)
    failures: list[tuple[str, str]] = field(default_factory=list)
    workers: dict[tuple[str, int], WorkerStats] = field(default_factory=dict)

    @property
    def n_processed(self) -> int:
        return self.n_docs - self.n_reused

    @property
    def docs_per_second(self) -> float:
        """Documents processed (not reused) per second of the whole run."""
        return self.n_processed / self.seconds if self.seconds else 0.0

    def add(self, s: DocSummary, reused: bool = False) -> None:
        self.n_docs += 1
        self.n_reused += reused
        if s.status == STATUS_OK:
            self.n_ok += 1
        elif s.status == STATUS_ERROR:
            self.n_failed += 1
            self.failures.append((s.doc_id, s.error))
        else:
            self.n_skipped += 1
        self.mentions.update(s.mentions)
        self.relations.update(s.relations)

    def replace(self, old: DocSummary, new: DocSummary) -> None:
        """Count ``new`` instead of ``old`` (the same document, flagged afterwards)."""
        self.n_docs -= 1
        if old.status == STATUS_OK:
            self.n_ok -= 1
        elif old.status == STATUS_ERROR:
            self.n_failed -= 1
            self.failures.remove((old.doc_id, old.error))
        else:
            self.n_skipped -= 1
        self.mentions.subtract(old.mentions)
        self.relations.subtract(old.relations)
        self.mentions, self.relations = +self.mentions, +self.relations  # drop zeros
        self.add(new)

    def add_chunk(self, done: ChunkDone) -> None:
        for k, v in done.stage_seconds.items():
            self.stage_seconds[k] = self.stage_seconds.get(k, 0.0) + v
        w = done.worker
        self.workers[(w.host, w.pid)] = w
        for s in done.summaries:
            self.add(s)

    def summary(self) -> str:
        ments = ", ".join(f"{k} {v}" for k, v in sorted(self.mentions.items())) or "none"
        reused = f" ({self.n_reused} unchanged, reused)" if self.n_reused else ""
        return (f"documents: {self.n_ok} ok, {self.n_failed} failed, {self.n_skipped} skipped"
                f"{reused}; mentions: {ments}; relations: {sum(self.relations.values())}; "
                f"{self.docs_per_second:.1f} docs/s")


def no_lookup(key: str) -> None:
    """The lookup of ``--no-resume``: nothing is reused."""
    return None


def progress_stub(s: DocSummary) -> Document:
    """What a progress callback gets: id, status and error (no text)."""
    return Document(s.doc_id, "", status=s.status, error=s.error)


class StrictError(RuntimeError):
    """``--strict`` and a document failed; the run stopped before writing."""


def check_strict(config: Config, result: RunResult) -> None:
    """Under ``--strict`` stop at the first failure, before any output file is
    replaced, so the previous outputs stay as they were."""
    if config.strict and result.failures:
        doc_id, error = result.failures[0]
        raise StrictError(f"document {doc_id} failed: {error}")


class Assembler:
    """Writes the output files from the shards in input order while the
    workers go on: an entry is written once its shard is done (``ready``;
    ``None`` = all are).  The files are written into ``dest`` (the run's
    hidden folder) and complete once ``commit`` returns."""

    def __init__(self, config: Config, dest: Path, state_dir: Path, order: list[Entry],
                 ready: set[str] | None = None, doc_formats: tuple[str, ...] | None = None) -> None:
        self.outputs = Outputs(config, dest, doc_formats)
        self.reader = ShardReader(state_dir)
        self.order, self.ready, self.pos = order, ready, 0
        self.seconds = 0.0

    def shard_done(self, shard: str) -> None:
        assert self.ready is not None
        self.ready.add(shard)
        self.advance()

    def advance(self) -> None:
        t = time.perf_counter()
        order, ready = self.order, self.ready
        while self.pos < len(order) and (ready is None or order[self.pos].shard in ready):
            self.outputs.add(self.reader.outputs(order[self.pos]))
            self.pos += 1
        self.seconds += time.perf_counter() - t

    def commit(self) -> None:
        """Write what is left and the corpus tables (after the corpus step)."""
        self.ready = None
        self.advance()
        grouping = group_entities(self.outputs.entities.entities())
        self.outputs.commit(grouping.canonical, grouping.aliases)

    def abort(self) -> None:
        self.outputs.abort()


def assemble(config: Config, dest: Path, state_dir: Path, order: list[Entry],
             doc_formats: tuple[str, ...] | None = None) -> None:
    """Write the output files from the shards into ``dest``, in input order
    (``doc_formats``: see :class:`Outputs`)."""
    writer = Assembler(config, dest, state_dir, order, None, doc_formats)
    try:
        writer.commit()
    except BaseException:
        writer.abort()
        raise


def finish(config: Config, state: State, order: list[Entry], result: RunResult, t0: float,
           write: Callable[[], None], commit: Commit) -> None:
    """Complete the outputs in the run's folder (``write``) with run.json,
    swap them into OUT, drop the shards no table uses."""
    t = time.perf_counter()
    write()
    result.stage_seconds["write"] = result.stage_seconds.get("write", 0.0) + time.perf_counter() - t
    result.seconds = time.perf_counter() - t0
    write_run_json(config, result, commit.dir)
    commit.swap(OWNED_NAMES)
    state.compact(e.shard for e in order)


def write_run_json(config: Config, result: RunResult, dest: Path) -> None:
    """run.json into ``dest``, with the manifest of the files already there."""
    import natasha
    import pymorphy3
    import razdel

    info = {
        "pipeline_version": __version__,
        "models": {
            "natasha": natasha.__version__ if hasattr(natasha, "__version__") else "1.6.0",
            "slovnet_models": ["slovnet_morph_news_v1", "slovnet_syntax_news_v1",
                               "slovnet_ner_news_v1", "navec_news_v1_1B_250K_300d_100q"],
            "pymorphy3": getattr(pymorphy3, "__version__", ""),
            "razdel": getattr(razdel, "__version__", "0.5.0"),
        },
        "python": platform.python_version(),
        "config": config.to_dict(),
        "counts": {
            "documents": result.n_docs, "ok": result.n_ok, "failed": result.n_failed,
            "skipped": result.n_skipped, "reused": result.n_reused,
            "processed": result.n_processed, "mentions": dict(sorted(result.mentions.items())),
            "relations": dict(sorted(result.relations.items())),
        },
        "failures": [{"doc_id": d, "error": e} for d, e in result.failures],
        "timings": {
            "seconds": round(result.seconds, 3),
            "docs_per_second": round(result.docs_per_second, 2),
            "stages": {k: round(v, 3) for k, v in result.stage_seconds.items()},
        },
        "workers": [asdict(w) for w in result.workers.values()],
        "files": manifest(dest),
    }
    (dest / "run.json").write_text(json.dumps(info, ensure_ascii=False, indent=2) + "\n",
                                   encoding="utf-8")

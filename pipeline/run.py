"""The pipeline: stages over a stream of documents, in batches and workers.

``Pipeline`` holds the stages (models loaded once per process) and processes
batches of documents.  ``run`` reads the input, skips the documents the resume
state already holds (:mod:`pipeline.state`), sends the others in chunks to
worker processes (each loads the models once, writes its chunk's outputs to a
shard and sends back only a summary).  The main process writes the output
files from the shards in input order as chunks finish, under temporary names,
and renames them into place at the end.
"""

from __future__ import annotations

import json
import logging
import multiprocessing as mp
import os
import platform
import resource
import socket
import sys
import time
import uuid
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

from pipeline import __version__
from pipeline.config import Config
from pipeline.doc import STATUS_ERROR, STATUS_OK, Document
from pipeline.read import read_documents
from pipeline.resources import Resources, shared
from pipeline.stages import Stage
from pipeline.stages.dates import DateStage
from pipeline.stages.lemma import Lemmatizer
from pipeline.stages.link import Linker
from pipeline.stages.money import MoneyStage
from pipeline.stages.morph import MorphTagger
from pipeline.stages.ner import NERTagger
from pipeline.stages.normal import Normalizer
from pipeline.stages.quantities import QuantityStage
from pipeline.stages.relations import RelationExtractor
from pipeline.stages.roles import RoleTagger
from pipeline.stages.segment import Segmenter
from pipeline.stages.syntax import SyntaxParser
from pipeline.stages.time_relations import TimeRelations
from pipeline.state import DocSummary, Entry, ShardReader, State, doc_key, fingerprint, summarize, write_shard
from pipeline.write.outputs import Outputs, document_outputs

log = logging.getLogger("pipeline")

STAGE_NAMES = ("segment", "morph", "lemma", "syntax", "dates", "ner", "money", "quantities", "roles",
               "normal", "link", "relations", "time_relations")


def build_stages(resources: Resources, batch_size: int = 64) -> list[Stage]:
    return [
        Segmenter(),
        MorphTagger(resources, batch_size),
        Lemmatizer(resources),
        SyntaxParser(resources, batch_size),
        DateStage(),
        NERTagger(resources, batch_size),
        MoneyStage(),
        QuantityStage(),
        RoleTagger(),
        Normalizer(resources),
        Linker(),
        RelationExtractor(),
        TimeRelations(),
    ]


@dataclass
class Pipeline:
    """The stages, ready to run.  ``timings`` adds up seconds per stage."""

    resources: Resources = field(default_factory=shared)
    batch_size: int = 64
    stages: list[Stage] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.stages:
            self.stages = build_stages(self.resources, self.batch_size)

    def process(self, docs: Iterable[Document]) -> list[Document]:
        """Run every stage over a batch; a document whose stage fails is marked
        ``error`` and the rest of the batch goes on."""
        docs = list(docs)
        for stage in self.stages:
            t = time.perf_counter()
            try:
                docs = stage.pipe(docs)
            except Exception:  # one bad document must not sink the batch
                docs = [self._one_by_one(stage, d) for d in docs]
            self.timings[stage.name] = self.timings.get(stage.name, 0.0) + time.perf_counter() - t
        return docs

    @staticmethod
    def _one_by_one(stage: Stage, doc: Document) -> Document:
        if not doc.ok:
            return doc
        try:
            return stage.pipe([doc])[0]
        except Exception as e:  # noqa: BLE001 - reported in documents.csv
            doc.status, doc.error = STATUS_ERROR, f"{stage.name} failed: {type(e).__name__}: {e}"
            doc.sentences, doc.mentions, doc.money, doc.relations = [], [], [], []
            doc.dates, doc.quantities = [], []
            return doc

    def process_texts(self, texts: list[str], doc_ids: list[str] | None = None) -> list[Document]:
        """Convenience for callers with plain strings (eval, notebooks)."""
        ids = doc_ids or [f"doc{i}" for i in range(len(texts))]
        docs = [Document(i, t, regions=[(0, len(t))]) for i, t in zip(ids, texts, strict=True)]
        return self.process(docs)


# ---------------------------------------------------------------- chunks and workers

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


def worker_pipeline(batch_size: int) -> Pipeline:
    """This process's Pipeline; the models load on first use, once per process."""
    global _worker
    if _worker is None:
        single_threaded_blas()
        _worker = Pipeline(batch_size=batch_size)
        _worker.resources.load_all()
    return _worker


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


def process_chunk(chunk: Chunk, state_dir: Path, formats: tuple[str, ...],
                  batch_size: int) -> ChunkDone:
    """Process a chunk and write its shard; only summaries travel back."""
    pipe = worker_pipeline(batch_size)
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


def _init_worker(batch_size: int) -> None:
    worker_pipeline(batch_size)


def _local_results(config: Config, chunks: Iterator[Chunk], state_dir: Path) -> Iterator[ChunkDone]:
    """Chunks processed in this process (1 worker) or a pool, in input order.
    At most two chunks per worker are in flight, so reading never runs ahead
    of processing and the corpus is never held in memory."""
    args = (state_dir, config.formats, config.batch_size)
    workers = config.n_workers
    if workers <= 1:
        for chunk in chunks:
            yield process_chunk(chunk, *args)
        return
    # concurrent.futures, not multiprocessing.Pool: a worker killed (out of
    # memory, a crash in a model) fails the run with BrokenProcessPool instead
    # of hanging it; the finished shards stay for the next run.
    ctx = mp.get_context("spawn" if sys.platform == "darwin" else "fork")
    pool = ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init_worker,
                               initargs=(config.batch_size,))
    pending: deque = deque()
    try:
        for chunk in chunks:
            pending.append(pool.submit(process_chunk, chunk, *args))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


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


def _nothing(key: str) -> None:
    """The lookup of ``--no-resume``: nothing is reused."""
    return None


def _stub(s: DocSummary) -> Document:
    """What a progress callback gets: id, status and error (no text)."""
    return Document(s.doc_id, "", status=s.status, error=s.error)


def run(config: Config, progress: Callable[[Document], None] | None = None) -> RunResult:
    """Process ``config.input`` into tables under ``config.output``.

    Documents whose key is in the resume state are reused; the rest are
    processed in chunks by the engine.  The output files are written from the
    shards in input order as chunks finish, and renamed into place at the end.  ``progress`` is called
    once per document (reused ones included) with a Document stub.
    """
    if config.engine == "dask":
        from pipeline.engines.dask import run_dask

        return run_dask(config, progress)
    if config.engine != "local":
        raise ValueError(f"unknown engine: {config.engine}")
    t0 = time.perf_counter()
    result = RunResult()
    state = State(config.output, fingerprint(config))

    def reused(s: DocSummary) -> None:
        result.add(s, reused=True)
        if progress is not None:
            progress(_stub(s))

    planner = Planner(state.fp, state.lookup if config.resume else _nothing, reused,
                      uuid.uuid4().hex[:12])
    docs = read_documents(config.input, config.max_chars, exclude=[config.output])
    writer = Assembler(config, state.dir, planner.order, {e.shard for e, _ in state.known.values()})
    try:
        for done in _local_results(config, planner.chunks(docs), state.dir):
            state.record(done.shard, done.summaries)
            result.add_chunk(done)
            if progress is not None:
                for s in done.summaries:
                    progress(_stub(s))
            check_strict(config, result)
            writer.shard_done(done.shard)
        check_strict(config, result)  # a failure reused from the resume state
        result.stage_seconds["write"] = writer.seconds
        finish(config, state, planner.order, result, t0, write=writer.commit)
    except BaseException:
        writer.abort()
        raise
    return result


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
    ``None`` = all are).  The files keep temporary names until ``commit``."""

    def __init__(self, config: Config, state_dir: Path, order: list[Entry],
                 ready: set[str] | None = None, doc_formats: tuple[str, ...] | None = None) -> None:
        self.outputs = Outputs(config, doc_formats)
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
        self.ready = None
        self.advance()
        self.outputs.commit()

    def abort(self) -> None:
        self.outputs.abort()


def assemble(config: Config, state_dir: Path, order: list[Entry],
             doc_formats: tuple[str, ...] | None = None) -> None:
    """Write the output files from the shards, in input order, atomically
    (``doc_formats``: see :class:`Outputs`)."""
    writer = Assembler(config, state_dir, order, None, doc_formats)
    try:
        writer.commit()
    except BaseException:
        writer.abort()
        raise


def finish(config: Config, state: State, order: list[Entry], result: RunResult, t0: float,
           write: Callable[[], None]) -> None:
    """Complete the outputs (``write``), drop shards no table uses, write run.json."""
    t = time.perf_counter()
    write()
    result.stage_seconds["write"] = result.stage_seconds.get("write", 0.0) + time.perf_counter() - t
    state.compact(e.shard for e in order)
    result.seconds = time.perf_counter() - t0
    write_run_json(config, result)


def write_run_json(config: Config, result: RunResult) -> None:
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
    }
    path = Path(config.output) / "run.json"
    tmp = path.with_name(".run.json.tmp")
    tmp.write_text(json.dumps(info, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)

"""The pipeline: stages over a stream of documents, in batches and workers.

``Pipeline`` holds the stages (models loaded once per process) and processes
batches of documents.  ``run`` reads the input, sends batches to worker
processes (each loads the models once), and streams the results into the
output tables.
"""

from __future__ import annotations

import json
import logging
import multiprocessing as mp
import os
import platform
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import __version__
from pipeline.config import Config
from pipeline.doc import STATUS_ERROR, Document
from pipeline.read import read_documents
from pipeline.resources import Resources, shared
from pipeline.stages import Stage
from pipeline.stages.lemma import Lemmatizer
from pipeline.stages.link import Linker
from pipeline.stages.money import MoneyStage
from pipeline.stages.morph import MorphTagger
from pipeline.stages.ner import NERTagger
from pipeline.stages.normal import Normalizer
from pipeline.stages.relations import RelationExtractor
from pipeline.stages.roles import RoleTagger
from pipeline.stages.segment import Segmenter
from pipeline.stages.syntax import SyntaxParser
from pipeline.write.outputs import Outputs

log = logging.getLogger("pipeline")

STAGE_NAMES = ("segment", "morph", "lemma", "syntax", "ner", "money", "roles", "normal",
               "link", "relations")


def build_stages(resources: Resources, batch_size: int = 64) -> list[Stage]:
    return [
        Segmenter(),
        MorphTagger(resources, batch_size),
        Lemmatizer(resources),
        SyntaxParser(resources, batch_size),
        NERTagger(resources, batch_size),
        MoneyStage(),
        RoleTagger(),
        Normalizer(resources),
        Linker(),
        RelationExtractor(),
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
            return doc

    def process_texts(self, texts: list[str], doc_ids: list[str] | None = None) -> list[Document]:
        """Convenience for callers with plain strings (eval, notebooks)."""
        ids = doc_ids or [f"doc{i}" for i in range(len(texts))]
        docs = [Document(i, t, regions=[(0, len(t))]) for i, t in zip(ids, texts, strict=True)]
        return self.process(docs)


# ---------------------------------------------------------------- workers

_worker: Pipeline | None = None


def _init_worker(batch_size: int) -> None:
    global _worker
    _worker = Pipeline(batch_size=batch_size)
    _worker.resources.load_all()


def _work(docs: list[Document]) -> tuple[list[Document], dict[str, float]]:
    assert _worker is not None
    before = dict(_worker.timings)
    out = _worker.process(docs)
    spent = {k: v - before.get(k, 0.0) for k, v in _worker.timings.items()}
    return out, spent


def batches(docs: Iterable[Document], size: int) -> Iterator[list[Document]]:
    """Batches of about ``size`` sentences' worth of documents (by characters)."""
    batch: list[Document] = []
    chars = 0
    for d in docs:
        batch.append(d)
        chars += len(d.text)
        if len(batch) >= size or chars >= 200_000:
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch


@dataclass
class RunResult:
    n_docs: int = 0
    n_ok: int = 0
    n_failed: int = 0
    n_skipped: int = 0
    mentions: Counter = field(default_factory=Counter)
    relations: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)
    failures: list[tuple[str, str]] = field(default_factory=list)

    @property
    def docs_per_second(self) -> float:
        return self.n_docs / self.seconds if self.seconds else 0.0

    def summary(self) -> str:
        ments = ", ".join(f"{k} {v}" for k, v in sorted(self.mentions.items())) or "none"
        return (f"documents: {self.n_ok} ok, {self.n_failed} failed, {self.n_skipped} skipped; "
                f"mentions: {ments}; relations: {sum(self.relations.values())}; "
                f"{self.docs_per_second:.1f} docs/s")


def _processed(config: Config, docs: Iterator[Document],
               timings: dict[str, float]) -> Iterator[Document]:
    """Processed documents, in input order; adds stage seconds to ``timings``."""
    workers = config.n_workers
    chunks = batches(docs, 16)
    if workers <= 1:
        pipe = Pipeline(batch_size=config.batch_size, timings=timings)
        for chunk in chunks:
            yield from pipe.process(chunk)
        return
    ctx = mp.get_context("spawn" if sys.platform == "darwin" else "fork")
    with ctx.Pool(workers, initializer=_init_worker, initargs=(config.batch_size,)) as pool:
        for out, spent in pool.imap(_work, chunks):
            for k, v in spent.items():
                timings[k] = timings.get(k, 0.0) + v
            yield from out


def run(config: Config, progress=None) -> RunResult:
    """Process ``config.input`` into tables under ``config.output``."""
    t0 = time.perf_counter()
    result = RunResult()
    outputs = Outputs(config)
    try:
        docs = read_documents(config.input, config.max_chars)
        for doc in _processed(config, docs, result.stage_seconds):
            result.n_docs += 1
            if doc.ok:
                result.n_ok += 1
            elif doc.status == STATUS_ERROR:
                result.n_failed += 1
                result.failures.append((doc.doc_id, doc.error))
            else:
                result.n_skipped += 1
            result.mentions.update(m.type for m in doc.mentions)
            result.relations.update(r.type for r in doc.relations)
            outputs.add(doc)
            if progress is not None:
                progress(doc)
        outputs.commit()
    except BaseException:
        outputs.abort()
        raise
    result.seconds = time.perf_counter() - t0
    write_run_json(config, result)
    return result


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
            "skipped": result.n_skipped, "mentions": dict(sorted(result.mentions.items())),
            "relations": dict(sorted(result.relations.items())),
        },
        "failures": [{"doc_id": d, "error": e} for d, e in result.failures],
        "timings": {
            "seconds": round(result.seconds, 3),
            "docs_per_second": round(result.docs_per_second, 2),
            "stages": {k: round(v, 3) for k, v in result.stage_seconds.items()},
        },
    }
    path = Path(config.output) / "run.json"
    tmp = path.with_name(".run.json.tmp")
    tmp.write_text(json.dumps(info, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)

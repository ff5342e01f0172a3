"""The local engine: workers, order, progress, run.json (no timings asserted)."""

from __future__ import annotations

import json
import os
import signal
from concurrent.futures.process import BrokenProcessPool

import pyarrow.parquet as pq
import pytest

from pipeline.config import Config
from pipeline.run import run
from tests.small_corpus import ARTICLES, table_bytes, write_corpus


@pytest.fixture
def small_chunks(monkeypatch):
    """Several chunks even on a small corpus, so the pool really splits work."""
    monkeypatch.setattr("pipeline.engines.core.CHUNK_DOCS", 3)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return write_corpus(tmp_path_factory.mktemp("corpus"))


def test_one_and_two_workers_write_identical_tables(pipe, corpus, tmp_path, small_chunks):
    ticks = []
    one = run(Config(input=corpus, output=tmp_path / "one", workers=1), progress=ticks.append)
    two = run(Config(input=corpus, output=tmp_path / "two", workers=2))
    assert one.n_docs == two.n_docs == len(ARTICLES)
    assert one.n_ok == len(ARTICLES) and not one.n_failed
    assert table_bytes(tmp_path / "one") == table_bytes(tmp_path / "two")
    for name in ("documents", "tokens", "mentions", "relations", "money", "entities"):
        a = pq.read_table(tmp_path / "one" / f"{name}.parquet").to_pylist()
        assert a == pq.read_table(tmp_path / "two" / f"{name}.parquet").to_pylist()
    assert sorted(d.doc_id for d in ticks) == sorted(ARTICLES)
    assert all(d.status == "ok" for d in ticks)


def test_tables_keep_input_order(pipe, corpus, tmp_path, small_chunks):
    run(Config(input=corpus, output=tmp_path, workers=2, formats=("csv",)))
    assert not (tmp_path / "documents.parquet").exists()
    lines = (tmp_path / "documents.csv").read_text(encoding="utf-8").splitlines()[1:]
    assert [line.split(",")[0] for line in lines] == sorted(ARTICLES)


def test_run_json_reports_counts_workers_and_stages(pipe, corpus, tmp_path):
    result = run(Config(input=corpus, output=tmp_path, workers=1, formats=("csv",)))
    info = json.loads((tmp_path / "run.json").read_text(encoding="utf-8"))
    assert info["counts"]["documents"] == len(ARTICLES)
    assert info["counts"]["processed"] == len(ARTICLES) and info["counts"]["reused"] == 0
    assert {"morph", "syntax", "ner", "write"} <= set(info["timings"]["stages"])
    [worker] = info["workers"]
    assert worker["peak_rss_mb"] > 0
    assert sum(result.mentions.values()) > 0


def test_main_process_gets_summaries_not_documents(pipe, corpus, tmp_path):
    """Workers write their chunk's rows to a shard; only small summaries come back."""
    from pipeline.engines.core import Chunk, process_chunk
    from pipeline.read import read_documents
    from pipeline.state import State, fingerprint

    config = Config(input=corpus, output=tmp_path, workers=1)
    state = State(tmp_path, fingerprint(config))

    docs = list(read_documents(corpus))[:2]
    done = process_chunk(Chunk("test-000001", ["k1", "k2"], docs), state.dir, config)
    assert [s.doc_id for s in done.summaries] == [d.doc_id for d in docs]
    assert (state.dir / "shards" / "test-000001.zpkl").exists()
    assert not hasattr(done, "docs")


def _die(*args) -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def test_a_killed_worker_fails_the_run_instead_of_hanging(pipe, corpus, tmp_path, monkeypatch):
    monkeypatch.setattr("pipeline.engines.local.process_chunk", _die)
    with pytest.raises(BrokenProcessPool):
        run(Config(input=corpus, output=tmp_path, workers=2))
    assert not (tmp_path / "documents.csv").exists()


def test_the_collector_runs_rarely_during_a_run_and_as_before_after(pipe, corpus, tmp_path):
    """The cyclic collector would walk the models and the stages' caches
    again and again: a run collects rarely, the worker's models are frozen
    out of its sight, and the caller's thresholds come back after the run."""
    import gc

    from pipeline.engines.core import RARE_COLLECTIONS

    before = gc.get_threshold()
    during = []
    run(Config(input=corpus, output=tmp_path, workers=1),
        progress=lambda doc: during.append(gc.get_threshold()))
    assert during and set(during) == {RARE_COLLECTIONS} != {before}
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() > 100_000  # the models' objects

"""The Dask engine on a LocalCluster of 2 workers: the same rows as the local engine."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest

from pipeline.config import Config
from pipeline.run import run
from tests.small_corpus import ARTICLES, table_bytes, write_corpus

distributed = pytest.importorskip("distributed")

TABLES = ("documents", "tokens", "mentions", "money", "relations")


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as c:
        yield c


@pytest.fixture(autouse=True)
def stable(monkeypatch):
    """Several partitions and chunks on a small corpus; a fixed fingerprint
    (both engines must key documents alike even if a stage is edited meanwhile)."""
    monkeypatch.setattr("pipeline.engines.dask.FILES_PER_PARTITION", 3)
    monkeypatch.setattr("pipeline.engines.dask.fingerprint", lambda config: "test")
    monkeypatch.setattr("pipeline.engines.local.fingerprint", lambda config: "test")


def test_dask_rows_match_the_local_engine(pipe, cluster, tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    local, dask = tmp_path / "local", tmp_path / "dask"
    run(Config(input=corpus, output=local, workers=1))
    ticks = []
    result = run(Config(input=corpus, output=dask, engine="dask",
                        scheduler=cluster.scheduler_address), progress=ticks.append)
    assert result.n_docs == len(ARTICLES) == len(ticks)
    assert len({w.pid for w in result.workers.values()}) == 2  # both workers worked
    assert table_bytes(dask) == table_bytes(local)
    for name in TABLES:
        parts = sorted(p.name for p in (dask / f"{name}.parquet").iterdir())
        assert parts == [f"part-{i:05d}.parquet" for i in range(3)]  # 8 files / 3 per partition
        assert (pq.read_table(dask / f"{name}.parquet").to_pylist()
                == pq.read_table(local / f"{name}.parquet").to_pylist())
    assert (pq.read_table(dask / "entities.parquet").to_pylist()
            == pq.read_table(local / "entities.parquet").to_pylist())

    again = run(Config(input=corpus, output=dask, engine="dask",
                       scheduler=cluster.scheduler_address))
    assert again.n_reused == len(ARTICLES)
    assert table_bytes(dask) == table_bytes(local)


def test_a_doc_id_repeated_across_partitions_is_flagged_as_locally(pipe, cluster, tmp_path):
    """Two JSONL files, in different partitions, both hold a record «dup»: the
    later one is an error row (with its metadata kept), as the local reader
    makes it; every table is the same as the local engine's."""
    import json

    corpus = write_corpus(tmp_path / "corpus")
    first = {"id": "dup", "title": "Первая", "text": ARTICLES["economy/sber"]}
    second = {"id": "dup", "title": "Вторая", "text": ARTICLES["world/un"]}
    (corpus / "a_feed.jsonl").write_text(json.dumps(first, ensure_ascii=False) + "\n", encoding="utf-8")
    (corpus / "zz_feed.jsonl").write_text(json.dumps(second, ensure_ascii=False) + "\n",
                                          encoding="utf-8")
    local, dask = tmp_path / "local", tmp_path / "dask"
    run(Config(input=corpus, output=local, workers=1))
    result = run(Config(input=corpus, output=dask, engine="dask",
                        scheduler=cluster.scheduler_address))
    assert result.n_failed == 1 and result.failures[0][0] == "dup"
    assert "duplicate doc_id (first in" in result.failures[0][1]
    assert table_bytes(dask) == table_bytes(local)
    rows = [r for r in pq.read_table(dask / "documents.parquet").to_pylist() if r["doc_id"] == "dup"]
    assert [(r["title"], r["status"], r["n_tokens"]) for r in rows] == [("Первая", "ok", rows[0]["n_tokens"]),
                                                                      ("Вторая", "error", 0)]
    assert rows[0]["n_tokens"] > 0
    again = run(Config(input=corpus, output=dask, engine="dask",
                       scheduler=cluster.scheduler_address))
    assert again.n_failed == 1
    assert table_bytes(dask) == table_bytes(local)


def test_either_engine_writes_into_a_folder_the_other_wrote(pipe, cluster, tmp_path):
    """Dask writes documents.parquet as a folder of parts, the local engine as
    one file: each replaces the other's whole, every table of one run."""
    corpus = write_corpus(tmp_path / "corpus")
    out, ref = tmp_path / "out", tmp_path / "ref"
    run(Config(input=corpus, output=ref, workers=1))
    run(Config(input=corpus, output=out, workers=1))
    run(Config(input=corpus, output=out, engine="dask", scheduler=cluster.scheduler_address))
    assert (out / "documents.parquet").is_dir()
    assert "documents.parquet/part-00000.parquet" in json.loads((out / "run.json").read_text())["files"]
    assert table_bytes(out) == table_bytes(ref)
    run(Config(input=corpus, output=out, workers=1))
    assert (out / "documents.parquet").is_file()
    assert table_bytes(out) == table_bytes(ref)
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [".state"]

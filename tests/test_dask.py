"""The Dask engine on a LocalCluster of 2 workers: the same rows as the local engine."""

from __future__ import annotations

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
    monkeypatch.setattr("pipeline.run.fingerprint", lambda config: "test")


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

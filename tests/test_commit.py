"""The swap of a run's new files into OUT: all old files or all new ones."""

from __future__ import annotations

import hashlib
import json
import os

import pyarrow.parquet as pq
import pytest

from pipeline.config import Config
from pipeline.run import run
from pipeline.write.commit import JOURNAL, Commit, CommitError, _apply, _write_journal, recover
from tests.small_corpus import ARTICLES, write_corpus

OWNED = {"documents.csv", "documents.parquet", "tokens.csv", "run.json", "report.html"}


def old_folder(out):
    """OUT as an earlier run left it: a Parquet folder (the Dask engine's
    kind of table), CSVs, a report this run will not rewrite."""
    out.mkdir()
    (out / "documents.parquet").mkdir()
    (out / "documents.parquet" / "part-00000.parquet").write_text("old part")
    (out / "documents.csv").write_text("old documents")
    (out / "tokens.csv").write_text("old tokens")
    (out / "report.html").write_text("old report")
    (out / ".state").mkdir()
    (out / ".state" / "manifest.jsonl").write_text("kept")
    return snapshot(out)


def snapshot(out):
    return {p.relative_to(out).as_posix(): p.read_text() for p in sorted(out.rglob("*"))
            if p.is_file()}


def new_files(commit):
    (commit.dir / "documents.parquet").write_text("new documents parquet")
    (commit.dir / "documents.csv").write_text("new documents")
    (commit.dir / "tokens.csv").write_text("new tokens")


def test_swap_puts_a_file_where_a_folder_was_and_drops_what_the_run_did_not_write(tmp_path):
    out = tmp_path / "out"
    old_folder(out)
    commit = Commit(out, "r1")
    new_files(commit)
    commit.swap(OWNED)
    assert snapshot(out) == {".state/manifest.jsonl": "kept",
                             "documents.csv": "new documents",
                             "documents.parquet": "new documents parquet",
                             "tokens.csv": "new tokens"}
    assert sorted(p.name for p in out.iterdir()) == [
        ".state", "documents.csv", "documents.parquet", "tokens.csv"]


def test_a_rename_failing_midway_leaves_every_old_file(tmp_path, monkeypatch):
    out = tmp_path / "out"
    before = old_folder(out)
    commit = Commit(out, "r1")
    new_files(commit)
    real, calls = os.rename, []

    def rename(src, dst):
        calls.append(src)
        if len(calls) == 6:  # the old files are away, two new ones are in
            raise OSError(5, "Input/output error")
        real(src, dst)

    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(CommitError, match="previous outputs are left as they were"):
        commit.swap(OWNED)
    assert len(calls) > 6  # the undo ran
    assert snapshot(out) == {**before, **{f".tmp-r1/{n}": t for n, t in snapshot(commit.dir).items()}}
    assert not (out / JOURNAL).exists() and not (out / ".old-r1").exists()
    commit.abort()
    assert snapshot(out) == before


def test_a_signal_during_the_swap_moves_the_old_files_back(tmp_path, monkeypatch):
    out = tmp_path / "out"
    before = old_folder(out)
    commit = Commit(out, "r1")
    new_files(commit)
    real, calls = os.rename, []

    def rename(src, dst):
        calls.append(src)
        if len(calls) == 5:
            raise KeyboardInterrupt  # what pipeline.signals raises for SIGTERM
        real(src, dst)

    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(KeyboardInterrupt):
        commit.swap(OWNED)
    commit.abort()
    assert snapshot(out) == before


def test_a_swap_stopped_midway_is_completed_by_the_next_run(tmp_path):
    out = tmp_path / "out"
    old_folder(out)
    commit = Commit(out, "r1")
    new_files(commit)
    record = {"run": "r1", "new": ["documents.csv", "documents.parquet", "tokens.csv"],
              "old": ["documents.csv", "documents.parquet", "report.html", "tokens.csv"]}
    _write_journal(out, record)
    # Killed after two renames: documents.csv moved away, documents.parquet too.
    (out / ".old-r1").mkdir()
    os.rename(out / "documents.csv", out / ".old-r1" / "documents.csv")
    os.rename(out / "documents.parquet", out / ".old-r1" / "documents.parquet")
    recover(out)
    assert snapshot(out) == {".state/manifest.jsonl": "kept",
                             "documents.csv": "new documents",
                             "documents.parquet": "new documents parquet",
                             "tokens.csv": "new tokens"}
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [".state"]
    _apply(out, {**record, "old": []})  # nothing left to do: a no-op, not an error
    assert snapshot(out)["tokens.csv"] == "new tokens"


def test_recover_removes_what_killed_runs_left_before_their_swap(tmp_path):
    out = tmp_path / "out"
    before = old_folder(out)
    new_files(Commit(out, "killed"))
    (out / ".documents.csv.tmp").write_text("half a table")
    recover(out)
    assert snapshot(out) == before
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [".state"]


# ---------------------------------------------------------------- whole runs


def every_file(out):
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and not p.relative_to(out).as_posix().startswith(".")}


@pytest.fixture
def stable(monkeypatch):
    monkeypatch.setattr("pipeline.engines.local.fingerprint", lambda config: "test")


def test_a_run_commits_into_a_folder_the_dask_engine_wrote(pipe, stable, tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    (out / "documents.parquet").mkdir(parents=True)
    (out / "documents.parquet" / "part-00000.parquet").write_bytes(b"a Dask part")
    result = run(Config(input=corpus, output=out, workers=1))
    assert pq.read_table(out / "documents.parquet").num_rows == result.n_docs == len(ARTICLES)
    info = json.loads((out / "run.json").read_text(encoding="utf-8"))
    files = info["files"]
    assert "documents.csv" in files and "tokens.parquet" in files and "run.json" not in files
    for name, f in files.items():
        data = (out / name).read_bytes()
        assert (len(data), hashlib.sha256(data).hexdigest()) == (f["bytes"], f["sha256"])


def test_a_commit_failing_midway_leaves_every_old_table(pipe, stable, tmp_path, monkeypatch):
    corpus = write_corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    run(Config(input=corpus, output=out, workers=1))
    before = every_file(out)
    assert len(before) == 25  # 11 tables in CSV and Parquet, 2 per-document files, run.json
    (corpus / "politics" / "putin.txt").write_text("Мэр Казани Ильсур Метшин открыл парк.",
                                                    encoding="utf-8")
    real, calls = os.rename, []

    def rename(src, dst):
        calls.append(src)
        if len(calls) == 25:  # 19 old files moved away, 5 new ones in
            raise OSError(28, "No space left on device")
        real(src, dst)

    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(CommitError):
        run(Config(input=corpus, output=out, workers=1))
    assert len(calls) > 25  # failed after 19 old files moved away and 5 new ones in, then undone
    assert every_file(out) == before
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [".state"]

"""Resumable, incremental runs: reuse finished documents, redo changed ones,
never leave half-written outputs."""

from __future__ import annotations

import pytest

from pipeline.config import Config
from pipeline.run import run
from pipeline.state import State, fingerprint
from tests.small_corpus import ARTICLES, table_bytes, write_corpus


class Killed(Exception):
    """Stands for the run being killed after some documents."""


def killer(after: int):
    seen = []

    def progress(doc) -> None:
        seen.append(doc.doc_id)
        if len(seen) >= after:
            raise Killed
    return progress


@pytest.fixture
def stable(monkeypatch):
    """Small chunks; and a fixed fingerprint, so a colleague editing a stage
    mid-test does not invalidate the state between two runs of one test."""
    monkeypatch.setattr("pipeline.engines.core.CHUNK_DOCS", 2)
    monkeypatch.setattr("pipeline.engines.local.fingerprint", lambda config: "test")


@pytest.fixture(scope="module")
def fresh(pipe, tmp_path_factory):
    """A fresh run over the corpus: the reference tables."""
    corpus = write_corpus(tmp_path_factory.mktemp("corpus"))
    out = tmp_path_factory.mktemp("fresh")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("pipeline.engines.local.fingerprint", lambda config: "test")
        run(Config(input=corpus, output=out, workers=1))
    return corpus, out


def test_rerun_reuses_every_document(stable, fresh, tmp_path):
    corpus, ref = fresh
    out = tmp_path / "out"
    run(Config(input=corpus, output=out, workers=1))
    again = run(Config(input=corpus, output=out, workers=2))
    assert again.n_reused == again.n_docs == len(ARTICLES)
    assert again.n_processed == 0
    assert table_bytes(out) == table_bytes(ref)


def test_killed_run_resumes_without_redoing_finished_documents(stable, fresh, tmp_path):
    corpus, ref = fresh
    out = tmp_path / "out"
    with pytest.raises(Killed):
        run(Config(input=corpus, output=out, workers=1), progress=killer(5))
    assert not (out / "documents.csv").exists()  # nothing half-written
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
    resumed = run(Config(input=corpus, output=out, workers=2))
    assert resumed.n_reused >= 4
    assert resumed.n_processed == len(ARTICLES) - resumed.n_reused
    assert table_bytes(out) == table_bytes(ref)


def test_changed_documents_alone_are_processed(stable, pipe, tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    run(Config(input=corpus, output=out, workers=1))
    changed = dict(ARTICLES)
    changed["economy/sber"] = ARTICLES["economy/sber"].replace("4,5 млрд", "7 млрд")
    changed["world/un"] = ARTICLES["world/un"] + " Визит продлится два дня."
    del changed["sport/zenit"]
    changed["new/article"] = "Министр финансов Антон Силуанов выступил в Государственной думе."
    (corpus / "sport" / "zenit.txt").unlink()
    edited = write_corpus(corpus, changed)  # the same folder, edited in place
    result = run(Config(input=edited, output=out, workers=1))
    assert result.n_processed == 3 and result.n_reused == len(changed) - 3
    reference = tmp_path / "reference"
    run(Config(input=edited, output=reference, workers=1))
    assert table_bytes(out) == table_bytes(reference)
    # the state keeps only what the tables use
    state = State(out, "test")
    assert {e.shard for e, _ in state.known.values()} == {
        p.stem for p in (out / ".state" / "shards").glob("*.zpkl")}


def test_killed_run_leaves_previous_outputs_readable(stable, fresh, tmp_path):
    corpus, _ = fresh
    out = tmp_path / "out"
    run(Config(input=corpus, output=out, workers=1))
    before = table_bytes(out)
    edited = write_corpus(tmp_path / "corpus", {k: v + " Конец." for k, v in ARTICLES.items()})
    with pytest.raises(Killed):
        run(Config(input=edited, output=out, workers=1), progress=killer(3))
    assert table_bytes(out) == before


def test_no_resume_processes_everything(stable, fresh, tmp_path):
    corpus, ref = fresh
    out = tmp_path / "out"
    run(Config(input=corpus, output=out, workers=1))
    again = run(Config(input=corpus, output=out, workers=1, resume=False))
    assert again.n_reused == 0 and again.n_processed == len(ARTICLES)
    assert table_bytes(out) == table_bytes(ref)


def test_cut_off_manifest_line_is_ignored(stable, fresh, tmp_path):
    corpus, ref = fresh
    out = tmp_path / "out"
    run(Config(input=corpus, output=out, workers=1))
    with open(out / ".state" / "manifest.jsonl", "a", encoding="utf-8") as fh:
        fh.write('{"shard": "x", "docs": [["')
    again = run(Config(input=corpus, output=out, workers=1))
    assert again.n_reused == len(ARTICLES)
    assert table_bytes(out) == table_bytes(ref)


def test_fingerprint_follows_version_and_rendered_files(monkeypatch):
    base = fingerprint(Config())
    assert fingerprint(Config(formats=("csv", "parquet"))) != base  # no conllu/jsonl rendered
    assert fingerprint(Config(stages=("segment", "morph", "lemma"))) != base  # a partial run
    monkeypatch.setattr("pipeline.state.__version__", "99.0")
    assert fingerprint(Config()) != base


def test_sigkilled_cli_run_keeps_outputs_and_resumes(pipe, tmp_path):
    """A real kill (SIGKILL) of ``python -m pipeline run`` after its first chunk.
    (Runs with the real fingerprint: a stage edited during the test would make
    the resumed run process everything, and fail the reuse check.)"""
    import os
    import signal
    import subprocess
    import sys
    import time

    corpus, out = write_corpus(tmp_path / "corpus"), tmp_path / "out"
    run(Config(input=corpus, output=out, workers=1))
    before = table_bytes(out)
    for k in range(4):
        write_corpus(corpus / f"copy{k}", ARTICLES)  # 32 new documents: 2 chunks of 16
    manifest = out / ".state" / "manifest.jsonl"
    n_lines = len(manifest.read_text(encoding="utf-8").splitlines())
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "run", str(corpus), "-o", str(out),
                             "--workers", "1", "-q"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        while len(manifest.read_text(encoding="utf-8").splitlines()) == n_lines:
            assert proc.poll() is None, "the run ended before it could be killed"
            time.sleep(0.05)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    assert table_bytes(out) == before  # the killed run replaced nothing
    resumed = run(Config(input=corpus, output=out, workers=1))
    assert resumed.n_reused >= len(ARTICLES) + 16
    fresh = tmp_path / "fresh"
    run(Config(input=corpus, output=fresh, workers=1))
    assert table_bytes(out) == table_bytes(fresh)


def test_fingerprint_covers_stages_and_models_not_the_runner():
    from pipeline.state import PACKAGE, _fingerprinted_files

    names = {f.relative_to(PACKAGE).as_posix() for f in _fingerprinted_files()}
    assert {"stages/ner.py", "stages/money.py", "write/rows.py", "doc.py"} <= names
    assert {f.relative_to(PACKAGE).as_posix() for f in (PACKAGE / "data").rglob("*")
            if f.is_file()} <= names
    assert not {"run.py", "bench.py", "write/tables.py"} & names
    assert not any(n.startswith(("engines/", "eval/")) for n in names)

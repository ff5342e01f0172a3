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


@pytest.fixture(autouse=True)
def stable(monkeypatch):
    """Small chunks; and a fixed fingerprint, so a colleague editing a stage
    mid-test does not invalidate the state between two runs of one test."""
    monkeypatch.setattr("pipeline.run.CHUNK_DOCS", 2)
    monkeypatch.setattr("pipeline.run.fingerprint", lambda config: "test")


@pytest.fixture(scope="module")
def fresh(pipe, tmp_path_factory):
    """A fresh run over the corpus: the reference tables."""
    corpus = write_corpus(tmp_path_factory.mktemp("corpus"))
    out = tmp_path_factory.mktemp("fresh")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("pipeline.run.fingerprint", lambda config: "test")
        run(Config(input=corpus, output=out, workers=1))
    return corpus, out


def test_rerun_reuses_every_document(fresh, tmp_path):
    corpus, ref = fresh
    out = tmp_path / "out"
    run(Config(input=corpus, output=out, workers=1))
    again = run(Config(input=corpus, output=out, workers=2))
    assert again.n_reused == again.n_docs == len(ARTICLES)
    assert again.n_processed == 0
    assert table_bytes(out) == table_bytes(ref)


def test_killed_run_resumes_without_redoing_finished_documents(fresh, tmp_path):
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


def test_changed_documents_alone_are_processed(pipe, tmp_path):
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
        p.stem for p in (out / ".state" / "shards").glob("*.pkl")}


def test_killed_run_leaves_previous_outputs_readable(fresh, tmp_path):
    corpus, _ = fresh
    out = tmp_path / "out"
    run(Config(input=corpus, output=out, workers=1))
    before = table_bytes(out)
    edited = write_corpus(tmp_path / "corpus", {k: v + " Конец." for k, v in ARTICLES.items()})
    with pytest.raises(Killed):
        run(Config(input=edited, output=out, workers=1), progress=killer(3))
    assert table_bytes(out) == before


def test_no_resume_processes_everything(fresh, tmp_path):
    corpus, ref = fresh
    out = tmp_path / "out"
    run(Config(input=corpus, output=out, workers=1))
    again = run(Config(input=corpus, output=out, workers=1, resume=False))
    assert again.n_reused == 0 and again.n_processed == len(ARTICLES)
    assert table_bytes(out) == table_bytes(ref)


def test_cut_off_manifest_line_is_ignored(fresh, tmp_path):
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
    monkeypatch.setattr("pipeline.state.__version__", "99.0")
    assert fingerprint(Config()) != base

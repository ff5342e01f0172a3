"""The command line as people use it: ``show``, ``report``, progress, flags."""

from __future__ import annotations

import logging

import pytest
from openpyxl import load_workbook

from pipeline.cli import main
from pipeline.progress import Progress, estimate_documents
from pipeline.write.readback import read_rows

from .conftest import SEEDS
from .sample_run import SEED_ID, make_input, nested_pair, sample_run, source_text


@pytest.fixture(scope="module")
def out(tmp_path_factory, pipe):
    return sample_run(tmp_path_factory.mktemp("cli"))


@pytest.fixture(scope="module")
def csv_out(tmp_path_factory, pipe):
    """A run that wrote the CSV tables only: no Parquet, no documents.jsonl."""
    return sample_run(tmp_path_factory.mktemp("cli_csv"), "--format", "csv")


def test_show_marks_nested_entities(out, capsys):
    assert main(["show", SEED_ID, "-o", str(out), "--color", "never"]) == 0
    text = capsys.readouterr().out
    assert text.startswith(f"{SEED_ID} — Укреплять отношения с Санкт-Петербургом")
    assert "[Бакытжан Сагинтаев|PER]" in text and "[4,7 млрд долларов|MONEY]" in text
    src = source_text(out, SEED_ID)
    o, i = nested_pair(out, SEED_ID)
    assert (f"[{src[o['start']:i['start']]}[{i['text']}|{i['type']}]"
            f"{src[i['stop']:o['stop']]}|{o['type']}]") in text
    rel = read_rows(out, "relations", [SEED_ID])[0]
    assert f"{rel['type']}: {rel['subj_text']} → {rel['obj_text']}" in text


def test_show_colours_and_drops_planted_escapes(out, capsys):
    assert main(["show", "evil", "-o", str(out), "--color", "always"]) == 0
    text = capsys.readouterr().out
    assert "\x1b[1;33mСергей Собянин\x1b[0m" in text
    # The escape byte is dropped: what the article planted shows as inert text.
    assert "\x1b[31m" not in text and "> [31m" in text


def test_show_rebuilds_text_from_csv_tokens(csv_out, capsys):
    assert not (csv_out / "documents.jsonl").exists()
    assert main(["show", SEED_ID, "-o", str(csv_out), "--color", "never"]) == 0
    text = capsys.readouterr().out
    o, i = nested_pair(csv_out, SEED_ID)
    assert "[Бакытжан Сагинтаев|PER]" in text and f"[{i['text']}|{i['type']}]" in text


def test_show_unknown_document(out, capsys):
    assert main(["show", SEED_ID + "x", "-o", str(out)]) == 1
    assert f"did you mean: {SEED_ID}" in capsys.readouterr().err


def test_report_command_from_csv_tables(csv_out):
    assert main(["report", "-o", str(csv_out), "--excel"]) == 0
    page = (csv_out / "report.html").read_text(encoding="utf-8")
    assert ">Бакытжан Сагинтаев</mark>" in page
    money = list(load_workbook(csv_out / "entities.xlsx")["money"].iter_rows(values_only=True))
    assert money[1][money[0].index("amount")] == 4_700_000_000  # a number, read from CSV text


def test_flags_that_cannot_go_together(tmp_path, capsys):
    inp = make_input(tmp_path)
    assert main(["run", str(inp), "-o", str(tmp_path / "o"), "--format", "conllu", "--excel"]) == 2
    assert "keep csv or parquet" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["run", str(inp), "-q", "-v"])
    assert main(["report", "-o", str(tmp_path / "nothing")]) == 2


def test_stages_runs_the_chosen_stages_with_those_they_need(pipe, tmp_path):
    """``--stages segment,lemma`` on the seed: tokens with lemmas (and the
    part of speech the lemmatizer needs), no parse, no mentions; every table
    is there with its header, so a reader of the run finds them all."""
    import json

    out = tmp_path / "o"
    assert main(["run", str(SEEDS), "-o", str(out), "--stages", "segment,lemma", "--workers", "1",
                 "-q"]) == 0
    tokens = read_rows(out, "tokens")
    by_text = {t["text"]: t for t in tokens}
    assert by_text["делегация"]["lemma"] == "делегация" and by_text["прибыла"]["lemma"] == "прибыть"
    assert by_text["прибыла"]["pos"] == "VERB"
    assert {t["rel"] for t in tokens} == {""} and {t["head"] for t in tokens} == {0}
    for table in ("mentions", "money", "relations", "officials", "entities", "cooccurrence"):
        assert read_rows(out, table) == []
        assert (out / f"{table}.csv").read_text(encoding="utf-8").startswith(("doc_id,", "entity"))
    info = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert info["config"]["stages"] == ["segment", "morph", "lemma"]
    assert set(info["timings"]["stages"]) == {"segment", "morph", "lemma", "outputs", "write"}

    # The same folder, all stages: the partial run's shards are not reused.
    assert main(["run", str(SEEDS), "-o", str(out), "--workers", "1", "-q"]) == 0
    info = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert info["counts"]["reused"] == 0 and info["config"]["stages"] == []
    assert any(m["text"] == "Бакытжан Сагинтаев" for m in read_rows(out, "mentions"))


def test_unknown_stage_is_a_usage_error_listing_the_stages(tmp_path, capsys):
    assert main(["run", str(SEEDS), "-o", str(tmp_path / "o"), "--stages", "segment,morf"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "morf" in err and "valid: segment, morph, lemma, syntax, dates, ner" in err
    assert not (tmp_path / "o").exists()


def test_estimate_counts_records_not_files(tmp_path):
    assert estimate_documents(make_input(tmp_path), []) == 3


def test_progress_lines_when_not_a_terminal(caplog):
    bar = Progress(total=4, tty=False, every=0.0)
    with caplog.at_level(logging.INFO, logger="pipeline"):
        bar(None)
        bar(None)
    bar.close()
    assert caplog.messages[-1].startswith("2/4 documents, ") and " ETA " in caplog.messages[-1]


def test_progress_bar_on_a_terminal(capsys):
    bar = Progress(total=3, tty=True)
    for _ in range(4):  # one more than estimated: the bar grows, never overflows
        bar(None)
    bar.close()
    err = capsys.readouterr().err
    assert "4/4" in err and "doc/s" in err


# ---------------------------------------------------------------- usage errors: exit 2, one line


def usage_error(capsys, *argv: str) -> str:
    """Run the command, check it exits 2 with one line; that line."""
    assert main(["run", *argv]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err.strip()


def test_output_below_a_file_is_a_usage_error(tmp_path, capsys):
    (tmp_path / "file").write_text("not a folder")
    out = tmp_path / "file" / "out"
    assert usage_error(capsys, str(SEEDS), "-o", str(out)) == (
        f"error: output {out} is below a file: {tmp_path / 'file'}")


@pytest.mark.parametrize(("flags", "message"), [
    (["--batch-size", "0"], "error: --batch-size must be 1 or more (got 0)"),
    (["--batch-size", "-5"], "error: --batch-size must be 1 or more (got -5)"),
    (["--workers", "-1"], "error: --workers must be 0 (all cores) or more (got -1)"),
    (["--scheduler", "tcp://10.0.0.1:8786"], "error: --scheduler needs --engine dask"),
])
def test_bad_flags_are_usage_errors(tmp_path, capsys, flags, message):
    assert usage_error(capsys, str(SEEDS), "-o", str(tmp_path / "o"), *flags) == message
    assert not (tmp_path / "o").exists()


def test_an_unreachable_scheduler_is_one_line_after_a_bounded_wait(tmp_path, capsys, monkeypatch):
    pytest.importorskip("distributed")
    import socket
    import time

    monkeypatch.setattr("pipeline.engines.dask.SCHEDULER_TIMEOUT", 1)
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{s.getsockname()[1]}"
    t = time.monotonic()
    err = usage_error(capsys, str(SEEDS), "-o", str(tmp_path / "o"), "--engine", "dask",
                      "--scheduler", address)
    assert time.monotonic() - t < 10
    assert err.startswith(f"error: cannot reach the Dask scheduler at {address} (waited 1 s: ")
    assert not [p for p in (tmp_path / "o").iterdir() if p.name != ".state"]


def test_an_input_without_documents_leaves_out_as_it_was(tmp_path, capsys):
    inp = tmp_path / "in"
    (inp / "empty folder").mkdir(parents=True)
    (inp / ".hidden.txt").write_text("Москва.", encoding="utf-8")
    assert usage_error(capsys, str(inp), "-o", str(tmp_path / "o")) == (
        f"error: no documents found in {inp}")
    assert not (tmp_path / "o").exists()

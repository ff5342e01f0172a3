"""Bad input (tests/data/hostile, one file per case): every bad document is
listed with a reason, the rest of the batch runs, outputs stay safe."""

from __future__ import annotations

import csv
import os
import shutil
import signal
import socket
import sys
import tracemalloc
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.cli import EXIT_FAILED_DOCS, EXIT_OK, EXIT_USAGE, main
from pipeline.read import read_documents
from pipeline.write.safe import unneutralize

from .conftest import SEEDS

HOSTILE = Path(__file__).resolve().parent / "data" / "hostile"

# file -> [(doc_id, status, a piece of its error or warning, encoding)]
EXPECTED: dict[str, list[tuple[str, str, str, str]]] = {
    "active_content.txt": [("active_content", "ok", "", "utf-8")],
    "archive.zip": [("archive", "error", "binary file (zip archive)", "")],
    "article_missing_fields.txt": [
        ("article_missing_fields", "ok", "article header without published_at, author", "utf-8")],
    "broken_line.jsonl": [
        ("jl-ok-1", "ok", "", "utf-8"),
        ("broken_line#2", "error", "line 2: broken JSON record", "utf-8"),
        ("broken_line#3", "error", "line 3: JSON record is not an object", "utf-8"),
        ("jl-no-text", "error", "line 4: no text field", "utf-8"),
        ("jl-ok-2", "ok", "1 control character(s)", "utf-8")],
    "broken_row.csv": [
        ("csv-ok-1", "ok", "", "utf-8"),
        ("broken_row#3", "error", "row 3: 2 cells, header has 3", "utf-8"),
        ("broken_row#4", "error", "row 4: broken CSV row", "utf-8"),
        ("csv-ok-2", "ok", "", "utf-8")],
    "control_chars.txt": [("control_chars", "ok", "9 control character(s)", "utf-8")],
    "cp1251.txt": [("cp1251", "ok", "", "cp1251")],
    "crlf_mixed.txt": [("crlf_mixed", "ok", "", "utf-8")],
    "doc_id_path.jsonl": [("../../etc/passwd", "ok", "", "utf-8"), ("/tmp/absolute", "ok", "", "utf-8"),
                          ("C:\\Windows\\evil", "ok", "", "utf-8")],
    "duplicate_id.jsonl": [("dup", "ok", "", "utf-8"), ("dup", "error", "duplicate doc_id", "utf-8")],
    "empty.txt": [("empty", "skipped", "empty file", "")],
    "formula_injection.txt": [("formula_injection", "ok", "", "utf-8")],
    "html_page.html": [("html_page", "ok", "", "utf-8")],
    "image.png": [("image", "error", "binary file (PNG image)", "")],
    "koi8r.txt": [("koi8r", "ok", "", "koi8-r")],
    "lone_surrogate.jsonl": [("surrogate", "ok", "3 lone surrogate(s) replaced", "utf-8")],
    "long_token.txt": [("long_token", "ok", "", "utf-8")],
    "mixed_scripts.txt": [("mixed_scripts", "ok", "", "utf-8")],
    "no_cyrillic.txt": [("no_cyrillic", "skipped", "no Cyrillic text", "utf-8")],
    "nul_bytes.txt": [("nul_bytes", "ok", "3 control character(s)", "utf-8")],
    "semicolon.csv": [("csv-semi", "ok", "", "cp1251")],
    "utf16_bom.txt": [("utf16_bom", "ok", "", "utf-16")],
    "utf16le_no_bom.txt": [("utf16le_no_bom", "ok", "", "utf-16-le")],
    "utf8_bom.txt": [("utf8_bom", "ok", "", "utf-8-sig")],
    "utf8_damaged.txt": [("utf8_damaged", "error", "not valid utf-8: 36 bad byte sequences", "")],
    "utf8_one_bad_byte.txt": [("utf8_one_bad_byte", "ok", "replaced with U+FFFD", "utf-8")],
    "whitespace_only.txt": [("whitespace_only", "skipped", "only whitespace", "utf-8")],
}


def test_every_case_has_one_file():
    assert sorted(p.name for p in HOSTILE.iterdir() if not p.name.startswith(".")) == sorted(EXPECTED)


def test_reader_outcome_per_case():
    got: dict[str, list[tuple[str, str, str, str]]] = {}
    for d in read_documents(HOSTILE):
        note = d.error if d.status != "ok" else d.warning
        got.setdefault(Path(d.source).name, []).append((d.doc_id, d.status, note, d.encoding))
    assert set(got) == set(EXPECTED)
    for name, docs in EXPECTED.items():
        assert len(got[name]) == len(docs), name
        for (doc_id, status, piece, enc), (g_id, g_status, g_note, g_enc) in zip(docs, got[name],
                                                                                strict=True):
            assert (g_id, g_status, g_enc) == (doc_id, status, enc), name
            assert piece in g_note and "\n" not in g_note, (name, g_note)
            assert bool(piece) == bool(g_note), (name, g_note)


def test_decoded_texts_match_their_source():
    text = "Глава Сбербанка Герман Греф выступил в Москве."
    docs = {d.doc_id: d for d in read_documents(HOSTILE)}
    for doc_id in ("utf8_bom", "utf16_bom", "utf16le_no_bom", "cp1251", "koi8r"):
        assert docs[doc_id].text.startswith(text), doc_id
    crlf = docs["crlf_mixed"]
    assert crlf.title == "Заголовок статьи о Москве" and crlf.url == "https://example.org/a"
    assert "\r\n" in crlf.text and "станцию.\rГубернатор" in crlf.text  # no newline translation
    assert docs["jl-ok-2"].text.count("\u2028") == 1  # JSONL split on "\n" only


def test_huge_document_skipped_without_reading_it(tmp_path):
    big = tmp_path / "huge.txt"
    line = ("Президент России Владимир Путин прибыл в Казань " * 1000).encode()
    with big.open("wb") as fh:
        while fh.tell() < 50_000_000:
            fh.write(line)
    tracemalloc.start()
    docs = list(read_documents(tmp_path, max_chars=1_000_000))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert [(d.status, d.error) for d in docs] == [
        ("skipped", f"file of {big.stat().st_size} bytes is over --max-chars 1000000")]
    assert peak < 5_000_000


def test_document_over_max_chars_in_a_record_is_skipped(tmp_path):
    (tmp_path / "feed.jsonl").write_text('{"id": "a", "text": "' + "я" * 5000 + '"}\n'
                                         '{"id": "b", "text": "Москва"}\n', encoding="utf-8")
    docs = list(read_documents(tmp_path, max_chars=1000))
    assert [(d.doc_id, d.status) for d in docs] == [("a", "skipped"), ("b", "ok")]
    assert docs[0].error == "document of 5000 characters is over --max-chars 1000"


def test_records_file_without_records_is_listed(tmp_path):
    (tmp_path / "header.csv").write_text("id,title,text\r\n", encoding="utf-8")
    (doc,) = read_documents(tmp_path)
    assert (doc.doc_id, doc.status, doc.error) == ("header", "skipped", "no records in csv file")


def test_symlinks_out_of_the_input_and_the_output_folder_are_not_read(tmp_path):
    """Not read, but listed: the link out of the input is a skipped row (the
    output folder inside the input is left out without one)."""
    inp = tmp_path / "in"
    inp.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("Секретный документ.", encoding="utf-8")
    (inp / "link.txt").symlink_to(secret)
    (inp / "out").mkdir()
    (inp / "out" / "tokens.csv").write_text("doc_id,text\nx,Москва\n", encoding="utf-8")
    (inp / "a.txt").write_text("Москва — столица России.", encoding="utf-8")
    docs = read_documents(inp, exclude=[inp / "out"])
    assert [(d.doc_id, d.status, d.text) for d in docs] == [
        ("a", "ok", "Москва — столица России."), ("link", "skipped", "")]


@pytest.mark.skipif(sys.platform != "linux", reason="needs byte file names")
def test_undecodable_file_name_gives_a_writable_doc_id(tmp_path):
    name = os.fsdecode(b"bad\xff.txt")
    (tmp_path / name).write_text("Москва — столица России.", encoding="utf-8")
    (doc,) = read_documents(tmp_path)
    assert doc.doc_id == "bad\ufffd" and doc.source.encode("utf-8")


# ---------------------------------------------------------------- whole runs


def block_network(mp: pytest.MonkeyPatch) -> None:
    """Any socket use fails the run: nothing named in an input is fetched."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"network use: {args!r}")

    for name in ("socket", "create_connection", "getaddrinfo"):
        mp.setattr(socket, name, refuse)


def _corpus(root: Path) -> Path:
    inp = root / "in"
    shutil.copytree(HOSTILE, inp / "hostile")
    shutil.copytree(SEEDS, inp / "seeds")
    return inp


def _tables(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())
            if p.is_file() and p.name != "run.json" and not p.name.startswith(".")}


def _run(inp: Path, out: Path, *flags: str) -> int:
    return main(["run", str(inp), "-o", str(out), "--workers", "1", "--quiet", *flags])


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory, pipe):
    root = tmp_path_factory.mktemp("hostile")
    inp = _corpus(root)
    mp = pytest.MonkeyPatch()
    try:
        block_network(mp)
        before = {p for p in root.rglob("*")}
        rc = _run(inp, root / "out")
    finally:
        mp.undo()
    return root, inp, root / "out", rc, before


def test_run_goes_on_and_exit_code_tells_failures(hostile_run):
    root, inp, out, rc, _ = hostile_run
    assert rc == EXIT_FAILED_DOCS
    with open(out / "documents.csv", encoding="utf-8", newline="") as fh:
        docs = list(csv.DictReader(fh))
    n_expected = sum(len(v) for v in EXPECTED.values()) + len(list(SEEDS.glob("*")))
    assert len(docs) == n_expected
    by_status = {s: sum(d["status"] == s for d in docs) for s in ("ok", "error", "skipped")}
    assert by_status["error"] == sum(st == "error" for v in EXPECTED.values() for _, st, _, _ in v)
    assert all(d["error"] for d in docs if d["status"] != "ok")
    assert all(int(d["n_tokens"]) > 0 for d in docs if d["status"] == "ok")


def test_nothing_written_outside_the_output_folder(hostile_run):
    root, _, out, _, before = hostile_run
    new = {p for p in root.rglob("*")} - before
    assert new and all(p == out or out in p.parents for p in new)
    assert not Path("/tmp/absolute").exists()


def test_offsets_hold_in_csv_and_parquet(hostile_run):
    _, inp, out, _, _ = hostile_run
    texts = {d.doc_id: d.text for d in read_documents(inp) if d.ok}
    for table in ("tokens", "mentions", "money"):
        with open(out / f"{table}.csv", encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        assert rows, table
        for r in rows:
            src = texts[unneutralize(r["doc_id"])]
            assert src[int(r["start"]):int(r["stop"])] == unneutralize(r["text"]), r
        for r in pq.read_table(out / f"{table}.parquet").to_pylist():
            assert texts[r["doc_id"]][r["start"]:r["stop"]] == r["text"], r


def test_csv_cells_are_safe(hostile_run):
    _, _, out, _, _ = hostile_run
    for path in out.glob("*.csv"):
        with open(path, encoding="utf-8", newline="") as fh:
            for row in csv.reader(fh):
                for cell in row:
                    assert not cell or cell[0] not in "=@\t\r", (path.name, cell)
                    assert not any(c < " " and c not in "\t\n\r" for c in cell), (path.name, cell)
    with open(out / "tokens.csv", encoding="utf-8", newline="") as fh:
        texts = {r["text"] for r in csv.DictReader(fh)}
    assert "'=HYPERLINK" in texts or "'=" in texts


def test_two_runs_write_identical_tables(hostile_run, tmp_path):
    _, inp, out, _, _ = hostile_run
    assert _run(inp, tmp_path / "again") == EXIT_FAILED_DOCS
    assert _tables(tmp_path / "again") == _tables(out)


def test_strict_stops_and_keeps_previous_outputs(tmp_path, pipe):
    inp = tmp_path / "in"
    shutil.copytree(SEEDS, inp)
    out = tmp_path / "out"
    assert _run(inp, out) == EXIT_OK
    before = _tables(out) | {"run.json": (out / "run.json").read_bytes()}
    shutil.copy(HOSTILE / "image.png", inp)
    assert _run(inp, out, "--strict") == EXIT_FAILED_DOCS
    assert _tables(out) | {"run.json": (out / "run.json").read_bytes()} == before


def test_skipped_documents_are_not_failures(tmp_path, pipe):
    inp = tmp_path / "in"
    inp.mkdir()
    for name in ("empty.txt", "no_cyrillic.txt", "whitespace_only.txt"):
        shutil.copy(HOSTILE / name, inp)
    assert _run(inp, tmp_path / "out", "--strict") == EXIT_OK


@pytest.mark.parametrize("when", ["processing", "writing"])
def test_killed_run_leaves_previous_outputs_whole(tmp_path, pipe, when):
    from pipeline.config import Config
    from pipeline.run import run
    from pipeline.write.tables import TableSet

    inp = _corpus(tmp_path)
    out = tmp_path / "out"
    assert _run(inp / "seeds", out) == EXIT_OK
    before = _tables(out)
    seen = []

    def die(*args) -> None:
        seen.append(args)
        if when == "writing" or len(seen) == 5:
            os.kill(os.getpid(), signal.SIGKILL)

    pid = os.fork()
    if pid == 0:  # the child runs and is killed while processing or writing tables
        try:
            if when == "writing":
                TableSet.flush = die
            run(Config(input=inp, output=out, workers=1, quiet=True),
                progress=die if when == "processing" else None)
        finally:
            os._exit(3)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    assert _tables(out) == before


@pytest.mark.parametrize("args", [
    ["run", "no/such/input"], ["run", "seeds", "--format", "xml"], ["run", "seeds", "--max-chars", "-1"]])
def test_usage_errors_exit_2(args, tmp_path):
    try:
        rc = main([*args, "-o", str(tmp_path / "o"), "--quiet"])
    except SystemExit as e:
        rc = e.code
    assert rc == EXIT_USAGE

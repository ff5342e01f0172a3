"""One run at a time per output folder: the second stops at once (exit 2),
OUT untouched; the lock of a killed run is taken over."""

from __future__ import annotations

import json
import logging
import os
import socket
import subprocess
import sys

import pyarrow.parquet as pq
import pytest

from pipeline.cli import main
from pipeline.lock import LOCK_NAME, OutLock, OutputBusy
from pipeline.write.readback import read_rows
from tests.conftest import ROOT
from tests.processes import HAS_PROC, end, seed_copies, start_run, wait_for

HOLD = """
import sys, time
from pipeline.lock import OutLock
lock = OutLock(sys.argv[1]); lock.acquire()
print("held", flush=True)
if sys.argv[2] == "die": import os; os._exit(0)  # dies holding it
time.sleep(60)
"""


def hold(out, how="keep") -> subprocess.Popen:
    """Another process that takes OUT's lock (and keeps it, or dies with it)."""
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(out), how], cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)},
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline() == "held\n"
    return proc


def listing(out):
    return {p.relative_to(out).as_posix(): (p.read_bytes() if p.is_file() else None,
                                            p.stat().st_mtime_ns) for p in sorted(out.rglob("*"))}


def test_a_second_run_stops_at_once_and_leaves_out_as_it_was(tmp_path, capsys):
    inp = seed_copies(tmp_path, 2)
    out = tmp_path / "out"
    out.mkdir()
    (out / "documents.csv").write_text("an earlier run's table\n", encoding="utf-8")
    holder = hold(out)
    try:
        before = listing(out)
        assert main(["run", str(inp), "-o", str(out), "--workers", "1"]) == 2
        assert listing(out) == before
    finally:
        holder.kill()
        holder.wait()
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(
        f"error: {out} is in use by pid {holder.pid} on {socket.gethostname()} since ")


def test_the_lock_of_a_dead_run_is_taken_over_with_a_note(tmp_path, caplog):
    out = tmp_path / "out"
    dead = hold(out, "die")
    dead.wait()
    caplog.set_level(logging.WARNING, logger="pipeline")
    with OutLock(out) as lock:
        assert json.loads(lock.path.read_text())["pid"] == os.getpid()
    assert f"taking over the lock of pid {dead.pid}" in caplog.text
    assert not (out / LOCK_NAME).exists()  # released


def test_a_lock_named_for_another_host_is_not_taken_over(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / LOCK_NAME).write_text(json.dumps({"pid": 4242, "host": "node-7",
                                             "since": "2026-01-01 00:00:00 +0000"}))
    with pytest.raises(OutputBusy, match=r"in use by pid 4242 on node-7 since 2026-01-01 .*"
                                         r"if that run is gone, remove .*\.lock"):
        OutLock(out).acquire()


@pytest.mark.skipif(not HAS_PROC, reason="reads processes from /proc")
def test_two_runs_started_on_one_out(tmp_path, capsys):
    """The case that used to corrupt OUT: the first run's tables are whole."""
    inp = seed_copies(tmp_path, 2)
    out = tmp_path / "out"
    first = start_run(inp, out, "--workers", "1", "--stages", "segment")
    try:
        assert wait_for(lambda: (out / LOCK_NAME).exists() and
                        str(first.pid) in (out / LOCK_NAME).read_text(), 20)
        assert main(["run", str(inp), "-o", str(out), "--workers", "1", "--quiet"]) == 2
        assert first.wait(60) == 0
    finally:
        end(first, [])
    assert f"is in use by pid {first.pid}" in capsys.readouterr().err
    counts = json.loads((out / "run.json").read_text())["counts"]
    assert counts["documents"] == len(read_rows(out, "documents")) == 2
    assert pq.read_table(out / "tokens.parquet").num_rows == len(read_rows(out, "tokens")) > 0

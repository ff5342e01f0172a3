"""SIGTERM and Ctrl-C stop a run cleanly: workers ended, no temporary files,
the lock released, exit 128 + signal and one line on how to resume."""

from __future__ import annotations

import signal

import pytest

from tests.processes import (
    HAS_PROC,
    alive,
    end,
    seed_copies,
    start_run,
    stderr_of,
    wait_for,
    workers_of,
)

pytestmark = pytest.mark.skipif(not HAS_PROC, reason="reads processes from /proc")


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_stops_the_run_cleanly(tmp_path, signum, code):
    out = tmp_path / "out"
    proc = start_run(seed_copies(tmp_path, 6), out, "--workers", "2")
    workers: list[int] = []
    try:
        workers = workers_of(proc, 2)
        proc.send_signal(signum)
        proc.wait(15)
    finally:
        end(proc, workers)
    err = stderr_of(out).read_text(encoding="utf-8")
    assert proc.returncode == code
    assert err.strip().splitlines()[-1] == (
        f"stopped by {signal.Signals(signum).name}: outputs in {out} left as they were; run the "
        f"same command again to resume (finished documents are kept in {out / '.state'})")
    assert "Traceback" not in err
    assert wait_for(lambda: not any(map(alive, workers)), 2.0)
    assert sorted(p.name for p in out.iterdir()) == [".state"]  # no lock, no run folder

"""Workers end with their run, however the run's main process ends."""

from __future__ import annotations

import os
import signal

import pytest

from tests.processes import HAS_PROC, alive, end, seed_copies, start_run, wait_for, workers_of

pytestmark = pytest.mark.skipif(not HAS_PROC, reason="reads processes from /proc")


def test_workers_end_within_two_seconds_of_a_killed_run(tmp_path):
    proc = start_run(seed_copies(tmp_path, 6), tmp_path / "out", "--workers", "2")
    workers: list[int] = []
    try:
        workers = workers_of(proc, 2)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(5)
        assert wait_for(lambda: not any(map(alive, workers)), 2.0), \
            f"workers {[w for w in workers if alive(w)]} outlived their run"
    finally:
        end(proc, workers)

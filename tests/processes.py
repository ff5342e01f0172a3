"""Runs as separate processes, for the tests of what happens when one is
killed: start one on a few seed copies, find its workers, tell live from dead
(through /proc, no psutil)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import ROOT, SEEDS

HAS_PROC = Path("/proc/self/stat").exists()


def seed_copies(root: Path, n: int) -> Path:
    inp = root / "in"
    inp.mkdir(parents=True)
    seed = next(SEEDS.glob("*.txt"))
    for i in range(n):
        shutil.copy(seed, inp / f"seed{i}.txt")
    return inp


def start_run(inp: Path, out: Path, *flags: str) -> subprocess.Popen:
    """``python -m pipeline run`` in its own session (signals sent to it do
    not reach pytest), its stderr in ``stderr_of(out)``: a file, not a pipe,
    which workers that outlive the run would hold open."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with open(stderr_of(out), "w", encoding="utf-8") as err:
        return subprocess.Popen([sys.executable, "-m", "pipeline", "run", str(inp), "-o", str(out),
                                 "--no-progress", *flags], cwd=ROOT, env=env,
                                start_new_session=True, stdout=subprocess.DEVNULL, stderr=err)


def stderr_of(out: Path) -> Path:
    return out.with_name(f"{out.name}.stderr")


def end(proc: subprocess.Popen, workers: list[int]) -> None:
    """Kill what a test started and is still running (after a failure)."""
    for pid in [proc.pid, *workers]:
        if alive(pid):
            os.kill(pid, signal.SIGKILL)
    proc.wait()


def _stat(pid: int) -> tuple[str, int] | None:
    """State letter and parent pid of a process; None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8", errors="replace") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return fields[0], int(fields[1])


def alive(pid: int) -> bool:
    """Running (a zombie waiting to be reaped has ended)."""
    st = _stat(pid)
    return st is not None and st[0] not in ("Z", "X")


def children(pid: int) -> list[int]:
    found = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            st = _stat(int(name))
            if st is not None and st[1] == pid and st[0] not in ("Z", "X"):
                found.append(int(name))
    return found


def wait_for(check, timeout: float, step: float = 0.05):
    """``check()``'s first true value within ``timeout`` seconds, else None."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = check()
        if value:
            return value
        time.sleep(step)
    return None


def workers_of(proc: subprocess.Popen, n: int, timeout: float = 20) -> list[int]:
    """The run's ``n`` worker processes, once they have all started."""
    found = wait_for(lambda: (lambda c: c if len(c) >= n else None)(children(proc.pid)), timeout)
    assert found, f"the run did not start {n} workers"
    time.sleep(0.3)  # let their initializer install the parent-death watch
    return found

"""One run at a time per output folder: ``OUT/.lock``.

The run opens ``OUT/.lock`` and takes an exclusive ``flock`` on it before it
writes anything, then writes its pid, host and start time into it.  A second
run cannot take the lock and stops at once with :class:`OutputBusy` (exit 2,
«OUT is in use by pid N on HOST since ...»), leaving OUT as it was.

The kernel drops a ``flock`` when its process dies, however it dies, so the
lock of a killed run (``kill -9``, out of memory) is free again: the next run
takes it over with a note naming the dead run.  A lock file whose flock is free
but that names another host is not taken over: some network file systems do not
pass locks between hosts, so that run may be alive (remove the file by hand
once sure it is gone).  Worker processes forked by the run share its lock, so
OUT stays locked until the last of them has ended.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import socket
import time
from pathlib import Path

from pipeline.config import UsageError

log = logging.getLogger("pipeline")

LOCK_NAME = ".lock"


class OutputBusy(UsageError):
    """Another run holds the output folder."""


def _record(fd: int) -> dict:
    """The lock's record as its holder wrote it ({} when empty or cut short)."""
    os.lseek(fd, 0, os.SEEK_SET)
    data = b""
    while chunk := os.read(fd, 4096):
        data += chunk
    try:
        rec = json.loads(data.decode("utf-8", "replace"))
    except ValueError:
        return {}
    return rec if isinstance(rec, dict) else {}


def busy_message(out: Path, rec: dict) -> str:
    if not rec.get("pid"):
        return f"{out} is in use by another run (starting up)"
    return (f"{out} is in use by pid {rec['pid']} on {rec.get('host', '?')} "
            f"since {rec.get('since', '?')}")


class OutLock:
    """``with OutLock(out):`` holds ``out/.lock`` for the body (``out`` is made
    if needed)."""

    def __init__(self, out: Path) -> None:
        self.out = Path(out)
        self.path = self.out / LOCK_NAME
        self.fd: int | None = None

    def acquire(self) -> None:
        self.out.mkdir(parents=True, exist_ok=True)
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                rec = _record(fd)
                os.close(fd)
                raise OutputBusy(busy_message(self.out, rec)) from None
            # The holder before us may have removed the file between our open
            # and our flock: then we hold a lock nobody else can see; again.
            try:
                same = os.fstat(fd).st_ino == os.stat(self.path).st_ino
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(fd)
        rec = _record(fd)
        if rec.get("pid"):
            if rec.get("host", socket.gethostname()) != socket.gethostname():
                os.close(fd)
                raise OutputBusy(busy_message(self.out, rec) + f"; if that run is gone, "
                                 f"remove {self.path}")
            log.warning("%s: taking over the lock of pid %s (since %s), which ended without "
                        "releasing it", self.out, rec["pid"], rec.get("since", "?"))
        mine = json.dumps({"pid": os.getpid(), "host": socket.gethostname(),
                           "since": time.strftime("%Y-%m-%d %H:%M:%S %z")}) + "\n"
        os.ftruncate(fd, 0)
        os.pwrite(fd, mine.encode(), 0)
        self.fd = fd

    def release(self) -> None:
        """Remove the file, then drop the flock (removing first, so a run that
        opens the file meanwhile finds its lock held, or the file gone)."""
        if self.fd is None:
            return
        self.path.unlink(missing_ok=True)
        os.close(self.fd)
        self.fd = None

    def __enter__(self) -> OutLock:
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()

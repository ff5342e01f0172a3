"""Worker processes end with their run.

A worker must not outlive the run that started it: killed with ``kill -9``,
the run's main process cannot stop its workers, which would go on holding
their models (about 270 MB each) forever.  So each worker watches its parent
itself (:func:`watch_parent`): on Linux the kernel sends it SIGKILL when the
parent dies (``prctl(PR_SET_PDEATHSIG)``); everywhere, a daemon thread checks
every half second that its parent is still the one that started it, and ends
the process when not.  A worker ignores Ctrl-C (the terminal sends SIGINT to
the whole process group): the run stops its workers itself
(:func:`stop_workers`), so one Ctrl-C gives one message, not one traceback
per worker.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor

PR_SET_PDEATHSIG = 1
POLL_SECONDS = 0.5


def _die_with_parent_linux() -> None:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # no libc to call: the thread below does it
        pass


def _poll(parent: int) -> None:
    while True:
        time.sleep(POLL_SECONDS)
        if os.getppid() != parent:
            os._exit(1)


def watch_parent(parent: int) -> None:
    """In a worker process: end it when process ``parent`` (its run) ends.
    SIGTERM and SIGHUP get back their default (a forked worker inherits the
    run's handlers of :mod:`pipeline.signals`, which would turn
    :func:`stop_workers` into an exception the pool hands back)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        _die_with_parent_linux()
    if os.getppid() != parent:  # the parent died before the watch began
        os._exit(1)
    threading.Thread(target=_poll, args=(parent,), name="watch-parent", daemon=True).start()


def stop_workers(pool: ProcessPoolExecutor) -> None:
    """End a pool's workers now, without waiting for their chunks (a stopped
    run does not need them; what they finished is in the resume state)."""
    # ProcessPoolExecutor has no public way before Python 3.14
    # (terminate_workers); its process table is the one place they are listed.
    for proc in list(getattr(pool, "_processes", {}).values()):
        if proc.is_alive():
            proc.terminate()

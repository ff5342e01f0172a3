"""SIGTERM, SIGHUP and SIGINT stop a run the way Ctrl-C does.

``timeout``, ``docker stop``, a batch scheduler and a closed terminal send
SIGTERM or SIGHUP, which by default end Python at once: no ``finally``
runs, so workers and temporary folders stay behind.  Under
:func:`stop_on_signals` each of them raises :class:`Interrupted` in the main
thread instead; the run unwinds (workers ended, its hidden folder removed,
the lock released, the finished documents kept in the resume state) and the
command line exits ``128 + signal`` (130 for SIGINT, 143 for SIGTERM) with one
line saying how to resume.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager

SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class Interrupted(KeyboardInterrupt):
    """The run was stopped by a signal (a KeyboardInterrupt, so that code
    catching Exception does not swallow it)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def name(self) -> str:
        return signal.Signals(self.signum).name

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


def _raise(signum: int, frame) -> None:
    # Once is enough: a second signal while unwinding must not cut the cleanup short.
    for s in SIGNALS:
        signal.signal(s, signal.SIG_IGN)
    raise Interrupted(signum)


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """Turn the signals into :class:`Interrupted` for the body (main thread only)."""
    before = {s: signal.getsignal(s) for s in SIGNALS}
    for s in SIGNALS:
        signal.signal(s, _raise)
    try:
        yield
    finally:
        for s, handler in before.items():
            signal.signal(s, handler)

"""Progress of a run: a tqdm bar (docs/s, ETA) on a terminal, plain periodic
log lines otherwise (CI, make, a log file), nothing with ``--quiet``."""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

from pipeline.doc import Document
from pipeline.read import find_files

log = logging.getLogger("pipeline")

_RECORD_FILE_START = (b"{", b"[")


def _lines(path: Path) -> int:
    n, last = 0, b"\n"
    with open(path, "rb") as fh:
        while block := fh.read(1 << 20):
            n += block.count(b"\n")
            last = block[-1:]
    return n + (last != b"\n")


def estimate_documents(root: Path, exclude: list[Path]) -> int | None:
    """About how many documents ``root`` holds, without parsing: one per file,
    one per line of a JSONL file, one per row of a CSV file with a ``text``
    column (a multi-line cell makes that an over-count).  None if unknown."""
    try:
        files = find_files(Path(root), exclude)
    except OSError:
        return None
    total = 0
    for path in files:
        try:
            with open(path, "rb") as fh:
                head = fh.read(4096).removeprefix(b"\xef\xbb\xbf").lstrip()
            first_line = head.split(b"\n", 1)[0].lower()
            if head.startswith(_RECORD_FILE_START):
                total += _lines(path)
            elif b"text" in first_line and any(d in first_line for d in (b",", b";", b"\t")):
                total += max(_lines(path) - 1, 0)
            else:
                total += 1
        except OSError:
            total += 1
    return total


class Progress:
    """Call with each finished document; ``close()`` at the end."""

    def __init__(self, total: int | None, tty: bool | None = None, every: float = 10.0,
                 t0: float | None = None) -> None:
        """``t0``: when the run began (``time.monotonic``; default now)."""
        self.total = total
        self.n = 0
        self.t0 = time.monotonic() if t0 is None else t0
        self.every = every
        self.last = self.t0
        self.bar = None
        self.redirect = None
        if sys.stderr.isatty() if tty is None else tty:
            from tqdm import tqdm
            from tqdm.contrib.logging import logging_redirect_tqdm

            self.bar = tqdm(total=total, unit="doc", desc="documents", dynamic_ncols=True,
                            smoothing=0.1, file=sys.stderr)
            # Log lines (model loading, warnings) print above the bar, not through it.
            self.redirect = logging_redirect_tqdm()
            self.redirect.__enter__()
        elif total:
            log.info("about %d documents to process", total)

    def __call__(self, doc: Document) -> None:
        self.n += 1
        if self.bar is not None:
            if self.total is not None and self.n > self.bar.total:
                self.bar.total = self.n  # the estimate was low
            self.bar.update(1)
            return
        now = time.monotonic()
        if now - self.last >= self.every:
            self.last = now
            log.info("%s", self.line(now))

    def line(self, now: float) -> str:
        rate = self.n / (now - self.t0) if now > self.t0 else 0.0
        text = f"{self.n} documents, {rate:.1f} docs/s"
        if self.total and rate and self.n < self.total:
            eta = _hms((self.total - self.n) / rate)
            text = f"{self.n}/{self.total} documents, {rate:.1f} docs/s, ETA {eta}"
        return text

    def close(self) -> None:
        """End the bar (again is a no-op)."""
        if self.redirect is not None:
            self.redirect.__exit__(None, None, None)
            self.redirect = None
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def _hms(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"

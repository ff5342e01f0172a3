"""Putting a run's new output files in place as one set.

Every file of a run (tables, per-document files, views, run.json) is written
into a fresh hidden folder ``OUT/.tmp-<run>/``; nothing in OUT changes while
the run works, so a run that fails or is killed before its commit leaves every
old file as it was (its folder is removed by the next run).

The contract puts the tables at ``OUT/<name>.csv``, so they cannot sit behind
one pointer (a ``current`` symlink) swapped in a single rename; and POSIX has
no rename of several files at once.  So the swap is a two-phase move with a
journal:

1. ``OUT/.commit.json`` is written (and synced): the run, the new names and
   the old names to move away: every file a run writes that is in OUT now,
   so no table of an earlier run (a Parquet file the new run with
   ``--format csv`` does not rewrite) is left beside the new ones;
2. the old files move to ``OUT/.old-<run>/``, then the new ones in (a file or
   a Parquet folder alike: either engine writes into a folder the other
   wrote);
3. the journal is removed, then ``.old-<run>/``.

A rename that fails in phase 2 (a disk error, a file held open elsewhere),
or a SIGTERM/Ctrl-C arriving then, moves everything back: the old files are
all in place again.  A run killed in
phase 2 leaves the journal: the next run on OUT (under the lock) completes the
swap before it starts, since the new files were complete once the journal was
written.  Only during the few milliseconds of phase 2 can a reader see some old
tables beside some new ones; ``run.json`` lists every file of the run with its
size and SHA-256, so a reader can check that the tables it read are one set.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

log = logging.getLogger("pipeline")

JOURNAL = ".commit.json"
TMP_PREFIX, OLD_PREFIX = ".tmp-", ".old-"


class CommitError(RuntimeError):
    """The new files could not be put in place; the old ones are."""


def _exists(p: Path) -> bool:
    return p.exists() or p.is_symlink()


def _remove(p: Path) -> None:
    if p.is_dir() and not p.is_symlink():
        shutil.rmtree(p, ignore_errors=True)
    else:
        p.unlink(missing_ok=True)


def manifest(folder: Path) -> dict[str, dict]:
    """Every file under ``folder`` (a Parquet folder's parts one by one), by
    ``/``-separated relative path: its size and SHA-256."""
    out = {}
    for p in sorted(folder.rglob("*")):
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts):
            h = hashlib.sha256()
            with open(p, "rb") as fh:
                while block := fh.read(1 << 20):
                    h.update(block)
            out[p.relative_to(folder).as_posix()] = {"bytes": p.stat().st_size,
                                                     "sha256": h.hexdigest()}
    return out


def _write_journal(out: Path, record: dict) -> None:
    tmp = out / f"{JOURNAL}.tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, out / JOURNAL)
    _sync_dir(out)


def _sync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class Commit:
    """The hidden folder a run writes into, and the swap that publishes it."""

    def __init__(self, out: Path, run_id: str) -> None:
        self.out = Path(out)
        self.run_id = run_id
        self.dir = self.out / f"{TMP_PREFIX}{run_id}"
        self.dir.mkdir(parents=True)

    def swap(self, owned: Iterable[str]) -> list[Path]:
        """Put every file of ``self.dir`` in OUT, moving away the files named
        in ``owned`` (what a run writes) that are there now."""
        new = sorted(p.name for p in self.dir.iterdir() if not p.name.startswith("."))
        old = sorted(n for n in {*owned, *new} if _exists(self.out / n))
        record = {"run": self.run_id, "new": new, "old": old}
        _write_journal(self.out, record)
        try:
            _apply(self.out, record)
        except BaseException as e:  # a failed rename, or a signal (pipeline.signals) midway
            _undo(self.out, record)
            (self.out / JOURNAL).unlink(missing_ok=True)
            if isinstance(e, OSError):
                raise CommitError(f"cannot put the new outputs in place ({e}); the previous "
                                  f"outputs are left as they were") from e
            raise
        _finish(self.out, record)
        return [self.out / n for n in new]

    def abort(self) -> None:
        _remove(self.dir)


def _apply(out: Path, record: dict) -> None:
    """Phase 2; repeatable: a name already swapped is left alone."""
    tmp, old_dir = out / f"{TMP_PREFIX}{record['run']}", out / f"{OLD_PREFIX}{record['run']}"
    old_dir.mkdir(exist_ok=True)
    for name in record["old"]:
        if name in record["new"] and not _exists(tmp / name):
            continue  # the new file is already in place
        if _exists(out / name) and not _exists(old_dir / name):
            os.rename(out / name, old_dir / name)
    for name in record["new"]:
        if _exists(tmp / name):
            os.rename(tmp / name, out / name)
    _sync_dir(out)


def _undo(out: Path, record: dict) -> None:
    """Phase 2 backwards, after a failed rename in this process."""
    tmp, old_dir = out / f"{TMP_PREFIX}{record['run']}", out / f"{OLD_PREFIX}{record['run']}"
    for name in record["new"]:
        if _exists(out / name) and not _exists(tmp / name):
            os.rename(out / name, tmp / name)
    for name in record["old"]:
        if _exists(old_dir / name):
            os.rename(old_dir / name, out / name)
    _remove(old_dir)


def _finish(out: Path, record: dict) -> None:
    (out / JOURNAL).unlink(missing_ok=True)
    _remove(out / f"{OLD_PREFIX}{record['run']}")
    _remove(out / f"{TMP_PREFIX}{record['run']}")


def recover(out: Path) -> None:
    """Before a run (holding the lock): complete a swap a killed run left
    half done, and remove what killed runs left (their hidden folders and
    temporary files).  ``.state`` (the resume state) is kept."""
    out = Path(out)
    if not out.is_dir():
        return
    journal = out / JOURNAL
    if journal.exists():
        try:
            record = json.loads(journal.read_text(encoding="utf-8"))
        except ValueError:  # cut short before its rename: the swap never began
            record = None
        if record is not None:
            log.warning("%s: completing the commit of run %s, which was stopped midway",
                        out, record["run"])
            _apply(out, record)
            _finish(out, record)
        journal.unlink(missing_ok=True)
    for p in out.iterdir():
        if p.name.startswith((TMP_PREFIX, OLD_PREFIX, ".staging-")) or (
                p.name.startswith(".") and p.name.endswith(".tmp")):
            _remove(p)

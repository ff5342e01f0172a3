"""The entry of a run: ``run(config, progress)`` hands the run to the engine
``config.engine`` names (:mod:`pipeline.engines.local` or, with Dask installed,
:mod:`pipeline.engines.dask`), holding the lock of the output folder
(:mod:`pipeline.lock`) after completing a commit a killed run left half done
(:func:`pipeline.write.commit.recover`)."""

from __future__ import annotations

from collections.abc import Callable

from pipeline.config import Config, UsageError
from pipeline.doc import Document
from pipeline.engines.core import RunResult, rare_collections
from pipeline.engines.local import run_local
from pipeline.lock import OutLock
from pipeline.read import scan_input
from pipeline.write.commit import recover


def run(config: Config, progress: Callable[[Document], None] | None = None) -> RunResult:
    """Process ``config.input`` into tables under ``config.output``.

    Documents whose key is in the resume state are reused; the rest are
    processed in chunks by the engine.  The output files are written from the
    shards in input order as chunks finish, into the run's hidden folder, and
    swapped into OUT at the end (:mod:`pipeline.write.commit`).  ``progress``
    is called once per document (reused ones included) with a Document stub.
    Another run holding OUT (:class:`~pipeline.lock.OutputBusy`) and an input
    with nothing in it raise :class:`UsageError` before OUT is touched.
    """
    if config.engine not in ("local", "dask"):
        raise ValueError(f"unknown engine: {config.engine}")
    if not scan_input(config.input, [config.output]):
        raise UsageError(f"no documents found in {config.input}")
    with OutLock(config.output), rare_collections():
        recover(config.output)
        if config.engine == "dask":
            from pipeline.engines.dask import run_dask

            return run_dask(config, progress)
        return run_local(config, progress)

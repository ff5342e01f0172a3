"""The entry of a run: ``run(config, progress)`` hands the run to the engine
``config.engine`` names (:mod:`pipeline.engines.local` or, with Dask installed,
:mod:`pipeline.engines.dask`)."""

from __future__ import annotations

from collections.abc import Callable

from pipeline.config import Config
from pipeline.doc import Document
from pipeline.engines.core import RunResult
from pipeline.engines.local import run_local


def run(config: Config, progress: Callable[[Document], None] | None = None) -> RunResult:
    """Process ``config.input`` into tables under ``config.output``.

    Documents whose key is in the resume state are reused; the rest are
    processed in chunks by the engine.  The output files are written from the
    shards in input order as chunks finish, and renamed into place at the end.
    ``progress`` is called once per document (reused ones included) with a
    Document stub.
    """
    if config.engine == "dask":
        from pipeline.engines.dask import run_dask

        return run_dask(config, progress)
    if config.engine != "local":
        raise ValueError(f"unknown engine: {config.engine}")
    return run_local(config, progress)

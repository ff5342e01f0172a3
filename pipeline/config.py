"""The one configuration object of a run; CLI flags map onto its fields."""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

# Tables (csv, parquet) and the per-document ML files tokens.conllu (conllu)
# and documents.jsonl (jsonl); all are written unless --format narrows them.
FORMATS = ("csv", "parquet", "conllu", "jsonl")
# Sentences per model batch: the default of --batch-size and of every stage
# and model that batches sentences.
DEFAULT_BATCH_SIZE = 64


class UsageError(ValueError):
    """A run asked for what cannot be done (a bad flag, an input with nothing
    to read, an output folder in use): exit 2 with one line, nothing written."""


@dataclass
class Config:
    input: Path = Path("seeds")
    output: Path = Path("outputs")
    formats: tuple[str, ...] = FORMATS
    workers: int = 0  # 0 = all cores
    batch_size: int = DEFAULT_BATCH_SIZE  # sentences per model batch
    # Longer documents are skipped with the reason (0 = no limit).  A news article
    # is under 100k characters; 1M is a book, minutes of CPU and ~1 GB of tokens.
    max_chars: int = 1_000_000
    strict: bool = False
    csv_bom: bool = False
    excel: bool = False
    report: bool = False
    resume: bool = True
    engine: str = "local"  # local | dask
    scheduler: str | None = None
    quiet: bool = False
    verbose: bool = False
    progress: bool | None = None  # None = only on a terminal
    # The stages to run, resolved (pipeline.nlp.resolve: with the stages they
    # need, in order); empty = all.  Part of the resume fingerprint.
    stages: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        self.input = Path(self.input)
        self.output = Path(self.output)
        unknown = set(self.formats) - set(FORMATS)
        if unknown:
            raise UsageError(f"unknown output format(s): {', '.join(sorted(unknown))}")
        if self.max_chars < 0:
            raise UsageError("--max-chars must be 0 (no limit) or more")
        if self.batch_size < 1:
            raise UsageError(f"--batch-size must be 1 or more (got {self.batch_size})")
        if self.workers < 0:
            raise UsageError(f"--workers must be 0 (all cores) or more (got {self.workers})")
        if self.scheduler and self.engine != "dask":
            raise UsageError("--scheduler needs --engine dask")

    @property
    def n_workers(self) -> int:
        return self.workers if self.workers > 0 else (os.cpu_count() or 1)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["input"] = str(self.input)
        d["output"] = str(self.output)
        d["formats"] = list(self.formats)
        d["stages"] = list(self.stages)
        return d

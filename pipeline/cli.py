"""Command line: flags -> Config -> run."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from pipeline import __version__
from pipeline.config import FORMATS, Config

EXIT_OK, EXIT_FAILED_DOCS, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m pipeline",
        description="Russian news entity extraction: people, organizations, places, money, "
                    "posts and their relations, written as CSV/Parquet tables.")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    r = sub.add_parser("run", help="process a file or folder of articles into tables",
                       description="Process INPUT (a file or a folder, read recursively; "
                                   "article Markdown, plain text, JSONL or CSV, told apart "
                                   "by content) into tables under OUT.")
    r.add_argument("input", type=Path, help="input file or folder")
    r.add_argument("-o", "--output", type=Path, default=Path("outputs"),
                   help="output folder (default: outputs)")
    r.add_argument("--format", default=",".join(FORMATS),
                   help="comma-separated output formats: csv, parquet (default: both)")
    r.add_argument("--workers", type=int, default=0,
                   help="worker processes, each loading the models once (default 0 = all cores)")
    r.add_argument("--batch-size", type=int, default=64,
                   help="sentences per model batch (default 64)")
    r.add_argument("--max-chars", type=int, default=Config.max_chars,
                   help="skip documents longer than this many characters, with the reason "
                        f"in documents.csv (default {Config.max_chars})")
    r.add_argument("--strict", action="store_true",
                   help="stop with a non-zero exit at the first document that fails")
    r.add_argument("--csv-bom", action="store_true",
                   help="write CSVs with a UTF-8 BOM so Excel shows Cyrillic right")
    r.add_argument("-q", "--quiet", action="store_true", help="print only errors")
    r.add_argument("-v", "--verbose", action="store_true", help="print debug messages")
    return p


def config_from_args(args: argparse.Namespace) -> Config:
    formats = tuple(f.strip() for f in args.format.split(",") if f.strip())
    return Config(input=args.input, output=args.output, formats=formats, workers=args.workers,
                  batch_size=args.batch_size, max_chars=args.max_chars, strict=args.strict,
                  csv_bom=args.csv_bom, quiet=args.quiet, verbose=args.verbose)


def _progress(config: Config):
    """A tqdm bar on a terminal; periodic log lines otherwise."""
    if config.quiet:
        return None, lambda: None
    if sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(unit="doc", desc="documents", dynamic_ncols=True)
        return (lambda doc: bar.update(1)), bar.close
    state = {"n": 0}

    def tick(doc) -> None:
        state["n"] += 1
        if state["n"] % 100 == 0:
            logging.getLogger("pipeline").info("%d documents done", state["n"])

    return tick, lambda: None


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        config = config_from_args(args)
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_USAGE
    level = logging.WARNING if config.quiet else logging.DEBUG if config.verbose else logging.INFO
    logging.basicConfig(level=level, format="%(levelname)s %(message)s", stream=sys.stderr)
    if not config.input.exists():
        print(f"error: input not found: {config.input}", file=sys.stderr)
        return EXIT_USAGE

    from pipeline.run import run

    tick, close = _progress(config)
    try:
        result = run(config, progress=tick)
    finally:
        close()
    if not config.quiet:
        print(result.summary(), file=sys.stderr)
    if result.n_failed:
        first_id, first_err = result.failures[0]
        print(f"error: {result.n_failed} document(s) failed, first {first_id}: {first_err}",
              file=sys.stderr)
        return EXIT_FAILED_DOCS
    return EXIT_OK

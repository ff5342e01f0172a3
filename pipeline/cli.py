"""Command line: flags -> Config -> run; ``show`` and ``report`` read a run's folder."""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

from pipeline import __version__
from pipeline.config import DEFAULT_BATCH_SIZE, FORMATS, Config, UsageError

EXIT_OK, EXIT_FAILED_DOCS, EXIT_USAGE = 0, 1, 2
TABLE_FORMATS = ("csv", "parquet")


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
                                   "by content) into tables under OUT.",
                       epilog="exit status: 0 every document ok or skipped, 1 some document "
                              "failed (listed in documents.csv; with --strict: the run stopped "
                              "and the previous outputs are left as they were), 2 usage error "
                              "(also: no documents in INPUT, OUT in use by another run), "
                              "130/143 stopped by Ctrl-C/SIGTERM (run again to resume)")
    r.add_argument("input", type=Path, help="input file or folder")
    r.add_argument("-o", "--output", type=Path, default=Path("outputs"),
                   help="output folder (default: outputs)")
    r.add_argument("--format", default=",".join(FORMATS),
                   help="comma-separated outputs: csv, parquet (the tables), conllu "
                        "(tokens.conllu), jsonl (documents.jsonl) (default: all)")
    r.add_argument("--workers", type=int, default=0,
                   help="worker processes, each loading the models once (default 0 = all cores)")
    r.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE,
                   help=f"sentences per model batch (default {DEFAULT_BATCH_SIZE})")
    r.add_argument("--stages", default="",
                   help="comma-separated stages to run, with the stages they need "
                        "(e.g. segment,lemma: tokens and lemmas only; default: all)")
    r.add_argument("--max-chars", type=int, default=Config.max_chars,
                   help="skip documents longer than this many characters, with the reason "
                        f"in documents.csv (default {Config.max_chars})")
    r.add_argument("--strict", action="store_true",
                   help="stop at the first document that fails (exit 1), writing nothing")
    r.add_argument("--csv-bom", action="store_true",
                   help="write CSVs with a UTF-8 BOM so Excel shows Cyrillic right")
    r.add_argument("--excel", action="store_true",
                   help="also write entities.xlsx: one sheet per table, for spreadsheets")
    r.add_argument("--report", action="store_true",
                   help="also write report.html: a self-contained page to read the run")
    r.add_argument("--resume", action=argparse.BooleanOptionalAction, default=True,
                   help="reuse the results of unchanged documents kept in OUT/.state from an "
                        "earlier or killed run (default); --no-resume processes everything")
    r.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="local worker processes (default) or a Dask distributed cluster")
    r.add_argument("--scheduler", metavar="ADDRESS",
                   help="with --engine dask: the scheduler, e.g. tcp://10.0.0.1:8786 "
                        "(default: a local cluster of --workers workers)")
    r.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="progress bar (default: only when stderr is a terminal; "
                        "plain log lines otherwise)")
    noise = r.add_mutually_exclusive_group()
    noise.add_argument("-q", "--quiet", action="store_true", help="print only errors")
    noise.add_argument("-v", "--verbose", action="store_true", help="print debug messages")

    s = sub.add_parser("show", help="print one document with its entities marked",
                       description="Print document DOC_ID of a finished run with its entities "
                                   "marked (colours on a terminal, [text|TYPE] otherwise), "
                                   "then its entities and relations.")
    s.add_argument("doc_id", help="the document's doc_id (see documents.csv)")
    s.add_argument("-o", "--output", type=Path, default=Path("outputs"),
                   help="the run's output folder (default: outputs)")
    s.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                   help="colour the entities (default: auto, on a terminal unless NO_COLOR)")

    v = sub.add_parser("report", help="rebuild report.html (and entities.xlsx) from a run's folder",
                       description="Write report.html from the tables of a finished run.")
    v.add_argument("-o", "--output", type=Path, default=Path("outputs"),
                   help="the run's output folder (default: outputs)")
    v.add_argument("--excel", action="store_true", help="also rebuild entities.xlsx")
    return p


def config_from_args(args: argparse.Namespace) -> Config:
    formats = tuple(f.strip() for f in args.format.split(",") if f.strip())
    if (args.excel or args.report) and not set(formats) & set(TABLE_FORMATS):
        raise ValueError("--excel and --report are built from the tables: keep csv or parquet "
                         "in --format")
    stages: tuple[str, ...] = ()
    if args.stages.strip():
        from pipeline.nlp import STAGE_NAMES, resolve

        stages = resolve(s.strip() for s in args.stages.split(",") if s.strip())
        if stages == STAGE_NAMES:
            stages = ()  # all: the same run (and resume fingerprint) as no --stages
    return Config(input=args.input, output=args.output, formats=formats, workers=args.workers,
                  batch_size=args.batch_size, max_chars=args.max_chars, strict=args.strict,
                  csv_bom=args.csv_bom, excel=args.excel, report=args.report,
                  quiet=args.quiet, verbose=args.verbose, progress=args.progress,
                  resume=args.resume, engine=args.engine, scheduler=args.scheduler, stages=stages)


def _output_problem(out: Path) -> str:
    """Why ``out`` cannot be the output folder ('' when it can)."""
    for p in [out, *out.parents]:
        if p.is_dir():
            return ""
        if p.exists() or p.is_symlink():
            return (f"output is not a folder: {out}" if p == out
                    else f"output {out} is below a file: {p}")
    return ""


def _progress(config: Config):
    """The per-document callback and its closer; none with --quiet.  The bar
    starts with the first document, so a run that stops before (OUT in use,
    nothing to read) prints its one error line and nothing else."""
    if config.quiet:
        return None, lambda: None
    from pipeline.progress import Progress, estimate_documents

    tty = sys.stderr.isatty() if config.progress is None else config.progress
    t0 = time.monotonic()
    bar: Progress | None = None

    def tick(doc) -> None:
        nonlocal bar
        if bar is None:
            bar = Progress(estimate_documents(config.input, [config.output]), tty=tty, t0=t0)
        bar(doc)

    def close() -> None:
        if bar is not None:
            bar.close()

    return tick, close


def _run(args: argparse.Namespace) -> int:
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
    problem = _output_problem(config.output)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return EXIT_USAGE

    from pipeline.engines.core import StrictError
    from pipeline.run import run
    from pipeline.signals import Interrupted, stop_on_signals
    from pipeline.write.commit import CommitError

    tick, close = _progress(config)
    try:
        with stop_on_signals():
            result = run(config, progress=tick)
    except UsageError as e:
        close()
        print(f"error: {e}", file=sys.stderr)
        return EXIT_USAGE
    except StrictError as e:
        close()
        print(f"error: --strict: {e}; previous outputs left as they were", file=sys.stderr)
        return EXIT_FAILED_DOCS
    except CommitError as e:
        close()
        print(f"error: {e}", file=sys.stderr)
        return EXIT_FAILED_DOCS
    except Interrupted as e:
        close()
        print(f"stopped by {e.name}: outputs in {config.output} left as they were; run the same "
              f"command again to resume (finished documents are kept in "
              f"{config.output / '.state'})", file=sys.stderr)
        return e.exit_code
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


def _show(args: argparse.Namespace) -> int:
    from pipeline.show import NotFound, render, use_color

    if not args.output.is_dir():
        print(f"error: output folder not found: {args.output}", file=sys.stderr)
        return EXIT_USAGE
    try:
        sys.stdout.write(render(args.output, args.doc_id, use_color(sys.stdout, args.color)))
    except NotFound as e:
        print(f"error: {e.args[0]}", file=sys.stderr)
        return EXIT_FAILED_DOCS
    return EXIT_OK


def _report(args: argparse.Namespace) -> int:
    from pipeline.write.readback import table_path
    from pipeline.write.report import write_report

    if table_path(args.output, "documents") is None:
        print(f"error: no run in {args.output} (documents.csv/.parquet missing)", file=sys.stderr)
        return EXIT_USAGE
    print(write_report(args.output), file=sys.stderr)
    if args.excel:
        from pipeline.write.xlsx import write_xlsx

        print(write_xlsx(args.output), file=sys.stderr)
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return {"run": _run, "show": _show, "report": _report}[args.command](args)

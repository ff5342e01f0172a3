"""Speed and memory benchmark: the project against plain natasha, same corpus, same run.

    python -m pipeline.bench --data ../shared/data --out outputs/bench [--scale 10]
    python -m pipeline.bench --corpus nerel-dev --scale 100     # issue 2: 100 copies of NEREL dev
    python -m pipeline.bench --scale 10 --systems project-all   # memory at scale, no natasha
    python -m pipeline.bench --rounds 3                        # three turns each, medians (make bench)

The corpus is every ``*.txt`` of ``nerel`` and ``factru-dev`` under ``--data``
(``--corpus all``) or of NEREL dev only, repeated ``--scale`` times
(``BENCH_SCALE`` by default) under distinct ids.  Each system runs in a fresh
process: the project (``pipeline.run.run`` into an empty output folder, all
tables written) with 1 worker and with all cores, and plain natasha as its
README shows it, one document at a time (segment, morph, syntax, NER, and
MoneyExtractor over the text).  Reported: docs/s and MB/s end to end (model
loading included), each stage's share of the time, model load time and peak
RSS per worker, and the project/natasha ratios.  With ``--rounds N``
(``BENCH_ROUNDS``; ``make bench`` runs 3) the systems take turns N times and
each reports its median round, with the median of its per-round ratios: a
shared host's slow spell, which can halve one run of the two-worker project,
then moves one round, not the figure.  Written to ``OUT/bench.json`` and
``OUT/bench.md``.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

CORPORA = {"all": ("nerel", "factru-dev"), "nerel-dev": ("nerel/dev",)}
SYSTEMS = ("natasha", "project-1", "project-all")
OPTIONAL = ("natasha-1blas",)  # natasha with one BLAS thread


def corpus_files(data: Path, corpus: str) -> list[Path]:
    return sorted(p for sub in CORPORA[corpus] for p in (data / sub).rglob("*.txt"))


def build_corpus(files: list[Path], scale: int, root: Path) -> Path:
    """``scale`` copies of ``files`` as ``copy<k>/<n>_<name>`` (distinct doc ids).
    Real copies: the reader does not follow symlinks."""
    for k in range(scale):
        d = root / f"copy{k:03d}"
        d.mkdir(parents=True)
        for i, f in enumerate(files):
            (d / f"{i:05d}_{f.name}").write_bytes(f.read_bytes())
    return root


def _peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _shares(seconds: dict[str, float]) -> dict[str, float]:
    total = sum(seconds.values()) or 1.0
    return {k: round(v / total, 3) for k, v in sorted(seconds.items(), key=lambda kv: -kv[1])}


def _texts(corpus: Path) -> Iterator[str]:
    for p in sorted(corpus.rglob("*.txt")):
        yield p.read_text(encoding="utf-8")


def bench_natasha(corpus: Path, one_blas_thread: bool = False) -> dict:
    """Plain natasha, per document, in this (fresh) process; with
    ``one_blas_thread`` also limited to one BLAS thread, as the project's
    workers are (to tell that gain from the others)."""
    t0 = time.perf_counter()
    if one_blas_thread:
        from pipeline.engines.core import single_threaded_blas

        single_threaded_blas()
    from natasha import (
        Doc,
        MoneyExtractor,
        MorphVocab,
        NewsEmbedding,
        NewsMorphTagger,
        NewsNERTagger,
        NewsSyntaxParser,
        Segmenter,
    )

    segmenter, emb = Segmenter(), NewsEmbedding()
    morph, syntax, ner = NewsMorphTagger(emb), NewsSyntaxParser(emb), NewsNERTagger(emb)
    money = MoneyExtractor(MorphVocab())
    load = time.perf_counter() - t0
    steps = (("segment", lambda d: d.segment(segmenter)), ("morph", lambda d: d.tag_morph(morph)),
             ("syntax", lambda d: d.parse_syntax(syntax)), ("ner", lambda d: d.tag_ner(ner)),
             ("money", lambda d: list(money(d.text))))
    stages = {name: 0.0 for name, _ in steps}
    n = 0
    for text in _texts(corpus):
        doc = Doc(text)
        for name, step in steps:
            t = time.perf_counter()
            step(doc)
            stages[name] += time.perf_counter() - t
        n += 1
    return {"docs": n, "seconds": time.perf_counter() - t0, "stage_seconds": stages,
            "workers": [{"load_seconds": round(load, 2), "peak_rss_mb": _peak_rss_mb()}]}


def bench_project(corpus: Path, workers: int) -> dict:
    """The project's ``run`` with ``workers`` workers into an empty folder."""
    from pipeline.config import Config
    from pipeline.run import run

    with tempfile.TemporaryDirectory(prefix="bench-out-") as out:
        t0 = time.perf_counter()
        result = run(Config(input=corpus, output=Path(out), workers=workers))
        seconds = time.perf_counter() - t0
    return {"docs": result.n_docs, "ok": result.n_ok, "seconds": seconds,
            "stage_seconds": result.stage_seconds, "main_peak_rss_mb": _peak_rss_mb(),
            "workers": [{"load_seconds": round(w.load_seconds, 2), "peak_rss_mb": w.peak_rss_mb}
                        for w in result.workers.values()]}


def _fresh(fn, *args) -> dict:
    """Run ``fn`` in a fresh process, so its memory and model loading are its own."""
    with ProcessPoolExecutor(1, mp_context=mp.get_context("spawn")) as ex:
        return ex.submit(fn, *args).result()


def measure(corpus: Path, n_bytes: int, cores: int, which: tuple[str, ...] = SYSTEMS,
            rounds: int = 1) -> dict:
    """Each system of ``which`` run ``rounds`` times, the systems taking turns
    (natasha, then the project, then natasha again...), so a slow spell of a
    shared host falls on one round of each rather than on one system.  A
    system's figures are those of its median round (by docs/s); its ratio to
    natasha is the median of the rounds' ratios, each against natasha's run of
    the same round."""
    systems = {"natasha": lambda: _fresh(bench_natasha, corpus),
               "natasha-1blas": lambda: _fresh(bench_natasha, corpus, True),
               "project-1": lambda: _fresh(bench_project, corpus, 1),
               f"project-{cores}": lambda: _fresh(bench_project, corpus, cores)}
    chosen = {"natasha": "natasha", "natasha-1blas": "natasha-1blas", "project-1": "project-1",
              "project-all": f"project-{cores}"}
    names = list(dict.fromkeys(chosen[w] for w in which))
    runs: dict[str, list[dict]] = {name: [] for name in names}
    for k in range(rounds):
        for name in names:
            print(f"bench: {name}" + (f" (round {k + 1}/{rounds})" if rounds > 1 else "") + " ...",
                  file=sys.stderr, flush=True)
            r = systems[name]()
            r["docs_per_s"] = round(r["docs"] / r["seconds"], 2)
            r["mb_per_s"] = round(n_bytes / 1e6 / r["seconds"], 3)
            r["stage_share"] = _shares(r.pop("stage_seconds"))
            r["seconds"] = round(r["seconds"], 2)
            runs[name].append(r)
    base = [r["docs_per_s"] for r in runs.get("natasha", [])]
    results = {}
    for name, rs in runs.items():
        r = sorted(rs, key=lambda x: x["docs_per_s"])[(len(rs) - 1) // 2]  # the median (lower) round
        ratios = [round(x["docs_per_s"] / b, 2) for x, b in zip(rs, base, strict=True)] if base else []
        r["x_natasha"] = median(ratios) if ratios else None
        if rounds > 1:
            r["rounds"] = [{"docs_per_s": x["docs_per_s"], "x_natasha": q}
                           for x, q in zip(rs, ratios or [None] * len(rs), strict=True)]
        results[name] = r
    return results


def median(xs: list[float]) -> float:
    """The median (the mean of the middle two of an even count), to 2 decimals."""
    s = sorted(xs)
    mid = len(s) // 2
    return round(s[mid] if len(s) % 2 else (s[mid - 1] + s[mid]) / 2, 2)


def table(report: dict) -> str:
    rounds = report.get("rounds", 1)
    rows = ["| system | docs | seconds | docs/s | MB/s | × natasha | load s / worker "
            "| peak RSS MB / worker | top stages (share) |"
            + (" × natasha by round |" if rounds > 1 else ""),
            "|---|---|---|---|---|---|---|---|---|" + ("---|" if rounds > 1 else "")]
    for name, r in report["systems"].items():
        loads = ", ".join(str(w["load_seconds"]) for w in r["workers"])
        rss = ", ".join(str(w["peak_rss_mb"]) for w in r["workers"])
        top = ", ".join(f"{k} {v:.0%}" for k, v in list(r["stage_share"].items())[:5])
        by_round = ", ".join(str(x["x_natasha"]) for x in r.get("rounds", []))
        rows.append(f"| {name} | {r['docs']} | {r['seconds']} | {r['docs_per_s']} | "
                    f"{r['mb_per_s']} | {r['x_natasha']} | {loads} | {rss} | {top} |"
                    + (f" {by_round} |" if rounds > 1 else ""))
    head = (f"corpus {report['corpus']} × {report['scale']}: {report['docs']} documents, "
            f"{report['mb']} MB; {report['cores']} cores")
    if rounds > 1:
        head += (f"; {rounds} rounds, the systems taking turns: each system's median round, "
                 "× natasha the median of the rounds' ratios")
    return head + "\n\n" + "\n".join(rows) + "\n"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m pipeline.bench", description=__doc__.split("\n\n")[0])
    p.add_argument("--data", type=Path, default=Path("../shared/data"))
    p.add_argument("--out", type=Path, default=Path("outputs/bench"))
    p.add_argument("--corpus", choices=sorted(CORPORA), default="all")
    p.add_argument("--scale", type=int, default=int(os.environ.get("BENCH_SCALE", "1")),
                   help="repeat the corpus this many times (default: $BENCH_SCALE or 1)")
    p.add_argument("--cores", type=int, default=os.cpu_count() or 1,
                   help="workers of the all-cores run (default: all cores)")
    p.add_argument("--systems", default=",".join(SYSTEMS),
                   help=f"which to run, comma-separated (default {','.join(SYSTEMS)}; "
                        f"also {', '.join(OPTIONAL)}); the ratios need natasha")
    p.add_argument("--rounds", type=int, default=int(os.environ.get("BENCH_ROUNDS", "1")),
                   help="run every system this many times, taking turns, and report the "
                        "median (default: $BENCH_ROUNDS or 1; make bench: 3)")
    args = p.parse_args(argv)
    if args.rounds < 1:
        p.error("--rounds: 1 or more")
    which = tuple(s.strip() for s in args.systems.split(",") if s.strip())
    if not which or set(which) - set(SYSTEMS) - set(OPTIONAL):
        p.error(f"--systems: choose from {', '.join(SYSTEMS + OPTIONAL)}")
    files = corpus_files(args.data, args.corpus)
    if not files:
        print(f"error: no *.txt under {args.data} for corpus {args.corpus}", file=sys.stderr)
        return 2
    n_bytes = sum(f.stat().st_size for f in files) * args.scale
    with tempfile.TemporaryDirectory(prefix="bench-corpus-") as tmp:
        corpus = build_corpus(files, args.scale, Path(tmp))
        systems = measure(corpus, n_bytes, args.cores, which, args.rounds)
    report = {"corpus": args.corpus, "scale": args.scale, "docs": len(files) * args.scale,
              "mb": round(n_bytes / 1e6, 2), "cores": args.cores, "rounds": args.rounds, "systems": systems}
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "bench.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    md = table(report)
    (args.out / "bench.md").write_text(md, encoding="utf-8")
    print(md)
    return 0


if __name__ == "__main__":
    sys.exit(main())

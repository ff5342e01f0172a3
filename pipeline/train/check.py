"""Retrain the shipped models and check each file is byte-identical (``make check-models``).

The package is copied to a temporary folder and ``make train``'s steps run
there, in its order and with its commands, the copy first on ``PYTHONPATH``:
each step writes into the copy's ``data/`` and a later step reads what an
earlier one wrote, as in ``make train``; the shipped files are never touched.
Then every model file of the copy is compared with the shipped one.

``--only geo`` (or ``clusters``, ``ner``, ``ner-cv``, ``types``, ``roles``, ``nested``, ``type_words``,
``event_words``, ``relations``, ``oof``, ``nerel_relations``, ``event_links``,
comma-separated) runs some steps only; a later step then reads the shipped files of the steps left out
(the steps with a folds flag need the ``event_words`` step, which fits the fold layers, and
``nerel_relations`` the ``relations`` step's out-of-fold relations as well).

Usage: ``python -m pipeline.train.check [--data ../shared/data] [--only STEPS]``.
Exit status 0 when every file is identical, 1 otherwise.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from pipeline.clusters import PATH as CLUSTERS_PATH
from pipeline.eval.gold import data_dir
from pipeline.eval.types import OOF_PATH
from pipeline.stages.event_links import model_path as event_links_path
from pipeline.stages.event_words import model_path as event_words_path
from pipeline.stages.inner_bodies import shares_path as bodies_path
from pipeline.stages.inner_posts import shares_path as posts_path
from pipeline.stages.ner import CV_PATH, LAYERS, layer_path
from pipeline.stages.org_words import org_words_path
from pipeline.stages.roles import LAYER as ROLE_LAYER
from pipeline.stages.type_words import words_path
from pipeline.stages.types import inner_path, types_layer_path

PACKAGE = Path(__file__).resolve().parents[1]

# make train's steps, in its order: (module, takes --data, files it writes under data/,
# its flag for the folder of the fold layers that the event_words step fits and the later steps reuse).
STEPS: dict[str, tuple[str, bool, tuple[str, ...], str | None]] = {
    "geo": ("pipeline.train.geo", False, ("geo.tsv.gz", "geo-latin.tsv"), None),
    "clusters": ("pipeline.train.clusters", False, (CLUSTERS_PATH.name,), None),
    "ner": ("pipeline.train.ner", True, tuple(layer_path(t).name for t in LAYERS), None),
    "ner-cv": ("pipeline.train.cv", True, (CV_PATH.name,), None),
    "types": ("pipeline.train.types", True, (types_layer_path().name, inner_path().name), None),
    "roles": ("pipeline.train.roles", True, (layer_path(ROLE_LAYER).name,), None),
    "nested": ("pipeline.train.nested", True, (posts_path().name, bodies_path().name), None),
    "type_words": ("pipeline.train.type_words", True, (words_path().name, org_words_path().name), None),
    "event_words": ("pipeline.train.event_words", True, (event_words_path().name,), "--folds"),
    "relations": ("pipeline.train.relations", True,
                  ("relations/model.json", "relations/posts.txt", "relations/places.tsv"), "--folds"),
    "oof": ("pipeline.train.oof", True, (OOF_PATH.name,), "--models"),
    "nerel_relations": ("pipeline.train.nerel_relations", True, ("relations/nerel.json",), "--folds"),
    "event_links": ("pipeline.train.event_links", True, (event_links_path().name,), "--folds"),
}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12] if path.is_file() else "missing"


def compare(shipped: Path, built: Path, files: list[str]) -> list[str]:
    """One line per file; those that differ start with ``DIFFERS``."""
    lines = []
    for name in files:
        a, b = shipped / name, built / name
        same = a.is_file() and b.is_file() and a.read_bytes() == b.read_bytes()
        size = b.stat().st_size if b.is_file() else 0
        lines.append(f"{'same   ' if same else 'DIFFERS'} {name} (shipped {digest(a)}, "
                     f"retrained {digest(b)}, {size} bytes)")
    return lines


def retrain(copy: Path, steps: list[str], data: Path) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(copy.parent), *filter(None, [os.environ.get("PYTHONPATH")])])}
    found = subprocess.run([sys.executable, "-c", "import pipeline; print(pipeline.__file__)"],
                           env=env, cwd=copy.parent, check=True, capture_output=True, text=True)
    if Path(found.stdout.strip()).parent != copy:  # never retrain over the shipped files
        raise SystemExit(f"the copy is not the package imported: {found.stdout.strip()}")
    folds = copy.parent / "folds"
    for step in steps:
        module, takes_data, _, folds_flag = STEPS[step]
        cmd = [sys.executable, "-m", module, *(["--data", str(data)] if takes_data else []),
               *([folds_flag, str(folds)] if folds_flag else [])]
        print("$", " ".join(cmd), flush=True)
        subprocess.run(cmd, env=env, cwd=copy.parent, check=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pipeline.train.check", description=__doc__.split("\n")[0])
    ap.add_argument("--data", help="gold data folder (default: ../shared/data)")
    ap.add_argument("--only", help=f"comma-separated steps (default: all of {','.join(STEPS)})")
    args = ap.parse_args(argv)
    steps = args.only.split(",") if args.only else list(STEPS)
    unknown = [s for s in steps if s not in STEPS]
    if unknown:
        ap.error(f"unknown step {', '.join(unknown)} (steps: {', '.join(STEPS)})")
    steps = [s for s in STEPS if s in steps]
    with tempfile.TemporaryDirectory(prefix="check-models-") as tmp:
        copy = Path(tmp) / "pipeline"
        shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
        retrain(copy, steps, data_dir(args.data).resolve())
        lines = compare(PACKAGE / "data", copy / "data", [f for s in steps for f in STEPS[s][2]])
    print("\n".join(lines))
    differ = sum(line.startswith("DIFFERS") for line in lines)
    print(f"{len(lines) - differ} of {len(lines)} model files identical to the shipped ones")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Fold-wise priors counted on gold: the part of a training step shared by
models whose features include how often NEREL's gold says something of a
word (``event_words``: a lemma is an event; ``event_links``: two event lemmas
are linked).

A row of a fold must never see priors counted on its own fold: rows of a
training fold take the priors of the other training folds, the rows scored
take those of every training fold (:meth:`PriorFolds.training`).
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path
from typing import Any

from pipeline.eval.gold import GoldDoc, data_dir, load_nerel
from pipeline.train.cv import FOLDS
from pipeline.train.oof import add_fold_arguments, deal_folds


class PriorFolds:
    """Rows (candidates with their labels) and gold counts by fold, NEREL
    train's documents dealt into the NER's folds.  A subclass fills ``rows``
    and ``counts`` (:meth:`add`) and says how counts become a prior table
    (:meth:`table`) and a row an example (:meth:`example`)."""

    def __init__(self, doc_ids: list[str]) -> None:
        self.fold = deal_folds(doc_ids, FOLDS)
        self.k = sorted(set(self.fold.values()))
        self.rows: dict[int, list] = {k: [] for k in self.k}
        self.counts: dict[int, list[Counter]] = {k: [] for k in self.k}

    def add(self, doc_id: str, rows: list, counts: Counter) -> None:
        self.rows[self.fold[doc_id]] += rows
        self.counts[self.fold[doc_id]].append(counts)

    def table(self, counts: list[Counter]) -> Any:
        raise NotImplementedError

    def example(self, row, table) -> tuple[list[str], int]:
        """The features and label of ``row`` with the priors ``table``."""
        raise NotImplementedError

    def priors(self, folds) -> Any:
        """The prior table counted on the gold of ``folds``."""
        return self.table([c for k in folds for c in self.counts[k]])

    def training(self, folds: list[int]) -> tuple[list[list[str]], list[int]]:
        """The rows of ``folds`` as examples, each with the priors of the rest of ``folds``."""
        xs, ys = [], []
        for j in folds:
            table = self.priors([k for k in folds if k != j])
            for row in self.rows[j]:
                x, y = self.example(row, table)
                xs.append(x)
                ys.append(y)
        return xs, ys


def step_arguments(description: str, writes: str = "") -> argparse.ArgumentParser:
    """The command line of such a step: ``--data``, the fold pipelines'
    ``--folds`` and ``--cache`` (``writes``: what else it leaves in the
    folds' folder), ``--train-only``."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--data", default=None, help="gold data folder (default ../shared/data)")
    add_fold_arguments(ap, writes)
    ap.add_argument("--train-only", action="store_true",
                    help="count the shipped priors on NEREL train alone (for a check on dev)")
    return ap


def splits(args: argparse.Namespace) -> tuple[Path, list[GoldDoc], list[GoldDoc]]:
    """The data folder, NEREL train, and NEREL dev (none with ``--train-only``)."""
    data = data_dir(args.data)
    return data, load_nerel("train", data), [] if args.train_only else load_nerel("dev", data)

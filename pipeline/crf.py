"""Linear-chain CRF tagging in numpy, for the NER layers trained by crfsuite.

``make train`` fits one crfsuite model per type (``pipeline/data/ner-*.crfsuite``).
Tagging with python-crfsuite copies every feature string of every token into
C++ and looks it up once per model.  Here the weights of all the layers are
read once (:mod:`pipeline.crfsuite_file`) into one matrix (attribute id x
every layer's labels).  A token's state scores are a sum of rows of it, and
the sum is linear: :class:`PartScores` sums the rows of a group of
attributes that recur together (a word's, its tags') once, and a token's
scores are then the sum of a few such parts (:class:`pipeline.stages.ner.Features`
memoizes them with the words).  Viterbi runs over all sentences and all
layers of a width at once, step by step.  The tags are crfsuite's own
(``tests/test_crf.py`` compares them): the weights are the model's doubles
and the scores sums of doubles, as crfsuite's.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix

from pipeline.crfsuite_file import CRFModel, read_model

UNKNOWN = 0  # attribute id of every string no layer knows: zero weights
# The name of a dense attribute: STATE and an index k; its value, given per
# token, is the k-th of the token's real-valued features (natasha's NER
# encoder states, :mod:`pipeline.stages.ner`), the rest of the attributes
# being strings of value 1.
STATE = "enc="


class CRFLayers:
    """Several crfsuite models (one per layer) over one attribute vocabulary.

    ``weights`` (sparse: attribute id x labels) has a column per label of each layer; layers with the same
    number of labels are decoded together (one Viterbi), a layer with many
    labels (the other-types layer: BIO over 15 types) in a group of its
    own, so that the narrow layers do not pay for its width."""

    def __init__(self, paths: dict[str, Path], bonus: dict[str, dict[str, float]] | None = None) -> None:
        """``bonus``: per layer, a score added to some labels' state scores
        of every token (a recall the layer's training left too low)."""
        models = {name: read_model(path) for name, path in paths.items()}
        self.vocab: dict[str, int] = {}
        dims = 0  # the number of dense attributes
        for model in models.values():
            for attr in model.attributes:
                if attr.startswith(STATE):
                    dims = max(dims, int(attr[len(STATE):]) + 1)
                else:
                    self.vocab.setdefault(attr, len(self.vocab) + 1)
        self.layers = list(paths)
        self.labels = {name: model.labels for name, model in models.items()}
        by_width: dict[int, list[str]] = {}
        for name in self.layers:
            by_width.setdefault(len(self.labels[name]), []).append(name)
        self.groups: list[_Group] = []
        for names in by_width.values():
            start = self.groups[-1].stop if self.groups else 0
            self.groups.append(_Group({name: models[name] for name in names}, start))
        # Sparse (4% of the cells are weights): a weight the model does not
        # list is zero (the UNKNOWN row too).
        rows, columns, weights = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)], [np.zeros(0)]
        width = self.groups[-1].stop if self.groups else 0
        # The dense attributes' weights (dims x every layer's labels), None when no layer has any.
        self.dense: np.ndarray | None = np.zeros((dims, width)) if dims else None
        for group in self.groups:
            for k, name in enumerate(group.layers):
                model = models[name]
                # a dense attribute k gets the id -1 - k
                ids = np.array([-1 - int(attr[len(STATE):]) if attr.startswith(STATE) else self.vocab[attr]
                                for attr in model.attributes], dtype=np.int64)
                src = ids[model.state["src"]]
                dst = group.start + k * group.width + model.state["dst"].astype(np.int64)
                sparse = src > 0
                rows.append(src[sparse])
                columns.append(dst[sparse])
                weights.append(model.state["weight"][sparse])
                if self.dense is not None and not sparse.all():
                    self.dense[-1 - src[~sparse], dst[~sparse]] = model.state["weight"][~sparse]
        self.weights = csr_matrix((np.concatenate(weights), (np.concatenate(rows), np.concatenate(columns))),
                                  shape=(len(self.vocab) + 1, width))
        self.bonus: np.ndarray | None = np.zeros(width)
        for group in self.groups:
            for k, name in enumerate(group.layers):
                for label, add in (bonus or {}).get(name, {}).items():
                    if label in self.labels[name]:
                        self.bonus[group.start + k * group.width + self.labels[name].index(label)] = add
        if not self.bonus.any():
            self.bonus = None

    def dense_scores(self, values: np.ndarray) -> np.ndarray | None:
        """The state scores of the dense attributes (``values``: tokens x
        dims, each token's values of them), None when no layer has any."""
        return None if self.dense is None else values[:, :len(self.dense)] @ self.dense

    def tag(self, scores: np.ndarray, lengths: Sequence[int]) -> list[dict[str, list[str]]]:
        """Every layer's tags of every sentence.  ``scores``: the state scores
        of all the sentences' tokens end to end (a token's row: the sum of
        its attributes' rows of ``weights``); ``lengths``: each sentence's
        number of tokens."""
        if self.bonus is not None:
            scores = scores + self.bonus
        lengths = np.asarray(lengths, dtype=np.int64)
        offsets = np.concatenate(([0], np.cumsum(lengths)))
        # longest first: the sentences a step of Viterbi still runs over are a prefix
        order = np.argsort(-lengths, kind="stable")
        names: dict[str, list[str]] = {}
        for group in self.groups:
            best = group.viterbi(scores, offsets[order], lengths[order])
            names.update({name: np.array(self.labels[name], dtype=object)[best[:, k]].tolist()
                          for k, name in enumerate(group.layers)})
        bounds = offsets.tolist()
        return [{name: names[name][a:b] for name in self.layers}
                for a, b in zip(bounds, bounds[1:], strict=False)]


class _Group:
    """Layers of one width: columns ``start:stop`` of the weights, and their
    transitions (layer x next label x previous label)."""

    def __init__(self, models: dict[str, CRFModel], start: int) -> None:
        self.layers = list(models)
        self.width = len(next(iter(models.values())).labels)
        self.start = start
        self.stop = start + len(self.layers) * self.width
        self.trans = np.stack([model.transitions.T for model in models.values()])

    def viterbi(self, scores: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Each token's best label (tokens x layers).  ``starts`` and
        ``lengths``: the sentences' rows in ``scores``, longest first."""
        layers, width = len(self.layers), self.width
        emit = scores[:, self.start:self.stop].reshape(len(scores), layers, width)
        best = np.empty(emit.shape[:2], dtype=np.int64)
        size = int(lengths[0]) if len(lengths) else 0
        # the number of sentences at step t (longer than t)
        going = np.searchsorted(-lengths, -np.arange(size), side="left").tolist()
        last = np.empty((len(lengths), layers), dtype=np.int64)  # each sentence's last label
        rows = np.arange(len(lengths) * layers * width)  # (sentence, layer, next label) flat
        score = emit[starts[:going[0]]] if size else None
        history = []  # each step's best previous label, by (sentence, layer, next label)
        for t in range(1, size):
            n = going[t]
            last[n:going[t - 1]] = score[n:].argmax(axis=2)
            cand = (score[:n, :, None, :] + self.trans).reshape(-1, width)
            prev = cand.argmax(axis=1)  # crfsuite keeps the first of equal scores too
            score = cand[rows[:len(prev)], prev].reshape(n, layers, width) + emit[starts[:n] + t]
            history.append(prev)
        if size:
            last[:going[-1]] = score.argmax(axis=2)
        label = last
        for t in range(size - 1, -1, -1):
            n = going[t]
            best[starts[:n] + t] = label[:n]
            if t:
                label[:n] = history[t - 1][rows[:n * layers] * width + label[:n].ravel()].reshape(n, layers)
        return best


RESERVED_ROWS = 1 << 18  # rows of PartScores reserved up front (the bench corpus fills 94 000)


class PartScores:
    """The summed weights of groups of attributes that recur together (a
    part of a token's features: a word's, its tags'), one row each.

    :meth:`add` gives a part its row (the sums are made in bulk, by the next
    :meth:`sums`); :meth:`sums` adds up each token's parts' rows.  A caller
    keeps the rows until :meth:`clear`."""

    def __init__(self, crf: CRFLayers) -> None:
        self.vocab = crf.vocab
        self.weights = crf.weights
        self.clear()

    def clear(self) -> None:
        # Address space for RESERVED_ROWS rows, not memory: a page counts once
        # a row on it is written.  Growing by copying held the old table and
        # the new at once (26 MB more for a moment when the bench's 72 000
        # rows doubled: the one-worker peak).
        self.rows = np.empty((RESERVED_ROWS, self.weights.shape[1]))
        self.rows[0] = 0.0  # row 0: no attribute
        self.size = 1
        # the row of each set of attributes: most parts recur (the neighbours'
        # shape and class without the word, a suffix...)
        self._known: dict[tuple[int, ...], int] = {}
        self._ids: list[int] = []  # the attributes of the rows not summed yet
        self._counts: list[int] = []

    def add(self, *parts: Iterable[str]) -> tuple[int, ...]:
        """The row of each part: of the sum of its attributes (those the
        layers know), or 0 for none."""
        vocab, known = self.vocab.get, self._known
        rows = []
        for attrs in parts:
            ids = tuple(filter(None, map(vocab, attrs)))  # ids are 1 and up
            row = known.get(ids, 0) if ids else 0
            if ids and not row:
                self._ids += ids
                self._counts.append(len(ids))
                row = known[ids] = self.size
                self.size += 1
            rows.append(row)
        return tuple(rows)

    def sums(self, fixed: np.ndarray, more_tokens: Sequence[int], more_rows: Sequence[int]) -> np.ndarray:
        """Each token's scores (tokens x weights' columns): the sum of its rows
        ``fixed[i]`` (0: none) and of ``more_rows[k]`` where ``more_tokens[k]`` is i."""
        self._flush()
        count, width = fixed.shape
        out = _sum_rows(self.rows[:self.size], fixed.ravel(), np.arange(0, count * width + 1, width))
        if len(more_tokens):
            np.add.at(out, np.asarray(more_tokens, dtype=np.int64), self.rows[np.asarray(more_rows)])
        return out

    def _flush(self) -> None:
        if not self._counts:
            return
        if self.size > len(self.rows):
            grown = np.empty((max(self.size, 2 * len(self.rows)), self.rows.shape[1]))
            grown[:len(self.rows)] = self.rows
            self.rows = grown
        first = self.size - len(self._counts)
        ends = np.cumsum(self._counts)
        self.rows[first:self.size] = _sum_rows(self.weights, np.array(self._ids, dtype=np.int64),
                                               np.concatenate(([0], ends))).toarray()
        self._ids, self._counts = [], []


def _sum_rows(table, ids: np.ndarray, bounds: np.ndarray):
    """The sums of rows of ``table`` (an array or a sparse matrix, and so is
    the result): sum k adds the rows ``ids[bounds[k]:bounds[k + 1]]``, in
    turn (as crfsuite adds a token's attributes).  A sparse product:
    ``np.add.reduceat`` over the gathered rows takes ~8x as long (the
    gather's copy) and adds in another order."""
    return csr_matrix((np.ones(len(ids)), ids, bounds), shape=(len(bounds) - 1, table.shape[0])) @ table

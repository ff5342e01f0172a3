"""Linear-chain CRF tagging in numpy, for the NER layers trained by crfsuite.

``make train`` fits one crfsuite model per type (``pipeline/data/ner-*.crfsuite``).
Tagging with python-crfsuite copies every feature string of every token into
C++ and looks it up once per model.  Here the weights of all the layers are
read once into one matrix (attribute id x every layer's labels): a token's
features are attribute ids (:class:`pipeline.stages.ner.Features` memoizes
them with the words), the state scores of all tokens of a batch of sentences
and all layers are one gather and one sum, and Viterbi runs over all
sentences and layers at once, step by step.  The tags are crfsuite's own
(``tests/test_crf.py`` compares them).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain
from pathlib import Path

import numpy as np

from pipeline.config import DEFAULT_BATCH_SIZE

UNKNOWN = 0  # attribute id of every string no layer knows: zero weights


class CRFLayers:
    """Several crfsuite models (one per layer) over one attribute vocabulary.

    Layers with the same number of labels are scored and decoded together
    (one gather, one Viterbi); a layer with many labels (the other-types
    layer: BIO over 15 types) is a group of its own, so that the narrow
    layers do not pay for its width."""

    def __init__(self, paths: dict[str, Path]) -> None:
        import pycrfsuite

        infos = {}
        for name, path in paths.items():
            tagger = pycrfsuite.Tagger()
            tagger.open(str(path))
            infos[name] = (tagger.labels(), tagger.info())
        self.vocab: dict[str, int] = {}
        for _, info in infos.values():
            for attr, _label in info.state_features:
                self.vocab.setdefault(attr, len(self.vocab) + 1)
        self.layers = list(paths)
        self.labels = {name: labels for name, (labels, _) in infos.items()}
        by_width: dict[int, list[str]] = {}
        for name in self.layers:
            by_width.setdefault(len(self.labels[name]), []).append(name)
        self.groups = [_Group({name: infos[name] for name in names}, self.vocab)
                       for names in by_width.values()]

    def tag(self, sentences: Sequence[Sequence[Sequence[int]]],
            batch_size: int = DEFAULT_BATCH_SIZE) -> list[dict[str, list[str]]]:
        """Every layer's tags of every sentence (a sentence: a list of tokens,
        a token: its attribute ids)."""
        lengths = np.fromiter(map(len, sentences), dtype=np.int64, count=len(sentences))
        tokens = [tok for sent in sentences for tok in sent]
        counts = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
        ids = np.fromiter(chain.from_iterable(tokens), dtype=np.int64, count=int(counts.sum()))
        starts = np.zeros(len(tokens), dtype=np.int64)
        np.cumsum(counts[:-1], out=starts[1:])
        ids = np.append(ids, UNKNOWN)  # the last token's sum runs to the end: a zero row
        offsets = np.concatenate(([0], np.cumsum(lengths)))
        order = np.argsort(lengths, kind="stable")
        names: dict[str, list[str]] = {}
        for group in self.groups:
            names.update(group.tag(ids, starts, counts, offsets, lengths, order, batch_size))
        bounds = offsets.tolist()
        return [{name: names[name][a:b] for name in self.layers}
                for a, b in zip(bounds, bounds[1:], strict=False)]


class _Group:
    """Layers of one width: their weights as one matrix (attribute id x layer x label)."""

    def __init__(self, infos: dict, vocab: dict[str, int]) -> None:
        self.layers = list(infos)
        self.labels = {name: labels for name, (labels, _) in infos.items()}
        width = max(len(labels) for labels in self.labels.values())
        self.width = width
        # A weight the model does not list is zero; labels a layer lacks (the
        # layers differ in width) get a score that never wins.
        self.state = np.zeros((len(vocab) + 1, len(self.layers), width), dtype=np.float32)
        self.trans = np.zeros((len(self.layers), width, width))
        for k, name in enumerate(self.layers):
            labels, info = infos[name]
            index = {label: i for i, label in enumerate(labels)}
            self.state[:, k, len(labels):] = -1e9
            self.trans[k, len(labels):, :] = self.trans[k, :, len(labels):] = -1e9
            for (attr, label), w in info.state_features.items():
                self.state[vocab[attr], k, index[label]] = w
            for (a, b), w in info.transitions.items():
                self.trans[k, index[a], index[b]] = w
        self.used = (self.state != 0).any(axis=(1, 2))
        self.used[UNKNOWN] = True  # the zero row closing the last token

    def tag(self, ids: np.ndarray, starts: np.ndarray, counts: np.ndarray, offsets: np.ndarray,
            lengths: np.ndarray, order: np.ndarray, batch_size: int) -> dict[str, list[str]]:
        """Every token's tag (all sentences end to end), per layer of the group.
        A token's ``counts[i]`` attribute ids start at ``ids[starts[i]]``."""
        if not len(starts):
            return {name: [] for name in self.layers}
        # Only the attributes this group has weights for are gathered (the
        # vocabulary is every layer's): the rows are what the time goes to.
        keep = self.used[ids]
        kept = ids[keep]
        before = np.concatenate(([0], np.cumsum(keep)))
        blank = before[starts + counts] == before[starts]  # no attribute with a weight
        scores = np.add.reduceat(self.state[kept], np.minimum(before[starts], len(kept) - 1), axis=0)
        scores[blank] = self.state[UNKNOWN]  # tokens x layers x labels
        best = np.empty((len(starts), len(self.layers)), dtype=np.int64)
        for k in range(0, len(order), batch_size):
            group = order[k:k + batch_size]
            group = group[lengths[group] > 0]
            if len(group):
                self._viterbi(scores, offsets, lengths, group, best)
        return {name: np.array(self.labels[name], dtype=object)[best[:, k]].tolist()
                for k, name in enumerate(self.layers)}

    def _viterbi(self, scores: np.ndarray, offsets: np.ndarray, lengths: np.ndarray,
                 group: np.ndarray, best: np.ndarray) -> None:
        """Best label paths of the sentences ``group``, written into ``best``."""
        n, width, layers = len(group), self.width, len(self.layers)
        size = int(lengths[group].max())
        emit = np.zeros((n, size, layers, width))
        for b, i in enumerate(group.tolist()):
            emit[b, :lengths[i]] = scores[offsets[i]:offsets[i + 1]]
        score = emit[:, 0]  # n x layers x labels
        history = np.zeros((size, n, layers, width), dtype=np.int64)
        for t in range(1, size):
            cand = score[:, :, :, None] + self.trans[None]  # n x layers x prev x next
            prev = cand.argmax(axis=2)  # crfsuite keeps the first of equal scores too
            step = np.take_along_axis(cand, prev[:, :, None, :], axis=2)[:, :, 0] + emit[:, t]
            alive = (t < lengths[group])[:, None, None]
            score = np.where(alive, step, score)
            history[t] = prev
        label = score.argmax(axis=2)  # n x layers, at each sentence's last token
        ends = lengths[group] - 1
        rows = offsets[group]
        for t in range(size - 1, -1, -1):
            here = ends >= t
            best[rows[here] + t] = label[here]
            back = np.take_along_axis(history[t], label[:, :, None], axis=2)[:, :, 0]
            label = np.where((ends >= t)[:, None] & (t > 0), back, label)


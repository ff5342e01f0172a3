"""Word clusters: k-means over natasha's navec word vectors, a CRF feature.

A CRF learns a weight per word it saw in training; a word it never saw
(«Тюменьэнерго», «авиаудар», a town of another country) has only its shape,
suffixes and tags.  navec's 250 000 word vectors come from a large news
corpus, and words used alike lie close: cutting them into clusters gives an
unseen word the weights its neighbours earned («выборы» with «референдум»,
«пневмония» with other diseases).  Two cuts, coarse and fine, each a feature
of the word (:class:`pipeline.stages.ner.Features`; not of its neighbours:
that cost EVENT), for the layers of :data:`pipeline.stages.ner.CLUSTERED`.

``word-clusters.npy.gz`` holds, per cut, the cluster of each word of
natasha's vocabulary by its id (``python -m pipeline.train.clusters``
writes it); the words themselves come from the vocabulary natasha's taggers
already hold, so the table costs 1 MB of memory.
"""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import numpy as np

PATH = Path(__file__).resolve().parent / "data" / "word-clusters.npy.gz"
CUTS = (64, 512)  # clusters per cut, coarse to fine


class WordClusters:
    """Lower-cased word -> its feature strings (``k64=12``, ``k512=301``), none
    for a word natasha's vocabulary lacks.  ``vocab``: natasha's word
    vocabulary (``encode`` gives a word's id, ``unk_id`` when unknown);
    ``table``: cuts x word ids (the unknown and padding ids have rows too:
    navec has vectors for them; no feature is made of them)."""

    def __init__(self, vocab, table: np.ndarray, cuts: tuple[int, ...] = CUTS) -> None:
        if table.shape[0] != len(cuts):
            raise ValueError(f"{table.shape[0]} cuts in the table, {len(cuts)} expected")
        self.encode = vocab.encode
        self.unknown = {vocab.unk_id, vocab.pad_id}
        self.names = [[f"k{k}={c}" for c in range(k)] for k in cuts]
        # word id -> its cluster per cut: 1 MB (25 MB as Python lists)
        self.rows = np.ascontiguousarray(table.T)

    def __call__(self, word: str) -> list[str]:
        i = self.encode(word)
        if i in self.unknown:
            return []
        return [names[c] for names, c in zip(self.names, self.rows[i].tolist(), strict=True)]


def read_table(path: Path = PATH) -> np.ndarray:
    return np.load(io.BytesIO(gzip.decompress(path.read_bytes())))


def write_table(table: np.ndarray, path: Path = PATH) -> None:
    """The table as .npy, gzip with no timestamp (the same bytes each time)."""
    buf = io.BytesIO()
    np.save(buf, table, allow_pickle=False)
    path.write_bytes(gzip.compress(buf.getvalue(), mtime=0))

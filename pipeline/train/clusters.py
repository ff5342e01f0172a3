"""Cluster natasha's navec word vectors (``make train``): ``word-clusters.npy.gz``.

The 250 002 vectors of navec (natasha's ``NewsEmbedding``, product-quantized:
each is rebuilt from its codes), scaled to unit length, are cut by k-means
into each of :data:`pipeline.clusters.CUTS` clusters (scikit-learn's
mini-batch k-means, a fixed seed, one thread: the same clusters each time).
A CRF feature of the NER layers of ``pipeline.stages.ner.CLUSTERED`` (:mod:`pipeline.clusters`).

Usage: ``python -m pipeline.train.clusters``.
"""

from __future__ import annotations

import sys
import time

import numpy as np

from pipeline.clusters import CUTS, PATH, write_table
from pipeline.resources import shared


def vectors(navec) -> np.ndarray:
    """Every word's vector, rebuilt from its quantization codes, unit length."""
    codes, indexes = navec.codes.array, navec.indexes.array
    parts = codes.shape[0]
    out = codes[np.arange(parts), indexes].reshape(len(indexes), -1).astype(np.float32)
    out /= np.linalg.norm(out, axis=1, keepdims=True) + 1e-9
    return out


def cut(x: np.ndarray, k: int) -> np.ndarray:
    from sklearn.cluster import MiniBatchKMeans
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):
        return MiniBatchKMeans(n_clusters=k, random_state=0, batch_size=4096, n_init=1,
                               max_iter=50).fit(x).labels_.astype(np.uint16)


def main(argv=None) -> int:
    x = vectors(shared().packed.navec)
    table = []
    for k in CUTS:
        t = time.perf_counter()
        table.append(cut(x, k))
        print(f"{k} clusters: largest {np.bincount(table[-1]).max()} words, {time.perf_counter() - t:.0f} s")
    write_table(np.stack(table))
    print(f"wrote {PATH} ({PATH.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

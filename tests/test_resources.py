"""Resources: the news embedding as the slovnet models read it."""

from __future__ import annotations

import numpy as np

from pipeline.resources import news_vectors


def test_news_vectors_are_natashas_without_the_word_index():
    from natasha import NewsEmbedding

    lean, full = news_vectors(), NewsEmbedding()
    assert lean.meta.id == full.meta.id
    assert np.array_equal(lean.pq.indexes, full.pq.indexes) and np.array_equal(lean.pq.codes, full.pq.codes)
    assert lean.vocab is None and not hasattr(lean.pq, "ab")  # no index, no similarity tables
    # a word's vector through natasha's index is the lean one's at the same id
    word_id = full.vocab["москва"]
    assert np.array_equal(lean.pq[word_id], full["москва"])

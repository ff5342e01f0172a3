"""Models and dictionaries, loaded once per process and shared by the stages.

natasha ships its navec embeddings and slovnet models inside the package, so
nothing is downloaded.  Lemmas come from pymorphy3 (``pymorphy3-dicts-ru``):
natasha's ``MorphVocab`` (pymorphy2) is never constructed.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import cached_property, lru_cache


class CachedMorph:
    """A pymorphy3 analyzer whose ``parse`` is memoized (its parses as a tuple).

    The lemma, NER, normal-form and role stages look up the same words in
    turn: each new word is parsed once.  The cache only needs to hold a batch
    of documents' words, so it stays small.
    """

    def __init__(self, analyzer, cache_size: int = 20_000) -> None:
        self.analyzer = analyzer
        self.parse = lru_cache(maxsize=cache_size)(lambda word: tuple(analyzer.parse(word)))

    def __getattr__(self, name: str):
        return getattr(self.analyzer, name)


@dataclass
class Resources:
    """Lazily loaded heavy resources; one instance per worker process."""

    load_seconds: dict[str, float] = field(default_factory=dict)

    def _timed(self, name: str, fn):
        t = time.perf_counter()
        value = fn()
        self.load_seconds[name] = self.load_seconds.get(name, 0.0) + time.perf_counter() - t
        return value

    @cached_property
    def emb(self):
        return self._timed("embedding", news_vectors)

    @cached_property
    def morph_tagger(self):
        from natasha import NewsMorphTagger

        return self._timed("morph", lambda: NewsMorphTagger(self.emb))

    @cached_property
    def syntax_parser(self):
        from natasha import NewsSyntaxParser

        return self._timed("syntax", lambda: NewsSyntaxParser(self.emb))

    @cached_property
    def ner_tagger(self):
        from natasha import NewsNERTagger

        return self._timed("ner", lambda: NewsNERTagger(self.emb))

    @cached_property
    def packed(self):
        """The three slovnet models, run packed (:mod:`pipeline.packed`)."""
        from pipeline.packed import PackedModels

        parts = (self.morph_tagger, self.syntax_parser, self.ner_tagger)
        return self._timed("packed", lambda: PackedModels(*parts))

    @cached_property
    def clusters(self):
        """navec's word clusters (:mod:`pipeline.clusters`), a feature of the NER layers."""
        from pipeline.clusters import WordClusters, read_table

        return self._timed("clusters", lambda: WordClusters(self.packed.ids.words, read_table()))

    @cached_property
    def morph(self) -> CachedMorph:
        """pymorphy3 analyzer (Russian dictionary), ``parse`` memoized."""
        import pymorphy3

        return CachedMorph(self._timed("pymorphy3", lambda: pymorphy3.MorphAnalyzer(lang="ru")))

    def load_all(self) -> None:
        for name in ("packed", "morph", "clusters"):
            getattr(self, name)


def news_vectors():
    """natasha's news embedding (navec) as the slovnet models read it: its id
    and quantized vectors.  natasha's ``NewsEmbedding`` also reads its
    250 000-word index (the models look words up in their own) and builds
    the tables of ``Navec.sim``: 0.4 s per process and 40 MB that nothing here
    uses."""
    import numpy as np
    from natasha.data import NEWS_EMBEDDING
    from navec import Navec
    from navec.meta import Meta
    from navec.pq import PQ
    from navec.tar import Tar

    class Vectors(PQ):
        def precompute(self) -> None:  # what a vector lookup needs, not the tables of PQ.sim
            self.qdims = np.arange(self.qdim)

    with Tar(NEWS_EMBEDDING) as tar:
        meta = Meta.from_file(tar.load("meta.json"))
        Meta.check_protocol(meta.protocol)
        return Navec(meta, None, Vectors.from_file(tar.load("pq.bin")))


_shared: Resources | None = None


def shared() -> Resources:
    """The process-wide resources (created on first use)."""
    global _shared
    if _shared is None:
        _shared = Resources()
    return _shared

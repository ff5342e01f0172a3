"""Universal Dependencies POS tags and features (natasha's slovnet morph model)."""

from __future__ import annotations

from collections.abc import Iterable

from pipeline.doc import Document
from pipeline.resources import Resources
from pipeline.stages import Stage
from pipeline.stages.batching import ok_sentences, run_sorted, set_batch


class MorphTagger(Stage):
    name = "morph"

    def __init__(self, resources: Resources, batch_size: int = 64) -> None:
        self.infer = set_batch(resources.morph_tagger, batch_size)
        self.batch_size = batch_size

    def __call__(self, doc: Document) -> Document:
        return self.pipe([doc])[0]

    def pipe(self, docs: Iterable[Document]) -> list[Document]:
        docs = list(docs)
        sentences = ok_sentences(docs)
        for sent, markup in zip(sentences, run_sorted(self.infer, sentences, self.batch_size),
                                strict=True):
            for token, tag in zip(sent.tokens, markup.tokens, strict=True):
                token.pos = tag.pos
                token.feats = dict(tag.feats)
        return docs

"""Run one of natasha's slovnet models over the sentences of many documents at once.

natasha feeds its taggers one document at a time, in padded batches of 8
sentences.  These stages pack the sentences of a whole batch of documents
into token rows (:mod:`pipeline.packed`): no padding, one matmul per layer,
word ids and vectors computed once for the morph, syntax and NER models.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pipeline.config import DEFAULT_BATCH_SIZE
from pipeline.doc import Document, Sentence
from pipeline.packed import Packed, PackedModels
from pipeline.stages import Stage


def ok_sentences(docs: Iterable[Document]) -> list[Sentence]:
    return [s for d in docs if d.ok for s in d.sentences if s.tokens]


def run_packed(models: PackedModels, model, sentences: Sequence[Sentence], batch_size: int) -> list:
    """``model`` (a callable on a :class:`Packed`) over ``sentences``: one result per sentence."""
    out: list = []
    for packed in models.packings(sentences, batch_size):
        out += model(packed)
    return out


class SentenceModelStage(Stage):
    """A stage that runs one packed model over all sentences of a batch of
    documents and writes each sentence's result with :meth:`apply`."""

    def __init__(self, models: PackedModels, batch_size: int = DEFAULT_BATCH_SIZE) -> None:
        self.models = models
        self.batch_size = batch_size

    def model(self, packed: Packed) -> list:
        raise NotImplementedError

    def apply(self, sent: Sentence, result) -> None:
        raise NotImplementedError

    def __call__(self, doc: Document) -> Document:
        return self.pipe([doc])[0]

    def pipe(self, docs: Iterable[Document]) -> list[Document]:
        docs = list(docs)
        sentences = ok_sentences(docs)
        for sent, result in zip(sentences, run_packed(self.models, self.model, sentences,
                                                      self.batch_size), strict=True):
            self.apply(sent, result)
        return docs

"""Run a slovnet model over the sentences of many documents at once.

natasha feeds its taggers one document at a time in batches of 8 sentences.
Sorting all sentences of a batch of documents by length and feeding them in
batches of ``batch_size`` wastes less padding and calls numpy less often.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from pipeline.doc import Document, Sentence, Token
from pipeline.stages import Stage

R = TypeVar("R")


def ok_sentences(docs: Iterable[Document]) -> list[Sentence]:
    return [s for d in docs if d.ok for s in d.sentences if s.tokens]


def run_sorted(
    infer: Callable[[list[list[str]]], Iterable[R]],
    sentences: Sequence[Sentence],
    batch_size: int,
) -> list[R]:
    """Apply ``infer`` to the word lists of ``sentences`` in length-sorted
    batches; results come back in the order of ``sentences``."""
    order = sorted(range(len(sentences)), key=lambda i: len(sentences[i].tokens))
    results: list[R | None] = [None] * len(sentences)
    for k in range(0, len(order), batch_size):
        idx = order[k:k + batch_size]
        words = [[t.text for t in sentences[i].tokens] for i in idx]
        for i, res in zip(idx, infer(words), strict=True):
            results[i] = res
    return results  # type: ignore[return-value]


def set_batch(model, batch_size: int):
    """The model's inference callable, its encoder set to ``batch_size``."""
    model.infer.encoder.batch_size = batch_size
    return model.infer


class SentenceModelStage(Stage):
    """A stage that runs one slovnet model over all sentences of a batch of
    documents and writes each token's result with :meth:`apply`."""

    def __init__(self, model, batch_size: int = 64) -> None:
        self.infer = set_batch(model, batch_size)
        self.batch_size = batch_size

    def apply(self, token: Token, result) -> None:
        raise NotImplementedError

    def __call__(self, doc: Document) -> Document:
        return self.pipe([doc])[0]

    def pipe(self, docs: Iterable[Document]) -> list[Document]:
        docs = list(docs)
        sentences = ok_sentences(docs)
        for sent, markup in zip(sentences, run_sorted(self.infer, sentences, self.batch_size),
                                strict=True):
            for token, result in zip(sent.tokens, markup.tokens, strict=True):
                self.apply(token, result)
        return docs

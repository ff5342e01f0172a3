"""PER, ORG and LOC mentions.

The slovnet NER model (natasha's news model) tags the pipeline's own tokens
(BIO, per sentence, batched across documents), so mentions never cross a
sentence or paragraph break and never touch metadata lines.
"""

from __future__ import annotations

from collections.abc import Iterable

from pipeline.doc import Document, Mention, Sentence
from pipeline.resources import Resources
from pipeline.stages import Stage
from pipeline.stages.batching import ok_sentences, run_sorted, set_batch


def bio_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """Token spans ``(start, stop, type)`` from BIO tags (a stray I- opens a span)."""
    spans: list[tuple[int, int, str]] = []
    start, typ = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, t = tag.partition("-")
        if start >= 0 and (prefix != "I" or t != typ):
            spans.append((start, i, typ))
            start, typ = -1, ""
        if prefix == "B" or (prefix == "I" and start < 0):
            start, typ = i, t
    return spans


def mention_from_tokens(doc: Document, sent: Sentence, sent_idx: int, a: int, b: int,
                        typ: str, source: str) -> Mention:
    start, stop = sent.tokens[a].start, sent.tokens[b - 1].stop
    return Mention(start, stop, doc.text[start:stop], typ, sent_idx=sent_idx, source=source,
                   tok_start=a, tok_stop=b)


class NERTagger(Stage):
    name = "ner"

    def __init__(self, resources: Resources, batch_size: int = 64) -> None:
        model = resources.ner_tagger
        set_batch(model, batch_size)
        self.model = model.infer
        self.batch_size = batch_size

    def _tag(self, words: list[list[str]]) -> Iterable[list[str]]:
        infer = self.model
        return infer.decoder(infer.process(infer.encoder(words)))

    def __call__(self, doc: Document) -> Document:
        return self.pipe([doc])[0]

    def pipe(self, docs: Iterable[Document]) -> list[Document]:
        docs = list(docs)
        sentences = ok_sentences(docs)
        tags = dict(zip(map(id, sentences), run_sorted(self._tag, sentences, self.batch_size),
                        strict=True))
        for doc in docs:
            if not doc.ok:
                continue
            for i, sent in enumerate(doc.sentences):
                if id(sent) not in tags:
                    continue
                for a, b, typ in bio_spans(tags[id(sent)]):
                    a, b = _balance(sent, a, b)
                    if a < b:
                        doc.add_mention(mention_from_tokens(doc, sent, i, a, b, typ, "ner"))
        return docs


_OPEN, _CLOSE = "«\"„“", "»\"“”"


def _balance(sent: Sentence, a: int, b: int) -> tuple[int, int]:
    """Drop quote tokens that would leave a mention with unbalanced quotes."""
    words = [t.text for t in sent.tokens]
    while a < b and words[a] in _OPEN and not any(w in _CLOSE for w in words[a + 1:b]):
        a += 1
    while a < b and words[b - 1] in _CLOSE and not any(w in _OPEN for w in words[a:b - 1]):
        b -= 1
    while a < b and words[b - 1] in _OPEN:
        b -= 1
    return a, b

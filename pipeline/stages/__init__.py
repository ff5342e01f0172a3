"""Pipeline stages.

A stage is a small class: ``stage(doc)`` enriches one Document and returns it;
``stage.pipe(docs)`` does the same for a batch (stages that run neural models
override it to batch sentences across documents).  Stages get their models
from :class:`pipeline.resources.Resources` and never touch files.
"""

from __future__ import annotations

from collections.abc import Iterable

from pipeline.doc import Document


class Stage:
    name = "stage"

    def __call__(self, doc: Document) -> Document:
        raise NotImplementedError

    def pipe(self, docs: Iterable[Document]) -> list[Document]:
        return [self(doc) if doc.ok else doc for doc in docs]

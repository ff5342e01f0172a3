"""Words NEREL marks as a type of their own most of the time.

The other-types layer (:mod:`pipeline.stages.types`) weighs a word with its
context and leaves out some it has seen marked nearly always: «инсульт»,
«депрессия», «кома» (DISEASE), «самоубийство», «отставка» (EVENT),
«террорист» (IDEOLOGY), «конституция» (LAW).  ``type-words.tsv`` (written by
``python -m pipeline.train.type_words`` from NEREL train and dev) lists the
lemmas that are alone a gold mention of one of :data:`WORD_TYPES` in at
least MIN_SHARE of their occurrences, seen so at least MIN_SEEN times; this
stage adds that mention on such a word no other mention covers (after the
types, roles and facilities stages, before the normal forms, links,
relations and events, which take these mentions as any other).

Chosen by 3-fold cross-validation over NEREL train by document, the table
and every CRF layer out of fold (``pipeline/train/type_words.py``'s
docstring has the figures).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pipeline.doc import Document
from pipeline.stages import Stage
from pipeline.stages.ner import DATA, mention_from_tokens
from pipeline.stages.types import NUMBERS, TYPES

WORD_TYPES = tuple(t for t in TYPES if t not in NUMBERS)  # the numbers are the rules'
SOURCE = "words"
# A lemma alone a gold mention of one type in at least MIN_SHARE of its
# occurrences in NEREL, at least MIN_SEEN times in at least MIN_DOCS
# documents, is that type where nothing else is found.
MIN_SHARE, MIN_SEEN, MIN_DOCS = 0.6, 2, 2


def words_path() -> Path:
    return DATA / "type-words.tsv"


@lru_cache(maxsize=1)
def type_words() -> dict[str, str]:
    """Lemma -> type (``type-words.tsv``: lemma, type, times a mention, times seen)."""
    path = words_path()
    if not path.is_file():
        return {}
    rows = (line.split("\t") for line in path.read_text(encoding="utf-8").splitlines())
    return {lemma: typ for lemma, typ, *_ in rows}


class TypeWords(Stage):
    name = "type_words"
    requires = ("tokens.lemma", "mentions.names", "mentions.types", "mentions.roles", "mentions.facilities")
    assigns = ("mentions.type_words",)

    def __init__(self, words: dict[str, str] | None = None) -> None:
        self.words = type_words() if words is None else words

    def __call__(self, doc: Document) -> Document:
        covered: dict[int, list[tuple[int, int]]] = {}
        for m in doc.mentions:
            covered.setdefault(m.sent_idx, []).append((m.start, m.stop))
        for i, sent in enumerate(doc.sentences):
            spans = covered.get(i, [])
            for k, t in enumerate(sent.tokens):
                typ = self.words.get(t.lemma.lower()) if t.lemma else None
                if typ and not any(a < t.stop and t.start < b for a, b in spans):
                    doc.add_mention(mention_from_tokens(doc, sent, i, k, k + 1, typ, SOURCE))
        return doc

"""Words NEREL marks as a type of their own most of the time.

The other-types layer (:mod:`pipeline.stages.types`) weighs a word with its
context and leaves out some it has seen marked nearly always: «инсульт»,
«депрессия», «кома» (DISEASE), «самоубийство», «отставка» (EVENT),
«террорист» (IDEOLOGY), «конституция» (LAW), «акция протеста» (EVENT).
``type-words.tsv`` (written by ``python -m pipeline.train.type_words`` from
NEREL train and dev) lists the lemmas of one or two words that are alone a
gold mention of one of :data:`WORD_TYPES` in at least MIN_SHARE of their
occurrences, seen so at least MIN_SEEN times in MIN_DOCS documents; this
stage adds that mention on such words no other mention covers, the longest
first, left to right (after the types, roles and facilities stages, before
the normal forms, links, relations and events, which take these mentions as
any other).

Chosen by 3-fold cross-validation over NEREL train by document, the table
and every CRF layer out of fold (``pipeline/train/type_words.py``'s
docstring has the figures).
"""

from __future__ import annotations

from collections.abc import Container
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
MAX_WORDS = 2  # words of a phrase of the table


def words_path() -> Path:
    return DATA / "type-words.tsv"


@lru_cache(maxsize=1)
def type_words() -> dict[tuple[str, ...], str]:
    """Lemmas of a phrase -> type (``type-words.tsv``: the lemmas joined by
    spaces, type, times a mention, times seen)."""
    path = words_path()
    if not path.is_file():
        return {}
    rows = (line.split("\t") for line in path.read_text(encoding="utf-8").splitlines())
    return {tuple(lemmas.split(" ")): typ for lemmas, typ, *_ in rows}


class TypeWords(Stage):
    name = "type_words"
    requires = ("tokens.lemma", "mentions.names", "mentions.types", "mentions.roles", "mentions.facilities")
    assigns = ("mentions.type_words",)

    def __init__(self, words: dict[tuple[str, ...], str] | None = None) -> None:
        self.words = type_words() if words is None else words

    def __call__(self, doc: Document) -> Document:
        add_phrase_mentions(doc, self.words, SOURCE)
        return doc


def add_phrase_mentions(doc: Document, phrases: dict[tuple[str, ...], str], source: str,
                        capitalized: Container[tuple[str, ...]] = frozenset()) -> None:
    """A mention of type ``phrases[lemmas]`` on each run of tokens whose
    lemmas (lower case) are a key of ``phrases`` and that no mention covers:
    the longest phrase first at each token, left to right.  A phrase of
    ``capitalized`` counts only where its first word starts with a capital."""
    longest = max(map(len, phrases), default=0)
    firsts = {phrase[0] for phrase in phrases}
    covered: dict[int, list[tuple[int, int]]] = {}
    for m in doc.mentions:
        covered.setdefault(m.sent_idx, []).append((m.start, m.stop))
    for i, sent in enumerate(doc.sentences):
        spans = covered.setdefault(i, [])
        tokens = sent.tokens
        lemmas = [t.lemma.lower() for t in tokens]
        k = 0
        while k < len(tokens):
            if lemmas[k] not in firsts:
                k += 1
                continue
            for n in range(min(longest, len(tokens) - k), 0, -1):
                key = tuple(lemmas[k:k + n])
                typ = phrases.get(key)
                a, b = tokens[k].start, tokens[k + n - 1].stop
                if typ and not any(x < b and a < y for x, y in spans) and (
                        key not in capitalized or tokens[k].text[:1].isupper()):
                    doc.add_mention(mention_from_tokens(doc, sent, i, k, k + n, typ, source))
                    spans.append((a, b))
                    k += n - 1
                    break
            k += 1

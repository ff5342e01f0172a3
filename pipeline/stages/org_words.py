"""Organizations NEREL names by one or two words alone: «правительство»,
«парламент», «прокуратура», «Reuters», «Партия регионов».

The ORG layer weighs a word in its context and leaves out some bodies that a
text names by a common word alone («Правительство одобрило законопроект»,
«в прокуратуре сообщили»), where NEREL marks the word an ORGANIZATION of its
own (the body of the country or town the text is about).  ``org-words.tsv``
(written by ``python -m pipeline.train.type_words`` beside
``type-words.tsv``, from NEREL train and dev) lists the lemmas of one or two
words that are alone a gold ORGANIZATION in at least MIN_SHARE of their
occurrences, seen so at least MIN_SEEN times in MIN_DOCS documents (the
``type_words`` stage's thresholds), and whether NEREL writes them with a
capital letter most of the time.  This stage adds an ORG mention on such
words where no mention covers them, the longest first, left to right; a
word mostly capitalized in NEREL (a name: «Известия», «Сенат») needs its
capital here too («известие» is news, not the newspaper).

It runs after ``place_bodies``, so that «правительства Москвы» stays one
organization with its place, and before the normal forms, links and
relations, which take these mentions as any other.

Chosen by 3-fold cross-validation over NEREL train by document (the table
fit on two folds, every CRF layer out of fold, ``python -m
pipeline.train.oof``); the figures are in the README (*Every NEREL type*).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from pipeline.doc import Document
from pipeline.labels import ORG
from pipeline.stages import Stage
from pipeline.stages.ner import DATA
from pipeline.stages.type_words import add_phrase_mentions

SOURCE = "org_word"
CAPITALIZED = "Aa"  # the table's mark of a phrase NEREL mostly writes with a capital


def org_words_path() -> Path:
    return DATA / "org-words.tsv"


def phrases(rows: Iterable[Sequence]) -> dict[tuple[str, ...], bool]:
    """The table's rows (the lemmas joined by spaces, times an ORGANIZATION,
    times seen, ``Aa`` or ``a``) as lemmas of a phrase -> whether it needs a
    capital letter."""
    return {tuple(lemmas.split(" ")): case == CAPITALIZED for lemmas, _, _, case in rows}


@lru_cache(maxsize=1)
def org_words() -> dict[tuple[str, ...], bool]:
    """The shipped table (``org-words.tsv``, :func:`phrases`); empty when not built."""
    path = org_words_path()
    if not path.is_file():
        return {}
    return phrases(line.split("\t") for line in path.read_text(encoding="utf-8").splitlines())


class OrgWords(Stage):
    name = "org_words"
    requires = ("tokens.lemma", "mentions.names", "mentions.types", "mentions.roles", "mentions.facilities",
                "mentions.type_words", "mentions.place_adjectives", "mentions.latin_places",
                "mentions.place_bodies")
    assigns = ("mentions.org_words",)

    def __init__(self, words: dict[tuple[str, ...], bool] | None = None) -> None:
        words = org_words() if words is None else words
        self.phrases = dict.fromkeys(words, ORG)
        self.capitalized = frozenset(k for k, cap in words.items() if cap)

    def __call__(self, doc: Document) -> Document:
        add_phrase_mentions(doc, self.phrases, SOURCE, self.capitalized)
        return doc

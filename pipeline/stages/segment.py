"""Sentences and tokens (razdel), with offsets into the whole source text.

Only the document's prose regions are segmented.  A blank line always ends a
sentence; a single line break ends one too unless it only wraps a line in the
middle of a sentence (lower-case or comma before it, lower case after it).
Very long sentences (no punctuation for pages) are cut into pieces of at most
``max_tokens`` tokens so the taggers stay fast and bounded.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from razdel import sentenize

from pipeline.chars import CONTROL_CHARS
from pipeline.doc import Document, Sentence, Token
from pipeline.stages import Stage
from pipeline.tokenize import tokenize

# A blank line, or a run of control characters: those break sentences so that
# no token or mention holds one (CSV cells strip them; see pipeline.chars).
_BLANK = re.compile(r"\n[ \t\r\f\v\u00a0]*\n\s*|[" + CONTROL_CHARS + "]+")
_NEWLINE = re.compile(r"\n")
_WRAP_BEFORE = re.compile(r"[a-zа-яё,\-–]$")
_WRAP_AFTER = re.compile(r"^[a-zа-яё]")


def paragraphs(text: str, start: int, stop: int) -> Iterator[tuple[int, int]]:
    """Split ``text[start:stop]`` at blank lines and real line breaks."""
    pos = start
    for m in _BLANK.finditer(text, start, stop):
        yield from _lines(text, pos, m.start())
        pos = m.end()
    yield from _lines(text, pos, stop)


def _lines(text: str, start: int, stop: int) -> Iterator[tuple[int, int]]:
    pos = start
    for m in _NEWLINE.finditer(text, start, stop):
        # Look at most 64 characters each way, so a paragraph of many wrapped
        # lines costs linear time, not quadratic.
        before = text[max(pos, m.start() - 64):m.start()].rstrip()
        after = text[m.end():min(stop, m.end() + 64)].lstrip(" \t")
        if before and after and _WRAP_BEFORE.search(before) and _WRAP_AFTER.match(after):
            continue  # a wrapped line inside a sentence
        yield pos, m.start()
        pos = m.end()
    yield pos, stop


def _trim(text: str, start: int, stop: int) -> tuple[int, int]:
    while start < stop and text[start].isspace():
        start += 1
    while stop > start and text[stop - 1].isspace():
        stop -= 1
    return start, stop


class Segmenter(Stage):
    name = "segment"
    requires = ()
    assigns = ("sentences",)

    def __init__(self, max_tokens: int = 200) -> None:
        self.max_tokens = max_tokens

    def __call__(self, doc: Document) -> Document:
        text = doc.text
        sentences: list[Sentence] = []
        for r_start, r_stop in doc.regions:
            for p_start, p_stop in paragraphs(text, r_start, r_stop):
                p_start, p_stop = _trim(text, p_start, p_stop)
                if p_start == p_stop:
                    continue
                chunk = text[p_start:p_stop]
                for s in sentenize(chunk):
                    sentences.extend(self._sentence(text, p_start + s.start, p_start + s.stop))
        doc.sentences = sentences
        return doc

    def _sentence(self, text: str, start: int, stop: int) -> Iterator[Sentence]:
        start, stop = _trim(text, start, stop)
        if start == stop:
            return
        chunk = text[start:stop]
        tokens = [Token(start + a, start + b, chunk[a:b]) for a, b in tokenize(chunk)]
        for i in range(0, len(tokens), self.max_tokens):
            part = tokens[i:i + self.max_tokens]
            a, b = part[0].start, part[-1].stop
            yield Sentence(a, b, text[a:b], part)

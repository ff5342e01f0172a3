"""``tokens.conllu``: the tokens of every document as CoNLL-U, for ML tools.

One block per sentence with ``# newdoc id`` before a document's first
sentence, ``# sent_id = <doc_id>:<sent_idx>`` and ``# text`` (newlines turned
into spaces, as a comment line must be one line).  MISC carries the entity tag
of the outermost mention over the token as BIO (``NER=B-PER``, ``NER=O``) and
``SpaceAfter=No`` where the source text has no whitespace after the token.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import repeat

from pipeline.doc import Document, Mention, Sentence
from pipeline.write.rows import token_columns
from pipeline.write.schema import Columns
from pipeline.write.tables import TextStream

_BREAKS = re.compile(r"[\r\n\t\u2028\u2029\x85\x0b\x0c]+")


def one_line(value: str) -> str:
    """Text fit for a comment line or a column: no line breaks, no tabs."""
    return value if value.isprintable() else _BREAKS.sub(" ", value)


def _field(value: str) -> str:
    value = one_line(value).strip()
    return value or "_"


def _fields(values: list[str]) -> list[str]:
    """``_field`` of each value, with no call per value in the usual case:
    every value printable (no break, no tab) and without a space (the one
    printable whitespace), so that only an empty one changes (to ``_``)."""
    flat = "".join(values)
    if flat.isprintable() and " " not in flat:
        return [v or "_" for v in values] if "" in values else values
    return [_field(v) for v in values]


def ner_tags(sent: Sentence, mentions: list[Mention]) -> list[str]:
    """BIO tags of the outermost mention over each token of ``sent``
    (``mentions``: those of the document, or already only the sentence's)."""
    toks = sent.tokens
    inside = [m for m in mentions if m.start < sent.stop and m.stop > sent.start]
    if not inside:
        return ["O"] * len(toks)
    # Longest first, so the first mention holding a token is the outermost one.
    inside.sort(key=lambda m: (m.start - m.stop, m.start, m.type))
    owners: list[Mention | None] = [None] * len(toks)
    starts = [t.start for t in toks]
    for m in inside:
        i = bisect_left(starts, m.start)
        while i < len(toks) and starts[i] <= m.stop:
            if owners[i] is None and toks[i].stop <= m.stop:
                owners[i] = m
            i += 1
    tags, prev = [], None
    for owner in owners:
        tags.append("O" if owner is None else ("I-" if owner is prev else "B-") + owner.type)
        prev = owner
    return tags


def _misc(doc: Document, sent: Sentence, mentions: list[Mention]) -> list[str]:
    """The MISC column of a sentence's tokens: NER tag, ``SpaceAfter=No``."""
    toks = sent.tokens
    last, text = toks[-1], doc.text
    glued = [a.stop == b.start for a, b in zip(toks, toks[1:], strict=False)]
    glued.append(last.stop < len(text) and not text[last.stop].isspace())
    return [("NER=" + tag + "|SpaceAfter=No") if g else "NER=" + tag
            for tag, g in zip(ner_tags(sent, mentions), glued, strict=True)]


class ConlluWriter(TextStream):
    """Streams documents into ``tokens.conllu``."""

    filename = "tokens.conllu"

    @staticmethod
    def render(doc: Document, tables: dict[str, Columns] | None = None) -> str:
        """The document's blocks (run in the workers; the text is kept for
        resume): its tokens table (``tables["tokens"]`` when made already)
        with the NER tags and spacing, cut into sentences."""
        sentences = [(i, s) for i, s in enumerate(doc.sentences) if s.tokens]
        if not sentences:
            return ""
        tokens = tables["tokens"] if tables is not None else token_columns(doc)
        # Mentions never cross a sentence: those starting inside it are its own.
        mentions = sorted(doc.mentions, key=lambda m: m.start)
        starts = [m.start for m in mentions]
        ids: list[str] = []
        misc: list[str] = []
        for _, sent in sentences:
            ids += map(str, range(1, len(sent.tokens) + 1))
            misc += _misc(doc, sent, mentions[bisect_left(starts, sent.start):
                                              bisect_left(starts, sent.stop)])
        heads = [str(h) if r or h else "_" for h, r in zip(tokens["head"], tokens["rel"],
                                                           strict=True)]
        lines = list(map("\t".join, zip(
            ids, _fields(tokens["text"]), _fields(tokens["lemma"]), _fields(tokens["pos"]),
            repeat("_"), _fields(tokens["feats"]), heads, _fields(tokens["rel"]), repeat("_"),
            misc, strict=False)))
        doc_id = one_line(doc.doc_id)
        out, pos = [f"# newdoc id = {doc_id}\n"], 0
        for si, sent in sentences:
            end = pos + len(sent.tokens)
            out += [f"# sent_id = {doc_id}:{si}\n# text = {one_line(sent.text).strip()}\n",
                    "\n".join(lines[pos:end]), "\n\n"]
            pos = end
        return "".join(out)

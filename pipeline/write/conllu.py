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

from pipeline.doc import Document, Mention, Sentence
from pipeline.write.tables import TextStream

_BREAKS = re.compile(r"[\r\n\t\u2028\u2029\x85\x0b\x0c]+")


def one_line(value: str) -> str:
    """Text fit for a comment line or a column: no line breaks, no tabs."""
    return value if value.isprintable() else _BREAKS.sub(" ", value)


def _field(value: str) -> str:
    value = one_line(value).strip()
    return value or "_"


def ner_tags(sent: Sentence, mentions: list[Mention]) -> list[str]:
    """BIO tags of the outermost mention over each token of ``sent``
    (``mentions``: those of the document, or already only the sentence's)."""
    inside = [m for m in mentions if m.start < sent.stop and m.stop > sent.start]
    # Longest first, so the first mention holding a token is the outermost one.
    inside.sort(key=lambda m: (m.start - m.stop, m.start, m.type))
    tags, prev = [], None
    for t in sent.tokens:
        owner = next((m for m in inside if m.start <= t.start and t.stop <= m.stop), None)
        if owner is None:
            tags.append("O")
        else:
            tags.append(("I-" if owner is prev else "B-") + owner.type)
        prev = owner
    return tags


def sentence_block(doc: Document, si: int, sent: Sentence,
                   mentions: list[Mention] | None = None) -> str:
    lines = [f"# sent_id = {one_line(doc.doc_id)}:{si}", f"# text = {one_line(sent.text).strip()}"]
    tags = ner_tags(sent, doc.mentions if mentions is None else mentions)
    for ti, t in enumerate(sent.tokens):
        nxt = sent.tokens[ti + 1].start if ti + 1 < len(sent.tokens) else None
        if nxt is not None:
            glued = nxt == t.stop
        else:
            glued = t.stop < len(doc.text) and not doc.text[t.stop].isspace()
        misc = f"NER={tags[ti]}" + ("|SpaceAfter=No" if glued else "")
        head = str(t.head) if t.rel or t.head else "_"
        lines.append("\t".join([
            str(ti + 1), _field(t.text), _field(t.lemma), _field(t.pos), "_",
            _field(t.feats_str), head, _field(t.rel), "_", misc]))
    return "\n".join(lines) + "\n\n"


class ConlluWriter(TextStream):
    """Streams documents into ``tokens.conllu``."""

    filename = "tokens.conllu"

    @staticmethod
    def render(doc: Document) -> str:
        """The document's blocks (run in the workers; the text is kept for resume)."""
        sentences = [(i, s) for i, s in enumerate(doc.sentences) if s.tokens]
        if not sentences:
            return ""
        # Mentions never cross a sentence: those starting inside it are its own.
        mentions = sorted(doc.mentions, key=lambda m: m.start)
        starts = [m.start for m in mentions]
        return f"# newdoc id = {one_line(doc.doc_id)}\n" + "".join(
            sentence_block(doc, si, sent, mentions[bisect_left(starts, sent.start):
                                                   bisect_left(starts, sent.stop)])
            for si, sent in sentences)

"""What the stages of nested mentions share (:mod:`pipeline.stages.inner_posts`,
:mod:`pipeline.stages.inner_bodies`): NEREL nests a shorter name of the same
type at the start of a longer one («президента» in «президента США», «МИД»
in «МИД России»); the inner mention takes the outer's first words."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pipeline.doc import Document, Mention

SOURCE = "inner"  # the ``source`` of the nested mentions


def token_spans(doc: Document, types: Iterable[str]) -> dict[int, list[tuple[int, int]]]:
    """Per sentence, the token spans of the mentions of ``types``."""
    wanted = frozenset(types)
    out: dict[int, list[tuple[int, int]]] = {}
    for m in doc.mentions:
        if m.type in wanted and m.tok_start >= 0:
            out.setdefault(m.sent_idx, []).append((m.tok_start, m.tok_stop))
    return out


def mention_at(doc: Document, sent_idx: int, span: tuple[int, int], typ: str) -> Mention:
    """A nested mention of the tokens ``span`` of sentence ``sent_idx`` (no
    normal form nor entity yet)."""
    tokens = doc.sentences[sent_idx].tokens
    start, stop = tokens[span[0]].start, tokens[span[1] - 1].stop
    return Mention(start, stop, doc.text[start:stop], typ, sent_idx=sent_idx, source=SOURCE,
                   tok_start=span[0], tok_stop=span[1])


def inner_mention(doc: Document, outer: Mention, span: tuple[int, int]) -> Mention:
    """The mention of the tokens ``span`` that start ``outer``, of its type,
    with the outer's first words as its normal form (no entity yet)."""
    m = mention_at(doc, outer.sent_idx, span, outer.type)
    if span[0] == outer.tok_start and m.start < outer.start < m.stop:  # «экс-» left out of the outer
        m.start, m.text = outer.start, doc.text[outer.start:m.stop]
    m.normal = first_words(outer.normal, outer.text, m.text)
    return m


def first_words(normal: str, outer: str, inner: str) -> str:
    """The normal form of ``inner``, which starts the mention ``outer``: as
    many words of the outer's normal form as ``inner`` has, when the two
    forms have as many words (else ``inner`` in lower case)."""
    words, count = normal.split(), len(inner.split())
    if normal and len(words) == len(outer.split()):
        return " ".join(words[:count])
    return inner.lower()


def read_shares(path: Path) -> dict:
    """The counts a nested stage decides by (written by
    ``python -m pipeline.train.nested``): key (its tab-separated columns but
    the last two; one column: a string, else a tuple) -> (nested, seen):
    how often NEREL nests the candidate of that key; empty without the file."""
    if not path.is_file():
        return {}
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        *key, nested, seen = line.split("\t")
        out[key[0] if len(key) == 1 else tuple(key)] = (int(nested), int(seen))
    return out


def keeps(counts: tuple[int, int] | None, min_share: float, min_seen: int) -> bool:
    """Whether to add a nested candidate whose key has ``counts`` (nested,
    seen): always when the key was seen fewer than ``min_seen`` times, else
    when NEREL nests it in at least ``min_share`` of them."""
    nested, seen = counts or (0, 0)
    return seen < min_seen or nested >= min_share * seen


def write_shares(counts: dict, path: Path) -> None:
    """Write what :func:`read_shares` reads (keys sorted)."""
    rows = sorted(((k,) if isinstance(k, str) else tuple(k), v) for k, v in counts.items())
    path.write_text("".join("\t".join((*k, str(n), str(m))) + "\n" for k, (n, m) in rows), encoding="utf-8")

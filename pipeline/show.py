"""``python -m pipeline show DOC_ID``: one document of a run, in the terminal,
with its entities marked: coloured on a terminal, ``[text|TYPE]`` otherwise
(a pipe, a file, ``NO_COLOR``), then its entities and relations."""

from __future__ import annotations

import difflib
import os
from pathlib import Path
from typing import TextIO

from pipeline.labels import FAC, LOC, MONEY, ORG, PER, ROLE
from pipeline.write.marks import Span, segments
from pipeline.write.readback import doc_texts, iter_rows, read_rows
from pipeline.write.safe import strip_control

# ANSI SGR colours per type (bold + colour); other types are underlined.
COLORS = {PER: "1;33", ORG: "1;34", LOC: "1;32", FAC: "32", MONEY: "1;35", ROLE: "1;36"}
OTHER = "4"
RESET = "\x1b[0m"


class NotFound(LookupError):
    pass


def use_color(stream: TextIO, mode: str = "auto") -> bool:
    if mode != "auto":
        return mode == "always"
    return stream.isatty() and not os.environ.get("NO_COLOR")


def _sgr(code: str) -> str:
    return f"\x1b[{code}m"


def marked(text: str, spans: list[Span], color: bool) -> str:
    """``text`` with ``spans`` marked; control characters in the text (an
    escape sequence planted in an article) are dropped, never sent to the
    terminal."""
    out, stack = [], []
    for kind, value in segments(text, spans):
        if kind == "text":
            out.append(strip_control(value))
        elif kind == "open":
            stack.append(value)
            out.append(_sgr(COLORS.get(value.type, OTHER)) if color else "[")
        else:
            stack.pop()
            if color:
                out.append(RESET + (_sgr(COLORS.get(stack[-1].type, OTHER)) if stack else ""))
            else:
                out.append(f"|{value.type}]")
    return "".join(out)


def suggestions(out: Path, doc_id: str) -> list[str]:
    ids = [r["doc_id"] for r in iter_rows(out, "documents")]
    return difflib.get_close_matches(doc_id, ids, n=3, cutoff=0.5)


def render(out: Path, doc_id: str, color: bool) -> str:
    """The document as terminal text; raises NotFound."""
    out = Path(out)
    docs = read_rows(out, "documents", [doc_id])
    if not docs:
        hint = suggestions(out, doc_id)
        raise NotFound(f"no document {doc_id!r} in {out}"
                       + (f"; did you mean: {', '.join(hint)}?" if hint else ""))
    doc = docs[0]
    text = doc_texts(out, [doc_id]).get(doc_id, "")
    mentions = sorted(read_rows(out, "mentions", [doc_id]), key=lambda m: (m["start"], -m["stop"]))
    relations = read_rows(out, "relations", [doc_id])
    spans = [Span(m["start"], m["stop"], m["type"]) for m in mentions]
    legend = " ".join(f"{_sgr(c)}{t}{RESET}" for t, c in COLORS.items())
    lines = [f"{doc_id} — {strip_control(doc.get('title') or '')}".rstrip(" —"),
             f"status: {doc['status']}" + (f" ({strip_control(doc['error'])})" if doc.get("error") else ""),
             *([f"types: {legend}"] if color else []), "", marked(text, spans, color).strip("\n"), "",
             f"entities ({len(mentions)}):"]
    for m in mentions:
        normal = f" → {strip_control(m['normal'])}" if m.get("normal") and m["normal"] != m["text"] else ""
        lines.append(f"  {m['type']:<6}{m['start']:>7}-{m['stop']:<7}{strip_control(m['text'])}{normal}")
    lines.append(f"relations ({len(relations)}):")
    for r in relations:
        lines.append(f"  {r['type']}: {strip_control(r['subj_text'])} → {strip_control(r['obj_text'])}")
    return "\n".join(lines) + "\n"

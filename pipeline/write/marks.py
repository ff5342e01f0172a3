"""Entity mentions laid over a text as properly nested spans, for display.

Mentions may nest (ORG «правительства Санкт-Петербурга» holds LOC
«Санкт-Петербурга»); a mention that crosses another one without nesting is
left out of the markup (it still appears in every table).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    stop: int
    type: str
    label: str = ""  # the normal form or entity name shown on hover


def nested(spans: list[Span], length: int) -> list[Span]:
    """The spans inside ``[0, length)`` that nest properly, outer ones first."""
    kept: list[Span] = []
    stack: list[Span] = []
    for s in sorted(spans, key=lambda s: (s.start, -s.stop, s.type)):
        if not 0 <= s.start < s.stop <= length:
            continue
        while stack and stack[-1].stop <= s.start:
            stack.pop()
        if stack and s.stop > stack[-1].stop:
            continue  # crosses the open span
        kept.append(s)
        stack.append(s)
    return kept


def segments(text: str, spans: list[Span]) -> Iterator[tuple[str, str | Span]]:
    """``("text", str)``, ``("open", Span)`` and ``("close", Span)`` events in
    text order; opens and closes always balance."""
    stack: list[Span] = []
    pos = 0
    for s in nested(spans, len(text)):
        while stack and stack[-1].stop <= s.start:
            top = stack.pop()
            if top.stop > pos:
                yield "text", text[pos:top.stop]
                pos = top.stop
            yield "close", top
        if s.start > pos:
            yield "text", text[pos:s.start]
            pos = s.start
        yield "open", s
        stack.append(s)
    while stack:
        top = stack.pop()
        if top.stop > pos:
            yield "text", text[pos:top.stop]
            pos = top.stop
        yield "close", top
    if pos < len(text):
        yield "text", text[pos:]

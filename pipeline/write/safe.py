"""Cells that are safe to open in a spreadsheet (OWASP CSV injection).

A text cell a spreadsheet would run as a formula (it starts with ``=``, ``@``,
tab, CR, or ``+``/``-`` followed by more than a number) gets a leading ``'``.
A lone ``-``/``+`` token and a plain signed number stay as they are.  Control
characters (C0 other than tab, LF and CR; DEL; C1) are stripped from every text
cell.  The segmenter treats the same characters as sentence breaks
(:data:`pipeline.chars.CONTROL_CHARS`), so no token, mention or money text ever holds one and
the offset invariant survives the stripping.
"""

from __future__ import annotations

import re

from pipeline.chars import CONTROL_CHARS

_CONTROL = re.compile(f"[{CONTROL_CHARS}]")
_NUMBER = re.compile(r"[+-]?\s*\d[\d\s.,]*%?")
_RISKY_FIRST = frozenset("=@+-")  # tab and CR are not printable
_NEUTRALIZED_FIRST = frozenset("=@\t\r+-")  # what neutralize() may quote
# In a column joined with LF: a cell after the first starting with what
# neutralize() may quote (or a line of a cell holding LF: a false alarm, never
# a miss).
_RISKY_AFTER_LF = re.compile("\n[=@\t\r+-]")


def strip_control(value: str) -> str:
    return _CONTROL.sub("", value)


def neutralize(value: str) -> str:
    """The cell text a spreadsheet shows as text, never as a formula."""
    if not value:
        return value
    c = value[0]
    if c in "=@\t\r":
        return "'" + value
    if c in "+-" and len(value) > 1 and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def safe_cell(value: str) -> str:
    """Strip control characters first, then neutralize: ``"\\x00=1+1"`` must
    not become a formula once its NUL is gone."""
    if value.isprintable() and value[:1] not in _RISKY_FIRST:  # most cells: nothing to do
        return value
    return neutralize(strip_control(value))


def safe_column(values: list) -> list:
    """``safe_cell`` of every cell of a column (``str(value or "")`` of a cell
    that is not text), with no call per cell where no cell needs one.  A cell
    free of control characters is its own ``neutralize``, and that is its
    ``safe_cell``, unless its first character is one that may be quoted."""
    try:
        flat = "".join(values)
    except TypeError:  # a cell that is not text
        return [safe_cell(v if v.__class__ is str else str(v or "")) for v in values]
    if not flat.isprintable() and _CONTROL.search(flat):
        return [safe_cell(v) for v in values]
    first = _NEUTRALIZED_FIRST
    if not values or (values[0][:1] not in first
                      and not _RISKY_AFTER_LF.search("\n".join(values))):
        return values
    return [neutralize(v) if v[:1] in first else v for v in values]


def unneutralize(value: str) -> str:
    """Undo :func:`neutralize` (for checking offsets against a CSV cell)."""
    if value.startswith("'") and neutralize(value[1:]) == value:
        return value[1:]
    return value

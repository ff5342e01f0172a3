"""Cells that are safe to open in a spreadsheet (OWASP CSV injection).

A text cell a spreadsheet would run as a formula (it starts with ``=``, ``@``,
tab, CR, or ``+``/``-`` followed by more than a number) gets a leading ``'``.
A lone ``-``/``+`` token and a plain signed number stay as they are.  Control
characters other than tab and newline are stripped from every text cell.
"""

from __future__ import annotations

import re

_NUMBER = re.compile(r"[+-]?\s*\d[\d\s.,]*%?")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


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
    """Neutralize a formula first (a leading tab or CR counts), then strip
    control characters."""
    return strip_control(neutralize(value))


def unneutralize(value: str) -> str:
    """Undo :func:`neutralize` (for checking offsets against a CSV cell)."""
    if value.startswith("'") and neutralize(value[1:]) == value:
        return value[1:]
    return value

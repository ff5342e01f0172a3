"""razdel's tokenizer, the same tokens at a fraction of the cost.

razdel (0.5.0, pinned) cuts text into atoms (a run of Cyrillic letters, of
Latin letters, of digits, one punctuation mark, one other character), builds a
rule context for every pair of neighbouring atoms, joins a pair only when
nothing separates them and one of its rules says so, and then finds each
token's offsets by searching the text for it.  Each of its rules can only
join a pair with punctuation or an "other" character in it (:func:`_may_join`
says which), so here the context is built for those touching pairs alone and
handed to razdel's own rules; every other pair splits at once, and the
offsets come from the atoms.  ``tests/test_tokenize.py`` compares the tokens
with razdel's.
"""

from __future__ import annotations

from razdel.segmenters.punct import DASHES
from razdel.segmenters.tokenize import ATOM, INT, OTHER, PUNCT, Atom, TokenSplit
from razdel.segmenters.tokenize import tokenize as _razdel

_WINDOW = 3  # razdel's: atoms each side that its rules may look at
_ANY_SIDE = DASHES + "_!"  # dash, underscore (and yahoo!) rules
_BY_DIGITS = ".,/\\"  # float and fraction rules: a digit run must touch it


def _may_join(left: str, left_type: str, right: str, right_type: str) -> bool:
    """Whether any of razdel's rules could join these touching atoms."""
    if left_type == OTHER or right_type == OTHER or (left_type == PUNCT and right_type == PUNCT):
        return True  # the "other" and punct rules
    if left_type == PUNCT:
        mark, word_type = left, right_type
    elif right_type == PUNCT:
        mark, word_type = right, left_type
    else:
        return False  # two word atoms ("COVID19") always split
    return mark in _ANY_SIDE or (word_type == INT and mark in _BY_DIGITS)


def tokenize(text: str) -> list[tuple[int, int]]:
    """The (start, stop) of each of razdel's tokens of ``text``, in order."""
    matches = [(m.start(), m.end(), m.lastgroup, m.group()) for m in ATOM.finditer(text)]
    if not matches:
        return []
    atoms: dict[int, Atom] = {}

    def atom(i: int) -> Atom:
        a = atoms.get(i)
        if a is None:
            a = atoms[i] = Atom(*matches[i])
        return a

    out: list[tuple[int, int]] = []
    start, prev_stop, prev_type, prev_text = matches[0]
    for i in range(1, len(matches)):
        a_start, a_stop, a_type, a_text = matches[i]
        if prev_stop == a_start and _may_join(prev_text, prev_type, a_text, a_type):
            split = TokenSplit([atom(j) for j in range(max(0, i - _WINDOW), i)], "",
                               [atom(j) for j in range(i, min(len(matches), i + _WINDOW))])
            split.buffer = text[start:prev_stop]
            if _razdel.join(split):
                prev_stop, prev_type, prev_text = a_stop, a_type, a_text
                continue
        out.append((start, prev_stop))
        start, prev_stop, prev_type, prev_text = matches[i]
    out.append((start, prev_stop))
    return out

"""Quote marks in mention spans: a mention never holds an unbalanced quote
or bracket, but for a post ending in a quoted name, which NEREL ends before
the closing «ёлочка» (:mod:`pipeline.stages.roles`).

Russian news quotes names with «ёлочки», „лапки“, English “quotes” or ASCII
``"`` (which opens and closes alike).  A tagger or a post rule may stop a span
just before the closing quote of a name («Центр современной культуры «Гараж»)
or start it after the opening one, or run into a parenthesis («(159 УК РФ»,
«Эксперт РА)»: none of NEREL train's 44 867 entities holds an unbalanced
bracket).  :func:`balance` mends such a span on the pipeline's tokens (quote
marks and brackets are tokens of their own).
"""

from __future__ import annotations

from collections.abc import Sequence

OPENERS = {"«": "»", "„": "“", "“": "”", '"': '"'}
CLOSERS = frozenset(OPENERS.values())
# What balance() pairs: the quotes and the brackets.
PAIRS = {**OPENERS, "(": ")", "[": "]"}
_PAIR_CLOSERS = frozenset(PAIRS.values())


def unmatched(words: Sequence[str], a: int, b: int) -> tuple[list[tuple[int, str]], list[int]]:
    """The quotes and brackets of ``words[a:b]`` without a partner inside it:
    the open ones (index, the close they wait for) and the stray closing ones."""
    stack: list[tuple[int, str]] = []
    stray: list[int] = []
    for i in range(a, b):
        w = words[i]
        if stack and w == stack[-1][1]:
            stack.pop()
        elif w in PAIRS:
            stack.append((i, PAIRS[w]))
        elif w in _PAIR_CLOSERS:
            stray.append(i)
    return stack, stray


def balance(words: Sequence[str], a: int, b: int) -> tuple[int, int]:
    """The token span ``[a, b)`` with every quote and bracket matched: an
    open one takes the closing one right after the span («ООО «Металлоинвест»
    → «ООО «Металлоинвест»»); one that has none is cut off with what follows
    it (or dropped when it leads the span: «(159 УК РФ» → «159 УК РФ»); a
    stray closing one is dropped with what precedes it (or alone when it ends
    the span: «Эксперт РА)» → «Эксперт РА»).  An empty span
    (``a == b``) means nothing is left."""
    while a < b:
        opens, stray = unmatched(words, a, b)
        if opens:
            i, close = opens[-1]
            if b < len(words) and words[b] == close:
                b += 1
            elif i == a:
                a += 1
            else:
                b = i
        elif stray:
            i = stray[-1]
            if i == b - 1:
                b -= 1
            else:
                a = i + 1
        else:
            break
    return a, b

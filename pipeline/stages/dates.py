"""The date stage: DATE and TIME mentions with their TIMEX3 values.

:func:`pipeline.dategrammar.find_dates` finds the expressions of each
sentence; :func:`pipeline.timex.resolve` gives each its value against the
document date (``published_at``).  The clause's tense (the ``Tense`` of the
verb the date hangs on) says whether «в понедельник» or «14 октября» is the
last one or the next one.  Without a document date, relative expressions
get an empty value and anchor ``none``, and the document a warning.
"""

from __future__ import annotations

from pipeline.dategrammar import find_dates
from pipeline.doc import Document, Mention, Sentence, TimeValue, Token
from pipeline.labels import ANCHOR_NONE
from pipeline.stages import Stage
from pipeline.timex import FUTURE, PAST, anchor_date, resolve

__all__ = ["DateStage", "clause_side"]


def clause_side(sent: Sentence, tok_start: int, tok_stop: int) -> int:
    """PAST or FUTURE from the tense of the verb the date hangs on (0 when none says)."""
    tokens = sent.tokens
    seen = set()
    k = tok_start
    while 0 <= k < len(tokens) and k not in seen:
        seen.add(k)
        side = _tense_side(tokens[k])
        if side is not None and not tok_start <= k < tok_stop:
            return side
        k = tokens[k].head - 1
    best: tuple[int, int] | None = None
    for k, t in enumerate(tokens):
        side = _tense_side(t)
        if side is None or tok_start <= k < tok_stop:
            continue
        dist = min(abs(k - tok_start), abs(k - tok_stop + 1))
        if best is None or dist < best[0]:
            best = (dist, side)
    return best[1] if best else 0


def _tense_side(t: Token) -> int | None:
    tense = t.feats.get("Tense")
    if tense == "Past":
        return PAST
    if tense == "Fut":
        return FUTURE
    if tense == "Pres":
        # a perfective present is a future («в понедельник подпишут»)
        return FUTURE if t.feats.get("Aspect") == "Perf" else 0
    return None


class DateStage(Stage):
    """Adds a DATE or TIME mention and its :class:`~pipeline.doc.TimeValue` for each expression."""

    name = "dates"
    requires = ("sentences", "tokens.morph", "tokens.syntax")
    assigns = ("mentions.dates",)

    def __call__(self, doc: Document) -> Document:
        anchor = anchor_date(doc.published_at)
        warned = False
        for i, sent in enumerate(doc.sentences):
            if not sent.tokens:
                continue
            for m in find_dates(sent):
                side = clause_side(sent, m.tok_start, m.tok_stop)
                value = resolve(m.expr, anchor, side)
                if anchor is None and value.anchor == ANCHOR_NONE and not warned:
                    warned = True
                    note = (
                        "relative dates left unresolved: no published_at"
                        if not doc.published_at
                        else f"relative dates left unresolved: published_at {doc.published_at!r} is no date"
                    )
                    doc.warning = f"{doc.warning}; {note}" if doc.warning else note
                text = sent.text[m.start : m.stop]
                mention = doc.add_mention(
                    Mention(
                        sent.start + m.start,
                        sent.start + m.stop,
                        text,
                        type=m.type,
                        sent_idx=i,
                        normal=text,
                        source=self.name,
                        tok_start=m.tok_start,
                        tok_stop=m.tok_stop,
                    )
                )
                doc.dates.append(
                    TimeValue(mention.mention_id, value.value, value.value_end, value.kind, value.anchor)
                )
        return doc

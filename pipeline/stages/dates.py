"""The date stage: DATE and TIME mentions with their TIMEX3 values.

:func:`pipeline.dategrammar.find_dates` finds the expressions of each
sentence; :func:`pipeline.timex.resolve` gives each its value against the
document date (``published_at``).  The clause's tense (the ``Tense`` of the
verb the date hangs on) says whether «в понедельник» or «14 октября» is the
last one or the next one; an infinitive on the way to that verb («пообещал
провести опрос до 1 марта») or a date set or counted to with «на» («заседание
назначено на 2 апреля», «данные на 1 января») is the nearest one, and a DATE
inside a TIME takes the TIME's side.  A date without its
year after a month, day or season of a given year in the same sentence
takes that year («Выборы прошли 10 сентября 2017 года, а 12 сентября были
объявлены итоги»: 2017-09-12, anchor ``absolute``, the text says it all;
after «в ноябре прошлого года» the year before the document's, anchor
``published``; :func:`pipeline.timex.dated`, :func:`pipeline.timex.in_context`),
unless the clause's tense puts it on the other side of the document date.
Without a document date, relative expressions get an empty value and anchor
``none``, and the document a warning.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from pipeline.dategrammar import find_dates
from pipeline.datewords import WEEKEND
from pipeline.doc import Document, Mention, Sentence, TimeValue, Token
from pipeline.labels import ANCHOR_NONE
from pipeline.stages import Stage
from pipeline.timex import FUTURE, PAST, Spec, anchor_date, dated, in_context, resolve

__all__ = ["DateStage", "clause_side"]


def clause_side(sent: Sentence, tok_start: int, tok_stop: int) -> int:
    """PAST or FUTURE from the tense of the verb the date hangs on (0 when none says)."""
    tokens = sent.tokens
    if tokens[tok_start].text.lower() == "на" and (tok_start + 1 >= tok_stop
                                                   or tokens[tok_start + 1].text.lower() not in WEEKEND):
        # «заседание назначено на 2 апреля», «данные на 1 января»: a date set or
        # counted to (not «на выходных»: at the weekend)
        return 0
    seen = set()
    k = tok_start
    while 0 <= k < len(tokens) and k not in seen:
        seen.add(k)
        if not tok_start <= k < tok_stop:
            if tokens[k].feats.get("VerbForm") == "Inf":
                return 0  # «пообещал провести опрос до 1 марта»: what is to be done, either side
            side = _tense_side(tokens[k])
            if side is not None:
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


def _against_tense(context: Spec, anchor: date | None, side: int) -> bool:
    """Does the clause's tense put the date on the other side of the document
    date than the sentence's dated expression («учреждённой в 1968 году ...
    станет известен 14 октября»: the 14th of October to come, not 1968's)?"""
    if anchor is None or not side or context.year is None:
        return False
    return (side == FUTURE and context.year < anchor.year) or (side == PAST and context.year > anchor.year)


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
            context = None  # the sentence's last date with its year, and that year's anchor (timex.dated)
            outer = (0, 0, 0)  # the last expression's tokens and side
            for m in find_dates(sent):
                if outer[0] <= m.tok_start and m.tok_stop <= outer[1]:
                    side = outer[2]  # a DATE inside a TIME: the TIME's side («на 15:00 [2 апреля]»)
                else:
                    side = clause_side(sent, m.tok_start, m.tok_stop)
                    outer = (m.tok_start, m.tok_stop, side)
                inherited = None
                if context is not None and not _against_tense(context[0], anchor, side):
                    inherited = in_context(m.expr, context[0])
                expr = inherited or m.expr
                value = resolve(expr, anchor, side)
                if inherited is not None:
                    value = replace(value, anchor=context[1])
                context = dated(expr, anchor, side) or context
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

"""Events: for each EVENT mention, when, where and who (``Document.events``,
written as events.csv).

* date: the DATE or TIME mention the event's POINT_IN_TIME relation names
  (the most confident), else the nearest DATE/TIME mention of its sentence
  (in tokens); its TIMEX3 value from Document.dates; a point or a range in
  time only: a duration or a set («три года», «на 34-й минуте» → PT34M,
  «ежегодно») says when nothing happened, so an analyst filtering by date
  never meets one;
* place: the object of its most confident TAKES_PLACE_IN relation, by its
  entity's name in the document («Россия» for «российского»);
* participants: the subjects of its PARTICIPANT_IN, AGENT and ORGANIZES
  relations, in text order, each by its entity's name in the document
  («Сергей Лавров» for «Лавров») and entity id; a post stands for
  the person holding it (its WORKS_AS subject), when the text names one
  («аким … подписал»: the post alone, no id).

The relations come from :mod:`pipeline.stages.nerel_relations` (and, for an
event told of «он» / «она», :mod:`pipeline.stages.pronoun_participants`);
this stage only chooses among them.
"""

from __future__ import annotations

from pipeline.doc import Document, Event, Mention, Relation, TimeValue, entity_names
from pipeline.labels import (
    AGENT,
    EVENT,
    KIND_POINT,
    KIND_RANGE,
    ORGANIZES,
    PARTICIPANT_IN,
    POINT_IN_TIME,
    TAKES_PLACE_IN,
    TIME_TYPES,
    WORKS_AS,
)
from pipeline.stages import Stage

PARTICIPATION = (PARTICIPANT_IN, AGENT, ORGANIZES)


def name_of(m: Mention, names: dict[str, str]) -> str:
    """The mention's entity's name in the document (:func:`pipeline.doc.entity_names`:
    «Сергей Лавров» for «Лаврова», «Россия» for «российского»), else its normal form."""
    return names.get(m.entity_id) or m.normal or m.text


def _distance(a: Mention, b: Mention) -> int:
    return max(0, max(a.tok_start, b.tok_start) - min(a.tok_stop, b.tok_stop))


def _best(relations: list[Relation], rtype: str, subj: str) -> Relation | None:
    found = [r for r in relations if r.type == rtype and r.subj == subj]
    return max(found, key=lambda r: r.confidence, default=None)


def event_of(doc: Document, m: Mention, by_id: dict[str, Mention], holders: dict[str, Mention],
             names: dict[str, str], values: dict[str, TimeValue]) -> Event:
    """``values``: the TimeValue of each DATE or TIME mention id."""
    event = Event(m.mention_id)

    def when(d: Mention | None) -> bool:
        tv = values.get(d.mention_id) if d is not None else None
        return tv is not None and tv.kind in (KIND_POINT, KIND_RANGE)

    rel = _best(doc.relations, POINT_IN_TIME, m.mention_id)
    date = by_id.get(rel.obj) if rel is not None else None
    if not when(date):
        dates = [d for d in doc.mentions if d.type in TIME_TYPES and d.sent_idx == m.sent_idx and when(d)]
        date = min(dates, key=lambda d: (_distance(m, d), d.start), default=None)
    if date is not None:
        event.date_mention_id = date.mention_id
        event.date_value = values[date.mention_id].value
    rel = _best(doc.relations, TAKES_PLACE_IN, m.mention_id)
    if rel is not None and rel.obj in by_id:
        event.place_mention_id, event.place = rel.obj, name_of(by_id[rel.obj], names)
    subjects = {r.subj for r in doc.relations if r.type in PARTICIPATION and r.obj == m.mention_id}
    seen: set[str] = set()
    # ties broken too: the same order whatever the hash seed
    for s in sorted((by_id[i] for i in subjects if i in by_id),
                    key=lambda x: (x.start, x.stop, x.type, x.mention_id)):
        who = holders.get(s.mention_id, s)
        name = name_of(who, names)
        if (who.entity_id or name) in seen:
            continue
        seen.add(who.entity_id or name)
        event.participants.append(name)
        event.participant_entity_ids.append(who.entity_id)
    return event


class EventStage(Stage):
    name = "events"
    requires = ("relations", "relations.nerel", "relations.pronouns", "mentions.dates", "mentions.normal",
                "mentions.entity")
    assigns = ("events",)

    def __call__(self, doc: Document) -> Document:
        by_id = {m.mention_id: m for m in doc.mentions}
        holders = {r.obj: by_id[r.subj] for r in sorted(doc.relations, key=lambda r: r.confidence)
                   if r.type == WORKS_AS and r.subj in by_id}
        names = entity_names(doc)
        values = {tv.mention_id: tv for tv in doc.dates}
        doc.events = [event_of(doc, m, by_id, holders, names, values)
                      for m in doc.mentions if m.type == EVENT]
        return doc

"""Tables derived from the relations: officials.csv and cooccurrence.csv.

officials.csv is the table an analyst opens first: one row per (document,
person, post, place or body), read off the relations: a WORKS_AS (person →
post), then for every post of the ROLE (a compound «член правительства
Санкт-Петербурга – председатель комитета ...» has two) its places inside the
ROLE span (its :class:`pipeline.doc.Role`, from the posts stage), else the WORKPLACE
relations of the ROLE, else those of the person in the same sentence.  A
person with a post and no known place gets one row with the place empty.
``since`` and ``until`` are the TIMEX3 values of the post's POST_START and
POST_END dates (:mod:`pipeline.stages.time_relations`).

cooccurrence.csv counts pairs of entities named in one sentence.  It is
corpus-level: each document contributes ``cooccurrence_pairs`` (its pairs and
their sentence counts, kept with the document's other rows) and
:class:`CooccurrenceCounter` adds them up for the run.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import combinations

from pipeline.doc import Document, Mention, Relation, entity_names
from pipeline.labels import LOC, ORG, PER, POST_END, POST_START, WORKPLACE, WORKS_AS

COOCCURRING_TYPES = (PER, ORG, LOC)


def role_columns(doc: Document) -> dict[str, dict]:
    """ROLE mention id -> its mentions.csv columns ``role``, ``role_of_mention_id``,
    ``role_of_entity_id``, ``role_of``: the (first) post and the body or place it
    is of, inside the span or, when none is, the ROLE's best WORKPLACE outside."""
    names = entity_names(doc)
    workplaces = _workplaces(doc)
    by_id = {m.mention_id: m for m in doc.mentions}
    out = {}
    for role in doc.roles:
        m, part = by_id[role.mention_id], role.parts[0]
        outside = [o for o in workplaces.get(m.mention_id, []) if not _inside(o, m)]
        place = ([by_id[i] for i in part.places] or outside or [None])[0]
        out[m.mention_id] = {
            "role": part.post, "role_of_mention_id": place.mention_id if place else "",
            "role_of_entity_id": place.entity_id if place else "",
            "role_of": _name(names, place) if place else ""}
    return out


def official_rows(doc: Document) -> Iterator[dict]:
    by_id = {m.mention_id: m for m in doc.mentions}
    roles = {r.mention_id: r for r in doc.roles}
    workplaces = _workplaces(doc)
    names = entity_names(doc)
    seen: set[tuple[str, str, str]] = set()
    for r in doc.relations:
        if r.type != WORKS_AS or r.obj not in roles:
            continue
        person, role = by_id[r.subj], by_id[r.obj]
        outside = [o for o in workplaces.get(role.mention_id, []) if not _inside(o, role)] or [
            o for o in workplaces.get(person.mention_id, [])
            if o.sent_idx == r.sent_idx and not _inside(o, role)]
        for part in roles[r.obj].parts:
            for place in [by_id[i] for i in part.places] or _outermost(outside) or [None]:
                key = (person.entity_id, part.post.lower(), place.entity_id if place else "")
                if key in seen:
                    continue
                seen.add(key)
                yield _official(doc, r, person, role, roles[r.obj].name, part.post, place, names)


def _official(doc: Document, r: Relation, person: Mention, role: Mention, role_full: str,
              post: str, place: Mention | None, names: dict[str, str]) -> dict:
    return {
        "doc_id": doc.doc_id, "person_entity_id": person.entity_id,
        "person": names.get(person.entity_id, person.normal), "role": post,
        "place_entity_id": place.entity_id if place else "",
        "place": _name(names, place) if place else "",
        "place_type": place.type if place else "", "sent_idx": r.sent_idx,
        "evidence": doc.sentences[r.sent_idx].text if 0 <= r.sent_idx < len(doc.sentences) else "",
        "confidence": round(r.confidence, 3), "person_mention_id": person.mention_id,
        "role_mention_id": role.mention_id, "role_full": role_full,
        **_tenure(doc, role),
    }


def _tenure(doc: Document, role: Mention) -> dict[str, str]:
    """``since``/``until``: the TIMEX3 values of the post's POST_START and
    POST_END dates (the end of a range for POST_END), else empty."""
    values = {tv.mention_id: tv for tv in doc.dates}
    out = {"since": "", "until": ""}
    for r in doc.relations:
        tv = values.get(r.obj)
        if r.subj != role.mention_id or tv is None:
            continue
        if r.type == POST_START and not out["since"]:
            out["since"] = tv.value
        elif r.type == POST_END and not out["until"]:
            out["until"] = tv.value_end or tv.value
    return out


def _workplaces(doc: Document) -> dict[str, list[Mention]]:
    """Subject mention id -> the objects of its WORKPLACE relations, the most
    confident first."""
    by_id = {m.mention_id: m for m in doc.mentions}
    out: dict[str, list[Mention]] = {}
    for r in sorted(doc.relations, key=lambda r: -r.confidence):
        if r.type == WORKPLACE:
            out.setdefault(r.subj, []).append(by_id[r.obj])
    return out


def _inside(o: Mention, m: Mention) -> bool:
    """``o`` starts in ``m``'s span (where the posts stage looks for a post's places)."""
    return m.start <= o.start < m.stop


def _name(names: dict[str, str], m: Mention) -> str:
    return names.get(m.entity_id, m.normal or m.text)


def _outermost(ms: list[Mention]) -> list[Mention]:
    """Drop a place inside another one of the list («Санкт-Петербурга» inside
    «правительства Санкт-Петербурга»)."""
    return [m for m in ms if not any(o is not m and o.start <= m.start and m.stop <= o.stop
                                     and o.span != m.span for o in ms)]


def cooccurrence_pairs(doc: Document) -> list[dict]:
    """Entity pairs of one document with the number of sentences they share."""
    by_sent: dict[int, set[str]] = {}
    for m in doc.mentions:
        if m.type in COOCCURRING_TYPES and m.entity_id and m.sent_idx >= 0:
            by_sent.setdefault(m.sent_idx, set()).add(m.entity_id)
    counts: dict[tuple[str, str], int] = {}
    for ids in by_sent.values():
        for a, b in combinations(sorted(ids), 2):
            counts[a, b] = counts.get((a, b), 0) + 1
    names = entity_names(doc)
    types = {m.entity_id: m.type for m in doc.mentions}
    return [{"entity_a": a, "entity_b": b, "name_a": names[a], "name_b": names[b],
             "type_a": types[a], "type_b": types[b], "n_sentences": n}
            for (a, b), n in sorted(counts.items())]


class CooccurrenceCounter:
    """Adds up ``cooccurrence_pairs`` over the corpus."""

    def __init__(self) -> None:
        self.sentences: dict[tuple[str, str], int] = {}
        self.docs: dict[tuple[str, str], int] = {}
        self.info: dict[str, tuple[str, str]] = {}  # entity_id -> (name, type)

    def add_rows(self, pairs: Iterable[dict]) -> None:
        for p in pairs:
            key = (p["entity_a"], p["entity_b"])
            self.sentences[key] = self.sentences.get(key, 0) + p["n_sentences"]
            self.docs[key] = self.docs.get(key, 0) + 1
            for side in "ab":
                eid, name = p[f"entity_{side}"], p[f"name_{side}"]
                if len(name) > len(self.info.get(eid, ("", ""))[0]):
                    self.info[eid] = (name, p[f"type_{side}"])

    def rows(self) -> Iterator[dict]:
        for (a, b) in sorted(self.sentences, key=lambda k: (-self.docs[k], -self.sentences[k], k)):
            yield {"entity_a": a, "name_a": self.info[a][0], "type_a": self.info[a][1],
                   "entity_b": b, "name_b": self.info[b][0], "type_b": self.info[b][1],
                   "n_sentences": self.sentences[a, b], "n_docs": self.docs[a, b]}

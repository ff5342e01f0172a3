"""Documents -> table rows (plain dicts keyed by the schema's column names),
and each document's tables as columns (:data:`DOC_TABLES`): what the workers
keep in the resume shards and the writers write (:mod:`pipeline.write.tables`).

Columns, not rows, cross from the workers to the writers: a list per column
pickles, unpickles and converts to Parquet and CSV several times faster than a
dict per row.  The tokens table, most of every run's rows, is made column by
column; the others are made as rows and turned into columns (:func:`columnar`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from sys import intern

from pipeline.doc import Document, fullest_name
from pipeline.entity_ids import entity_id, entity_name
from pipeline.write.derived import official_rows, role_columns
from pipeline.write.schema import Columns, to_columns


def document_row(doc: Document) -> dict:
    return {
        "doc_id": doc.doc_id, "source": doc.source, "title": doc.title,
        "published_at": doc.published_at, "author": doc.author, "url": doc.url,
        "n_sentences": len(doc.sentences), "n_tokens": doc.n_tokens, "status": doc.status,
        "error": doc.error, "format": doc.format, "encoding": doc.encoding,
        "n_chars": len(doc.text), "content_hash": doc.content_hash, "warning": doc.warning,
    }


def token_columns(doc: Document) -> Columns:
    """The tokens table of ``doc``, column by column (in sentence order).
    Texts, lemmas and feats repeat: interned, each is pickled once per shard."""
    sents = doc.sentences
    toks = [t for s in sents for t in s.tokens]
    return {
        "doc_id": [doc.doc_id] * len(toks),
        "sent_idx": [si for si, s in enumerate(sents) for _ in s.tokens],
        "tok_idx": [ti for s in sents for ti in range(len(s.tokens))],
        "start": [t.start for t in toks], "stop": [t.stop for t in toks],
        "text": [intern(t.text) for t in toks], "lemma": [intern(t.lemma) for t in toks],
        "pos": [t.pos for t in toks], "feats": [intern(t.feats_str) for t in toks],
        "head": [t.head for t in toks], "rel": [t.rel for t in toks],
    }


NO_ROLE = {"role": "", "role_of_mention_id": "", "role_of_entity_id": "", "role_of": ""}


def mention_rows(doc: Document) -> Iterator[dict]:
    roles = role_columns(doc)
    for m in sorted(doc.mentions, key=lambda m: (m.start, -m.stop, m.type)):
        yield {
            "doc_id": doc.doc_id, "mention_id": m.mention_id, "sent_idx": m.sent_idx,
            "start": m.start, "stop": m.stop, "text": m.text, "type": m.type,
            "normal": m.normal, "entity_id": m.entity_id, "first": m.first,
            "middle": m.middle, "last": m.last, "source": m.source,
            **roles.get(m.mention_id, NO_ROLE), "kind": m.kind,
        }


def money_rows(doc: Document) -> Iterator[dict]:
    by_id = {m.mention_id: m for m in doc.mentions}
    for mo in doc.money:
        m = by_id[mo.mention_id]
        yield {
            "doc_id": doc.doc_id, "mention_id": mo.mention_id, "start": m.start,
            "stop": m.stop, "text": m.text, "amount": mo.amount, "currency": mo.currency,
            "amount_max": mo.amount_max, "sent_idx": m.sent_idx, "qualifier": mo.qualifier,
        }


def date_rows(doc: Document) -> Iterator[dict]:
    by_id = {m.mention_id: m for m in doc.mentions}
    for tv in doc.dates:
        m = by_id[tv.mention_id]
        yield {
            "doc_id": doc.doc_id, "mention_id": tv.mention_id, "start": m.start, "stop": m.stop,
            "text": m.text, "type": m.type, "value": tv.value, "value_end": tv.value_end,
            "kind": tv.kind, "anchor": tv.anchor, "sent_idx": m.sent_idx,
        }


def quantity_rows(doc: Document) -> Iterator[dict]:
    by_id = {m.mention_id: m for m in doc.mentions}
    for q in doc.quantities:
        m = by_id[q.mention_id]
        yield {
            "doc_id": doc.doc_id, "mention_id": q.mention_id, "start": m.start, "stop": m.stop,
            "text": m.text, "type": m.type, "value": q.value, "value_max": q.value_max,
            "sent_idx": m.sent_idx,
        }


def relation_rows(doc: Document) -> Iterator[dict]:
    by_id = {m.mention_id: m for m in doc.mentions}
    for r in doc.relations:
        s, o = by_id[r.subj], by_id[r.obj]
        evidence = doc.sentences[r.sent_idx].text if 0 <= r.sent_idx < len(doc.sentences) else ""
        yield {
            "doc_id": doc.doc_id, "relation_id": r.relation_id, "type": r.type,
            "subj_mention_id": r.subj, "obj_mention_id": r.obj, "subj_text": s.text,
            "obj_text": o.text, "sent_idx": r.sent_idx, "evidence": evidence,
            "confidence": round(r.confidence, 3), "subj_type": s.type, "obj_type": o.type,
            "subj_entity_id": s.entity_id, "obj_entity_id": o.entity_id, "source": r.source,
        }


def event_rows(doc: Document) -> Iterator[dict]:
    by_id = {m.mention_id: m for m in doc.mentions}
    for e in doc.events:
        m = by_id[e.mention_id]
        yield {
            "doc_id": doc.doc_id, "mention_id": e.mention_id, "start": m.start, "stop": m.stop,
            "text": m.text, "normal": m.normal, "sent_idx": m.sent_idx,
            "date_mention_id": e.date_mention_id, "date_value": e.date_value,
            "place_mention_id": e.place_mention_id, "place": e.place,
            "participants": "; ".join(e.participants),
            "participant_entity_ids": "; ".join(e.participant_entity_ids),
        }


def columnar(name: str, rows: Callable[[Document], Iterable[dict]]) -> Callable[[Document], Columns]:
    """The table ``name`` of a document as columns, made from its rows."""
    return lambda doc: to_columns(list(rows(doc)), name)


# Tables written per document, in order, as columns; entities.csv is aggregated
# over the run.
DOC_TABLES: dict[str, Callable[[Document], Columns]] = {
    "documents": columnar("documents", lambda d: [document_row(d)]),
    "tokens": token_columns,
    "mentions": columnar("mentions", mention_rows),
    "money": columnar("money", money_rows),
    "dates": columnar("dates", date_rows),
    "quantities": columnar("quantities", quantity_rows),
    "relations": columnar("relations", relation_rows),
    "events": columnar("events", event_rows),
    "officials": columnar("officials", official_rows),
}


class EntityCounter:
    """Aggregates entities over the corpus: mentions, documents, best name."""

    def __init__(self) -> None:
        self.types: dict[str, str] = {}
        self.names: dict[str, dict[str, int]] = {}
        self.n_mentions: dict[str, int] = {}
        self.docs: dict[str, int] = {}
        self.named: dict[str, str] = {}  # name() of each id, until the next add

    def add(self, doc: Document) -> None:
        self.add_mentions(DOC_TABLES["mentions"](doc))

    def add_mentions(self, mentions: Columns) -> None:
        """Count one document's mentions table (its columns)."""
        self.named.clear()
        seen: set[str] = set()
        for eid, typ, normal in zip(mentions["entity_id"], mentions["type"], mentions["normal"],
                                    strict=True):
            if not eid:
                continue
            self.types[eid] = typ
            names = self.names.setdefault(eid, {})
            names[normal] = names.get(normal, 0) + 1
            self.n_mentions[eid] = self.n_mentions.get(eid, 0) + 1
            if eid not in seen:
                seen.add(eid)
                self.docs[eid] = self.docs.get(eid, 0) + 1

    def name(self, eid: str) -> str:
        """The fullest of the names the id is made from (:mod:`pipeline.entity_ids`;
        not, say, the adjective of a place it names more often)."""
        name = self.named.get(eid)
        if name is None:
            names, typ = self.names[eid], self.types[eid]
            if len(names) == 1:  # most ids: the one name, whatever it is made from
                name = next(iter(names))
            else:
                made_from = {n: c for n, c in names.items()
                             if entity_id(typ, entity_name(typ, n)) == eid}
                name = fullest_name(made_from or names)
            self.named[eid] = name
        return name

    def entities(self) -> dict[str, tuple[str, str, int, dict[str, int]]]:
        """entity_id -> (type, name, n_mentions, {normal form: count}): what
        the corpus step reads (:func:`pipeline.corpus.group_entities`)."""
        return {eid: (self.types[eid], self.name(eid), self.n_mentions[eid], self.names[eid])
                for eid in self.types}

    def rows(self, canonical: dict[str, str], aliases: dict[str, list[str]]) -> Iterator[dict]:
        """entities.csv rows, one per entity_id; ``canonical``: entity_id -> the
        id of the real-world entity it is (absent: itself), ``aliases``:
        canonical id -> its other names (the corpus step's).  A canonical row
        carries the entity's aliases and its mentions and documents summed
        over all its ids."""
        total_m: dict[str, int] = {}
        total_d: dict[str, int] = {}
        for eid in self.types:
            c = canonical.get(eid, eid)
            total_m[c] = total_m.get(c, 0) + self.n_mentions[eid]
            total_d[c] = total_d.get(c, 0) + self.docs[eid]
        for eid in sorted(self.types, key=lambda e: (-self.n_mentions[e], e)):
            c = canonical.get(eid, eid)
            head = c == eid
            yield {"entity_id": eid, "type": self.types[eid], "name": self.name(eid),
                   "n_mentions": self.n_mentions[eid], "n_docs": self.docs[eid],
                   "same_as": "" if head else c, "canonical_id": c,
                   "aliases": "; ".join(aliases.get(eid, [])) if head else "",
                   "canonical_mentions": total_m[c] if head else None,
                   "canonical_docs": total_d[c] if head else None}

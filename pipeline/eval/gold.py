"""Loaders for the gold data sets: NEREL v1.1 (brat) and factRuEval-2016.

The data lives in ``../shared/data`` relative to the repository root; the
environment variable ``PIPELINE_EVAL_DATA`` (or ``--data`` on the command line)
points elsewhere.  Layout::

    <data>/nerel/{train,dev,test}/*.txt + *.ann
    <data>/factru-dev/book_N.{txt,tokens,spans,objects,coref,facts}

Every gold entity carries its raw type (``raw_type``) and the project type it
maps to (``type``: PER/ORG/LOC/MONEY, or ``""`` for types outside the
evaluation).  A factRuEval entity is an *object* (a mention with its
descriptors: «мэрии Москвы»); ``factru_ner_spans`` gives the NER spans scored
as naeval does.  Offsets index the ``.txt`` file read as UTF-8 with newlines
kept as they are (``newline=""``).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.labels import FAC, LOC, MONEY, ORG, PER

REPO_ROOT = Path(__file__).resolve().parents[2]
DATA_ENV = "PIPELINE_EVAL_DATA"

# Gold type -> project type (issue 4).
NEREL_TYPES = {
    "PERSON": PER,
    "ORGANIZATION": ORG,
    "COUNTRY": LOC,
    "CITY": LOC,
    "STATE_OR_PROVINCE": LOC,
    "LOCATION": LOC,
    "DISTRICT": LOC,
    "FACILITY": FAC,
    "MONEY": MONEY,
}
FACTRU_TYPES = {
    "Person": PER,
    "Org": ORG,
    "Location": LOC,
    "LocOrg": LOC,
}


def data_dir(path: str | os.PathLike | None = None) -> Path:
    """The gold data folder: ``path``, else ``$PIPELINE_EVAL_DATA``, else ``../shared/data``."""
    if path:
        return Path(path)
    env = os.environ.get(DATA_ENV)
    if env:
        return Path(env)
    return (REPO_ROOT / ".." / "shared" / "data").resolve()


@dataclass(slots=True)
class GoldEntity:
    id: str
    type: str  # project type (PER/ORG/LOC/MONEY) or "" when not evaluated
    start: int  # extent: first char of the first fragment
    stop: int  # extent: end of the last fragment
    text: str  # text[start:stop]
    raw_type: str = ""
    # Character ranges the entity covers (one for a continuous span).
    fragments: tuple[tuple[int, int], ...] = ()
    # factRuEval: the typed spans the object is made of, (span type, start, stop).
    parts: tuple[tuple[str, int, int], ...] = ()


@dataclass(slots=True)
class GoldRelation:
    id: str
    type: str
    arg1: str  # entity id
    arg2: str


@dataclass(slots=True)
class CorefChain:
    """A factRuEval coreference object: entity ids and its normal-name attributes."""

    id: str
    entities: frozenset[str]
    attrs: dict[str, list[str]] = field(default_factory=dict)  # firstname -> [Юрий], ...


@dataclass(slots=True)
class GoldFact:
    """A factRuEval fact (Occupation, Deal, ...): ``args`` are (role, value) pairs.

    A value is the raw text after the role, e.g. ``obj48 Лужков Юрий`` or
    ``span22777 мэра``; ``refs`` pulls out the ``objNN``/``spanNN`` references.
    """

    id: str
    type: str
    args: list[tuple[str, str]] = field(default_factory=list)

    def refs(self, role: str) -> list[str]:
        out: list[str] = []
        for r, value in self.args:
            if r == role:
                out += re.findall(r"\b(?:obj|span)\d+", value)
        return out


@dataclass(slots=True)
class GoldDoc:
    dataset: str
    doc_id: str
    text: str
    entities: list[GoldEntity] = field(default_factory=list)
    relations: list[GoldRelation] = field(default_factory=list)
    chains: list[CorefChain] = field(default_factory=list)
    facts: list[GoldFact] = field(default_factory=list)

    def entity(self, entity_id: str) -> GoldEntity:
        for e in self.entities:
            if e.id == entity_id:
                return e
        raise KeyError(entity_id)

    def typed(self, types=None) -> list[GoldEntity]:
        """Entities with a project type (in ``types`` when given)."""
        return [e for e in self.entities if e.type and (types is None or e.type in types)]


def _read(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


# --------------------------------------------------------------------- NEREL


def parse_brat(doc_id: str, text: str, ann: str, dataset: str = "nerel") -> GoldDoc:
    doc = GoldDoc(dataset=dataset, doc_id=doc_id, text=text)
    for line in ann.splitlines():
        if not line.strip():
            continue
        if line.startswith("T"):
            tid, mid, *_ = line.split("\t")
            raw_type, locs = mid.split(" ", 1)
            frags = tuple(
                sorted((int(a), int(b)) for a, b in (p.split() for p in locs.split(";")))
            )
            start, stop = frags[0][0], max(b for _, b in frags)
            doc.entities.append(
                GoldEntity(
                    id=tid,
                    type=NEREL_TYPES.get(raw_type, ""),
                    start=start,
                    stop=stop,
                    text=text[start:stop],
                    raw_type=raw_type,
                    fragments=frags,
                )
            )
        elif line.startswith("R"):
            rid, mid, *_ = line.split("\t")
            rtype, a1, a2 = mid.split()
            doc.relations.append(
                GoldRelation(rid, rtype, a1.split(":", 1)[1], a2.split(":", 1)[1])
            )
        # N (normalization/Wikidata), A, # lines are not used.
    return doc


def load_nerel(split: str = "dev", data: str | os.PathLike | None = None,
               limit: int | None = None) -> list[GoldDoc]:
    """NEREL documents of ``split`` (train/dev/test), sorted by id."""
    folder = data_dir(data) / "nerel" / split
    if not folder.is_dir():
        raise FileNotFoundError(folder)
    docs = []
    for txt in sorted(folder.glob("*.txt")):
        ann = txt.with_suffix(".ann")
        doc_id = txt.stem
        docs.append(
            parse_brat(doc_id, _read(txt), _read(ann) if ann.exists() else "",
                       dataset=f"nerel-{split}")
        )
        if limit and len(docs) >= limit:
            break
    return docs


# ----------------------------------------------------------------- factRuEval

SPAN_RE = re.compile(r"^(\S+) (\S+) (\d+) (\d+) (\S+) (\d+)")


def _fragments(text: str, ranges: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Merge ranges whose gaps hold no word character (spaces, quotes, hyphens)."""
    out: list[list[int]] = []
    for a, b in sorted(ranges):
        if out and (a <= out[-1][1] or not re.search(r"\w", text[out[-1][1]:a])):
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return tuple((a, b) for a, b in out)


def _balance_quotes(text: str, frags: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Take in a closing (opening) quote or bracket right after (before) an
    extent whose text opens (closes) it: «движения «Солидарность»», not
    «движения «Солидарность»."""
    for left, right in ("«»", "()"):
        a, b = frags[0][0], frags[-1][1]
        inner = text[a:b]
        if inner.count(left) > inner.count(right) and text[b:b + 1] == right:
            frags = [*frags[:-1], (frags[-1][0], b + 1)]
        if inner.count(right) > inner.count(left) and a > 0 and text[a - 1] == left:
            frags = [(a - 1, frags[0][1]), *frags[1:]]
    return frags


def factru_ner_spans(doc: GoldDoc) -> list[GoldEntity]:
    """The gold NER spans of a factRuEval document, selected as naeval does.

    Person: the whole object (name parts: «Юрия Лужкова»); Org: each of its
    ``org_name`` spans («Солидарность» in «движения «Солидарность»», nothing
    for «мэрии Москвы»); Location and LocOrg: each ``loc_name`` span.
    Descriptors (``org_descr``, ``loc_descr``), ``geo_adj`` and ``job`` spans
    are left out.  Duplicates (same offsets and type) are dropped.  Unlike
    naeval, nested and overlapping spans are kept (scoring is per type).
    """
    out: list[GoldEntity] = []
    seen: set[tuple[int, int, str]] = set()
    for e in doc.entities:
        if e.raw_type == "Person":
            # naeval: first to last name part (no quotes or brackets added)
            picks = [(min(a for _, a, _ in e.parts), max(b for _, _, b in e.parts))]
        elif e.raw_type == "Org":
            picks = [(a, b) for t, a, b in e.parts if t == "org_name"]
        elif e.raw_type in ("Location", "LocOrg"):
            picks = [(a, b) for t, a, b in e.parts if t == "loc_name"]
        else:
            continue
        for a, b in picks:
            key = (a, b, e.type)
            if key in seen:
                continue
            seen.add(key)
            if e.raw_type == "Person":  # a discontinuous name keeps its pieces
                frags = tuple((max(x, a), min(y, b)) for x, y in e.fragments if x < b and y > a)
            else:
                frags = ((a, b),)
            out.append(GoldEntity(e.id, e.type, a, b, doc.text[a:b], e.raw_type, frags))
    return out


def parse_factru(doc_id: str, text: str, spans: str, objects: str, coref: str = "",
                 facts: str = "", dataset: str = "factru-dev") -> GoldDoc:
    doc = GoldDoc(dataset=dataset, doc_id=doc_id, text=text)
    span_map: dict[str, list[tuple[str, int, int]]] = {}
    for line in spans.splitlines():
        m = SPAN_RE.match(line)
        if not m:
            continue
        sid, stype, start, length = m[1], m[2], int(m[3]), int(m[4])
        # One span id may carry two types (surname + nickname): keep both.
        span_map.setdefault(sid, []).append((stype, start, start + length))
    for line in objects.splitlines():
        left = line.split("#", 1)[0].split()
        if len(left) < 2:
            continue
        oid, raw_type, *sids = left
        parts = sorted({p for s in sids for p in span_map.get(s, [])}, key=lambda p: (p[1], p[2]))
        if not parts:
            continue
        frags = _balance_quotes(text, list(_fragments(text, [(a, b) for _, a, b in parts])))
        start, stop = frags[0][0], frags[-1][1]
        doc.entities.append(
            GoldEntity(
                id=oid,
                type=FACTRU_TYPES.get(raw_type, ""),
                start=start,
                stop=stop,
                text=text[start:stop],
                raw_type=raw_type,
                fragments=tuple(frags),
                parts=tuple(parts),
            )
        )
    for block in re.split(r"\n\s*\n", coref.replace("\r\n", "\n")):
        lines = [ln for ln in block.split("\n") if ln.strip()]
        if not lines:
            continue
        head = lines[0].split()
        attrs: dict[str, list[str]] = {}
        for ln in lines[1:]:
            key, _, value = ln.strip().partition(" ")
            value = value.strip()
            if value:
                attrs.setdefault(key, []).append(value)
        doc.chains.append(CorefChain(head[0], frozenset(head[1:]), attrs))
    for block in re.split(r"\n\s*\n", facts.replace("\r\n", "\n")):
        lines = [ln for ln in block.split("\n") if ln.strip()]
        if not lines:
            continue
        head = lines[0].split()
        fact = GoldFact(head[0], head[1] if len(head) > 1 else "")
        for ln in lines[1:]:
            role, _, value = ln.strip().partition(" ")
            fact.args.append((role, value.strip()))
        doc.facts.append(fact)
    return doc


def load_factru(data: str | os.PathLike | None = None, limit: int | None = None,
                folder_name: str = "factru-dev") -> list[GoldDoc]:
    """factRuEval-2016 documents (dev set by default), sorted by number."""
    folder = data_dir(data) / folder_name
    if not folder.is_dir():
        raise FileNotFoundError(folder)

    def key(p: Path):
        m = re.search(r"(\d+)$", p.stem)
        return (int(m[1]) if m else 0, p.stem)

    docs = []
    for txt in sorted(folder.glob("*.txt"), key=key):
        parts = {}
        for ext in (".spans", ".objects", ".coref", ".facts"):
            p = txt.with_suffix(ext)
            parts[ext] = _read(p) if p.exists() else ""
        docs.append(
            parse_factru(txt.stem, _read(txt), parts[".spans"], parts[".objects"],
                         parts[".coref"], parts[".facts"], dataset=folder_name)
        )
        if limit and len(docs) >= limit:
            break
    return docs


DATASETS = ("factru-dev", "nerel-dev", "nerel-train")


def load_dataset(name: str, data: str | os.PathLike | None = None,
                 limit: int | None = None) -> list[GoldDoc]:
    if name.startswith("nerel-"):
        return load_nerel(name.split("-", 1)[1], data, limit)
    if name.startswith("factru"):
        return load_factru(data, limit, folder_name=name)
    raise ValueError(f"unknown dataset {name!r} (known: {', '.join(DATASETS)})")

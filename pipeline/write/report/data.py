"""What the report shows, gathered from a run's output folder.

Tables are streamed; only the top entities, the shown documents (the first
``max_docs``) and capped lists are kept in memory, so the report of a big run
stays small and quick to open.
"""

from __future__ import annotations

import heapq
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from pipeline.labels import LOC, ORG, PER, WORKPLACE, WORKS_AS
from pipeline.write.readback import columns_of, doc_texts, iter_rows, read_rows, table_path

MAIN_TYPES = (PER, ORG, LOC)
TOP_N = 15  # entities per type in the top lists
DOC_LINKS = 12  # document links per top entity
NET_NODES = 40
OFFICIAL_COLUMNS = ("person", "role", "place", "doc_id")  # of the officials table
_MONTH_RE = re.compile(r"\d{4}-\d\d")
_DAY_RE = re.compile(r"\d{4}-\d\d-\d\d")


@dataclass
class DocView:
    doc_id: str
    title: str
    text: str
    mentions: list[dict]
    relations: list[dict]
    truncated: bool = False


@dataclass
class ReportData:
    run: dict = field(default_factory=dict)  # run.json, when there
    statuses: Counter = field(default_factory=Counter)
    mention_types: Counter = field(default_factory=Counter)
    relation_types: Counter = field(default_factory=Counter)
    top: dict[str, list[dict]] = field(default_factory=dict)  # type -> entity rows
    entity_docs: dict[str, list[str]] = field(default_factory=dict)
    officials: tuple[list[str], list[dict]] = ([], [])
    money: list[dict] = field(default_factory=list)
    n_money: int = 0
    nodes: list[dict] = field(default_factory=list)
    edges: dict[tuple[int, int], int] = field(default_factory=dict)
    edge_unit: str = "documents"  # what an edge's weight counts
    docs: list[DocView] = field(default_factory=list)
    n_docs: int = 0
    titles: dict[str, str] = field(default_factory=dict)
    # Timeline: top entity id -> published_at month ("2019-11") -> mentions.
    timeline: dict[str, Counter] = field(default_factory=dict)
    dated_posts: list[dict] = field(default_factory=list)  # officials rows with since/until
    # Events by day of publication ("2019-11-04", "" when undated) -> events.csv rows.
    events: dict[str, list[dict]] = field(default_factory=dict)
    n_events: int = 0


def _run_json(out: Path) -> dict:
    """run.json when it belongs to these tables.  A run writes it after its
    tables (and after a report built during the run), so one older than the
    tables is the previous run's and is left out."""
    path, docs = out / "run.json", table_path(out, "documents")
    try:
        if docs is None or path.stat().st_mtime < docs.stat().st_mtime:
            return {}
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def officials(out: Path, names: dict[str, str], limit: int) -> tuple[list[str], list[dict]]:
    """The officials table when the run wrote one (its main columns); else
    people with their posts and workplaces, from WORKS_AS and WORKPLACE
    relations."""
    if table_path(out, "officials") is not None:
        cols = [c for c in OFFICIAL_COLUMNS if c in columns_of(out, "officials")]
        rows = []
        for r in iter_rows(out, "officials"):
            rows.append(r)
            if len(rows) >= limit:
                break
        return cols, rows
    people: dict[tuple[str, str], dict] = {}
    for r in iter_rows(out, "relations"):
        if r.get("subj_type") != PER or r["type"] not in (WORKS_AS, WORKPLACE):
            continue
        key = (r["doc_id"], r["subj_mention_id"])
        row = people.setdefault(key, {
            "person": names.get(r.get("subj_entity_id") or "", r["subj_text"]),
            "post": "", "workplace": "", "doc_id": r["doc_id"]})
        slot = "post" if r["type"] == WORKS_AS else "workplace"
        if not row[slot]:
            row[slot] = r["obj_text"]
    seen, rows = set(), []
    for row in people.values():
        ident = (row["person"], row["post"], row["workplace"])
        if ident not in seen:
            seen.add(ident)
            rows.append(row)
    rows.sort(key=lambda r: (r["person"], r["doc_id"]))
    return ["person", "post", "workplace", "doc_id"], rows[:limit]


def dated_posts(out: Path, limit: int) -> list[dict]:
    """officials.csv rows whose post has a start or an end date (``since``/``until``)."""
    if table_path(out, "officials") is None or "since" not in columns_of(out, "officials"):
        return []
    rows = []
    for r in iter_rows(out, "officials"):
        if r.get("since") or r.get("until"):
            rows.append(r)
            if len(rows) >= limit:
                break
    return sorted(rows, key=lambda r: (r.get("since") or r.get("until") or "", r["person"]))


def events_by_day(out: Path, day_of: dict[str, str], limit: int) -> tuple[dict[str, list[dict]], int]:
    """The first ``limit`` events.csv rows grouped by their document's day of
    publication (days in order, undated ones under "" last; rows in file
    order), and how many rows there are."""
    if table_path(out, "events") is None:
        return {}, 0
    by_day: dict[str, list[dict]] = {}
    n = 0
    for r in iter_rows(out, "events"):
        n += 1
        if n <= limit:
            by_day.setdefault(day_of.get(r["doc_id"], ""), []).append(r)
    return {day: by_day[day] for day in sorted(by_day, key=lambda d: (d == "", d))}, n


def gather(out: Path, max_docs: int = 200, max_chars: int = 30_000,
           max_rows: int = 500) -> ReportData:
    out = Path(out)
    data = ReportData(run=_run_json(out))
    shown: list[str] = []
    month_of: dict[str, str] = {}
    day_of: dict[str, str] = {}
    for r in iter_rows(out, "documents"):
        data.n_docs += 1
        if _DAY_RE.match(r.get("published_at") or ""):
            day_of[r["doc_id"]] = r["published_at"][:10]
        if _MONTH_RE.match(r.get("published_at") or ""):
            month_of[r["doc_id"]] = r["published_at"][:7]
        data.statuses[r["status"]] += 1
        if r["status"] == "ok" and len(shown) < max_docs:
            shown.append(r["doc_id"])
            data.titles[r["doc_id"]] = r.get("title") or ""

    names: dict[str, str] = {}  # people only: the officials list names them
    data.top = {t: [] for t in MAIN_TYPES}
    heap: list[tuple] = []  # the NET_NODES entities in most documents
    for e in iter_rows(out, "entities"):  # most mentioned first
        if e["type"] not in MAIN_TYPES:
            continue
        if e["type"] == PER:
            names[e["entity_id"]] = e["name"]
        if len(data.top[e["type"]]) < TOP_N:
            data.top[e["type"]].append(e)
        item = (e["n_docs"], e["n_mentions"], e["entity_id"], e["name"], e["type"])
        (heapq.heappush if len(heap) < NET_NODES else heapq.heappushpop)(heap, item)
    net = [{"n_docs": d, "n_mentions": m, "entity_id": i, "name": n, "type": t}
           for d, m, i, n, t in sorted(heap, reverse=True)]
    net_index = {e["entity_id"]: i for i, e in enumerate(net)}
    top_ids = {e["entity_id"] for rows in data.top.values() for e in rows}

    # Edges from the run's cooccurrence table (pairs named in one sentence)
    # when there is one, else from documents naming both.
    by_sentence = table_path(out, "cooccurrence") is not None
    docs_of: dict[str, list[str]] = defaultdict(list)
    in_doc: dict[str, set[int]] = defaultdict(set)
    for m in iter_rows(out, "mentions"):
        data.mention_types[m["type"]] += 1
        eid = m.get("entity_id") or ""
        if eid in top_ids:
            if m["doc_id"] in month_of:
                data.timeline.setdefault(eid, Counter())[month_of[m["doc_id"]]] += 1
            links = docs_of[eid]
            if m["doc_id"] not in links and len(links) < DOC_LINKS:
                links.append(m["doc_id"])
        if eid in net_index and not by_sentence:
            in_doc[m["doc_id"]].add(net_index[eid])
    data.entity_docs = dict(docs_of)
    data.nodes = net
    if by_sentence:
        data.edge_unit = "sentences"
        for r in iter_rows(out, "cooccurrence"):
            a, b = net_index.get(r["entity_a"]), net_index.get(r["entity_b"])
            if a is not None and b is not None and a != b:
                data.edges[(min(a, b), max(a, b))] = r["n_sentences"]
    else:
        for members in in_doc.values():
            for pair in combinations(sorted(members), 2):
                data.edges[pair] = data.edges.get(pair, 0) + 1

    for r in iter_rows(out, "relations"):
        data.relation_types[r["type"]] += 1
    data.officials = officials(out, names, max_rows)
    data.dated_posts = dated_posts(out, max_rows)
    data.events, data.n_events = events_by_day(out, day_of, max_rows)
    for r in iter_rows(out, "money"):
        data.n_money += 1
        if len(data.money) < max_rows:
            data.money.append(r)

    texts = doc_texts(out, shown)
    mentions, relations = defaultdict(list), defaultdict(list)
    for m in read_rows(out, "mentions", shown):
        mentions[m["doc_id"]].append(m)
    for r in read_rows(out, "relations", shown):
        relations[r["doc_id"]].append(r)
    for d in shown:
        text = texts.get(d, "")
        data.docs.append(DocView(d, data.titles.get(d, ""), text[:max_chars], mentions[d],
                                 relations[d], truncated=len(text) > max_chars))
    return data

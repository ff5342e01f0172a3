"""ReportData -> HTML text.  Every input string is escaped on the way in."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal
from html import escape

from pipeline import __version__
from pipeline.labels import LOC, ORG, PER
from pipeline.write.marks import Span, segments
from pipeline.write.report.data import MAIN_TYPES, DocView, ReportData
from pipeline.write.report.network import Node, svg
from pipeline.write.report.style import SCRIPT, TYPE_COLORS, TYPE_NAMES, css, off_rules
from pipeline.write.safe import strip_control


def esc(value: str) -> str:
    """Input text as HTML text: control characters dropped, markup escaped."""
    return escape(strip_control(value))


HEADINGS = {PER: "People", ORG: "Organizations", LOC: "Places"}


def type_class(t: str) -> str:
    """A type as a CSS class name (types come from data: keep only safe characters)."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", t)


def anchor(doc_id: str) -> str:
    return "doc-" + re.sub(r"[^A-Za-z0-9_-]", lambda m: f"_{ord(m.group()):x}", doc_id)


def money_text(value) -> str:
    if value is None or value == "":
        return ""
    d = Decimal(str(value))
    return f"{d:,.2f}".replace(",", "\u202f").removesuffix(".00")


class Page:
    def __init__(self, data: ReportData) -> None:
        self.data = data
        self.shown = {d.doc_id for d in data.docs}

    def doc_link(self, doc_id: str) -> str:
        label = esc(doc_id)
        if doc_id in self.shown:
            return f'<a href="#{anchor(doc_id)}">{label}</a>'
        return label

    def table(self, cols: list[str], rows: list[list[str]], num: set[int] = frozenset()) -> str:
        """``rows`` hold ready HTML cells."""
        head = "".join(f"<th>{esc(c)}</th>" for c in cols)
        body = "".join("<tr>" + "".join(
            f'<td class="num">{c}</td>' if i in num else f"<td>{c}</td>"
            for i, c in enumerate(r)) + "</tr>" for r in rows)
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    def summary(self) -> str:
        d = self.data
        run = d.run
        rows = [["documents", f"{d.n_docs} ({', '.join(f'{k} {v}' for k, v in sorted(d.statuses.items()))})"],
                ["mentions", ", ".join(f"{k} {v}" for k, v in sorted(d.mention_types.items())) or "0"],
                ["relations", ", ".join(f"{k} {v}" for k, v in sorted(d.relation_types.items())) or "0"],
                ["money mentions", str(d.n_money)]]
        timings = run.get("timings", {})
        if timings:
            rows.append(["run time", f"{timings.get('seconds', '')} s, "
                                     f"{timings.get('docs_per_second', '')} docs/s"])
        if run.get("config", {}).get("input"):
            rows.append(["input", run["config"]["input"]])
        body = "".join(f"<tr><td>{esc(k)}</td><td>{esc(str(v))}</td></tr>" for k, v in rows)
        return f'<table class="summary">{body}</table>'

    def top(self) -> str:
        cols = []
        for t in MAIN_TYPES:
            rows = [[esc(e["name"]), str(e["n_mentions"]), str(e["n_docs"]),
                     ", ".join(self.doc_link(x) for x in self.data.entity_docs.get(e["entity_id"], []))]
                    for e in self.data.top.get(t, [])]
            table = self.table(["name", "mentions", "docs", "documents"], rows, {1, 2}) if rows \
                else '<p class="empty">none</p>'
            cols.append(f"<h3>{HEADINGS[t]}</h3>{table}")
        return "".join(cols)

    def officials(self) -> str:
        cols, rows = self.data.officials
        if not rows:
            return '<p class="empty">No officials found.</p>'
        cells = [[self.doc_link(str(r.get(c) or "")) if c == "doc_id" else esc(str(r.get(c) or ""))
                  for c in cols] for r in rows]
        return self.table(cols, cells)

    def money(self) -> str:
        if not self.data.money:
            return '<p class="empty">No money mentions.</p>'
        rows = [[self.doc_link(m["doc_id"]), esc(m["text"]), money_text(m.get("amount")),
                 money_text(m.get("amount_max")), esc(m.get("currency") or "")]
                for m in self.data.money]
        note = "" if self.data.n_money <= len(rows) else \
            f'<p class="note">First {len(rows)} of {self.data.n_money}.</p>'
        return self.table(["document", "text", "amount", "up to", "currency"], rows, {2, 3}) + note

    def timeline(self, months: int = 24) -> str:
        """Mentions of the top entities by month of publication (the last
        ``months`` months with any), then the posts with dates."""
        d = self.data
        shown = sorted({m for c in d.timeline.values() for m in c})[-months:]
        parts = []
        if shown:
            rows = []
            for t in MAIN_TYPES:
                for e in d.top.get(t, []):
                    counts = d.timeline.get(e["entity_id"])
                    if counts:
                        rows.append([f'{esc(e["name"])} <span class="note">{esc(t)}</span>',
                                     *(str(counts.get(m, "")) for m in shown)])
            parts.append('<p class="note">Mentions of the top entities by month of publication.</p>'
                         + self.table(["entity", *shown], rows, set(range(1, len(shown) + 1))))
        else:
            parts.append('<p class="empty">No publication dates.</p>')
        if d.dated_posts:
            cells = [[esc(r["person"]), esc(r["role"]), esc(r.get("place") or ""),
                      esc(r.get("since") or ""), esc(r.get("until") or ""), self.doc_link(r["doc_id"])]
                     for r in d.dated_posts]
            parts.append("<h3>Dated posts</h3>"
                         + self.table(["person", "post", "place", "since", "until", "document"], cells))
        return "".join(parts)

    def events(self) -> str:
        """Per day of publication, the events with their date, place and participants."""
        d = self.data
        if not d.events:
            return '<p class="empty">No events.</p>'
        parts = []
        for day, rows in d.events.items():
            cells = [[esc(r.get("normal") or r["text"]), esc(r.get("date_value") or ""),
                      esc(r.get("place") or ""), esc(r.get("participants") or ""), self.doc_link(r["doc_id"])]
                     for r in rows]
            parts.append(f"<h3>{esc(day or 'undated')}</h3>"
                         + self.table(["event", "date", "place", "participants", "document"], cells))
        shown = sum(map(len, d.events.values()))
        if d.n_events > shown:
            parts.append(f'<p class="note">First {shown} of {d.n_events}.</p>')
        return "".join(parts)

    def network(self, pairs: int = 15) -> str:
        """The picture, then the strongest pairs as a table (readable without it)."""
        nodes = [Node(e["entity_id"], e["name"], e["type"], e["n_docs"]) for e in self.data.nodes]
        top = sorted(self.data.edges.items(), key=lambda e: (-e[1], e[0]))[:pairs]
        rows = [[f"{esc(nodes[i].label)} <span class=\"note\">{esc(nodes[i].type)}</span>",
                 f"{esc(nodes[j].label)} <span class=\"note\">{esc(nodes[j].type)}</span>", str(w)]
                for (i, j), w in top]
        unit = self.data.edge_unit
        table = self.table(["entity", "named with", unit], rows, {2}) if rows else ""
        note = (f'<p class="note">Entities named in the same {unit}; line width = number of '
                f'{unit}.</p>')
        return note + svg(nodes, self.data.edges, unit) + table

    def legend(self, types: list[str], toggles: bool = True) -> str:
        """Colour key; with ``toggles`` a click hides or shows that type's highlights."""
        attrs = ' data-type="{}" title="click to hide or show"' if toggles else ""
        items = "".join(
            f'<span class="e-{type_class(t)}"{attrs.format(type_class(t))} '
            f'style="background:{TYPE_COLORS.get(t, "#ddd")}">'
            f'{esc(t)} — {esc(TYPE_NAMES.get(t, t.lower()))}</span>' for t in types)
        return f'<div class="legend">{items}</div>'

    def doc(self, d: DocView) -> str:
        spans = [Span(m["start"], m["stop"], m["type"], m.get("normal") or "") for m in d.mentions]
        html = []
        for kind, value in segments(d.text, spans):
            if kind == "text":
                html.append(esc(value))
            elif kind == "open":
                title = f"{value.type}: {value.label}" if value.label else value.type
                html.append(f'<mark class="e-{type_class(value.type)}" data-t="{esc(value.type)}" '
                            f'title="{esc(title)}">')
            else:
                html.append("</mark>")
        by_id = {m["mention_id"]: m for m in d.mentions}
        rels = "".join(
            f"<li><b>{esc(r['type'])}</b>: {esc(r['subj_text'])} → {esc(r['obj_text'])}"
            f" <span class=\"note\">({esc(by_id.get(r['subj_mention_id'], {}).get('type', ''))}"
            f" → {esc(by_id.get(r['obj_mention_id'], {}).get('type', ''))})</span></li>"
            for r in d.relations)
        rels = f'<ul class="rels">{rels}</ul>' if rels else '<p class="empty">No relations.</p>'
        cut = '<p class="note">(text cut for the report)</p>' if d.truncated else ""
        return (f'<section class="doc" id="{anchor(d.doc_id)}"><h3>{esc(d.title or d.doc_id)}</h3>'
                f'<div class="meta">{esc(d.doc_id)} · {len(d.mentions)} mentions</div>'
                f'<div class="text">{"".join(html)}</div>{cut}<h4>Relations</h4>{rels}</section>')

    def html(self) -> str:
        d = self.data
        types = sorted({*TYPE_COLORS, *d.mention_types},
                       key=lambda t: (list(TYPE_COLORS).index(t) if t in TYPE_COLORS else 99, t))
        classes = [type_class(t) for t in types]
        when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        docs = "".join(self.doc(x) for x in d.docs)
        more = "" if len(d.docs) >= d.statuses.get("ok", 0) else \
            f'<p class="note">The first {len(d.docs)} of {d.statuses.get("ok", 0)} documents.</p>'
        return f"""<!DOCTYPE html>
<html lang="ru"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Entity extraction report</title>
<style>{css(classes)}
{off_rules(classes)}</style></head>
<body>
<h1>Entity extraction report</h1>
<p class="note">pipeline {esc(__version__)} · made {when}</p>
<h2 id="summary">Run summary</h2>{self.summary()}
<h2 id="top">Top entities</h2>{self.top()}
<h2 id="officials">Officials</h2>{self.officials()}
<h2 id="money">Money</h2>{self.money()}
<h2 id="timeline">Timeline</h2>{self.timeline()}
<h2 id="events">Events</h2>{self.events()}
<h2 id="network">Who appears with whom</h2>
{self.legend(list(MAIN_TYPES), toggles=False)}{self.network()}
<h2 id="documents">Documents</h2>
{self.legend(types)}
<p><input id="doc-filter" type="search" placeholder="filter documents" aria-label="filter documents"></p>
{more}{docs}
<script>{SCRIPT}</script>
</body></html>
"""


def render(data: ReportData) -> str:
    return Page(data).html()

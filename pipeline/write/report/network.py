"""The co-occurrence network as an inline SVG: entities are nodes, an edge
joins two entities named in the same documents (thicker for more documents).
Laid out in Python (Fruchterman-Reingold from a circle, deterministic), so the
picture needs no script and no network access."""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

from pipeline.write.report.style import TYPE_COLORS

W, H, PAD = 900, 560, 80


@dataclass
class Node:
    key: str
    label: str
    type: str
    weight: int  # documents naming it
    x: float = 0.0
    y: float = 0.0


def layout(nodes: list[Node], edges: dict[tuple[int, int], int], rounds: int = 300) -> None:
    """Place ``nodes`` in the W x H box (edges index into ``nodes``)."""
    n = len(nodes)
    if not n:
        return
    for i, node in enumerate(nodes):
        a = 2 * math.pi * i / n
        node.x, node.y = W / 2 + W / 3 * math.cos(a), H / 2 + H / 3 * math.sin(a)
    k = math.sqrt((W - 2 * PAD) * (H - 2 * PAD) / n) * 0.8
    temp = W / 8
    for _ in range(rounds):
        dx = [0.0] * n
        dy = [0.0] * n
        for i in range(n):
            for j in range(i + 1, n):
                ex, ey = nodes[i].x - nodes[j].x, nodes[i].y - nodes[j].y
                d = math.hypot(ex, ey) or 0.01
                f = k * k / d
                dx[i] += ex / d * f
                dy[i] += ey / d * f
                dx[j] -= ex / d * f
                dy[j] -= ey / d * f
        for (i, j), w in edges.items():
            ex, ey = nodes[i].x - nodes[j].x, nodes[i].y - nodes[j].y
            d = math.hypot(ex, ey) or 0.01
            f = d * d / k * (1 + math.log(w))
            dx[i] -= ex / d * f
            dy[i] -= ey / d * f
            dx[j] += ex / d * f
            dy[j] += ey / d * f
        for i, node in enumerate(nodes):
            d = math.hypot(dx[i], dy[i]) or 0.01
            step = min(d, temp)
            node.x += dx[i] / d * step
            node.y += dy[i] / d * step
        temp = max(1.0, temp * 0.97)
    _fit(nodes)


def _fit(nodes: list[Node]) -> None:
    """Scale the layout to fill the box (a dense graph settles in a small knot)."""
    xs, ys = [n.x for n in nodes], [n.y for n in nodes]
    sx, sy = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    x0, y0 = min(xs), min(ys)
    for n in nodes:
        n.x = PAD + (n.x - x0) / sx * (W - 2 * PAD) if len(nodes) > 1 else W / 2
        n.y = PAD + (n.y - y0) / sy * (H - 2 * PAD) if len(nodes) > 1 else H / 2


def svg(nodes: list[Node], edges: dict[tuple[int, int], int], unit: str = "documents") -> str:
    """The network picture; node labels are escaped text."""
    if not nodes:
        return '<p class="empty">No entities named together yet.</p>'
    layout(nodes, edges)
    top = max(edges.values(), default=1)
    most = max(n.weight for n in nodes)
    parts = [f'<svg class="network" viewBox="0 0 {W} {H}" role="img" '
             f'aria-label="co-occurrence network" xmlns="http://www.w3.org/2000/svg">']
    for (i, j), w in sorted(edges.items(), key=lambda e: e[1]):
        a, b = nodes[i], nodes[j]
        parts.append(f'<line x1="{a.x:.1f}" y1="{a.y:.1f}" x2="{b.x:.1f}" y2="{b.y:.1f}" '
                     f'stroke-width="{1 + 4 * w / top:.1f}" stroke-opacity="{0.25 + 0.6 * w / top:.2f}">'
                     f'<title>{escape(a.label)} — {escape(b.label)}: {w} {unit}</title></line>')
    for node in nodes:
        r = 5 + 12 * math.sqrt(node.weight / most)
        color = TYPE_COLORS.get(node.type, "#ddd")
        parts.append(f'<g class="node"><circle cx="{node.x:.1f}" cy="{node.y:.1f}" r="{r:.1f}" '
                     f'fill="{color}"><title>{escape(node.label)} ({escape(node.type)}, '
                     f'{node.weight} doc.)</title></circle>'
                     f'<text x="{node.x:.1f}" y="{node.y - r - 3:.1f}">{escape(node.label)}</text></g>')
    parts.append("</svg>")
    return "".join(parts)

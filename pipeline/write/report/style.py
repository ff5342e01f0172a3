"""The report's inline CSS and script (no CDN: the page works offline)."""

from __future__ import annotations

from pipeline.labels import FAC, LOC, MONEY, ORG, PER, ROLE

TYPE_COLORS = {PER: "#ffc98b", ORG: "#9cc3ff", LOC: "#a8e6a1", FAC: "#c9ecd9",
               MONEY: "#fff08a", ROLE: "#dcbcff"}
OTHER_COLOR = "#dddddd"
TYPE_NAMES = {PER: "person", ORG: "organization", LOC: "place", FAC: "facility",
              MONEY: "money", ROLE: "post"}


def css(types: list[str]) -> str:
    marks = "\n".join(f'mark.e-{t} {{ background: {TYPE_COLORS.get(t, OTHER_COLOR)}; }}'
                      for t in types)
    return """
body { font: 15px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 1100px; padding: 1em 2em;
       color: #222; }
h1 { margin-bottom: .2em; } h2 { border-bottom: 1px solid #ccc; margin-top: 2em; }
table { border-collapse: collapse; margin: .5em 0; } td, th { padding: 2px 8px; text-align: left;
  vertical-align: top; border-bottom: 1px solid #eee; } th { background: #f4f4f4; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.summary td:first-child { color: #555; }
mark { border-radius: 3px; padding: 0 1px; color: inherit; }
mark mark { border: 1px solid #0005; }
mark[data-t]::after { content: attr(data-t); font-size: 60%; vertical-align: super; color: #555;
  margin-left: 1px; }
body.hide-tags mark[data-t]::after { content: none; }
.legend span { display: inline-block; padding: 1px 8px; margin: 2px; border-radius: 3px;
  cursor: pointer; user-select: none; }
.legend span.off { opacity: .35; text-decoration: line-through; }
.doc { border: 1px solid #ddd; border-radius: 6px; padding: .5em 1em; margin: 1em 0; }
.doc h3 { margin: .3em 0; font-size: 105%; } .doc .text { white-space: pre-wrap; }
.doc .meta { color: #666; font-size: 90%; }
.rels { font-size: 90%; } .rels li { margin: 2px 0; }
svg.network { width: 100%; height: auto; border: 1px solid #eee; }
svg.network line { stroke: #556; } svg.network text { font-size: 11px; text-anchor: middle;
  paint-order: stroke; stroke: #fff; stroke-width: 3px; }
svg.network circle { stroke: #333; stroke-width: .7; }
.empty, .note { color: #777; }
""" + marks


SCRIPT = """
(function () {
  var body = document.body;
  document.querySelectorAll('.legend span[data-type]').forEach(function (el) {
    el.addEventListener('click', function () {
      var t = el.getAttribute('data-type');
      el.classList.toggle('off');
      body.classList.toggle('off-' + t);
    });
  });
  var box = document.getElementById('doc-filter');
  if (box) {
    box.addEventListener('input', function () {
      var q = box.value.toLowerCase();
      document.querySelectorAll('.doc').forEach(function (d) {
        d.style.display = d.textContent.toLowerCase().indexOf(q) >= 0 ? '' : 'none';
      });
    });
  }
})();
"""


def off_rules(types: list[str]) -> str:
    """Legend toggles: a hidden type keeps its text but loses its colour."""
    return "\n".join(f"body.off-{t} mark.e-{t} {{ background: none; border: none; }}\n"
                     f"body.off-{t} mark.e-{t}::after {{ content: none; }}" for t in types)

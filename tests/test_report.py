"""report.html: self-contained, escaped, and right in a real headless browser
(Debian's chromium, installed by .ci/run; the browser test is skipped when no
chromium is on PATH)."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess

import pytest

from pipeline.write.readback import read_rows
from pipeline.write.report.style import TYPE_COLORS

from .sample_run import SEED_ID, nested_pair, sample_run, source_text

CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))
                 if p), None)

# Injected first into <head> of a copy of the report: records every error and
# console.error, then on load measures each highlight, clicks the PER legend
# entry and writes it all into <pre id="probe"> for --dump-dom to print.
PROBE = """<script>
window.__errors = [];
window.addEventListener('error', function (e) {
  window.__errors.push('error: ' + (e.message || (e.target && (e.target.src || e.target.href))));
}, true);
var __ce = console.error;
console.error = function () {
  window.__errors.push('console.error: ' + Array.prototype.join.call(arguments, ' '));
  __ce.apply(console, arguments);
};
window.addEventListener('load', function () {
  function marks() {
    return Array.prototype.map.call(document.querySelectorAll('mark'), function (m) {
      var r = m.getBoundingClientRect(), s = getComputedStyle(m);
      return {cls: m.className, text: m.textContent, w: r.width, h: r.height,
              bg: s.backgroundColor, vis: s.visibility};
    });
  }
  var before = marks();
  document.querySelector('.legend span[data-type="PER"]').click();
  var after = marks();
  var pre = document.createElement('pre');
  pre.id = 'probe';
  pre.textContent = JSON.stringify({errors: window.__errors, before: before, after: after,
    scripts: document.scripts.length, images: document.images.length,
    svg: document.querySelectorAll('svg.network circle').length});
  document.body.appendChild(pre);
});
</script>"""


@pytest.fixture(scope="module")
def out(tmp_path_factory, pipe):
    return sample_run(tmp_path_factory.mktemp("report"), "--report")


@pytest.fixture(scope="module")
def page(out) -> str:
    return (out / "report.html").read_text(encoding="utf-8")


def rgb(hex_color: str) -> str:
    r, g, b = (int(hex_color[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


def test_self_contained(page):
    assert not re.search(r"""(?:src|href|action)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert not re.search(r"@import|url\(", page)
    assert "<link" not in page


def test_sections_and_seed_content(out, page):
    for heading in ("Run summary", "Top entities", "Officials", "Money", "Who appears with whom",
                    "Documents"):
        assert f">{heading}</h2>" in page
    assert re.search(r'<mark class="e-PER"[^>]*>Бакытжан Сагинтаев</mark>', page)
    src = source_text(out, SEED_ID)
    o, i = nested_pair(out, SEED_ID)
    assert re.search(f'<mark class="e-{o["type"]}"[^>]*>{re.escape(html.escape(src[o["start"]:i["start"]]))}'
                     f'<mark class="e-{i["type"]}"[^>]*>{re.escape(html.escape(i["text"]))}</mark>'
                     f'{re.escape(html.escape(src[i["stop"]:o["stop"]]))}</mark>', page)
    anchor = "#doc-2019_2f000_45e820025c7afbec"
    assert re.search(r"<td>Бакытжан Сагинтаев</td>.*?href=\"" + anchor, page)
    assert f'id="{anchor[1:]}"' in page
    assert "4\u202f700\u202f000\u202f000" in page and "<td>USD</td>" in page
    officials = page[page.index('<h2 id="officials">'):page.index('<h2 id="money">')]
    if (out / "officials.parquet").exists():
        people = {r["person"] for r in read_rows(out, "officials", [SEED_ID])}
    else:  # the report lists people with a post from the relations
        names = {e["entity_id"]: e["name"] for e in read_rows(out, "entities")}
        people = {names[r["subj_entity_id"]] for r in read_rows(out, "relations", [SEED_ID])
                  if r["type"] == "WORKS_AS" and r["subj_type"] == "PER"}
    assert "Бакытжан Сагинтаев" in people
    for person in people:
        assert f"<td>{html.escape(person)}</td>" in officials
    assert "<title>Алматы (LOC" in page  # a node of the network


def test_article_text_cannot_become_markup(page):
    assert "<script>alert" not in page and "<img" not in page
    # the escaped text is there (a highlight may sit inside it)
    plain = re.sub(r"</?mark[^>]*>", "", page)
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in plain
    assert "\x1b" not in page
    assert page.count("<script>") == 1


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium on PATH (.ci/run installs it)")
def test_in_headless_chromium(out, tmp_path):
    text = (out / "report.html").read_text(encoding="utf-8")
    probed = tmp_path / "report.html"
    probed.write_text(text.replace('<meta charset="utf-8">', '<meta charset="utf-8">' + PROBE, 1),
                      encoding="utf-8")
    proc = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=5000",
         "--dump-dom", probed.as_uri()],
        capture_output=True, text=True, timeout=120)
    found = re.search(r'<pre id="probe">(.*?)</pre>', proc.stdout, re.S)
    assert found, proc.stderr[-2000:]
    probe = json.loads(html.unescape(found.group(1)))
    assert probe["errors"] == []
    assert probe["scripts"] == 2 and probe["images"] == 0  # the probe and the report's own
    assert probe["svg"] > 3
    seen = {(m["cls"], m["text"]): m for m in probe["before"]}
    mentions = read_rows(out, "mentions", [SEED_ID])
    firsts = [next(m["text"] for m in mentions if m["type"] == t) for t in ("ORG", "LOC", "ROLE")]
    for typ, text in [("PER", "Бакытжан Сагинтаев"), ("MONEY", "4,7 млрд долларов"),
                      *zip(("ORG", "LOC", "ROLE"), firsts, strict=True)]:
        mark = seen[(f"e-{typ}", text)]
        assert mark["w"] > 0 and mark["h"] > 0 and mark["vis"] == "visible", mark
        assert mark["bg"] == rgb(TYPE_COLORS[typ]), mark
    hidden = {(m["cls"], m["text"]): m for m in probe["after"]}
    assert hidden[("e-PER", "Бакытжан Сагинтаев")]["bg"] == "rgba(0, 0, 0, 0)"
    assert hidden[("e-LOC", "Алматы")]["bg"] == rgb(TYPE_COLORS["LOC"])


def test_timeline_counts_mentions_by_month(out, page):
    """The seed is published 2019-11-05: its top people count in the 2019-11 column."""
    timeline = page[page.index('<h2 id="timeline">'):page.index('<h2 id="network">')]
    assert "<th>2019-11</th>" in timeline
    n = sum(1 for m in read_rows(out, "mentions", [SEED_ID]) if m["normal"] and "Сагинтаев" in m["normal"]
            and m["type"] == "PER")
    assert n and re.search(r'<td>Бакытжан Сагинтаев <span class="note">PER</span></td><td class="num">'
                           + str(n) + "</td>", timeline)


def test_dated_posts_show_since_and_until():
    from pipeline.write.report.data import ReportData
    from pipeline.write.report.render import Page

    data = ReportData(dated_posts=[{"person": "Андрей Казьмин", "role": "председатель правления",
                                    "place": "Сбербанк", "since": "1999", "until": "2005",
                                    "doc_id": "d1"}])
    html_text = Page(data).timeline()
    assert "No publication dates." in html_text
    assert ("<td>Андрей Казьмин</td><td>председатель правления</td><td>Сбербанк</td>"
            "<td>1999</td><td>2005</td><td>d1</td>") in html_text


def test_events_by_day_of_publication(tmp_path):
    from pipeline.write.report.data import gather
    from pipeline.write.report.render import Page

    (tmp_path / "documents.csv").write_text(
        "doc_id,title,published_at,status\nd1,Саммит,2019-11-04,ok\nd2,Матч,2019-11-02,ok\nd3,Без даты,,ok\n",
        encoding="utf-8")
    (tmp_path / "events.csv").write_text(
        "doc_id,mention_id,start,stop,text,normal,sent_idx,date_mention_id,date_value,place_mention_id,"
        "place,participants,participant_entity_ids\n"
        "d1,d1:M4,20,39,подписал меморандум,подписал меморандум,0,d1:M1,2019-11-04,d1:M2,Алматы,"
        "аким; губернатор,;\n"
        "d2,d2:M1,0,4,Матч,матч,0,,,d2:M3,Казань,<script>x</script>,\n"
        "d3,d3:M2,5,12,выборах,выборы,0,,,,,,\n", encoding="utf-8")
    data = gather(tmp_path)
    assert list(data.events) == ["2019-11-02", "2019-11-04", ""] and data.n_events == 3
    html_text = Page(data).events()
    assert html_text.index("<h3>2019-11-02</h3>") < html_text.index("<h3>2019-11-04</h3>") \
        < html_text.index("<h3>undated</h3>")
    assert ("<td>подписал меморандум</td><td>2019-11-04</td><td>Алматы</td><td>аким; губернатор</td>"
            in html_text)
    assert "<script>" not in html_text and "&lt;script&gt;" in html_text
    (tmp_path / "none").mkdir()
    assert "No events." in Page(gather(tmp_path / "none")).events()


def test_report_has_an_events_section(page):
    assert '<h2 id="events">Events</h2>' in page

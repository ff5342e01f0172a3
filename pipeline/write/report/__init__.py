"""``report.html``: one self-contained page for reading a run at a glance.

Run summary, the top people, organizations and places (with links to their
documents), the officials table, money mentions with their values, the
co-occurrence network (inline SVG) and the documents with their entities
highlighted by type and their relations listed.  CSS, script and picture are
inline, so the file works offline and can be mailed.  Every piece of input
text goes through :func:`html.escape`: article text can never become markup.
"""

from __future__ import annotations

import os
from pathlib import Path

from pipeline.write.report.data import gather
from pipeline.write.report.render import render


def write_report(out: Path, max_docs: int = 200) -> Path:
    """Write ``out/report.html`` from the tables in ``out``."""
    out = Path(out)
    path, tmp = out / "report.html", out / ".report.html.tmp"
    tmp.write_text(render(gather(out, max_docs=max_docs)), encoding="utf-8")
    os.replace(tmp, path)
    return path

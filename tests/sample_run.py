"""A small real run for the output tests: the seed article plus JSONL records
with hostile text (a formula, markup, a terminal escape sequence)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from pipeline.cli import main

from .conftest import SEEDS

SEED_ID = "2019/000_45e820025c7afbec"
RECORDS = [
    {"id": "j1", "title": "Финансы", "text": "Министр финансов России Антон Силуанов заявил, "
     "что дефицит бюджета составит 1,5 трлн рублей.\n\nЦБ РФ сохранил ключевую ставку."},
    {"id": "evil", "title": "=HYPERLINK(\"http://evil\",\"клик\")",
     "text": "<script>alert('x')</script> Мэр Москвы Сергей Собянин открыл парк. "
             "<img src=x onerror=alert(1)> \x1b[31mГлава Сбербанка Герман Греф\x1b[0m приехал."},
]


def make_input(root: Path) -> Path:
    inp = root / "in"
    (inp / "2019").mkdir(parents=True)
    shutil.copy(next(SEEDS.glob("*.txt")), inp / "2019")
    (inp / "feed.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in RECORDS) + "\n", encoding="utf-8")
    return inp


def sample_run(root: Path, *flags: str) -> Path:
    """Run the CLI on the sample input; returns the output folder."""
    out = root / "out"
    code = main(["run", str(make_input(root)), "-o", str(out), "--workers", "1", "--quiet", *flags])
    assert code == 0
    return out

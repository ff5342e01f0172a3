"""A small real run for the output tests: the seed article plus JSONL records
with hostile text (a formula, markup, a terminal escape sequence)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from pipeline.cli import main
from pipeline.write.readback import doc_texts, read_rows

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


def mentions_of(out: Path, doc_id: str) -> list[dict]:
    return read_rows(out, "mentions", [doc_id])


def source_text(out: Path, doc_id: str) -> str:
    return doc_texts(out, [doc_id])[doc_id]


def nested_pair(out: Path, doc_id: str) -> tuple[dict, dict]:
    """A mention holding exactly one other (the seed has several, e.g. «аким
    Алматы» around «Алматы»), taken from the run's own table so the tests
    follow the models."""
    ms = mentions_of(out, doc_id)
    spans = [(m["start"], m["stop"]) for m in ms]
    for outer in ms:
        a, b = outer["start"], outer["stop"]
        touching = [m for m in ms if m is not outer and m["start"] < b and a < m["stop"]]
        if len(touching) == 1 and a <= touching[0]["start"] and touching[0]["stop"] <= b:
            inner = touching[0]
            if spans.count((a, b)) == 1 and spans.count((inner["start"], inner["stop"])) == 1:
                return outer, inner
    raise AssertionError("no nested mention in the sample")

"""``python -m pipeline.bench`` on a tiny corpus: what it reports (never how fast)."""

from __future__ import annotations

import json

from pipeline.bench import build_corpus, corpus_files, main, table
from tests.small_corpus import write_corpus


def _data(tmp_path):
    data = tmp_path / "data"
    write_corpus(data / "nerel" / "dev", {"a": "Владимир Путин посетил Казань.",
                                           "b": "Сбербанк выделил 5 млрд рублей."})
    write_corpus(data / "factru-dev", {"c": "Глава МИД Сергей Лавров прибыл в Женеву."})
    return data


def test_corpus_is_repeated_under_distinct_names(tmp_path):
    data = _data(tmp_path)
    files = corpus_files(data, "all")
    assert len(files) == 3 and len(corpus_files(data, "nerel-dev")) == 2
    root = build_corpus(files, 3, tmp_path / "corpus")
    copies = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.txt"))
    assert len(copies) == len(set(copies)) == 9


def test_bench_reports_every_system_with_ratios(tmp_path):
    data, out = _data(tmp_path), tmp_path / "bench"
    assert main(["--data", str(data), "--out", str(out), "--scale", "2", "--cores", "2"]) == 0
    report = json.loads((out / "bench.json").read_text(encoding="utf-8"))
    assert report["docs"] == 6
    systems = report["systems"]
    assert set(systems) == {"natasha", "project-1", "project-2"}
    assert systems["natasha"]["x_natasha"] == 1.0
    for name, n_workers in (("natasha", 1), ("project-1", 1), ("project-2", 2)):
        r = systems[name]
        assert r["docs"] == 6 and r["docs_per_s"] > 0 and r["mb_per_s"] >= 0
        assert 1 <= len(r["workers"]) <= n_workers  # workers that got a chunk
        assert all(w["peak_rss_mb"] > 0 and w["load_seconds"] >= 0 for w in r["workers"])
        assert abs(sum(r["stage_share"].values()) - 1) < 0.01
    assert {"segment", "morph", "syntax", "ner", "money"} <= set(systems["natasha"]["stage_share"])
    md = (out / "bench.md").read_text(encoding="utf-8")
    assert md == table(report) and "| project-2 |" in md

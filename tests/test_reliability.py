"""The reliability table of confidences."""

from __future__ import annotations

import pytest

from pipeline.eval.reliability import format_reliability, reliability


def test_bins_shares_and_expected_calibration_error():
    table = reliability([(0.1, False), (0.3, True), (0.35, False),
                         (0.9, True), (0.9, True), (0.85, False), (1.0, True), (0.6, True)])
    assert [b["n"] for b in table["bins"]] == [1, 2, 0, 1, 4]  # 0.6 opens the 0.6-0.8 bin, 1.0 is in the last
    assert table["bins"][1]["confidence"] == pytest.approx(0.325)
    assert table["bins"][1]["right"] == 0.5
    assert table["bins"][2]["confidence"] is None
    assert table["bins"][4]["confidence"] == pytest.approx(0.9125)
    assert table["bins"][4]["right"] == 0.75
    # (1 · 0.1 + 2 · 0.175 + 1 · 0.4 + 4 · 0.1625) / 8
    assert table["ece"] == pytest.approx(1.5 / 8, abs=1e-4)
    assert table["n"] == 8


def test_format_shows_every_bin():
    text = format_reliability("dev", reliability([(0.9, True)]))
    assert "0.8-1.0" in text and "0.4-0.6" in text
    assert "expected calibration error 0.100 over 1 relations" in text

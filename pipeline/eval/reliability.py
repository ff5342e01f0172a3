"""Reliability of confidences: do relations given 0.8 come out right about
80 % of the time?

Predictions are binned by confidence (0–0.2, 0.2–0.4, …, 0.8–1.0; the top
bin holds 1.0); each bin shows its count, mean confidence and the share
right.  The expected calibration error (ECE) is the count-weighted mean of
|mean confidence − share right| over the bins.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

EDGES = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)


def reliability(scored: Iterable[tuple[float, bool]]) -> dict:
    """``{"bins": [{"lo", "hi", "n", "confidence", "right"}, …], "n", "ece"}``
    of (confidence, right?) pairs; an empty bin has ``None`` averages."""
    sums = [[0, 0.0, 0] for _ in EDGES[1:]]  # count, confidence sum, right
    for conf, right in scored:
        k = min(max(bisect_right(EDGES, conf) - 1, 0), len(sums) - 1)
        sums[k][0] += 1
        sums[k][1] += conf
        sums[k][2] += bool(right)
    n = sum(s[0] for s in sums)
    bins, ece = [], 0.0
    for (lo, hi), (count, conf, right) in zip(zip(EDGES[:-1], EDGES[1:], strict=True), sums, strict=True):
        mean = conf / count if count else None
        share = right / count if count else None
        if count:
            ece += count / n * abs(mean - share)
        bins.append({"lo": lo, "hi": hi, "n": count,
                     "confidence": None if mean is None else round(mean, 4),
                     "right": None if share is None else round(share, 4)})
    return {"bins": bins, "n": n, "ece": round(ece, 4)}


def format_reliability(title: str, table: dict) -> str:
    lines = [title, f"{'confidence':<12}{'n':>7}{'mean conf':>11}{'right':>8}"]
    for b in table["bins"]:
        cells = ("{:>11.3f}{:>8.3f}".format(b["confidence"], b["right"]) if b["n"]
                 else f"{'-':>11}{'-':>8}")
        lines.append(f"{b['lo']:.1f}-{b['hi']:.1f}{'':<5}{b['n']:>7}{cells}")
    lines.append(f"expected calibration error {table['ece']:.3f} over {table['n']} relations")
    return "\n".join(lines)

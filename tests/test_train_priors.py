"""``pipeline.train.priors``: a fold's rows never take priors counted on
their own fold."""

from __future__ import annotations

from collections import Counter

from pipeline.train.priors import PriorFolds


class WordFolds(PriorFolds):
    """Rows are words; a word's prior is how often the other folds saw it."""

    def table(self, counts):
        total = Counter()
        for c in counts:
            total.update(c)
        return total

    def example(self, row, table):
        return [f"{row}:{table[row]}"], int(row == "выборы")


def test_training_rows_take_the_other_training_folds_priors():
    # six documents dealt by id into three folds (d0 d3, d1 d4, d2 d5)
    folds = WordFolds([f"d{i}" for i in range(6)])
    assert folds.k == [0, 1, 2] and folds.fold["d3"] == 0 and folds.fold["d5"] == 2
    for i, word in enumerate(["выборы", "выборы", "матч", "выборы", "матч", "матч"]):
        folds.add(f"d{i}", [word], Counter([word]))
    assert folds.rows == {0: ["выборы", "выборы"], 1: ["выборы", "матч"], 2: ["матч", "матч"]}
    assert folds.priors([1, 2]) == Counter({"матч": 3, "выборы": 1})
    # training on folds 0 and 2: fold 0's rows see fold 2's counts, fold 2's see fold 0's
    xs, ys = folds.training([0, 2])
    assert xs == [["выборы:0"], ["выборы:0"], ["матч:0"], ["матч:0"]]
    assert ys == [1, 1, 0, 0]
    xs, _ = folds.training([0, 1])
    assert xs == [["выборы:1"], ["выборы:1"], ["выборы:2"], ["матч:0"]]

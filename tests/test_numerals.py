"""Values of cardinal and ordinal numbers in words and digits."""

from __future__ import annotations

import pytest

from pipeline.numerals import cardinal, is_cardinal_word, is_ordinal_word, ordinal, roman


@pytest.mark.parametrize(("text", "value"), [
    ("три", 3), ("двух", 2), ("двое", 2), ("троих", 3), ("двадцать пять", 25), ("5,4 тыс.", 5400),
    ("полтора миллиона", 1_500_000), ("более 50", 50), ("1 500", 1500), ("12 345 человек", 12345),
    ("сто двадцать", 120), ("три тысячи", 3000),
])
def test_cardinal(text, value):
    assert cardinal(text.split()) == value


@pytest.mark.parametrize("text", ["несколько тысяч", "сотни", "две трети", "человек"])
def test_no_cardinal_value_for_vague_or_fractional_counts(text):
    assert cardinal(text.split()) is None


@pytest.mark.parametrize(("text", "value"), [
    ("третий", 3), ("третьего", 3), ("первым", 1), ("двадцать первого", 21), ("XXII", 22),
    ("29-го", 29), ("3-й", 3), ("№ 268", 268), ("сороковой", 40), ("сотом", 100),
])
def test_ordinal(text, value):
    assert ordinal(text.split()) == value


def test_roman():
    assert (roman("XIV"), roman("MMXX"), roman("II"), roman("Иван"), roman("")) == (14, 2020, 2, None, None)


def test_word_classes():
    assert all(map(is_ordinal_word, ["третьей", "XVI", "15-й", "Первый"]))
    # «девятью», «пятью» are cardinals in the instrumental, not ordinals
    assert not any(map(is_ordinal_word, ["девятью", "пятью", "пять", "город"]))
    assert all(map(is_cardinal_word, ["три", "двое", "5,4", "тыс.", "миллиона"]))
    assert not any(map(is_cardinal_word, ["третий", "человек"]))

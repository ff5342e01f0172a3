"""MONEY on NEREL: span P/R/F1 and values of ``find_money`` next to natasha's.

``evaluate_money(nerel_dir)`` reads ``<nerel_dir>/dev`` (brat: ``*.txt`` and
``*.ann``), runs :func:`pipeline.stages.money.find_money` and natasha's
``MoneyExtractor`` over every whole text, and compares their spans with the
gold MONEY spans.  ``python -m pipeline.eval.money`` prints the table, and with
``--time`` also times both over the train and dev texts.

How spans count:

* **exact**: a predicted span is right when its start and stop equal a gold
  span's (``make eval``'s headline).  **overlap**: when it overlaps one
  (shows how much of the gap is the extent convention, e.g. «около»).
  **exact~**: exact, with a leading qualifier («около», «более», «до», «не
  менее», …) left out of both the gold and the predicted span first: the
  figure free of the qualifier convention (the stage keeps it in the span,
  as NEREL train mostly does; NEREL dev mostly leaves it out).
* **qualifiers**: for each gold span that begins with a qualifier, the
  prediction on it must give that qualifier's kind (``approx``,
  ``more_than``, ``less_than``, ``up_to``) in ``qualifier``.
* NEREL also marks bare currency names as MONEY («биткоина», «долларах»,
  «евро»): no amount, so no money mention of ours.  The **all** row counts
  them as gold (they can only be missed); the **amount** row leaves out the
  gold spans without an amount, i.e. with no digit and no number word
  (numeral, multiplier, «полтора», «несколько», …).  Dev has none; train has
  a few.
* **values**: for each gold span whose value is written out in
  :data:`DEV_VALUES` (hand-checked), the prediction overlapping it must give the
  same amount, currency and amount_max.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from pipeline.eval.gold import NEREL_TYPES
from pipeline.labels import MONEY
from pipeline.stages.money import (
    FRACTIONS,
    MULTIPLIERS,
    NEGATED,
    NUMWORDS,
    QUALIFIER_PREFIXES,
    QUALIFIER_WORDS,
    VAGUE,
    find_money,
)

# Hand-checked values of the NEREL dev MONEY spans: (doc, start, stop) ->
# (amount, currency, amount_max).
DEV_VALUES: dict[tuple[str, int, int], tuple[str, str, str | None]] = {
    ("119336_text", 42, 58): ("8100000", "USD", None),  # 8,1 млн долларов
    ("119336_text", 561, 582): ("8100000", "USD", None),  # 8,1 миллиона долларов
    ("1628344_text", 47, 54): ("27000000", "USD", None),  # $27 млн
    ("1628344_text", 157, 164): ("22000000", "GBP", None),  # £22 млн
    ("1628344_text", 175, 184): ("27500000", "USD", None),  # $27.5 млн
    ("1628344_text", 329, 336): ("15000000", "GBP", None),  # £15 млн
    ("1628344_text", 347, 356): ("18700000", "USD", None),  # $18.7 млн
    ("1718166_text", 344, 374): ("30000000", "GBP", None),  # 30 миллионов фунтов стерлингов
    ("1718166_text", 58, 65): ("30000000", "GBP", None),  # £30 млн
    ("200774_text", 371, 392): ("45000", "RUB", None),  # более 45 тысяч рублей
    ("213124_text", 513, 528): ("750000", "CNY", None),  # 750 тысяч юаней
    ("213124_text", 530, 548): ("113000", "USD", None),  # 113 тысяч долларов
    ("213197_text", 24, 35): ("5000", "RUB", None),  # 5000 рублей
    ("213197_text", 568, 590): ("3000", "RUB", "5000"),  # от 3 до 5 тысяч рублей
    ("213197_text", 785, 796): ("5000", "RUB", None),  # 5000 рублей
    ("213197_text", 821, 832): ("76", "USD", None),  # 76 долларов
    ("213197_text", 992, 1014): ("3040000000", "USD", None),  # 3,04 млрд долларов США
    ("213197_text", 1034, 1051): ("1200000000", "USD", None),  # 1,2 млрд долларов
    ("213197_text", 930, 944): ("100", "USD", None),  # 100-долларовой
    ("218392_text", 28, 43): ("80000000", "USD", None),  # 80 млн долларов
    ("218392_text", 193, 210): ("80300000", "USD", None),  # 80,3 млн долларов
    ("218392_text", 580, 587): ("78000000", "USD", None),  # $78 млн
    ("221759_text", 519, 546): ("30000000", "USD", None),  # почти 30 миллионов долларов
    ("221759_text", 1706, 1723): ("3500000000", "USD", None),  # 3,5 млрд долларов
    ("231153_text", 2201, 2215): ("7000000", "USD", None),  # 7 млн долларов
    ("270438_text", 638, 666): ("100000000", "HKD", None),  # 100 млн гонконгских долларов
    ("270438_text", 668, 689): ("12800000", "USD", None),  # 12,8 млн долларов США
    ("598801_text", 808, 823): ("15000", "RUB", None),  # 15 тысяч рублей
    ("598801_text", 1184, 1199): ("15000", "RUB", None),  # 15 тысяч рублей
}

_AMOUNT_WORDS = frozenset(NUMWORDS) | frozenset(MULTIPLIERS) | frozenset(FRACTIONS) | frozenset(VAGUE)
_WORD_RE = re.compile(r"[^\W\d_]+")
# A leading qualifier of a span: «около », «не менее », «более чем », «примерно в ».
_QUAL_RE = re.compile(
    rf"(?i)(?:({'|'.join(sorted(QUALIFIER_PREFIXES))})\s+)?({'|'.join(sorted(QUALIFIER_WORDS))})"
    r"(?:\s+чем)?(?:\s+(?:в|на)(?=\s))?\s+(?=\S)"
)


@dataclass(frozen=True, slots=True)
class Span:
    doc: str
    start: int
    stop: int
    text: str
    amount: Decimal | None = None
    currency: str = ""
    amount_max: Decimal | None = None
    qualifier: str = ""


def leading_qualifier(text: str) -> tuple[int, str]:
    """Length and kind of a qualifier that begins a span, or (0, "")."""
    m = _QUAL_RE.match(text)
    if m is None:
        return 0, ""
    prefix, word = (g.lower() if g else g for g in m.groups())
    if prefix == "не" and word in NEGATED:
        return m.end(), NEGATED[word]
    if prefix and word not in NEGATED:
        return 0, ""  # «чуть около»: not a qualifier
    return m.end(), QUALIFIER_WORDS[word]


def has_amount(text: str) -> bool:
    """Whether a gold MONEY span holds an amount (a digit or a number word)."""
    if any(ch.isdigit() for ch in text):
        return True
    return any(w.lower().replace("ё", "е") in _AMOUNT_WORDS for w in _WORD_RE.findall(text))


def read_split(split_dir: Path) -> list[tuple[str, str, list[Span]]]:
    """(doc id, text, gold MONEY spans) for each document of a brat folder."""
    docs = []
    for txt in sorted(split_dir.glob("*.txt")):
        with open(txt, encoding="utf-8", newline="") as f:
            text = f.read()
        gold = []
        ann = txt.with_suffix(".ann")
        lines = ann.read_text(encoding="utf-8").splitlines() if ann.exists() else []
        for line in lines:
            if not line.startswith("T"):
                continue
            _, info, _ = line.split("\t", 2)
            label, _, offsets = info.partition(" ")
            if NEREL_TYPES.get(label) != MONEY:
                continue
            bounds = [int(x) for part in offsets.split(";") for x in part.split()]
            start, stop = min(bounds), max(bounds)
            gold.append(Span(txt.stem, start, stop, text[start:stop]))
        docs.append((txt.stem, text, gold))
    return docs


def _ours(doc: str, text: str) -> list[Span]:
    return [
        Span(doc, m.start, m.stop, m.text, m.amount, m.currency, m.amount_max, m.qualifier)
        for m in find_money(text)
    ]


def _natasha() -> Callable[[str, str], list[Span]]:
    from natasha import MoneyExtractor, MorphVocab

    extractor = MoneyExtractor(MorphVocab())

    def run(doc: str, text: str) -> list[Span]:
        out = []
        for m in extractor(text):
            amount = Decimal(str(m.fact.amount)) if m.fact.amount is not None else None
            out.append(Span(doc, m.start, m.stop, text[m.start : m.stop], amount, m.fact.currency))
        return out

    return run


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float | int]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "fp": n_pred - tp, "fn": n_gold - tp, "p": p, "r": r, "f1": f}


def _overlaps(a: Span, b: Span) -> bool:
    return a.doc == b.doc and a.start < b.stop and b.start < a.stop


def _same_value(pred: Span, want: tuple[str, str, str | None]) -> bool:
    amount, currency, amount_max = want
    return (
        pred.amount == Decimal(amount)
        and pred.currency == currency
        and pred.amount_max == (None if amount_max is None else Decimal(amount_max))
    )


def score(gold: list[Span], pred: list[Span], values: dict[tuple[str, int, int], tuple]) -> dict:
    """Exact and overlap P/R/F1 on all gold spans and on those with an amount."""
    gold_keys = {(g.doc, g.start, g.stop) for g in gold}
    amount_keys = {(g.doc, g.start, g.stop) for g in gold if has_amount(g.text)}
    pred_keys = {(p.doc, p.start, p.stop) for p in pred}
    on_bare = pred_keys & (gold_keys - amount_keys)
    bare_keys = set()
    qualified = []
    for g in gold:
        cut, kind = leading_qualifier(g.text)
        bare_keys.add((g.doc, g.start + cut, g.stop))
        if kind:
            qualified.append((g, kind))
    pred_bare = {(p.doc, p.start + leading_qualifier(p.text)[0], p.stop) for p in pred}
    result = {
        "all": _prf(len(pred_keys & gold_keys), len(pred_keys), len(gold_keys)),
        "bare": _prf(len(pred_bare & bare_keys), len(pred_bare), len(bare_keys)),
        "amount": _prf(len(pred_keys & amount_keys), len(pred_keys - on_bare), len(amount_keys)),
        "overlap": _prf(
            sum(any(_overlaps(p, g) for g in gold) for p in pred),
            len(pred),
            len(gold),
        ),
    }
    result["overlap"]["fn"] = sum(not any(_overlaps(g, p) for p in pred) for g in gold)
    result["overlap"]["r"] = 1 - result["overlap"]["fn"] / len(gold) if gold else 0.0
    p, r = result["overlap"]["p"], result["overlap"]["r"]
    result["overlap"]["f1"] = 2 * p * r / (p + r) if p + r else 0.0
    checked = right = 0
    wrong = []
    for g in gold:
        want = values.get((g.doc, g.start, g.stop))
        hits = [p for p in pred if _overlaps(p, g)]
        if want is None or not hits:
            continue
        checked += 1
        if any(_same_value(h, want) for h in hits):
            right += 1
        else:
            h = hits[0]
            wrong.append(f"{g.text!r}: {h.text!r} -> {h.amount} {h.currency} {h.amount_max}")
    result["values"] = {"with_value": len(values), "checked": checked, "right": right}
    result["qualifiers"] = {
        "gold": len(qualified),
        "right": sum(any(_overlaps(p, g) and p.qualifier == kind for p in pred) for g, kind in qualified),
    }
    result["value_errors"] = wrong
    result["missed"] = sorted(g.text for g in gold if (g.doc, g.start, g.stop) not in pred_keys)
    result["false"] = sorted(p.text for p in pred if (p.doc, p.start, p.stop) not in gold_keys)
    return result


def evaluate_money(nerel_dir: str | Path, split: str = "dev") -> dict:
    """MONEY span P/R/F1 and values on NEREL ``split``: the project and plain natasha."""
    docs = read_split(Path(nerel_dir) / split)
    gold = [g for _, _, spans in docs for g in spans]
    values = DEV_VALUES if split == "dev" else {}
    result: dict = {
        "split": split,
        "docs": len(docs),
        "gold": len(gold),
        "gold_with_amount": sum(has_amount(g.text) for g in gold),
        "systems": {},
    }
    for name, run in (("project", _ours), ("natasha", _natasha())):
        t = time.process_time()
        pred = [p for doc, text, _ in docs for p in run(doc, text)]
        seconds = time.process_time() - t
        result["systems"][name] = score(gold, pred, values) | {"seconds": round(seconds, 3)}
    return result


def time_money(nerel_dir: str | Path, splits: Iterable[str] = ("train", "dev")) -> dict:
    """CPU seconds that find_money and natasha's MoneyExtractor take over whole texts."""
    texts = [text for s in splits for _, text, _ in read_split(Path(nerel_dir) / s)]
    natasha = _natasha()
    out: dict = {"docs": len(texts), "chars": sum(map(len, texts))}
    for name, run in (("project", _ours), ("natasha", natasha)):
        t = time.process_time()
        n = sum(len(run("", text)) for text in texts)
        out[name] = {"seconds": round(time.process_time() - t, 3), "matches": n}
    return out


def format_table(result: dict) -> str:
    rows = [
        f"MONEY on NEREL {result['split']}: {result['docs']} docs, {result['gold']} gold spans "
        f"({result['gold_with_amount']} with an amount)",
        f"{'system':<9} {'match':<8} {'P':>6} {'R':>6} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4}",
    ]
    for name, res in result["systems"].items():
        labels = (("all", "exact"), ("amount", "exact*"), ("bare", "exact~"), ("overlap", "overlap"))
        for key, label in labels:
            s = res[key]
            rows.append(
                f"{name:<9} {label:<8} {s['p']:>6.3f} {s['r']:>6.3f} {s['f1']:>6.3f} "
                f"{s['tp']:>4} {s['fp']:>4} {s['fn']:>4}"
            )
    rows.append("exact* = gold spans with an amount only (bare currency names left out)")
    rows.append("exact~ = a leading qualifier («около», «более», «до», …) left out of both spans")
    for name, res in result["systems"].items():
        v, q = res["values"], res["qualifiers"]
        rows.append(
            f"{name}: values right {v['right']}/{v['checked']} found "
            f"(of {v['with_value']} hand-checked gold values); "
            f"qualifiers right {q['right']}/{q['gold']}; {res['seconds']:.2f} s CPU"
        )
        rows.extend(f"  wrong value {e}" for e in res["value_errors"])
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pipeline.eval.money", description=__doc__)
    ap.add_argument("--nerel", default="../shared/data/nerel", help="NEREL folder")
    ap.add_argument("--split", default="dev", help="split to score (default: dev)")
    ap.add_argument("--time", action="store_true", help="also time both over train+dev")
    ap.add_argument("--errors", action="store_true", help="list missed and false spans")
    args = ap.parse_args(argv)
    result = evaluate_money(args.nerel, args.split)
    print(format_table(result))
    if args.errors:
        for name, res in result["systems"].items():
            print(f"\n{name} missed: {res['missed']}\n{name} false: {res['false']}")
    if args.time:
        t = time_money(args.nerel)
        print(
            f"\ntime over train+dev ({t['docs']} docs, {t['chars']} chars): "
            f"find_money {t['project']['seconds']:.2f} s CPU ({t['project']['matches']} matches), "
            f"natasha MoneyExtractor {t['natasha']['seconds']:.2f} s CPU "
            f"({t['natasha']['matches']} matches)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

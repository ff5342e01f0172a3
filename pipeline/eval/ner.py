"""Scoring: token-level IO P/R/F1, exact-span P/R/F1, error listing,
normal-form accuracy and within-document linking (coreference) scores.

Everything here works on plain :class:`Span` objects, so the functions can be
checked on hand-made examples; ``pipeline.eval.__main__`` feeds them gold data
and system predictions.

Token-level IO scoring (after natasha's naeval): the text is cut into razdel
tokens, further split at every gold span boundary (so that no token straddles
a gold boundary).  A token is tagged with type T when it overlaps a span of
type T.  Nested spans (NEREL's ORG «правительства Санкт-Петербурга» holding
the LOC «Санкт-Петербурга») are handled by scoring every type on its own: for
type T the gold token set is the tokens covered by any gold span of type T,
the predicted set likewise, and TP/FP/FN are counted over the two sets,
summed over all documents (micro average).  When no spans nest this equals
naeval's IO tag comparison.

Exact-span scoring: per type, sets of ``(start, stop, type)`` (nested spans
included; a span predicted twice counts once); a prediction is a true positive
only if gold has the same offsets and type.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from itertools import combinations, product

from razdel import sentenize, tokenize

from pipeline.labels import LOC, ORG, PER


@dataclass(slots=True)
class Span:
    start: int
    stop: int
    type: str
    text: str = ""
    normal: str = ""
    entity_id: str = ""
    id: str = ""
    # Character ranges covered (discontinuous gold entities); empty = (start, stop).
    fragments: tuple[tuple[int, int], ...] = ()

    @property
    def ranges(self) -> tuple[tuple[int, int], ...]:
        return self.fragments or ((self.start, self.stop),)

    @property
    def key(self) -> tuple[int, int, str]:
        return self.start, self.stop, self.type


@dataclass(slots=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def add(self, other: Counts) -> Counts:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        return self

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {
            "tp": self.tp, "fp": self.fp, "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


# ------------------------------------------------------------ token-level IO


def eval_tokens(text: str, cuts=()) -> list[tuple[int, int]]:
    """razdel tokens of ``text`` as (start, stop), split at the offsets ``cuts``."""
    cut_set = sorted(set(cuts))
    out: list[tuple[int, int]] = []
    for tok in tokenize(text):
        a, b = tok.start, tok.stop
        i = bisect_right(cut_set, a)
        while i < len(cut_set) and cut_set[i] < b:
            out.append((a, cut_set[i]))
            a = cut_set[i]
            i += 1
        out.append((a, b))
    return out


def _covered(tokens: list[tuple[int, int]], starts: list[int], stops: list[int],
             spans, type_: str) -> set[int]:
    """Indexes of tokens overlapping any range of a span of ``type_``."""
    out: set[int] = set()
    for s in spans:
        if s.type != type_:
            continue
        for a, b in s.ranges:
            lo = bisect_right(stops, a)  # first token with stop > a
            hi = bisect_left(starts, b)  # tokens with start < b
            out.update(range(lo, hi))
    return out


def token_counts(text: str, gold, pred, types) -> dict[str, Counts]:
    """Per-type token TP/FP/FN of one document (see module docstring)."""
    cuts = [x for g in gold for r in g.ranges for x in r]
    tokens = eval_tokens(text, cuts)
    starts = [a for a, _ in tokens]
    stops = [b for _, b in tokens]
    out = {}
    for t in types:
        g = _covered(tokens, starts, stops, gold, t)
        p = _covered(tokens, starts, stops, pred, t)
        out[t] = Counts(len(g & p), len(p - g), len(g - p))
    return out


# ---------------------------------------------------------------- exact span


def span_counts(gold, pred, types) -> dict[str, Counts]:
    """Per-type exact-span TP/FP/FN of one document."""
    out = {}
    for t in types:
        g = {s.key for s in gold if s.type == t}
        p = {s.key for s in pred if s.type == t}
        out[t] = Counts(len(g & p), len(p - g), len(g - p))
    return out


# -------------------------------------------------------------------- errors

ERROR_COLUMNS = [
    "dataset", "doc_id", "kind", "gold_type", "gold_text", "gold_start", "gold_stop",
    "pred_type", "pred_text", "pred_start", "pred_stop", "context",
]
NORMAL_ERROR_COLUMNS = [
    "dataset", "doc_id", "type", "gold_text", "gold_start", "gold_stop", "gold_names",
    "pred_text", "pred_start", "pred_stop", "pred_normal", "context",
]


def _overlap(a, b) -> int:
    return max(0, min(a.stop, b.stop) - max(a.start, b.start))


def context(text: str, start: int, stop: int, sents=None) -> str:
    """The sentence holding ``start`` (razdel), or ±60 characters when it is long."""
    if sents is None:
        sents = [(s.start, s.stop) for s in sentenize(text)]
    return _context(text, sents, start, stop)


def _context(text: str, sents: list[tuple[int, int]], start: int, stop: int) -> str:
    for a, b in sents:
        if a <= start < b:
            if b - a <= 400 and stop <= b:
                return text[a:b].replace("\n", " ")
            break
    a, b = max(0, start - 60), min(len(text), stop + 60)
    return text[a:b].replace("\n", " ")


def classify_errors(text: str, gold, pred, types) -> list[dict]:
    """Error rows of one document (kinds: missed, partial, wrong_type, spurious).

    1. gold and predicted spans with the same offsets and type match: no row;
    2. every other gold span is, in this order:
       ``wrong_type`` (an unmatched prediction has the same offsets, other type),
       ``partial`` (a prediction of the same type overlaps it; the largest overlap
       is shown), ``wrong_type`` (only predictions of other types overlap it),
       or ``missed``;
    3. every prediction neither matched nor shown in step 2 is ``partial`` when it
       overlaps a gold span of its type, else ``spurious``.
    """
    gold = [g for g in gold if g.type in types]
    pred = [p for p in pred if p.type in types]
    gkeys = {g.key for g in gold}
    pkeys = {p.key for p in pred}
    open_gold = [g for g in gold if g.key not in pkeys]
    open_pred = [p for p in pred if p.key not in gkeys]
    sents = [(s.start, s.stop) for s in sentenize(text)]
    used: set[int] = set()  # ids of predictions shown in a row
    rows: list[dict] = []
    seen_gold: set[tuple] = set()

    def row(kind, g=None, p=None):
        a = min(x.start for x in (g, p) if x is not None)
        b = max(x.stop for x in (g, p) if x is not None)
        rows.append({
            "kind": kind,
            "gold_type": g.type if g else "",
            "gold_text": text[g.start:g.stop] if g else "",
            "gold_start": g.start if g else "",
            "gold_stop": g.stop if g else "",
            "pred_type": p.type if p else "",
            "pred_text": text[p.start:p.stop] if p else "",
            "pred_start": p.start if p else "",
            "pred_stop": p.stop if p else "",
            "context": _context(text, sents, a, b),
        })

    for g in sorted(open_gold, key=lambda s: (s.start, -s.stop)):
        if g.key in seen_gold:
            continue
        seen_gold.add(g.key)
        same_offsets = [p for p in open_pred if (p.start, p.stop) == (g.start, g.stop)]
        same_type = [p for p in open_pred if p.type == g.type and _overlap(p, g)]
        other = [p for p in open_pred if p.type != g.type and _overlap(p, g)]
        if same_offsets:
            p = same_offsets[0]
            row("wrong_type", g, p)
        elif same_type:
            p = max(same_type, key=lambda p: _overlap(p, g))
            row("partial", g, p)
        elif other:
            p = max(other, key=lambda p: _overlap(p, g))
            row("wrong_type", g, p)
        else:
            row("missed", g)
            continue
        used.add(id(p))
    seen_pred: set[tuple] = set()
    for p in sorted(open_pred, key=lambda s: (s.start, -s.stop)):
        if id(p) in used or p.key in seen_pred:
            continue
        seen_pred.add(p.key)
        same_type = [g for g in gold if g.type == p.type and _overlap(p, g)]
        if same_type:
            row("partial", max(same_type, key=lambda g: _overlap(p, g)), p)
        else:
            row("spurious", None, p)
    rows.sort(key=lambda r: min(x for x in (r["gold_start"], r["pred_start"]) if x != ""))
    return rows


# ------------------------------------------------------------- normal forms

_QUOTES = re.compile(r"[«»\"“”„'`‘’().]")


def norm_name(s: str) -> str:
    """Comparison key of a name: lower case, ё→е, no quotes, brackets or dots
    («В.Л.» = «В Л»), tight hyphens, single spaces."""
    s = _QUOTES.sub(" ", s.lower().replace("ё", "е"))
    s = re.sub(r"\s*-\s*", "-", s)
    return " ".join(s.split())


# factRuEval span type -> .coref attribute keys (first value of each, joined).
_NAME_PARTS = {
    "name": ("firstname", "firstname1", "firstname2"),
    "patronymic": ("patronymic",),
    "surname": ("lastname", "lastname1"),
    "nickname": ("nickname",),
}


_INITIAL = re.compile(r"^[A-ZА-ЯЁ]\.?$")


def _fits(piece: str, value: str) -> bool:
    """Whether a name written in the text («Реджепом») is the gold value
    («Реджеп»): the same first three letters (fewer for a shorter word)."""
    p, v = norm_name(piece), norm_name(value)
    n = min(3, len(p), len(v))
    return bool(n) and p[:n] == v[:n]


def _part_kind(piece: str, stype: str, attrs: dict[str, list[str]]) -> str:
    """The name part a span is: its type, unless its text fits only the value
    of another part (factRuEval types «Ху» in «Ху Цзиньтао» as a first name
    while the .coref object has lastname Ху)."""
    own = attrs.get(_NAME_PARTS[stype][0], [])
    if not piece or any(_fits(piece, v) for v in own):
        return stype
    others = [k for k in _NAME_PARTS if k != stype
              and any(_fits(piece, v) for v in attrs.get(_NAME_PARTS[k][0], []))]
    return others[0] if len(others) == 1 else stype


def _in_text(value: str, pieces: list[str]) -> bool:
    return any(_fits(w, value) for p in pieces for w in re.split(r"[\s-]+", p) if w)


def gold_person_names(parts, attrs: dict[str, list[str]], text: str | None = None) -> list[str]:
    """Gold normal names of a factRuEval Person mention.

    The name is built from the parts the mention has, in text order, each
    taken from the coreference object: «Юрия Лужкова» (name + surname) →
    «Юрий Лужков», «Лужкова» (surname) → «Лужков».  With ``text``: a part
    written as an initial stays an initial («А. Кудрин» → «А Кудрин», not
    «Алексей Кудрин»); a second first name or surname (``firstname1``,
    ``lastname1``) is added only when the mention has it («Реджеп Эрдоган» is
    not «Реджеп Тайип Эрдоган»), joined with a hyphen when the text has one
    («Жан-Мари», «Саишвили-Чантурия»); a span whose text fits only another
    part's value is that part («Ху Цзиньтао», typed name + surname, with
    lastname Ху).  Several values for a key give several accepted names.
    Empty when a part has no value.
    """
    by_range: dict[tuple[int, int], list[str]] = {}
    for stype, a, b in parts:
        if stype in _NAME_PARTS:
            by_range.setdefault((a, b), []).append(stype)
    kinds: list[str] = []
    pieces: dict[str, list[str]] = {}
    initials: dict[str, str] = {}
    for rng in sorted(by_range):
        # One span may be typed twice (surname and nickname): take a type the
        # coreference object has a value for.
        types = by_range[rng]
        stype = next((t for t in types if attrs.get(_NAME_PARTS[t][0])), types[0])
        piece = text[rng[0]:rng[1]].strip() if text is not None else ""
        if not _INITIAL.match(piece):
            stype = _part_kind(piece, stype, attrs)
        pieces.setdefault(stype, []).append(piece)
        if stype not in kinds:
            kinds.append(stype)
            if _INITIAL.match(piece):
                initials[stype] = piece.rstrip(".")
    if not kinds:
        return []
    alternatives: list[list[str]] = []
    for k in kinds:
        if k in initials:
            alternatives.append([initials[k]])
            continue
        keys = _NAME_PARTS[k]
        main = attrs.get(keys[0], [])
        rest = [attrs[x][0] for x in keys[1:] if attrs.get(x)]
        if text is not None:
            rest = [v for v in rest if _in_text(v, pieces[k])]
        if not main:
            return []
        joiner = "-" if any("-" in p for p in pieces[k]) else " "
        alternatives.append([joiner.join([v, *rest]) for v in main])
    return [" ".join(c) for c in product(*alternatives)]


def gold_org_names(attrs: dict[str, list[str]]) -> list[str]:
    """Gold normal names of a factRuEval Org/Location: every ``name``, and
    ``descriptor name`` for each pair («движение Солидарность»); descriptors
    alone only when there is no name."""
    names = attrs.get("name", [])
    descs = attrs.get("descriptor", [])
    if not names:
        return list(descs)
    return list(names) + [f"{d} {n}" for d in descs for n in names]


def factru_gold_normals(doc) -> dict[str, list[str]]:
    """entity id -> accepted normal names, for PER/ORG/LOC entities of a factRu doc."""
    chain_of = {e: c for c in doc.chains for e in c.entities}
    out: dict[str, list[str]] = {}
    for e in doc.typed((PER, ORG, LOC)):
        c = chain_of.get(e.id)
        if c is None:
            continue
        names = (gold_person_names(e.parts, c.attrs, doc.text) if e.type == PER
                 else gold_org_names(c.attrs))
        if names:
            out[e.id] = names
    return out


def match_mentions(gold, pred) -> dict[int, Span]:
    """One-to-one match of gold to predicted spans of the same type.

    Pairs that overlap are taken greedily by decreasing character IoU
    (exact spans first).  Returns ``{index in gold: predicted span}``.
    """
    cands = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            if p.type != g.type:
                continue
            ov = _overlap(g, p)
            if ov:
                union = max(g.stop, p.stop) - min(g.start, p.start)
                cands.append((-ov / union, i, j))
    cands.sort()
    out: dict[int, Span] = {}
    taken: set[int] = set()
    for _, i, j in cands:
        if i in out or j in taken:
            continue
        out[i] = pred[j]
        taken.add(j)
    return out


@dataclass(slots=True)
class NormalCounts:
    gold: int = 0  # gold mentions with a gold normal name
    found: int = 0  # of those, matched by a prediction
    correct: int = 0  # of those, normal form equal to a gold name
    exact: int = 0  # found with the gold mention's exact offsets
    exact_correct: int = 0

    def add(self, o: NormalCounts) -> NormalCounts:
        self.gold += o.gold
        self.found += o.found
        self.correct += o.correct
        self.exact += o.exact
        self.exact_correct += o.exact_correct
        return self

    def as_dict(self) -> dict:
        def r(a, b):
            return round(a / b, 4) if b else None

        return {
            "gold": self.gold, "found": self.found, "correct": self.correct,
            "accuracy": r(self.correct, self.found),
            "of_gold": r(self.correct, self.gold),
            "exact": self.exact, "exact_correct": self.exact_correct,
            "exact_accuracy": r(self.exact_correct, self.exact),
        }


def normal_counts(gold_spans, gold_names: dict[str, list[str]], matches: dict[int, Span],
                  types=(PER, ORG, LOC), errors: list | None = None) -> dict[str, NormalCounts]:
    """Normal-form accuracy of one document.

    ``gold_spans[i].id`` keys ``gold_names``; ``matches`` maps the index of a
    gold span to its predicted span.  Wrong ones go to ``errors`` as
    (gold span, predicted span, accepted names) when a list is given.
    """
    out = {t: NormalCounts() for t in types}
    for i, g in enumerate(gold_spans):
        if g.type not in out or g.id not in gold_names:
            continue
        c = out[g.type]
        c.gold += 1
        p = matches.get(i)
        if p is None:
            continue
        c.found += 1
        exact = (p.start, p.stop) == (g.start, g.stop)
        c.exact += exact
        accepted = {norm_name(n) for n in gold_names[g.id]}
        if norm_name(p.normal or p.text) in accepted:
            c.correct += 1
            c.exact_correct += exact
        elif errors is not None:
            errors.append((g, p, gold_names[g.id]))
    return out


# ------------------------------------------------------------------- linking


@dataclass(slots=True)
class LinkCounts:
    """Sums for MUC, B-cubed and pairwise scores over documents."""

    muc_r_num: float = 0
    muc_r_den: float = 0
    muc_p_num: float = 0
    muc_p_den: float = 0
    b3_p: float = 0
    b3_r: float = 0
    mentions: int = 0
    pair_tp: int = 0
    pair_fp: int = 0
    pair_fn: int = 0

    def add(self, o: LinkCounts) -> LinkCounts:
        for f in self.__slots__:
            setattr(self, f, getattr(self, f) + getattr(o, f))
        return self

    @staticmethod
    def _prf(p: float | None, r: float | None) -> dict:
        if p is None or r is None:
            return {"precision": None, "recall": None, "f1": None}
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}

    def as_dict(self) -> dict:
        """MUC, B-cubed and pairwise P/R/F1; ``None`` where undefined
        (MUC and pairwise need a cluster of two mentions in key or response)."""

        def ratio(num, den):
            return num / den if den else None

        muc_p = ratio(self.muc_p_num, self.muc_p_den)
        muc_r = ratio(self.muc_r_num, self.muc_r_den)
        if (muc_p is None) != (muc_r is None):  # one side all singletons
            muc_p, muc_r = muc_p or 0.0, muc_r or 0.0
        b3_p = ratio(self.b3_p, self.mentions)
        b3_r = ratio(self.b3_r, self.mentions)
        pc = Counts(self.pair_tp, self.pair_fp, self.pair_fn)
        pair = self._prf(pc.precision, pc.recall) if pc.tp + pc.fp + pc.fn else self._prf(None, None)
        return {
            "mentions": self.mentions,
            "muc": self._prf(muc_p, muc_r),
            "b3": self._prf(b3_p, b3_r),
            "pairwise": {**pair, "tp": pc.tp, "fp": pc.fp, "fn": pc.fn},
        }


def _clusters(assign: dict) -> list[set]:
    groups: dict = {}
    for m, c in assign.items():
        groups.setdefault(c, set()).add(m)
    return list(groups.values())


def _muc(key: list[set], response: dict) -> tuple[int, int]:
    """MUC recall numerator and denominator of ``key`` clusters against ``response``."""
    num = den = 0
    for k in key:
        parts = {response[m] for m in k}
        num += len(k) - len(parts)
        den += len(k) - 1
    return num, den


def link_counts(key: dict, response: dict) -> LinkCounts:
    """Linking scores of one document.

    ``key`` and ``response`` map the same mentions to a gold and a system
    cluster id (mentions are those gold mentions the system found).
    """
    assert key.keys() == response.keys()
    out = LinkCounts()
    if not key:
        return out
    kc, rc = _clusters(key), _clusters(response)
    out.muc_r_num, out.muc_r_den = _muc(kc, response)
    out.muc_p_num, out.muc_p_den = _muc(rc, key)
    kof = {m: c for c in kc for m in c}
    rof = {m: c for c in rc for m in c}
    for m in key:
        inter = len(kof[m] & rof[m])
        out.b3_p += inter / len(rof[m])
        out.b3_r += inter / len(kof[m])
    out.mentions = len(key)
    for a, b in combinations(sorted(key, key=str), 2):
        same_k, same_r = key[a] == key[b], response[a] == response[b]
        out.pair_tp += same_k and same_r
        out.pair_fp += same_r and not same_k
        out.pair_fn += same_k and not same_r
    return out


# ----------------------------------------------------------------- documents


@dataclass(slots=True)
class DocScore:
    tokens: dict[str, Counts] = field(default_factory=dict)
    spans: dict[str, Counts] = field(default_factory=dict)


def score_doc(text: str, gold, pred, types) -> DocScore:
    return DocScore(token_counts(text, gold, pred, types), span_counts(gold, pred, types))

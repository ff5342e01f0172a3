"""Features of a candidate relation: two mentions of one sentence.

Shared by the relation stage and by ``pipeline.train.relations`` (which fits
the weights), so training and prediction see the same features.  A feature is
a string; the model is a weight per string (a linear classifier).

The features describe the pair the way the rules one would write do: the
types and their order, nesting, the words and marks between the mentions, the
mentions that stand between them, the path between their syntactic heads in
the dependency tree, the case and preposition of each head, the lemma of the
post or body, and whether a post joins a person to a body («аким Алматы
Бакытжан Сагинтаев»: the person and Алматы meet through the post).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from pipeline.doc import Document, Mention, Sentence, Token
from pipeline.gazetteer import adjective_of, place_adjective
from pipeline.geo import Place, country_names, lookup
from pipeline.labels import CITY, COUNTRY, DISTRICT, LOC, PER, ROLE, STATE_OR_PROVINCE

MAX_GAP = 40  # tokens between two mentions beyond which no pair is considered
LIST_GLUE = (",", "и", "или", "–", "—", "-")


@lru_cache(maxsize=1)
def place_kinds() -> dict[str, str]:
    """Head lemma of a place name -> its NEREL kind (COUNTRY, CITY,
    STATE_OR_PROVINCE, ...), learnt from NEREL train (``places.tsv``)."""
    path = resources.files("pipeline") / "data" / "relations" / "places.tsv"
    if not path.is_file():
        return {}
    rows = (line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if "\t" in line)
    return {lemma: kind for lemma, kind in rows}


def geo_features(s: Mention, o: Mention, ps: Place | None, po: Place | None) -> list[str]:
    """Does the gazetteer put the subject (its place ``ps``) in the object's
    country («Флоренции» in «Италии»; «итальянском» names Италия), or in
    another?"""
    if ps is not None and po is None and place_adjective(o.text):
        names = [n for c in ps.countries for n in country_names().get(c, ())]
        if not names:
            return []
        inside = not ps.is_country and any(adjective_of(o.text, n) for n in names)
        return ["geo:in_adjective" if inside else "geo:adjective_apart"]
    if ps is None or po is None:
        return [f"geo:known{int(ps is not None)}{int(po is not None)}"]
    common = ps.countries & po.countries
    if po.is_country and not ps.is_country and common:
        return ["geo:in"]
    if ps.is_country and not po.is_country and common:
        return ["geo:holds"]
    return ["geo:same_country" if common else "geo:apart"]


def kind(m: Mention, head: Token, whole: Place | None) -> str:
    """A place's NEREL kind: the gazetteer's for its whole name (``whole``:
    «Республика Башкортостан» is a region, whatever «республика» heads in
    NEREL train; a town that is a region too, «Токио», is a town), else NEREL
    train's for its head lemma; another mention's type."""
    if m.type != LOC:
        return m.type
    if whole is not None:
        return CITY if CITY in whole.kinds else min(whole.kinds)
    return place_kinds().get(head.lemma, "?")


@dataclass(slots=True)
class SentenceView:
    """One sentence's tokens, tree and mentions, computed once per sentence;
    what the pairs of a sentence share is computed on the first pair that asks."""

    sent: Sentence
    mentions: list[Mention]
    heads: dict[str, int] = field(default_factory=dict)  # mention_id -> head token index
    kinds: dict[str, str] = field(default_factory=dict)  # mention_id -> kind()
    places: dict[str, Place | None] = field(default_factory=dict)  # mention_id -> gazetteer place
    # Per head token: its ancestors' relations (itself first) and each ancestor's
    # place in the chain (:func:`_ancestors`), filled as pairs ask.
    chains: dict[int, tuple[list[str], dict[int, int]]] = field(default_factory=dict)
    preps: dict[int, str] = field(default_factory=dict)  # preposition()
    distances: dict[tuple[int, int], int] = field(default_factory=dict)  # tree_distance()
    sorted_distances: dict[tuple[str, str], list[int]] = field(default_factory=dict)  # distances_from()
    list_groups: dict[int, list[Mention]] | None = None  # id(place) -> its _list_groups() group
    # type -> its mentions' sorted token starts and stops (:meth:`edges`), None
    # when a mention spans no token
    by_type_edges: dict[str, tuple[list[int], list[int]]] | None = None
    roles: list[Mention] = field(default_factory=list)  # the ROLE mentions
    lower: list[str] = field(default_factory=list)  # each token's text, lowercased
    verbs: list[int] = field(default_factory=list)  # verbs[i]: how many of tokens[:i] are verbs

    def __post_init__(self) -> None:
        toks = self.sent.tokens
        self.lower = [t.text.lower() for t in toks]
        self.verbs = [0]
        for t in toks:
            self.verbs.append(self.verbs[-1] + (t.pos == "VERB"))
        self.roles = [m for m in self.mentions if m.type == ROLE]
        for m in self.mentions:
            h = self.heads[m.mention_id] = span_head(toks, m.tok_start, m.tok_stop)
            whole = lookup(m.normal or m.text) if m.type == LOC else None
            self.kinds[m.mention_id] = kind(m, toks[h], whole)
            self.places[m.mention_id] = (whole or lookup(toks[h].lemma)) if m.type == LOC else None

    def chain(self, i: int) -> tuple[list[str], dict[int, int]]:
        """The dependency relations of token ``i`` and its ancestors
        (:func:`_ancestors`), and each ancestor's index in that chain."""
        got = self.chains.get(i)
        if got is None:
            tokens = self.sent.tokens
            up = _ancestors(tokens, i)
            got = self.chains[i] = ([tokens[k].rel for k in up], {k: n for n, k in enumerate(up)})
        return got

    def edges(self, mtype: str) -> tuple[list[int], list[int]] | None:
        """The sorted token starts and the sorted token stops of the mentions
        of type ``mtype`` (None when some mention of the view spans no token)."""
        if self.by_type_edges is None:
            if not all(0 <= m.tok_start < m.tok_stop for m in self.mentions):
                return None
            spans: dict[str, tuple[list[int], list[int]]] = {}
            for m in self.mentions:
                starts, stops = spans.setdefault(m.type, ([], []))
                starts.append(m.tok_start)
                stops.append(m.tok_stop)
            for starts, stops in spans.values():
                starts.sort()
                stops.sort()
            self.by_type_edges = spans
        return self.by_type_edges.get(mtype, ([], []))

    def tree_distance(self, i: int, j: int) -> int:
        """Edges on the tree path between tokens ``i`` and ``j`` (:func:`_path`'s
        length), computed once per pair of tokens."""
        key = (i, j) if i < j else (j, i)
        got = self.distances.get(key)
        if got is None:
            got = self.distances[key] = _path(self, i, j)[0] if i != j else 0
        return got

    def distances_from(self, anchor: Mention, mtype: str) -> list[int]:
        """The sorted :meth:`tree_distance` from ``anchor``'s head to the head of
        each other mention of type ``mtype``, computed once per anchor and type."""
        key = (anchor.mention_id, mtype)
        got = self.sorted_distances.get(key)
        if got is None:
            h = self.heads[anchor.mention_id]
            got = self.sorted_distances[key] = sorted(
                self.tree_distance(h, self.heads[x.mention_id]) for x in self.mentions
                if x.type == mtype and x is not anchor)
        return got

    def preposition(self, i: int) -> str:
        """:func:`preposition` of token ``i``, computed once."""
        got = self.preps.get(i)
        if got is None:
            got = self.preps[i] = preposition(self.sent.tokens, i)
        return got

    @property
    def tokens(self) -> list[Token]:
        return self.sent.tokens


def span_head(tokens: list[Token], a: int, b: int) -> int:
    """Token index (0-based) of the syntactic head of tokens ``a:b``: the
    first token whose head lies outside the span."""
    for i in range(a, b):
        if not a <= tokens[i].head - 1 < b:
            return i
    return a


def mention_head(doc: Document, m: Mention) -> Token:
    """The syntactic head token of mention ``m`` (:func:`span_head` in its sentence)."""
    tokens = doc.sentences[m.sent_idx].tokens
    return tokens[span_head(tokens, m.tok_start, m.tok_stop)]


def _ancestors(tokens: list[Token], i: int) -> list[int]:
    out = [i]
    seen = {i}
    while tokens[out[-1]].head > 0:
        nxt = tokens[out[-1]].head - 1
        if nxt in seen or len(out) > 60:
            break
        out.append(nxt)
        seen.add(nxt)
    return out


def _path(view: SentenceView, i: int, j: int) -> tuple[int, str | None, int | None]:
    """The tree path from ``i`` to ``j``: its length, the dependency relations
    from ``i`` up to the lowest common ancestor and from it down to ``j``
    («nsubj^obl», ``None`` when longer than 4), and that ancestor (``None``
    when the chains do not meet: then the path is ``i``'s chain and «?»).  The
    ancestor is the verb of «Х назначен главой», «Х стал министром», «по
    словам Y X»."""
    rels_i, at_i = view.chain(i)
    rels_j, at_j = view.chain(j)
    common = next(filter(at_j.__contains__, at_i), None)  # at_i keeps the chain's order
    if common is None:
        n = len(rels_i) + 1
        return n, f"{'/'.join(rels_i)}^?" if n <= 4 else None, None
    a, b = at_i[common], at_j[common]
    n = a + b
    return n, f"{'/'.join(rels_i[:a])}^{'/'.join(reversed(rels_j[:b]))}" if n <= 4 else None, common


def preposition(tokens: list[Token], i: int) -> str:
    """The preposition attached to token ``i`` («в», «по», «при»), if any."""
    for k in range(max(0, i - 3), i):
        if tokens[k].head - 1 == i and tokens[k].rel == "case":
            return tokens[k].lemma or tokens[k].text.lower()
    return ""


def _bucket(n: int) -> str:
    return str(n) if n <= 3 else "4-6" if n <= 6 else "7-12" if n <= 12 else "far"


def inside(inner: Mention, outer: Mention) -> bool:
    return outer.start <= inner.start and inner.stop <= outer.stop and inner is not outer


def pair_features(view: SentenceView, s: Mention, o: Mention) -> list[str]:
    tokens = view.tokens
    tp = f"{s.type}>{o.type}"
    if inside(o, s):
        order, gap = "o_in_s", 0
    elif inside(s, o):
        order, gap = "s_in_o", 0
    elif s.tok_stop <= o.tok_start:
        order, gap = "s<o", o.tok_start - s.tok_stop
    else:
        order, gap = "o<s", s.tok_start - o.tok_stop if s.tok_start > o.tok_stop else 0
    bucket = _bucket(gap)
    feats = [f"T:{tp}", f"ord:{order}", f"gap:{bucket}", f"{tp}|ord:{order}|gap:{bucket}"]
    lo, hi = (s.tok_stop, o.tok_start) if order == "s<o" else (o.tok_stop, s.tok_start)
    words = view.lower[lo:hi] if order in ("s<o", "o<s") else []  # the words between
    if gap <= 3:
        feats.append(f"{tp}|gseq:{'_'.join(words)}")
    if words:
        if len(words) <= 6:
            feats += [f"gw:{w}" for w in dict.fromkeys(words)]  # first-seen order: the same sums every run
        if "," in words:
            feats.append(f"{tp}|comma:{min(words.count(','), 3)}")
        if view.verbs[hi] > view.verbs[lo]:
            feats.append(f"{tp}|verb_between")
        if "–" in words or "—" in words or "-" in words:
            feats.append(f"{tp}|dash_between")
        feats += [f"{tp}|btw:{m.type}" for m in view.mentions
                  if lo <= m.tok_start and m.tok_stop <= hi and m is not s and m is not o]
    hs, ho = view.heads[s.mention_id], view.heads[o.mention_id]
    ts, to = tokens[hs], tokens[ho]
    if hs != ho:
        plen, path, lca = _path(view, hs, ho)
        feats.append(f"{tp}|plen:{min(plen, 6)}")
        if path is not None:
            feats.append(f"{tp}|path:{path}")
        if lca is not None and lca != hs and lca != ho and tokens[lca].pos in ("VERB", "AUX"):
            feats.append(f"{tp}|lca:{tokens[lca].lemma}")
        if to.head - 1 == hs:
            feats.append(f"{tp}|child:{to.rel}")
        if ts.head - 1 == ho:
            feats.append(f"{tp}|parent:{ts.rel}")
    feats += [f"{tp}|sc:{ts.feats.get('Case', '-')}", f"{tp}|oc:{to.feats.get('Case', '-')}",
              f"{tp}|op:{view.preposition(ho)}", f"{tp}|sp:{view.preposition(hs)}",
              f"{s.type}|sl:{ts.lemma}", f"{o.type}|ol:{to.lemma}"]
    if s.type == PER:  # «Х стал министром» (nsubj/xcomp), «Х, министр» (appos)
        feats.append(f"{tp}|rels:{ts.rel}>{to.rel}|ord:{order}")
    ks, ko = view.kinds[s.mention_id], view.kinds[o.mention_id]
    feats += [f"{tp}|orank:{_rank(view, s, o)}", f"{tp}|srank:{_rank(view, o, s)}",
              f"kinds:{ks}>{ko}", f"kinds:{ks}>{ko}|ord:{order}"]
    if s.type == LOC and o.type == LOC:
        feats += _place_pair(s, o, ks, ko, order)
        geo = geo_features(s, o, view.places[s.mention_id], view.places[o.mention_id])
        feats += geo + [f"{g}|ord:{order}" for g in geo] + [f"{g}|gap:{bucket}" for g in geo]
        feats.append(f"list:{min(_list_length(view, s, o), 3)}")
    if s.entity_id and s.entity_id == o.entity_id:
        feats.append("same_entity")
    if s.type == PER and view.roles:
        feats += _through_role(view, s, o, tp)
    return feats


# How large a place of each NEREL kind is (LOCATION: anything from a part of a
# town to a continent, so none).
PLACE_LEVELS = {DISTRICT: 1, CITY: 2, STATE_OR_PROVINCE: 3, COUNTRY: 4}


def _place_pair(s: Mention, o: Mention, ks: str, ko: str, order: str) -> list[str]:
    """Is the subject a smaller kind of place than the object (a city in a
    country, not the other way round), and is either a place adjective
    («армянском Гаваре»: the adjective is the larger place)?"""
    ls, lo = PLACE_LEVELS.get(ks), PLACE_LEVELS.get(ko)
    size = "?" if ls is None or lo is None else "<" if ls < lo else "=" if ls == lo else ">"
    adj = f"adj:{int(s.text.islower())}{int(o.text.islower())}"
    return [f"size:{size}", f"size:{size}|ord:{order}", adj, f"{adj}|ord:{order}"]


def _list_length(view: SentenceView, s: Mention, o: Mention) -> int:
    """How many places stand in one enumeration with ``s`` and ``o`` (nothing
    but commas, «и», «или» and dashes between neighbours), 0 if they are in
    none: «Алжир, Боливия, Бруней, Венесуэла» are no place of one another."""
    if view.list_groups is None:
        view.list_groups = {id(m): g for g in _list_groups(view) for m in g}
    group = view.list_groups.get(id(s))
    return len(group) if group is not None and group is view.list_groups.get(id(o)) else 0


def _list_groups(view: SentenceView) -> list[list[Mention]]:
    """The sentence's places in enumerations (a place in none is a group of one)."""
    places = sorted((m for m in view.mentions if m.type == LOC), key=lambda m: m.tok_start)
    groups: list[list[Mention]] = []
    for m in places:
        last = groups[-1][-1] if groups else None
        if last is not None and last.tok_stop <= m.tok_start and all(
                t.text.lower() in LIST_GLUE for t in view.tokens[last.tok_stop:m.tok_start]):
            groups[-1].append(m)
        else:
            groups.append([m])
    return groups


def tree_rank(view: SentenceView, anchor: Mention, m: Mention) -> int:
    """How many other mentions of ``m``'s type are nearer to ``anchor`` in the
    syntax tree than ``m`` (0: the nearest; at most 2): the date of «В
    понедельник он прилетел в Алматы, а во вторник подписал меморандум» is
    nearest the event it hangs on, whatever lies between.  By bisection in
    the sorted distances from ``anchor`` to the mentions of the type
    (:meth:`SentenceView.distances_from`): ``m``'s own is not less than itself."""
    heads = view.heads
    d = view.tree_distance(heads[anchor.mention_id], heads[m.mention_id])
    nearer = bisect_left(view.distances_from(anchor, m.type), d)
    return nearer if nearer < 2 else 2


def _distance(a: Mention, b: Mention) -> int:
    """Tokens between ``a`` and ``b`` (0 when they touch or overlap)."""
    d = ((a.tok_start if a.tok_start > b.tok_start else b.tok_start)
         - (a.tok_stop if a.tok_stop < b.tok_stop else b.tok_stop))
    return d if d > 0 else 0


# _rank()'s strings by (mentions nearer, up to 2; on the right)
RANKS = {(n, side): f"{n}{'r' if side else 'l'}" for n in range(3) for side in (False, True)}


def _rank(view: SentenceView, anchor: Mention, m: Mention) -> str:
    """How many mentions of ``m``'s type on ``m``'s side of ``anchor`` are
    nearer to it than ``m`` («0» = the nearest), and the side.

    Counted by bisection in the view's sorted token starts and stops of the
    type (:meth:`SentenceView.edges`), which gives :func:`_count_rank`'s
    count when every mention spans a token or more: on the right of the
    anchor a mention is nearer when it starts before ``m``; on the left (``m``
    ending before the anchor starts) when it ends after ``m`` ends and starts
    before the anchor ends (all but those on the right), the anchor aside."""
    edges = view.edges(m.type)
    if edges is None:
        return _count_rank(view, anchor, m)
    starts, stops = edges
    if m.tok_start >= anchor.tok_stop:
        nearer = bisect_left(starts, m.tok_start) - bisect_left(starts, anchor.tok_stop)
        return RANKS[nearer if nearer < 2 else 2, True]
    if m.tok_stop >= anchor.tok_start:  # touches or overlaps the anchor: none nearer
        return RANKS[0, False]
    ending_after = len(stops) - bisect_right(stops, m.tok_stop)
    nearer = ending_after - (len(starts) - bisect_left(starts, anchor.tok_stop)) - (anchor.type == m.type)
    return RANKS[nearer if nearer < 2 else 2, False]


def _count_rank(view: SentenceView, anchor: Mention, m: Mention) -> str:
    """:func:`_rank` by counting the mentions one by one."""
    side = m.tok_start >= anchor.tok_stop
    d = _distance(anchor, m)
    nearer = sum(1 for x in view.mentions if x.type == m.type and x is not m and x is not anchor
                 and (x.tok_start >= anchor.tok_stop) == side and _distance(anchor, x) < d)
    return RANKS[min(nearer, 2), side]


def _through_role(view: SentenceView, person: Mention, o: Mention, tp: str) -> list[str]:
    """Does a post next to the person hold ``o`` (a body or place) or is it ``o``?"""
    out = []
    for r in view.roles:
        near = r.tok_stop == person.tok_start or (
            r.tok_start - person.tok_stop in (1, 2)
            and view.tokens[person.tok_stop].text in (",", "(", "–", "—"))
        if inside(o, r):
            out.append(f"{tp}|role_holds" + ("_near" if near else ""))
        elif near and r is not o:
            out.append(f"{tp}|near_other_role")
    return out

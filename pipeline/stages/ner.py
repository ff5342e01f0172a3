"""PER, ORG and LOC mentions.

Two layers.  The slovnet NER model (natasha's news model) tags the pipeline's
own tokens (BIO, per sentence, batched across documents).  Then one CRF per
type (``pipeline/data/ner-*.crfsuite``, trained on NEREL train and dev by
``make train``) re-tags every sentence with NEREL's extents: the full name of a body
with its genitive and place dependents and quoted names («МИД Австралии»,
«правительство Санкт-Петербурга», «ПАО «Газпром»»), bodies named by common
nouns («правительство», «Кремль»).  Its features are the words, lemmas,
shapes, UD tags and relations, the head word, natasha's tag, pymorphy's name
marks, the gazetteers (:mod:`pipeline.gazetteer`, :mod:`pipeline.geo`) and
the names natasha tagged elsewhere in the document.  Each type is a layer of
its own, so a place inside an organization stays a LOC mention of its own.
A name the layers tagged once is that name elsewhere in the document too.
Features and rules are chosen by cross-validation (:mod:`pipeline.train.cv`).

Mentions never cross a sentence (so never a paragraph break) and never touch
metadata lines; a mention never holds an unbalanced quote.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache, partial
from itertools import chain
from pathlib import Path
from typing import NamedTuple

import numpy as np

from pipeline.config import DEFAULT_BATCH_SIZE
from pipeline.crf import STATE, CRFLayers, PartScores
from pipeline.doc import Document, Mention, Sentence, Token
from pipeline.gazetteer import (
    ALWAYS_ORG,
    CONTINENTS,
    DIRECTION_ADJECTIVES,
    LEGAL_FORMS,
    PLACE_PARTS,
    place_adjective,
    word_class,
)
from pipeline.geo import Place, places
from pipeline.geo import key as place_key
from pipeline.geo import lookup as places_lookup
from pipeline.labels import DISEASE, EVENT, FAC, FAMILY, IDEOLOGY, LOC, NATIONALITY, ORG, PER
from pipeline.quotes import CLOSERS, OPENERS, balance
from pipeline.resources import Resources
from pipeline.stages import Stage
from pipeline.stages.batching import ok_sentences, run_packed

DATA = Path(__file__).resolve().parent.parent / "data"
LAYERS = (PER, ORG, LOC, FAC)
# Layers whose tags the stage keeps on the sentence for a later stage (the
# types stage reads "types": NEREL's other types; the roles stage "role":
# posts and professions), tagged in the same pass on the same features.
LAYERS_KEPT = ("types", "role")
# Scores added to labels of the other-types layer, which its training left
# finding too few of them (out of fold over NEREL train, 3 folds by document,
# every layer fit on the other folds; token F1: NATIONALITY 0.647 → 0.694,
# precision 0.81 and recall 0.54 before; IDEOLOGY 0.626 → 0.645; DISEASE
# 0.642 → 0.670; FAMILY 0.22 → 0.26; each fold gained in NATIONALITY and
# IDEOLOGY). Tried and left at 0: PRODUCT, LAW, CRIME, AWARD, WORK_OF_ART,
# PENALTY, RELIGION, LANGUAGE (each lost), and the PER, ORG, LOC and FAC
# layers (none gained by −0.5 or −1 on «O»).  An event's first word only
# (session 21; on both labels EVENT lost): out of fold EVENT token F1 0.556
# → 0.562 (+0.5), 0.566 (+1), 0.565 (+1.5); the NEREL relation stage refit on
# those mentions, its 41 types 0.4284 → 0.4285, 0.4328, 0.4320
# (POINT_IN_TIME 0.605 → 0.613, TAKES_PLACE_IN 0.519 → 0.527, PARTICIPANT_IN
# 0.420 → 0.427 at +1); exact-span micro F1 over every type 0.8014 → 0.7990
# at +1 (the other types' spans lose a little to the events).  With the
# event's other words −0.5 as well: micro 0.8004, EVENT token 0.563, the
# relations 0.4298; +0.25: EVENT token 0.558 (left at 0).
LABEL_BONUS = {"types": {f"{bio}-{typ}": add for typ, add in
                         ((NATIONALITY, 1.5), (IDEOLOGY, 1.0), (DISEASE, 0.5), (FAMILY, 0.5))
                         for bio in "BI"} | {f"B-{EVENT}": 1.0}}
# The layers trained with the word clusters' features (pipeline.clusters),
# chosen by cross-validation over NEREL train (docs/ner-cv.md): the other
# types gain (token F1: PRODUCT +0.08, CRIME, DISEASE, NATIONALITY +0.03),
# FAC +0.016, PER +0.001 (factRuEval too); ORG and the posts lose a little,
# and LOC gains on NEREL (+0.005) but loses on factRuEval (-0.004) and
# «Объединённых Арабских Эмиратах»: they are fit without.
CLUSTERED = frozenset({PER, FAC, LAYERS_KEPT[0]})
# The layers trained with natasha's NER encoder states as features too (each
# token's 64 numbers the slovnet model decodes its own tags from, a view of
# the word in its context learnt from a large news corpus), by their
# attributes of :data:`pipeline.crf.STATE`, each state times STATE_SCALE,
# rounded to three decimals.  Chosen by cross-validation over NEREL train
# (docs/ner-cv.md): ORG token F1 0.8599 → 0.8678 out of fold.  LOC and FAC
# gained too, but learnt natasha's extents, dropping the word NEREL puts
# before a name («улице Льва Толстого», «тюрьме «Брианс»», «юго-востоке
# Турции»); the other-types layer gained nothing.  A smaller scale is a
# stronger hold on the states' weights: at 2.0 the post layer cut «в
# Алматы» off «Генеральный консул Российской Федерации в Алматы».
STATED = frozenset({PER, ORG, LAYERS_KEPT[1]})
STATE_SCALE = 0.5
STATE_NAMES = tuple(f"{STATE}{k}" for k in range(64))
_MARKS = ("Name", "Surn", "Patr", "Geox", "Orgn", "Abbr", "Trad")


# The layers' cross-validated figures (pipeline/train/cv.py), which make eval prints.
CV_PATH = DATA / "ner-cv.json"


def layer_path(typ: str) -> Path:
    return DATA / f"ner-{typ.lower()}.crfsuite"


def bio_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """Token spans ``(start, stop, type)`` from BIO tags (a stray I- opens a span)."""
    spans: list[tuple[int, int, str]] = []
    if tags.count("O") == len(tags):
        return spans
    start, typ = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, t = tag.partition("-")
        if start >= 0 and (prefix != "I" or t != typ):
            spans.append((start, i, typ))
            start, typ = -1, ""
        if prefix == "B" or (prefix == "I" and start < 0):
            start, typ = i, t
    return spans


_EDGE_MARKS = frozenset("/\\|")  # no mention starts or ends with one: «МОСКВА, 5 марта. /ТАСС/.»


def mention_from_tokens(doc: Document, sent: Sentence, sent_idx: int, a: int, b: int,
                        typ: str, source: str) -> Mention:
    """The mention of tokens ``a:b`` of the sentence, a slash at either end left out."""
    while b - a > 1 and sent.tokens[b - 1].text in _EDGE_MARKS:
        b -= 1
    while b - a > 1 and sent.tokens[a].text in _EDGE_MARKS:
        a += 1
    start, stop = sent.tokens[a].start, sent.tokens[b - 1].stop
    return Mention(start, stop, doc.text[start:stop], typ, sent_idx=sent_idx, source=source,
                   tok_start=a, tok_stop=b)


def shape(word: str) -> str:
    if word.isdigit():
        return "d"
    if not any(c.isalpha() for c in word):
        return word if word in OPENERS or word in CLOSERS or word in "()" else "p"
    if word.isupper():
        return "X" if len(word) > 1 else "X1"
    if word[:1].isupper():
        return "Xx-" if "-" in word else "Xx"
    return "x" if word.isalpha() else "x-"


class Features:
    """CRF features of a sentence's tokens.

    A token's features (its own, the prefixed copies its neighbours take,
    the ones a dependent takes of its head) are built from two memoized
    parts: the word's (text and lemma: words repeat across a corpus) and its
    tags' (POS, natasha's tag, case, number, relation: few combinations);
    the rest are the token's own (depth in quotes, ancestors, gazetteer,
    natasha's tags, padding at the sentence's ends).

    Without ``crf``, :meth:`__call__` gives the ``name=value`` strings (what
    the layers are trained on).  With it, :meth:`scores` gives the tokens'
    state scores without making strings: the score of a set of attributes is
    the sum of theirs, so a part is the row of its summed weights
    (:class:`pipeline.crf.PartScores`), and a token's scores are the sum of
    ~15 parts' rows, not of ~70 attributes' rows.  ``tests/test_ner.py``
    checks the two ways agree.
    """

    def __init__(self, morph, clusters: Callable[[str], list[str]] | None = None, cache_size: int = 50_000,
                 crf: CRFLayers | None = None, words_cache: int = 50_000,
                 gazetteer: dict[str, Place] | None = None) -> None:
        """``clusters``: a lower-cased word's cluster features
        (:class:`pipeline.clusters.WordClusters`; none without it).  The
        layers of :data:`CLUSTERED` are trained with them (:func:`features_of`)."""
        @lru_cache(maxsize=cache_size)
        def marks(word: str) -> tuple[str, ...]:
            """pymorphy3 name marks any parse of the word has (Surn, Geox, ...)."""
            grams = set()
            for p in morph.parse(word)[:4]:
                grams |= p.tag.grammemes
            return tuple(m for m in _MARKS if m in grams)

        self.marks = marks
        self._clusters = clusters or (lambda word: [])
        self._parts = None if crf is None else PartScores(crf)
        # the place gazetteer (pipeline.geo): «Нижний Новгород» is a CITY
        self._places = places() if gazetteer is None else gazetteer
        # the first words of its names of several words: a word that opens none
        # is looked up no further
        self._first_words = {k.partition(" ")[0] for k in self._places if " " in k}
        # A word's parts are a few hundred bytes as strings, as scores up to
        # six rows of 336 bytes (most shared with other words): a bounded
        # cache keeps a worker's memory flat on long runs (the frequent words
        # stay hot).
        self._words_cache = words_cache
        self._words: dict[tuple[str, str], _Strings] = {}
        self._tags: dict[tuple[str, ...], _Strings] = {}
        self._own: dict[tuple, int] = {}  # a token's own features -> their row of scores

    def __call__(self, sent: Sentence, ner_tags: list[str],
                 names: dict[str, str] | None = None) -> list[list[str]]:
        """Each token's feature strings.
        ``names``: the document's names natasha tagged (:func:`lemma_types`)."""
        if self._parts is not None:
            raise TypeError("a Features made with crf scores tokens: see scores()")
        self._bound()
        toks = sent.tokens
        n = len(toks)
        words = [self._word_strings(t) for t in toks]
        tags = [self._tag_strings(t, tag) for t, tag in zip(toks, ner_tags, strict=True)]
        extra = self._extras(toks, words, names)
        depths = _quote_depths([t.text for t in toks])
        classes = [w.cls for w in words]
        out: list[list[str]] = []
        prev = "^"
        for i, t in enumerate(toks):
            f = [*words[i].base, *tags[i].base, *extra[i], _DEPTHS[depths[i]]]
            h = t.head - 1
            if 0 <= h < n and h != i:
                f += words[h].as_head
                f += tags[h].as_head
                f.append("hd=L" if h < i else "hd=R")
                f += tags[i].rc
                f += _ancestors(toks, h, ner_tags, classes)
            else:
                f.append("root")
            for slot, k in enumerate(_NEIGHBOURS):
                j = i + k
                if 0 <= j < n:
                    f += words[j].as_neighbour[slot]
                    f += tags[j].as_neighbour[slot]
                else:
                    f.append(_PADS[slot])
            tag = ner_tags[i]
            f.append(f"nn={prev}|{tag}")
            prev = tag
            out.append(f)
        return out

    def scores(self, sentences: list[Sentence], ner_tags: list[list[str]],
               names: list[dict[str, str] | None]) -> np.ndarray:
        """The state scores of all the sentences' tokens, end to end (tokens x
        the layers' labels, for :meth:`pipeline.crf.CRFLayers.tag`): the
        features of :meth:`__call__`, summed.  The parts of the words and tags
        (the token's, its head's, its neighbours') are gathered for the
        whole batch at once; a token's own features are one part (few
        combinations), but for the gazetteer's and the document's names."""
        self._bound()
        memo, row, known = self._own, self._row, self._words.get
        word_parts: list[tuple[int, ...]] = []
        tag_parts: list[tuple[int, ...]] = []
        own: list[int] = []
        heads: list[int] = []  # the head's index in the sentence, or -1
        more_tokens: list[int] = []
        more_rows: list[int] = []
        for sent, ner, found in zip(sentences, ner_tags, names, strict=True):
            toks = sent.tokens
            n = len(toks)
            words = [known((t.text, t.lemma)) or self._word_strings(t) for t in toks]
            tags = [self._tag_strings(t, tag) for t, tag in zip(toks, ner, strict=True)]
            word_parts += [w.rows for w in words]
            tag_parts += [g.rows for g in tags]
            for i, extra in enumerate(self._extras(toks, words, found)):
                for x in extra:
                    more_tokens.append(len(heads) + i)
                    more_rows.append(row((x,)))
            depths = _quote_depths([t.text for t in toks])
            classes = [w.cls for w in words]
            above: dict[int, list[str]] = {}  # a head's ancestors
            prev = "^"
            for i, t in enumerate(toks):
                h = t.head - 1
                if 0 <= h < n and h != i:
                    if h not in above:
                        above[h] = _ancestors(toks, h, ner, classes)
                    key = (depths[i], prev, ner[i], *above[h])
                else:
                    h = -1
                    key = (depths[i], prev, ner[i])
                r = memo.get(key)
                if r is None:
                    r = row(key, (_DEPTHS[key[0]], f"nn={prev}|{ner[i]}", *key[3:]))
                own.append(r)
                heads.append(h)
                prev = ner[i]
        fixed = self._structure(word_parts, tag_parts, heads, [len(s.tokens) for s in sentences])
        return self._parts.sums(np.column_stack((fixed, own)) if own else fixed, more_tokens, more_rows)

    def _structure(self, word_parts: list[tuple[int, ...]], tag_parts: list[tuple[int, ...]],
                   heads: list[int], lengths: list[int]) -> np.ndarray:
        """Each token's rows of the word and tag parts it takes (its own, its
        head's, its neighbours'), of the head's side and of the padding
        (tokens x columns, 0: none)."""
        count = len(heads)
        p = np.stack([np.fromiter(chain.from_iterable(x), dtype=np.int64, count=count * _ROWS)
                      for x in (word_parts, tag_parts)], axis=1)
        p = p.reshape(count, _ROWS, 2).transpose(0, 2, 1)  # token x (word, tags) x part
        index = np.arange(count)
        sizes = np.asarray(lengths, dtype=np.int64)
        within = index - np.repeat(np.cumsum(sizes) - sizes, sizes)  # index in the sentence
        size = np.repeat(sizes, sizes)
        head = np.asarray(heads, dtype=np.int64)
        has_head = head >= 0
        head_at = np.where(has_head, index - within + head, index)
        side = np.where(head < within, self._row(("hd=L",)), self._row(("hd=R",)))
        cols = [p[:, :, _BASE], np.where(has_head[:, None], p[head_at, :, _HEAD], 0),
                np.where(has_head, p[:, 1, _RC], 0)[:, None],
                np.where(has_head, side, self._row(("root",)))[:, None]]
        for slot, k in enumerate(_NEIGHBOURS):
            ok = (within + k >= 0) & (within + k < size)
            there = np.where(ok, index + k, index)
            cols += [np.where(ok[:, None], p[there, :, _NEIGHBOUR + slot], 0),
                     np.where(ok, 0, self._row((_PADS[slot],)))[:, None]]
        return np.concatenate(cols, axis=1)

    def _row(self, key: tuple, strings: Iterable[str] | None = None) -> int:
        """The row of scores of a token's own features (``key``: the strings
        themselves when not given; 0: none the layers know)."""
        found = self._own.get(key)
        if found is None:
            (found,) = self._parts.add(key if strings is None else strings)
            self._own[key] = found
        return found

    def _bound(self) -> None:
        """Forget the words past ``words_cache``; only between batches, as the
        rows of scores of a batch's parts stay in use until its sums."""
        if len(self._words) >= self._words_cache:
            self._words.clear()
            if self._parts is not None:
                self._tags.clear()
                self._own.clear()
                self._parts.clear()

    def _extras(self, toks: list[Token], words: list[_Strings],
                names: dict[str, str] | None) -> list[list[str]]:
        """Each token's gazetteer marks and the document's second look: a word
        natasha tagged elsewhere in it."""
        out = self._places_in(words)
        if names:
            for i, t in enumerate(toks):
                typ = names.get(t.lemma.lower()) if t.text[:1].isupper() else None
                if typ:
                    out[i].append(f"dn={typ}")
        return out

    def _places_in(self, words: list[_Strings]) -> list[list[str]]:
        """Each token's marks of a place name of two or three words the
        gazetteer knows, by lemmas («Нижнего Новгорода»: B and I, CITY)."""
        out: list[list[str]] = [[] for _ in words]
        starts = [i for i, w in enumerate(words[:-1]) if w.opens_place]
        keys = [w.place for w in words] if starts else []
        for i in starts:
            for m in (3, 2):
                place = self._places.get(" ".join(keys[i:i + m])) if i + m <= len(keys) else None
                if place is not None:
                    for j in range(i, i + m):
                        out[j] += [f"gm={'B' if j == i else 'I'}", *(f"gk={k}" for k in sorted(place.kinds))]
                    break
        return out

    def _word_strings(self, t: Token) -> _Strings:
        key = (t.text, t.lemma)
        found = self._words.get(key)
        if found is None:
            found = self._words[key] = self._word(t.text, t.lemma)
        return found

    def _tag_strings(self, t: Token, tag: str) -> _Strings:
        key = (t.pos, tag, t.feats.get("Case", ""), t.feats.get("Number", ""), t.rel)
        found = self._tags.get(key)
        if found is None:
            found = self._tags[key] = self._tag(*key)
        return found

    def _word(self, text: str, lemma_: str) -> _Strings:
        """The strings of a word: ``w s l g`` are also its neighbours'."""
        low = text.lower()
        head_lemma = lemma_.lower()
        lemma = head_lemma or low
        shared = [f"w={low}", f"s={shape(text)}", f"l={lemma}", f"g={word_class(lemma)}"]
        # the clusters are the word's own: its neighbours' cost EVENT 0.008 (CV)
        own = [*shared, f"s3={low[-3:]}", f"s2={low[-2:]}", f"p3={low[:3]}", *self._clusters(low)]
        place = self._places.get(place_key(lemma)) or self._places.get(place_key(low))
        if place is not None:
            own += [f"geo={k}" for k in sorted(place.kinds)]
        if text[:1].isupper() and place_adjective(text):
            own.append("padj")
        if text[:1].isalpha():
            # pymorphy reads a word of two letters or more alike in any case: the
            # parse of the word as written is the one the lemma stage memoized
            own += [f"m={m}" for m in self.marks(text if len(text) > 1 else low)]
        cls = word_class(head_lemma)
        key = place_key(lemma_ or text)
        return self._strings(own, shared, [f"hl={head_lemma}", f"hg={cls}"], [], cls, key,
                             key.partition(" ")[0] in self._first_words)

    def _tag(self, pos: str, tag: str, case: str, number: str, rel: str) -> _Strings:
        """The strings of a token's tags: ``p n`` are also its neighbours'."""
        shared = [f"p={pos}", f"n={tag}"]
        own = [*shared, f"c={case}", f"r={rel}", f"num={number}"]
        return self._strings(own, shared, [f"hp={pos}", f"hn={tag}"], [f"rc={rel}|{case}"], "")

    def _strings(self, own: list[str], shared: list[str], as_head: list[str], rc: list[str],
                 cls: str, place: str = "", opens_place: bool = False) -> _Strings:
        neighbours = [[f"{k}{x}" for x in shared] for k in _NEIGHBOURS]
        if self._parts is None:
            return _Strings(tuple(own), tuple(map(tuple, neighbours)), tuple(as_head), tuple(rc), cls,
                            place, opens_place)
        # in the order of _BASE, _NEIGHBOUR, _HEAD, _RC
        rows = self._parts.add(own, *neighbours, as_head, rc)
        return _Strings((), (), (), (), cls, place, opens_place, rows)


def features_of(resources: Resources, layer: str | None = None, **kwargs) -> Features:
    """The features ``layer`` is trained on: with the word clusters when it is
    one of :data:`CLUSTERED`.  With no layer, the features the layers are
    run on: with the clusters (a layer trained without them has no weights
    for them)."""
    clusters = resources.clusters if layer is None or layer in CLUSTERED else None
    return Features(resources.morph, clusters, **kwargs)


def state_values(states: np.ndarray) -> np.ndarray:
    """The values of the state attributes of tokens with encoder ``states``
    (tokens x 64): scaled and rounded, at training and tagging alike."""
    return np.round(states.astype(np.float64) * STATE_SCALE, 3)


def with_states(strings: list[list[str]], states: np.ndarray) -> list[dict[str, float]]:
    """A sentence as crfsuite items: each token's strings, valued by how often
    the token has them (as many attributes of value 1 count), and its state
    attributes."""
    out = []
    for f, row in zip(strings, state_values(states).tolist(), strict=True):
        item = dict.fromkeys(f, 0.0)
        for x in f:
            item[x] += 1.0
        item.update(zip(STATE_NAMES, row, strict=True))
        out.append(item)
    return out


def items(layer: str, strings: list[list[str]], states: np.ndarray | None) -> list:
    """What ``layer`` is fit on for a sentence: its strings, with its tokens'
    encoder ``states`` when the layer is one of :data:`STATED`."""
    return with_states(strings, states) if layer in STATED and states is not None else strings


def sentence_states(resources: Resources, sentences: list[Sentence]) -> list[np.ndarray]:
    """natasha's NER encoder states of each sentence's tokens, for training
    (the stage gets them with its tags, :meth:`NERTagger.natasha`).  Each
    sentence is packed alone: the last bits of a batch's matrix products
    depend on which sentences share it, and a state rounded the other way
    would change a layer fit on it, which ``make train`` must rebuild byte
    for byte whatever set of sentences it fits on."""
    models = resources.packed
    return [x for s in sentences for _, x in run_packed(models, models.ner.with_states, [s], 1)]


def strings_by_layer(resources: Resources, layers: Iterable[str], tokens: list[tuple]) -> dict[str, list]:
    """Each layer's feature strings of the sentences (``tokens``: the
    arguments of :meth:`Features.__call__` per sentence), made once per
    feature set (with the clusters or without)."""
    made: dict[bool, list] = {}
    out = {}
    for layer in layers:
        key = layer in CLUSTERED
        if key not in made:
            features = features_of(resources, layer)
            made[key] = [features(*args) for args in tokens]
        out[layer] = made[key]
    return out


class _Strings(NamedTuple):
    """A part (word or tags) of a token's features: its strings, or with
    scores (``Features(crf=...)``) their rows of scores."""

    base: tuple = ()  # the token's own features
    as_neighbour: tuple[tuple, ...] = ()  # prefixed for each of _NEIGHBOURS
    as_head: tuple = ()  # what a dependent takes of it
    rc: tuple = ()  # relation and case (tags only)
    cls: str = ""  # word_class of the lemma (words only)
    place: str = ""  # the gazetteer's key of the lemma (words only)
    opens_place: bool = False  # the key is the first word of a name the gazetteer has
    rows: tuple[int, ...] = ()  # the rows of scores of the fields above (0: none)


# the parts' places in _Strings.rows
_BASE, _NEIGHBOUR, _HEAD, _RC = 0, 1, 5, 6
_ROWS = 7
_NEIGHBOURS = (-2, -1, 1, 2)
_PADS = tuple(f"{k}pad" for k in _NEIGHBOURS)
_DEPTHS = ("q=0", "q=1", "q=2")
_QUOTES = CLOSERS | frozenset(OPENERS)


def _quote_depths(words: list[str]) -> list[int]:
    """Each word's depth in quotes (2: two or more), the quotes themselves outside."""
    if _QUOTES.isdisjoint(words):
        return [0] * len(words)
    out = []
    depth = 0
    for w in words:
        closes = w in CLOSERS and depth > 0
        depth -= closes
        out.append(min(depth, 2))
        if w in OPENERS and not closes:
            depth += 1
    return out


def _ancestors(toks: list[Token], h: int, ner_tags: list[str], classes: list[str]) -> list[str]:
    """The nearest ancestors (up to 4 hops) that natasha tagged or the
    gazetteer knows: «политики» in «комитет по ... реализации миграционной
    политики» hangs under «комитет»."""
    f: list[str] = []
    seen_tag = seen_class = False
    for hop in range(1, 5):
        if not 0 <= h < len(toks):
            break
        if not seen_tag and ner_tags[h] != "O":
            f.append(f"an={ner_tags[h][2:]}{min(hop, 3)}")
            seen_tag = True
        cls = classes[h]
        if not seen_class and cls:
            f.append(f"ag={cls}{min(hop, 3)}")
            seen_class = True
        h = toks[h].head - 1
    return f


class NERTagger(Stage):
    name = "ner"
    requires = ("tokens.morph", "tokens.lemma", "tokens.syntax")
    assigns = ("mentions.names", "tokens.layers")

    def __init__(self, resources: Resources, batch_size: int = DEFAULT_BATCH_SIZE,
                 layers: Iterable[str] = LAYERS, kept: Iterable[str] = LAYERS_KEPT,
                 paths: dict[str, Path] | None = None) -> None:
        """``layers``: types re-tagged by their CRF; none gives plain natasha.
        ``kept``: layers whose tags go on the sentences (``Sentence.layer_tags``).
        ``paths``: model files of some layers (default: the shipped ones; the
        cross-validation of ``pipeline.train.cv`` passes each fold's)."""
        self.models = resources.packed
        self.batch_size = batch_size
        self.layers = tuple(layers)
        self.kept = tuple(kept)
        paths = {name: (paths or {}).get(name, layer_path(name)) for name in (*self.layers, *self.kept)}
        self.crf = CRFLayers(paths, LABEL_BONUS) if paths else None
        self.features = features_of(resources, crf=self.crf)

    def natasha_tags(self, sentences: list[Sentence]) -> list[list[str]]:
        """natasha's BIO tags of each sentence."""
        return run_packed(self.models, self.models.ner, sentences, self.batch_size)

    def natasha(self, sentences: list[Sentence]) -> tuple[list[list[str]], list[np.ndarray]]:
        """natasha's BIO tags of each sentence and its tokens' encoder states
        (the features of the :data:`STATED` layers), the model run once."""
        found = run_packed(self.models, self.models.ner.with_states, sentences, self.batch_size)
        return [tags for tags, _ in found], [x for _, x in found]

    def __call__(self, doc: Document) -> Document:
        return self.pipe([doc])[0]

    def pipe(self, docs: Iterable[Document]) -> list[Document]:
        docs = list(docs)
        sentences = ok_sentences(docs)
        natasha, states = self.natasha(sentences)
        names = document_names(docs, sentences, natasha)
        layers = [{} for _ in sentences]
        if self.crf and sentences:
            scores = self.features.scores(sentences, natasha, [names[id(s)] for s in sentences])
            if self.crf.dense is not None:
                scores += self.crf.dense_scores(state_values(np.concatenate(states)))
            layers = self.crf.tag(scores, [len(s.tokens) for s in sentences])
        tags = {id(s): (t, lt) for s, t, lt in zip(sentences, natasha, layers, strict=True)}
        for doc in docs:
            if not doc.ok:
                continue
            found = {i: self.spans(sent, *tags[id(sent)]) for i, sent in enumerate(doc.sentences)
                     if id(sent) in tags}
            _surnames(doc.sentences, found)
            _repeats(doc.sentences, found)
            _vehicles(doc.sentences, found)
            for i, spans in found.items():
                found[i] = _first_names(doc.sentences[i], spans, self.features.marks)
            for sent in doc.sentences:
                if id(sent) in tags:
                    sent.layer_tags = {name: tags[id(sent)][1][name] for name in self.kept}
            for i, spans in found.items():
                for a, b, typ in spans:
                    doc.add_mention(mention_from_tokens(doc, doc.sentences[i], i, a, b, typ, "ner"))
        return docs

    def spans(self, sent: Sentence, ner_tags: list[str],
              layer_tags: dict[str, list[str]]) -> list[tuple[int, int, str]]:
        """Mention token spans of one sentence, in text order, from natasha's
        tags and each CRF layer's."""
        found = [s for s in bio_spans(ner_tags) if s[2] not in self.layers]
        for typ in self.layers:
            found += [s for s in bio_spans(layer_tags[typ]) if s[2] == typ]
        # the European Union natasha finds is one, whatever the layers say
        found += [(a, b, ORG) for a, b, _ in bio_spans(ner_tags) if _lemmas(sent, a, b) in ALWAYS_ORG]
        found = _legal_names(sent, list({_retype(sent, *s) for s in found}))
        unions = [(a, b) for a, b, typ in found if typ == ORG and _lemmas(sent, a, b) in ALWAYS_ORG]
        found = _after_post_of_a_place(sent, found)
        found = _no_nationality_place(sent, found, layer_tags.get(LAYERS_KEPT[0]))
        found = [s for s in found if not _people_of_a_place(sent, *s) and not _adjective_person(sent, *s)
                 and not _bare_legal_form(sent, *s)
                 and not (s[2] == LOC and any(a <= s[0] and s[1] <= b for a, b in unions))]
        found = _named_for(sent, found)
        words = [t.text for t in sent.tokens]
        out = []
        for a, b, typ in sorted(found):
            pieces = _pieces(sent, a, b, typ, self.features.marks)
            for x, y in (p for piece in pieces for p in _two_people(sent, *piece, typ)):
                x, y = balance(words, _after_title(sent, x, y, typ, self.features.marks), y)
                if x < y:
                    out.append((x, y, typ))
        out += [s for s in map(partial(inner_place, sent), out) if s is not None]
        return sorted(set(out))


def _named_for(sent: Sentence, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A body or a building named for a person runs over the name when the
    layers stop at «им.» or «имени» («Театр им. Йозефа Бойса»; the name
    stays a PER mention of its own)."""
    words = [t.text.lower() for t in sent.tokens]
    people = {a: b for a, b, typ in spans if typ == PER}
    out = []
    for a, b, typ in spans:
        if typ in (ORG, FAC):
            # the name starts after «имени», «им.» or «им» and the dot after it
            name = b + 1 if words[b - 1] == "им" and words[b:b + 1] == ["."] else b
            if (words[b - 1] in ("им", "имени") or words[a:b][-2:] == ["им", "."]) and name in people:
                b = people[name]
        out.append((a, b, typ))
    return out


def document_names(docs: list[Document], sentences: list[Sentence],
                   natasha: list[list[str]]) -> dict[int, dict[str, str]]:
    """For each sentence (by id), its document's names: the lemma of every
    capitalized word natasha tagged somewhere in the document -> the types
    it tagged it with («Росатом» tagged ORG once is a name elsewhere too)."""
    tags = {id(s): t for s, t in zip(sentences, natasha, strict=True)}
    out: dict[int, dict[str, str]] = {}
    for doc in docs:
        sents = [s for s in doc.sentences if id(s) in tags]
        names = lemma_types([(s, tags[id(s)]) for s in sents])
        for s in sents:
            out[id(s)] = names
    return out


def lemma_types(tagged: list[tuple[Sentence, list[str]]]) -> dict[str, str]:
    found: dict[str, set[str]] = {}
    for sent, tags in tagged:
        for t, tag in zip(sent.tokens, tags, strict=True):
            if tag != "O" and t.text[:1].isupper():
                found.setdefault(t.lemma.lower(), set()).add(tag[2:])
    return {k: "|".join(sorted(v)) for k, v in found.items()}


def inner_place(sent: Sentence, span: tuple[int, int, str]) -> tuple[int, int, str] | None:
    """The named place inside a place's part, its own LOC mention: «Турции» in
    «юге Турции», «США» in «западном побережье США», «Германии» in «южной
    Германии», «Европе» in «Восточной Европе» (not «Кореи» in «Южной Кореи»;
    None for other spans)."""
    a, b, typ = span
    toks = sent.tokens
    if typ != LOC:
        return None
    if (b - a >= 2 and toks[a].lemma.lower() in DIRECTION_ADJECTIVES
            and all(t.text[:1].isupper() for t in toks[a + 1:b])
            and (toks[a].text.islower() or toks[b - 1].lemma.lower() in CONTINENTS)):
        return a + 1, b, LOC
    k = next((i for i in range(a, b) if toks[i].lemma.lower() in PLACE_PARTS), -1)
    if k < 0 or k + 1 >= b or any(t.pos != "ADJ" for t in toks[a:k]):
        return None
    if not all(t.text[:1].isupper() for t in toks[k + 1:b]):
        return None
    return k + 1, b, LOC


def _surnames(sentences: list[Sentence], found: dict[int, list[tuple[int, int, str]]]) -> None:
    """A surname standing alone («Капитанов отметил») is a PER mention when the
    document names that person in full elsewhere («Олег Капитанов»)."""
    last = {sentences[i].tokens[b - 1].lemma.lower() for i, spans in found.items()
            for a, b, typ in spans if typ == PER and b - a >= 2}
    if not last:
        return
    for i, spans in found.items():
        # a facility may hold the person («Дом Бхутто», «памятник Ленину»)
        covered = {k for a, b, typ in spans if typ != FAC for k in range(a, b)}
        for k, t in enumerate(sentences[i].tokens):
            if k not in covered and t.text[:1].isupper() and t.text.isalpha() and t.lemma.lower() in last:
                spans.append((k, k + 1, PER))
        spans.sort()


def _repeats(sentences: list[Sentence], found: dict[int, list[tuple[int, int, str]]]) -> None:
    """A name the layers tagged once is the same name elsewhere in the
    document: «Росатом» tagged ORG in one sentence is an ORG where the layer
    missed it («в Росатоме заявили»).  Names of capitalized words only, ORG
    and LOC (PER has :func:`_surnames`); the words must be free of mentions."""
    names: dict[tuple[str, ...], str] = {}
    for i, spans in found.items():
        toks = sentences[i].tokens
        for a, b, typ in spans:
            if typ in (ORG, LOC) and all(t.text[:1].isupper() and t.text[:1].isalpha() for t in toks[a:b]):
                names.setdefault(tuple(t.lemma.lower() for t in toks[a:b]), typ)
    if not names:
        return
    longest = max(map(len, names))
    for i, spans in found.items():
        toks = sentences[i].tokens
        covered = {k for a, b, _ in spans for k in range(a, b)}
        lemmas = [t.lemma.lower() for t in toks]
        k = 0
        while k < len(toks):
            for m in range(min(longest, len(toks) - k), 0, -1):
                typ = names.get(tuple(lemmas[k:k + m]))
                if (typ and toks[k].text[:1].isupper() and not covered & set(range(k, k + m))
                        and (k + m == len(toks) or not toks[k + m].text[:1].isupper())
                        and (k <= 1 or not toks[k - 1].text[:1].isupper())):
                    spans.append((k, k + m, typ))
                    k += m - 1
                    break
            k += 1
        spans.sort()


# Words of a vehicle or a craft whose name follows in quotes: «шаттл
# «Дискавери»», «корабль «Союз ТМА-11»», «самолёт «Як-18Т»».
VEHICLES = frozenset("""корабль шаттл челнок самолет ракета ракета-носитель лайнер авианосец крейсер
эсминец фрегат ледокол подлодка субмарина спутник телескоп зонд марсоход луноход вертолет
истребитель бомбардировщик танкер яхта теплоход пароход паром судно грузовик""".split())


def after_vehicle(toks: list[Token], a: int) -> bool:
    """Token ``a`` opens a name in quotes right after a vehicle word."""
    return a >= 2 and toks[a - 1].text in OPENERS and toks[a - 2].lemma.lower().replace("ё", "е") in VEHICLES


def _vehicles(sentences: list[Sentence], found: dict[int, list[tuple[int, int, str]]]) -> None:
    """A name in quotes after a vehicle word names the vehicle («шаттл
    «Дискавери»», «корабль «Союз»»: a PRODUCT in NEREL, which the
    other-types layer tags), no body, place or person; so does the same name
    in quotes elsewhere in the document («до старта «Дискавери»», «кораблей
    „Прогресс“ и „Союз“»).  Unquoted names stay («самолёт Моралеса»,
    «самолёта Air France»: the owner)."""
    named = {sentences[i].tokens[a].lemma.lower() for i, spans in found.items()
             for a, _, _ in spans if after_vehicle(sentences[i].tokens, a)}
    if not named:
        return
    for i, spans in found.items():
        toks = sentences[i].tokens
        found[i] = [(a, b, typ) for a, b, typ in spans
                    if not (a > 0 and toks[a - 1].text in OPENERS and toks[a].lemma.lower() in named)]


def _first_names(sent: Sentence, spans: list[tuple[int, int, str]], marks) -> list[tuple[int, int, str]]:
    """A first name right before a person tagged by the surname alone joins it:
    «Виктор Понедельник: ...» where only «Понедельник» was tagged, «Ахмат-Хаджи
    Кадырова» where only «Кадырова» was."""
    covered = {k for a, b, _ in spans for k in range(a, b)}
    out = []
    for a, b, typ in spans:
        if typ == PER and a > 0 and a - 1 not in covered:
            t = sent.tokens[a - 1]
            if (t.text[:1].isupper() and t.text.replace("-", "").isalpha()
                    and "Name" in marks(t.text.lower()) and not _place_of_a_post(sent, a - 1)):
                a -= 1
        out.append((a, b, typ))
    return out


def animate_head(sent: Sentence, a: int) -> bool:
    """The word token ``a`` hangs on is animate («российский теннисист»)."""
    h = sent.tokens[a].head - 1
    return 0 <= h < len(sent.tokens) and sent.tokens[h].feats.get("Animacy") == "Anim"


def _no_nationality_place(sent: Sentence, spans: list[tuple[int, int, str]],
                          types: list[str] | None) -> list[tuple[int, int, str]]:
    """A place adjective the other-types layer calls a NATIONALITY as well is
    one of the two in NEREL: the nationality of a person («российский
    теннисист»), the country of anything else («российский МИД»).  The place
    goes where the word it qualifies is animate (the types stage leaves the
    nationality out elsewhere)."""
    if not types:
        return spans
    nationalities = {(a, b) for a, b, typ in bio_spans(types) if typ == NATIONALITY}
    return [(a, b, typ) for a, b, typ in spans
            if not (typ == LOC and (a, b) in nationalities and animate_head(sent, a))]


def _place_of_a_post(sent: Sentence, i: int) -> bool:
    """Token ``i`` is the place of a post before it («Шымкента» in «Аким
    Шымкента Габит Сыздыкбеков»), no first name."""
    t = sent.tokens[i]
    return i > 0 and t.head == i and sent.tokens[i - 1].text.lower() in _POST_NAMES


def _retype(sent: Sentence, a: int, b: int, typ: str) -> tuple[int, int, str]:
    """«ЕС», «Евросоюз», «Европейский союз» are organizations, never places."""
    if typ == LOC and _lemmas(sent, a, b) in ALWAYS_ORG:
        return a, b, ORG
    return a, b, typ


def _lemmas(sent: Sentence, a: int, b: int) -> str:
    return " ".join(t.lemma.lower() for t in sent.tokens[a:b])


def _people_of_a_place(sent: Sentence, a: int, b: int, typ: str) -> bool:
    """«Американцы», «палестинцы»: a people is not a place."""
    t = sent.tokens[a]
    return (typ == LOC and b == a + 1 and t.feats.get("Animacy") == "Anim"
            and t.feats.get("Number") == "Plur")


# A Kazakh post that is a Russian first name as well: «Аким Алматы посетил школу».
_POST_NAMES = frozenset("аким акима акиму акимом акиме".split())


def _after_post_of_a_place(sent: Sentence, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """«Аким Астаны» is the post of a place (a ROLE, which the posts rules then
    find), not a person named Аким nor a body: a PER or ORG span that starts
    with it loses it («Аким Шымкента Габит Сыздыкбеков» → «Габит
    Сыздыкбеков»), and is gone when nothing is left.  The place is a LOC the
    layers tagged right after the word, or a word the gazetteer knows in the
    genitive or hanging on the post as its ``nmod`` (the tagger reads «Аким
    Алматы» as a name in the nominative; «Шымкента» is Шымкент's genitive)."""
    toks = sent.tokens
    ends = {a: b for a, b, typ in spans if typ == LOC}
    out = []
    for a, b, typ in spans:
        if typ in (PER, ORG) and b - a >= 2 and toks[a].text.lower() in _POST_NAMES:
            k = ends.get(a + 1)
            w = toks[a + 1]
            if k is None and (w.feats.get("Case") == "Gen" or (w.rel == "nmod" and w.head == a + 1)) \
                    and places_lookup(w.lemma, w.text, w.text[:-1] if w.text.endswith("а") else ""):
                k = a + 2
            if k is not None and k <= b:
                if typ == PER and k < b:
                    out.append((k, b, typ))
                continue
        out.append((a, b, typ))
    return out


def _adjective_person(sent: Sentence, a: int, b: int, typ: str) -> bool:
    """«солиста Мариинского театра»: a person's name is not an adjective."""
    return typ == PER and all(t.pos == "ADJ" for t in sent.tokens[a:b])


def _bare_legal_form(sent: Sentence, a: int, b: int, typ: str) -> bool:
    """«ПАО», «ООО» alone name no organization (in «ПАО отделился от спускаемого
    модуля» it is a spacecraft's module)."""
    return typ == ORG and b == a + 1 and sent.tokens[a].text.lower() in LEGAL_FORMS


def _legal_names(sent: Sentence, found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """«ПАО «Газпром»»: a legal form and the quoted name after it make one ORG,
    which replaces the ORG mentions inside it."""
    toks = sent.tokens
    for i in range(len(toks) - 2):
        if not (toks[i].text.isupper() and toks[i].text.lower() in LEGAL_FORMS
                and toks[i + 1].text in OPENERS):
            continue
        close = next((j for j in range(i + 2, min(i + 12, len(toks))) if toks[j].text in CLOSERS), -1)
        if close > i + 2:
            found = [s for s in found if not (s[2] == ORG and i <= s[0] and s[1] <= close + 1)]
            found.append((i, close + 1, ORG))
    return found


_BRACKETS = frozenset("()[]•|;")
_CONJUNCTIONS = frozenset({"и", "или"})


def _two_people(sent: Sentence, a: int, b: int, typ: str) -> list[tuple[int, int]]:
    """A person's span that repeats its first word in another form two words
    on or later is two people: «отец Кима Чен Ира Ким Ир Сен» (not «В. В.
    Путин», «Мухаммад Ахмад Мухаммад Джабарин»)."""
    if typ == PER and b - a >= 4:
        first = sent.tokens[a]
        k = next((i for i in range(a + 2, b) if sent.tokens[i].lemma.lower() == first.lemma.lower()
                  and sent.tokens[i].text != first.text), -1)
        if k > 0:
            return [(a, k), (k, b)]
    return [(a, b)]


# Titles, ranks and posts written with a capital before a name, which NEREL
# keeps out of the person's name (the roles stage makes them a post):
# «Император Акихито», «Папа Франциск», «Полковник Квачков», «Вдова Солженицына».
TITLES = frozenset("""
император императрица кронпринц принц принцесса король королева царь царица султан
папа патриарх митрополит архиепископ епископ кардинал аятолла
генерал генерал-майор генерал-лейтенант генерал-полковник полковник подполковник майор капитан
лейтенант сержант адмирал маршал
президент вице-президент премьер премьер-министр вице-премьер министр канцлер губернатор мэр
сенатор депутат посол спикер генсек госсекретарь судья прокурор
вдова вдовец
""".split())


def _after_title(sent: Sentence, a: int, b: int, typ: str, marks) -> int:
    """Where a person's name starts past a title before it: «Император
    Акихито» → «Акихито»; not in «принц Астурийский» (an adjective is no name,
    nor is a surname like it kept apart) or when the word is a first name too."""
    toks = sent.tokens
    if (typ == PER and b - a >= 2 and toks[a].lemma.lower() in TITLES
            and "Name" not in marks(toks[a].text.lower())
            and toks[a + 1].text[:1].isupper() and not _adjective(toks[a + 1])):
        return a + 1
    return a


def _adjective(t: Token) -> bool:
    """«Астурийский» is tagged PROPN (pymorphy3 guesses a surname for it too)."""
    return t.pos == "ADJ" or t.lemma.lower().endswith(("ский", "цкий"))


_PERSON_CUTS = frozenset({",", "–", "—", "-"})


def _pieces(sent: Sentence, a: int, b: int, typ: str, marks) -> list[tuple[int, int]]:
    """A span cut at brackets and list separators: «Организация Объединённых
    Наций (ООН)» is two names, «Джоэл Саймон (Joel Simon)» too; a person is cut
    at commas and at «и» after a surname as well («театра имени Станиславского
    и Немировича-Данченко» names two people; «Сергея и Юлии Скрипаль» shares
    the surname and stays one mention, as NEREL marks it), and at a dash
    standing alone («Свиридова – В.Л.»: no PERSON of NEREL train or dev holds
    one)."""
    cuts = _BRACKETS | (_PERSON_CUTS if typ == PER else set())
    out, start = [], a
    for i in range(a, b + 1):
        if i == b or sent.tokens[i].text in cuts or (
                typ == PER and i > start and sent.tokens[i].text in _CONJUNCTIONS
                and "Name" not in marks(sent.tokens[i - 1].text.lower())):
            if any(c.isalpha() for t in sent.tokens[start:i] for c in t.text):
                out.append((start, i))
            start = i + 1
    return out

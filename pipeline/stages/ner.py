"""PER, ORG and LOC mentions.

Two layers.  The slovnet NER model (natasha's news model) tags the pipeline's
own tokens (BIO, per sentence, batched across documents).  Then one CRF per
type (``pipeline/data/ner-*.crfsuite``, trained on NEREL train by ``make
train``) re-tags every sentence with NEREL's extents: the full name of a body
with its genitive and place dependents and quoted names («МИД Австралии»,
«правительство Санкт-Петербурга», «ПАО «Газпром»»), bodies named by common
nouns («правительство», «Кремль»).  Its features are the words, lemmas,
shapes, UD tags and relations, the head word, natasha's tag, pymorphy's name
marks and the gazetteer (:mod:`pipeline.gazetteer`).  Each type is a layer of
its own, so a place inside an organization stays a LOC mention of its own.

Mentions never cross a sentence (so never a paragraph break) and never touch
metadata lines; a mention never holds an unbalanced quote.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache, partial
from pathlib import Path
from typing import NamedTuple

from pipeline.config import DEFAULT_BATCH_SIZE
from pipeline.crf import UNKNOWN, CRFLayers
from pipeline.doc import Document, Mention, Sentence, Token
from pipeline.gazetteer import (
    ALWAYS_ORG,
    CONTINENTS,
    DIRECTION_ADJECTIVES,
    LEGAL_FORMS,
    PLACE_PARTS,
    word_class,
)
from pipeline.labels import FAC, LOC, ORG, PER
from pipeline.quotes import CLOSERS, OPENERS, balance
from pipeline.resources import Resources
from pipeline.stages import Stage
from pipeline.stages.batching import ok_sentences, run_packed

DATA = Path(__file__).resolve().parent.parent / "data"
LAYERS = (PER, ORG, LOC, FAC)
# Layers whose tags the stage keeps on the sentence for a later stage (the
# types stage reads "types": NEREL's other types), tagged in the same pass
# on the same features.
LAYERS_KEPT = ("types",)
_MARKS = ("Name", "Surn", "Patr", "Geox", "Orgn", "Abbr", "Trad")


def layer_path(typ: str) -> Path:
    return DATA / f"ner-{typ.lower()}.crfsuite"


def bio_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """Token spans ``(start, stop, type)`` from BIO tags (a stray I- opens a span)."""
    spans: list[tuple[int, int, str]] = []
    start, typ = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, t = tag.partition("-")
        if start >= 0 and (prefix != "I" or t != typ):
            spans.append((start, i, typ))
            start, typ = -1, ""
        if prefix == "B" or (prefix == "I" and start < 0):
            start, typ = i, t
    return spans


def mention_from_tokens(doc: Document, sent: Sentence, sent_idx: int, a: int, b: int,
                        typ: str, source: str) -> Mention:
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
    """CRF features of a sentence's tokens (lists of ``name=value`` strings).

    A token's strings (its own features, the prefixed copies its neighbours
    take, the ones a dependent takes of its head) are built from two memoized
    parts: the word's (text and lemma: words repeat across a corpus) and its
    tags' (POS, natasha's tag, case, number, relation: few combinations).

    ``vocab``: the attributes the taggers know, with their ids
    (:class:`pipeline.crf.CRFLayers`): features are then ids, the unknown ones
    left out (they have no weight); without it, strings (for training).
    """

    def __init__(self, morph, cache_size: int = 50_000, vocab: dict[str, int] | None = None,
                 words_cache: int = 50_000) -> None:
        @lru_cache(maxsize=cache_size)
        def marks(word: str) -> tuple[str, ...]:
            """pymorphy3 name marks any parse of the word has (Surn, Geox, ...)."""
            grams = set()
            for p in morph.parse(word)[:4]:
                grams |= p.tag.grammemes
            return tuple(m for m in _MARKS if m in grams)

        self.marks = marks
        self._vocab = vocab
        self._enc = (lambda x: x) if vocab is None else (lambda x: vocab.get(x, UNKNOWN))
        # A word's features are a few hundred bytes as ids (kB as strings): a
        # bounded cache keeps a worker's memory flat on long runs (the frequent
        # words stay hot).
        self._words_cache = words_cache
        self._words: dict[tuple[str, str], _Strings] = {}
        self._tags: dict[tuple[str, ...], _Strings] = {}

    def __call__(self, sent: Sentence, ner_tags: list[str]) -> list[list]:
        """Each token's features: strings, or attribute ids with a ``vocab``."""
        toks = sent.tokens
        n = len(toks)
        enc = self._enc
        words = [self._word_strings(t) for t in toks]
        tags = [self._tag_strings(t, tag) for t, tag in zip(toks, ner_tags, strict=True)]
        classes = [w.cls for w in words]
        depth = 0
        out: list[list] = []
        prev = "^"
        for i, t in enumerate(toks):
            f = [*words[i].base, *tags[i].base]
            closes = t.text in CLOSERS and depth > 0
            depth -= closes
            f.append(enc(_DEPTHS[min(depth, 2)]))
            if t.text in OPENERS and not closes:
                depth += 1
            h = t.head - 1
            if 0 <= h < n and h != i:
                f += words[h].as_head
                f += tags[h].as_head
                f.append(enc("hd=L" if h < i else "hd=R"))
                f += tags[i].rc
                f += map(enc, _ancestors(toks, h, ner_tags, classes))
            else:
                f.append(enc("root"))
            for slot, k in enumerate(_NEIGHBOURS):
                j = i + k
                if 0 <= j < n:
                    f += words[j].as_neighbour[slot]
                    f += tags[j].as_neighbour[slot]
                else:
                    f.append(enc(_PADS[slot]))
            tag = ner_tags[i]
            f.append(enc(f"nn={prev}|{tag}"))
            prev = tag
            out.append(f)
        return out

    def _word_strings(self, t: Token) -> _Strings:
        key = (t.text, t.lemma)
        found = self._words.get(key)
        if found is None:
            if len(self._words) >= self._words_cache:
                self._words.clear()
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
        own = [*shared, f"s3={low[-3:]}", f"s2={low[-2:]}", f"p3={low[:3]}"]
        if text[:1].isalpha():
            # pymorphy reads a word of two letters or more alike in any case: the
            # parse of the word as written is the one the lemma stage memoized
            own += [f"m={m}" for m in self.marks(text if len(text) > 1 else low)]
        cls = word_class(head_lemma)
        return self._strings(own, shared, [f"hl={head_lemma}", f"hg={cls}"], [], cls)

    def _tag(self, pos: str, tag: str, case: str, number: str, rel: str) -> _Strings:
        """The strings of a token's tags: ``p n`` are also its neighbours'."""
        shared = [f"p={pos}", f"n={tag}"]
        own = [*shared, f"c={case}", f"r={rel}", f"num={number}"]
        return self._strings(own, shared, [f"hp={pos}", f"hn={tag}"], [f"rc={rel}|{case}"], "")

    def _strings(self, own: list[str], shared: list[str], as_head: list[str], rc: list[str],
                 cls: str) -> _Strings:
        return _Strings(
            base=self._keep(own),
            as_neighbour=tuple(self._keep([f"{k}{x}" for x in shared]) for k in _NEIGHBOURS),
            as_head=self._keep(as_head),
            rc=self._keep(rc),
            cls=cls,
        )

    def _keep(self, strings: list[str]) -> tuple:
        vocab = self._vocab
        return tuple(strings if vocab is None else (vocab[x] for x in strings if x in vocab))


class _Strings(NamedTuple):
    """A part (word or tags) of a token's feature strings."""

    base: tuple  # the token's own features (strings or ids)
    as_neighbour: tuple[tuple, ...]  # prefixed for each of _NEIGHBOURS
    as_head: tuple  # what a dependent takes of it
    rc: tuple  # relation and case (tags only)
    cls: str  # word_class of the lemma (words only)


_NEIGHBOURS = (-2, -1, 1, 2)
_PADS = tuple(f"{k}pad" for k in _NEIGHBOURS)
_DEPTHS = ("q=0", "q=1", "q=2")


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
                 layers: Iterable[str] = LAYERS, kept: Iterable[str] = LAYERS_KEPT) -> None:
        """``layers``: types re-tagged by their CRF; none gives plain natasha.
        ``kept``: layers whose tags go on the sentences (``Sentence.layer_tags``)."""
        self.models = resources.packed
        self.batch_size = batch_size
        self.layers = tuple(layers)
        self.kept = tuple(kept)
        paths = {name: layer_path(name) for name in (*self.layers, *self.kept)}
        self.crf = CRFLayers(paths) if paths else None
        self.features = Features(resources.morph, vocab=self.crf.vocab if self.crf else None)

    def natasha_tags(self, sentences: list[Sentence]) -> list[list[str]]:
        """natasha's BIO tags of each sentence."""
        return run_packed(self.models, self.models.ner, sentences, self.batch_size)

    def __call__(self, doc: Document) -> Document:
        return self.pipe([doc])[0]

    def pipe(self, docs: Iterable[Document]) -> list[Document]:
        docs = list(docs)
        sentences = ok_sentences(docs)
        natasha = self.natasha_tags(sentences)
        layers = (self.crf.tag([self.features(s, t) for s, t in zip(sentences, natasha, strict=True)],
                               self.batch_size)
                  if self.crf else [{} for _ in sentences])
        tags = {id(s): (t, lt) for s, t, lt in zip(sentences, natasha, layers, strict=True)}
        for doc in docs:
            if not doc.ok:
                continue
            found = {i: self.spans(sent, *tags[id(sent)]) for i, sent in enumerate(doc.sentences)
                     if id(sent) in tags}
            _surnames(doc.sentences, found)
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
        found = _legal_names(sent, list({_retype(sent, *s) for s in found}))
        unions = [(a, b) for a, b, typ in found if typ == ORG and _lemmas(sent, a, b) in ALWAYS_ORG]
        found = [s for s in found if not _people_of_a_place(sent, *s) and not _adjective_person(sent, *s)
                 and not _bare_legal_form(sent, *s)
                 and not (s[2] == LOC and any(a <= s[0] and s[1] <= b for a, b in unions))]
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
                    and "Name" in marks(t.text.lower())):
                a -= 1
        out.append((a, b, typ))
    return out


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


def _pieces(sent: Sentence, a: int, b: int, typ: str, marks) -> list[tuple[int, int]]:
    """A span cut at brackets and list separators: «Организация Объединённых
    Наций (ООН)» is two names, «Джоэл Саймон (Joel Simon)» too; a person is cut
    at commas and at «и» after a surname as well («театра имени Станиславского
    и Немировича-Данченко» names two people; «Сергея и Юлии Скрипаль» shares
    the surname and stays one mention, as NEREL marks it)."""
    cuts = _BRACKETS | ({","} if typ == PER else set())
    out, start = [], a
    for i in range(a, b + 1):
        if i == b or sent.tokens[i].text in cuts or (
                typ == PER and i > start and sent.tokens[i].text in _CONJUNCTIONS
                and "Name" not in marks(sent.tokens[i - 1].text.lower())):
            if any(c.isalpha() for t in sent.tokens[start:i] for c in t.text):
                out.append((start, i))
            start = i + 1
    return out

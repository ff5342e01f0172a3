"""Normal forms: every mention in the nominative («Олегом Капитановым» → «Олег
Капитанов», «Российской Федерации» → «Российская Федерация»).

Persons: every name word is put in the nominative singular of the person's
gender (surnames too: «Быковскую» → «Быковская»), and split into first,
middle and last name.  Other mentions: the syntactic head of the span and the
words that agree with it (same case: adjectives, participles, numerals) go
to the nominative, in the number of the head (plural names stay plural:
«Соединённых Штатов Америки» → «Соединённые Штаты Америки»); dependents that
do not agree («правительства Санкт-Петербурга» → «правительство
Санкт-Петербурга») and quoted names are kept as written.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.doc import MONEY, PER, Document, Mention, Token
from pipeline.resources import Resources
from pipeline.stages import Stage
from pipeline.stages.lemma import UD_CASE, UD_TO_OC

_QUOTES = set("«»\"„“”'")
_NAME_TAGS = {"Name", "Surn", "Patr"}


def match_case(original: str, new: str) -> str:
    """Give ``new`` the letter case pattern of ``original``."""
    if original.isupper() and len(original) > 1:
        return new.upper()
    if original[:1].isupper():
        parts = new.split("-")
        orig_parts = original.split("-")
        if len(parts) == len(orig_parts):
            return "-".join(
                p.upper() if o.isupper() and len(o) > 1 else (p[:1].upper() + p[1:] if o[:1].isupper() else p)
                for p, o in zip(parts, orig_parts, strict=True)
            )
        return new[:1].upper() + new[1:]
    return new


_PATRONYMIC = ("вич", "вна", "ична", "ьич")
_PARTICLES = {"ле", "ла", "де", "ди", "да", "дю", "ван", "фон", "дер", "бин", "ибн", "аль", "эль"}
_ADJ_END = re.compile(r"(ых|их|ого|его|ому|ему|ым|им|ой|ей|ую|юю|ая|яя|ое|ее|ые|ие|ый|ий)$")


def _abbreviation(word: str) -> bool:
    """«МАГАТЕ», «ЦБ»: abbreviations are written the same in every case."""
    return len(word) > 1 and word.isupper()


def span_tokens(doc: Document, m: Mention) -> list[Token]:
    if m.sent_idx < 0 or m.sent_idx >= len(doc.sentences):
        return []
    return [t for t in doc.sentences[m.sent_idx].tokens if t.start >= m.start and t.stop <= m.stop]


def span_head(tokens: list[Token], sent_tokens: list[Token]) -> int:
    """Index (in ``tokens``) of the syntactic head of a span: the token whose head
    lies outside the span; the first noun when the tree does not say."""
    if not tokens:
        return -1
    idx = {id(t): i for i, t in enumerate(tokens)}
    positions = {id(t): k + 1 for k, t in enumerate(sent_tokens)}
    inside = {positions[id(t)] for t in tokens if id(t) in positions}
    heads = [i for i, t in enumerate(tokens)
             if t.pos in ("NOUN", "PROPN") and t.head not in inside]
    # «Соединённых Штатов Америки»: the tree may hang an adjective-like name
    # word on the outside head as well; the noun is the head.
    nouns_only = [i for i in heads if not _ADJ_END.search(tokens[i].text.lower())]
    if nouns_only or heads:
        return (nouns_only or heads)[0]
    nouns = [idx[id(t)] for t in tokens if t.pos in ("NOUN", "PROPN")]
    return nouns[0] if nouns else 0


# Case endings of a foreign man's name pymorphy does not know («Райкконена»).
_FOREIGN_ENDINGS = {"Gen": ("а", "я"), "Acc": ("а", "я"), "Dat": ("у", "ю"), "Ins": ("ом", "ем"),
                    "Loc": ("е",)}
_VOWELS = set("аеёиоуыэюяьй")


def _foreign_nominative(word: str, case: str, gender: str) -> str:
    """A name pymorphy does not know, in the nominative: a man's name loses the
    case ending after a consonant («Райкконена» → «Райкконен»); other names
    (indeclinable «Тору», women's names) stay as written."""
    if gender != "masc" or "-" in word:
        return word
    for end in _FOREIGN_ENDINGS.get(case, ()):
        stem = word[: -len(end)]
        if word.endswith(end) and len(stem) >= 3 and stem[-1].lower() not in _VOWELS:
            return stem + ("ь" if end in ("я", "ю", "ем") and stem[-1] not in "жшчщц" else "")
    return word


class Normalizer(Stage):
    name = "normal"

    def __init__(self, resources: Resources) -> None:
        morph = resources.morph

        @lru_cache(maxsize=100_000)
        def inflect(word: str, pos: str, case: str, number: str, gender: str,
                    name: bool) -> str:
            """``word`` put in the nominative (``number``, ``gender`` if given)."""
            parses = morph.parse(word)
            if not parses:
                return word
            allowed = UD_TO_OC.get(pos, frozenset())
            oc_case = UD_CASE.get(case)

            def score(p) -> float:
                s = 0.0
                if p.tag.POS in allowed:
                    s += 4
                if oc_case and p.tag.case == oc_case:
                    s += 2
                if number and p.tag.number == number:
                    s += 1
                if gender and p.tag.gender == gender:
                    s += 1
                if name and _NAME_TAGS & p.tag.grammemes:
                    s += 3
                if name and "Geox" in p.tag.grammemes:
                    s -= 1
                return s + p.score

            parse = max(parses, key=score)
            want = {"nomn"}
            if number:
                want.add(number)
            gendered = {"ADJF", "PRTF", "NUMR"} | ({"NOUN"} if name else set())
            if gender and number != "plur" and parse.tag.POS in gendered:
                want.add(gender)
            form = parse.inflect(want) or parse.inflect({"nomn"})
            return form.word if form else word

        @lru_cache(maxsize=100_000)
        def name_gender(word: str, case: str) -> str:
            """``masc``/``femn`` when pymorphy knows ``word`` as a first name in
            ``case`` (in any case for "")."""
            oc_case = UD_CASE.get(case)
            names = [p for p in morph.parse(word)
                     if "Name" in p.tag.grammemes and p.tag.gender in ("masc", "femn")]
            fits = [p for p in names if not oc_case or p.tag.case == oc_case]
            return fits[0].tag.gender if fits else ""

        @lru_cache(maxsize=100_000)
        def declines(word: str, case: str) -> bool:
            """Whether pymorphy can inflect ``word`` as a name in ``case``: a
            dictionary word, or a Russian-style surname it guesses («Налбандовым»,
            «Рымашевского»); not a foreign name it does not know («Райкконена»)."""
            if morph.word_is_known(word):
                return True
            oc_case = UD_CASE.get(case)
            return any(p.tag.case == oc_case and ("Surn" in p.tag.grammemes or p.tag.POS == "ADJF")
                       for p in morph.parse(word))

        @lru_cache(maxsize=100_000)
        def oblique_name(word: str) -> bool:
            """A first name or patronymic that has no nominative reading."""
            names = [p for p in morph.parse(word) if {"Name", "Patr"} & p.tag.grammemes]
            return bool(names) and all(p.tag.case != "nomn" for p in names)

        self.inflect = inflect
        self.oblique_name = oblique_name
        self.name_gender = name_gender
        self.declines = declines

    def __call__(self, doc: Document) -> Document:
        for m in doc.mentions:
            if m.type == MONEY:
                if not m.normal:
                    m.normal = m.text
                continue
            toks = span_tokens(doc, m)
            if not toks:
                m.normal = m.normal or m.text
                continue
            if m.type == PER:
                self._person(m, toks)
            else:
                m.normal = self._phrase(doc, m, toks)
        return doc

    def _person(self, m: Mention, toks: list[Token]) -> None:
        words = [t for t in toks if any(c.isalpha() for c in t.text)]
        gender = self._gender(words)
        out = []
        # «Наине Иосифовне»: the tagger may take a name and patronymic that have
        # no nominative reading for nominatives.
        oblique = len(words) >= 2 and all(self.oblique_name(t.text.lower()) for t in words)
        for t in words:
            case = t.feats.get("Case", "Nom")
            if case == "Nom" and oblique:
                case = "Dat"
            if case == "Nom" or len(t.text) <= 2 or t.text.endswith(".") or not t.text[:1].isupper():
                out.append(t.text)
            elif not self.declines(t.text.lower(), case):
                out.append(_foreign_nominative(t.text, case, gender))
            else:
                out.append(match_case(t.text, self.inflect(t.text.lower(), "PROPN", case, "sing",
                                                           gender, True)))
        m.normal = " ".join(out) if out else m.text
        self._split_name(m, out)

    def _gender(self, words: list[Token]) -> str:
        """The person's gender: from a first name pymorphy knows, else from the
        UD tag of the last word (the surname decides agreement in context)."""
        for t in words:
            word = t.text.lower()
            g = self.name_gender(word, t.feats.get("Case", "")) or self.name_gender(word, "")
            if g:
                return g
        for t in reversed(words):
            g = t.feats.get("Gender")
            if g in ("Masc", "Fem"):
                return "masc" if g == "Masc" else "femn"
        return ""

    @staticmethod
    def _split_name(m: Mention, words: list[str]) -> None:
        """first / middle / last: «Борис Николаевич» has no surname, «Ельцин
        Борис Николаевич» puts it first, «Реджеп Тайип Эрдоган» has a middle
        name, «Жан-Мари Ле Пен» a surname of two words."""
        if not words:
            return
        patr = [i for i, w in enumerate(words) if i and w.endswith(_PATRONYMIC)]
        if patr and patr[0] == 1:
            m.first, m.middle, m.last = words[0], words[1], " ".join(words[2:])
        elif patr and patr[0] == 2 and len(words) == 3:
            m.last, m.first, m.middle = words
        elif len(words) == 1:
            m.last = words[0]
        else:
            k = len(words) - 2 if len(words) >= 3 and words[-2].lower() in _PARTICLES else len(words) - 1
            m.first, m.middle, m.last = words[0], " ".join(words[1:k]), " ".join(words[k:])

    def _phrase(self, doc: Document, m: Mention, toks: list[Token]) -> str:
        sent_tokens = doc.sentences[m.sent_idx].tokens
        h = span_head(toks, sent_tokens)
        head = toks[h]
        case = head.feats.get("Case", "")
        if not case or case == "Nom":
            return m.text
        number = "plur" if head.feats.get("Number") == "Plur" else "sing"
        gender = {"Masc": "masc", "Fem": "femn", "Neut": "neut"}.get(head.feats.get("Gender", ""), "")
        pieces: list[str] = []
        prev_stop = toks[0].start
        in_quotes = False
        for i, t in enumerate(toks):
            word = t.text
            if t.text in _QUOTES:
                in_quotes = not in_quotes
            elif not in_quotes and i <= h and t.feats.get("Case") == case and not _abbreviation(word) and (
                    i == h or t.pos in ("ADJ", "DET", "NUM", "VERB") or _ADJ_END.search(word.lower())):
                pos = t.pos if i == h or t.pos != "PROPN" else "ADJ"
                word = match_case(t.text, self.inflect(t.text.lower(), pos, case, number,
                                                       gender, False))
            pieces.append(doc.text[prev_stop:t.start] if i else "")
            pieces.append(word)
            prev_stop = t.stop
        return "".join(pieces)

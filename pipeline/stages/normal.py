"""Normal forms: every mention in the nominative («Олегом Капитановым» → «Олег
Капитанов», «Российской Федерации» → «Российская Федерация»).

Persons: every name word is put in the nominative singular of the person's
gender (surnames too: «Быковскую» → «Быковская»), and split into first,
middle and last name.  All the words of a name share one case, decided from
the tagger and from the cases the words' forms allow (the tagger often gives
the words of a foreign name different cases).  Other mentions: the syntactic head of the span and the
words that agree with it (same case: adjectives, participles, numerals) go
to the nominative, in the number of the head (plural names stay plural:
«Соединённых Штатов Америки» → «Соединённые Штаты Америки»); dependents that
do not agree («правительства Санкт-Петербурга» → «правительство
Санкт-Петербурга») and quoted names are kept as written.  A post with a dash
gets every part in the nominative («членом правительства – председателем
комитета» → «член правительства – председатель комитета»,
:func:`pipeline.stages.roles.compound_normal`), here so that linking makes the
entity id from the final normal form.

What is asked of pymorphy about one word is asked once (:class:`WordForms`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from os.path import commonprefix

from pipeline.doc import Document, Mention, Token
from pipeline.entity_ids import key
from pipeline.gazetteer import place_adjective
from pipeline.geo import lookup
from pipeline.labels import LOC, MONEY, PER, QUANTITY_TYPES, ROLE, TIME_TYPES
from pipeline.numerals import cardinal
from pipeline.resources import Resources
from pipeline.stages import Stage
from pipeline.stages.lemma import UD_CASE, UD_TO_OC
from pipeline.stages.roles import compound_normal

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


# «МИДа», «МИДе», «ОМОНом», «ВЦИОМа», «ЗАГСе»: an abbreviation read as a word
# takes its case ending in lower case; the capitals are its nominative.
_CASED_ABBREVIATION = re.compile(r"([А-ЯЁ]{2,})(а|у|ом|е|ы|ов|ам|ами|ах)")


def _abbreviation_stem(word: str) -> str | None:
    """The abbreviation of ``word`` without its case ending («МИДа» → «МИД»), or None."""
    found = _CASED_ABBREVIATION.fullmatch(word)
    return found[1] if found else None


def span_tokens(doc: Document, m: Mention) -> list[Token]:
    """The tokens of ``m``: those it overlaps (a post starts inside its token
    after «экс-»: «экс-президент» is one token, the mention «президент»)."""
    if m.sent_idx < 0 or m.sent_idx >= len(doc.sentences):
        return []
    return [t for t in doc.sentences[m.sent_idx].tokens if t.stop > m.start and t.start < m.stop]


def _with_initial_dots(words: list[Token], toks: list[Token], out: list[str]) -> list[str]:
    """An initial keeps its dot: «С. Собянина» → «С. Собянин», «А.М. Горького»
    → «А. М. Горький» (the tokenizer splits the dot off)."""
    following = {id(a): b.text for a, b in zip(toks, toks[1:], strict=False)}
    return [w + "." if len(w) == 1 and w.isupper() and following.get(id(t)) == "." else w
            for t, w in zip(words, out, strict=True)]


def _apposition_head(doc: Document, m: Mention, toks: list[Token]) -> Token | None:
    """The animate common noun a person's name is in apposition to
    («чемпиона мира — Веселина Топалова»), or None."""
    sent = doc.sentences[m.sent_idx].tokens
    for t in toks:
        if t.rel == "appos" and 0 < t.head <= len(sent):
            h = sent[t.head - 1]
            if h not in toks and h.pos in ("NOUN", "PROPN") and h.feats.get("Animacy") == "Anim":
                return h
    return None


def _hanging_outside(tokens: list[Token], sent_tokens: list[Token]) -> list[int]:
    """Indexes (in ``tokens``) of the span's tokens whose syntactic head lies
    outside the span."""
    span = {id(t) for t in tokens}
    inside = {k + 1 for k, t in enumerate(sent_tokens) if id(t) in span}
    return [i for i, t in enumerate(tokens) if t.head not in inside]


def span_head(tokens: list[Token], sent_tokens: list[Token]) -> int:
    """Index (in ``tokens``) of the syntactic head of a span: the token whose head
    lies outside the span; the first noun when the tree does not say."""
    if not tokens:
        return -1
    heads = [i for i in _hanging_outside(tokens, sent_tokens) if tokens[i].pos in ("NOUN", "PROPN")]
    # «Соединённых Штатов Америки»: the tree may hang an adjective-like name
    # word on the outside head as well; the noun is the head.
    nouns_only = [i for i in heads if not _ADJ_END.search(tokens[i].text.lower())]
    if nouns_only:
        return nouns_only[0]
    if heads:
        # Only the adjective-like word hangs outside («Объединённых Арабских
        # Эмиратах» with «Эмиратах» under «Объединённых»): the first noun
        # after it in its case is the head.
        h = heads[0]
        if tokens[h].pos == "NOUN":  # a noun like «сборной» heads «сборной Бразилии»
            return h
        case, number = tokens[h].feats.get("Case"), tokens[h].feats.get("Number")
        later = [i for i in range(h + 1, len(tokens)) if tokens[i].pos in ("NOUN", "PROPN")
                 and not _ADJ_END.search(tokens[i].text.lower())
                 and (tokens[i].feats.get("Case"), tokens[i].feats.get("Number")) == (case, number)]
        return later[0] if later else h
    nouns = [i for i, t in enumerate(tokens) if t.pos in ("NOUN", "PROPN")]
    return nouns[0] if nouns else 0


def _told_by_verb(t: Token) -> bool:
    """A finite verb or a short participle («задержали», «задержан»), whose
    infinitive names what happened (a full participle alone is a word that
    declines: «скончавшегося» → «скончавшийся»)."""
    return t.pos == "VERB" and bool(t.lemma) and (
        t.feats.get("VerbForm") == "Fin" or t.feats.get("Variant") == "Short")


def _verb_headed(tokens: list[Token], sent_tokens: list[Token]) -> bool:
    """A span whose syntactic head is a verb and no noun of it hangs outside
    it: an event told by a verb phrase («впал в кому»), whose nouns are the
    verb's objects and keep their case."""
    if len(tokens) < 2:
        return False  # a participle alone goes to the nominative («скончавшегося» → «скончавшийся»)
    outside = {tokens[i].pos for i in _hanging_outside(tokens, sent_tokens)}
    return bool(outside & {"VERB", "AUX"}) and not outside & {"NOUN", "PROPN"}


# Case endings of a foreign man's name pymorphy does not know («Райкконена»).
_FOREIGN_ENDINGS = {"Gen": ("а", "я"), "Acc": ("а", "я"), "Dat": ("у", "ю"), "Ins": ("ом", "ем"),
                    "Loc": ("е",)}
_VOWELS = set("аеёиоуыэюяьй")
_INDECLINABLE_END = set("еиоуэю")
# A woman's foreign name in -а: (case, ending) of its accusative, dative and
# locative (the -е ones not for a surname: «Жанне Фриске» is indeclinable).
_FEMININE_A = {("Acc", "у"), ("Dat", "е"), ("Loc", "е")}
_ALL_CASES = frozenset(UD_CASE)
_UD_GENDER = {"Masc": "masc", "Fem": "femn"}
_CYRILLIC = re.compile("[а-яё]")
# Endings of a foreign name's oblique forms -> OpenCorpora cases («Райкконена»,
# «Маехары», «Райкконеном»).
_FOREIGN_CASES = {"а": {"gent"}, "я": {"gent"}, "ы": {"gent"}, "ом": {"ablt"}, "ем": {"ablt"},
                  "ой": {"ablt"}, "ей": {"ablt"}}


def _inflectable(word: str) -> bool:
    """A name word to put in the nominative: not an initial («В.»), not a short
    particle («ди», «Ли»), not a lower-case word."""
    return len(word) > 2 and not word.endswith(".") and word[:1].isupper()


def _foreign_nominative(word: str, case: str, gender: str, surname: bool = False) -> str:
    """A name pymorphy does not know, in the nominative (``case`` is oblique):
    a name in -а or -ия gets its ending back (``_a_declension``); a man's
    name loses the case ending after a consonant («Райкконена» →
    «Райкконен»); other names (indeclinable «Тору», women's names in a
    consonant) stay as written."""
    if "-" in word:  # each part of a double name declines: «Анне-Марии» → «Анна-Мария»
        return "-".join(_foreign_nominative(part, case, gender, surname) if _inflectable(part) else part
                        for part in word.split("-"))
    return _a_declension(word, case, gender, surname) or (
        _consonant_declension(word, case) if gender == "masc" else word)


def _a_declension(word: str, case: str, gender: str, surname: bool) -> str:
    """The nominative of a name in -а or -ия from an oblique form, "" when
    ``word`` is none: -ы is the genitive («Сейджи Маехары» → «Маехара»,
    whatever the tagger says), -ой the instrumental («Шакирой» → «Шакира»), a
    woman's -у and (but for a ``surname``: «Жанне Фриске») -е her accusative
    and dative («Присцилле Чан» → «Присцилла»); -ии, -ию, -ией are forms of
    -ия («Гарсии» → «Гарсия»)."""
    if len(word) >= 5 and word[-2:] in ("ии", "ию"):
        return word[:-1] + "я"
    if len(word) >= 6 and word.endswith("ией"):
        return word[:-2] + "я"
    if case == "Ins" and word.endswith("ой") and len(word) >= 5 and word[-3].lower() not in _VOWELS:
        return word[:-2] + "а"
    if len(word) < 4 or word[-2].lower() in _VOWELS:
        return ""
    feminine = gender == "femn" and (case, word[-1]) in _FEMININE_A and not (surname and word[-1] == "е")
    return word[:-1] + "а" if word.endswith("ы") or feminine else ""


def _consonant_declension(word: str, case: str) -> str:
    """A man's name without its case ending after a consonant («Райкконена»,
    «Райкконену», «Цзюня» → «Цзюнь»); ``word`` when it has none."""
    for end in _FOREIGN_ENDINGS.get(case, ()):
        stem = word[: -len(end)]
        if word.endswith(end) and len(stem) >= 2 and stem[-1].lower() not in _VOWELS:
            return stem + ("ь" if end in ("я", "ю", "ем") and stem[-1] not in "жшчщц" else "")
    return word


class WordForms:
    """What the normal forms ask pymorphy of one word, each answer cached per
    word (and case, gender...): a mention's words repeat across a corpus."""

    CACHE_SIZE = 100_000  # entries per question

    def __init__(self, morph) -> None:
        self.morph = morph
        self.known = morph.word_is_known
        # One cache per question, on the bound methods, made once per instance.
        for name in ("inflect", "name_gender", "declines", "name_cases", "surname_gender",
                     "indeclinable", "patronymic", "adjective_in", "foreign_place"):
            setattr(self, name, lru_cache(maxsize=self.CACHE_SIZE)(getattr(self, name)))

    def inflect(self, word: str, pos: str, case: str, number: str, gender: str, name: bool) -> str:
        """``word`` put in the nominative (``number``, ``gender`` if given)."""
        parses = self.morph.parse(word)
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
        if form is None:
            return word
        if not form.word.startswith(word[:max(3, len(word) - 2)]):
            # a paradigm with two forms of one tag: pymorphy gives the first
            # («лучшую» → «наихорошая», «высшей» → «высочайшая»); the one the
            # word is a form of shares its beginning («лучшая», «высшая»)
            same = [f for f in parse.lexeme if f.tag == form.tag]
            form = max(same, key=lambda f: len(commonprefix([f.word, word])), default=form)
        return form.word

    def name_gender(self, word: str, case: str, ud: str = "") -> str:
        """``masc``/``femn`` when pymorphy knows ``word`` as a first name in
        ``case`` (in any case for ""), in the singular («Ким» is no
        genitive plural of «Кима»), not a vocative («Зин»); the tagger's gender ``ud`` among
        several («Роману»: a man's dative, or a woman's accusative)."""
        oc_case = UD_CASE.get(case)
        names = [p for p in self.morph.parse(word) if "Name" in p.tag.grammemes
                 and p.tag.gender in ("masc", "femn") and p.tag.number != "plur"
                 and p.tag.case != "voct"]
        fits = sorted((p for p in names if not oc_case or p.tag.case == oc_case),
                      key=lambda p: not ud or p.tag.gender != ud)
        return fits[0].tag.gender if fits else ""

    def declines(self, word: str, case: str, gender: str) -> bool:
        """Whether pymorphy can inflect ``word`` as a name in ``case``: a
        dictionary word, or a Russian-style surname it guesses («Налбандовым»,
        «Рымашевского»); not a foreign name it does not know («Райкконена»),
        nor a name it knows only of the other ``gender`` («По словам
        Данна»: a man's «Данн», not a woman's «Данна»)."""
        parses = self.morph.parse(word)
        if self.known(word):
            names = [p for p in parses if _NAME_TAGS & p.tag.grammemes]
            return not gender or not names or any(p.tag.gender in (gender, None) for p in names)
        oc_case = UD_CASE.get(case)
        return any(p.tag.case == oc_case and ("Surn" in p.tag.grammemes or p.tag.POS == "ADJF")
                   for p in parses)

    def name_cases(self, word: str, gender: str, surname: bool) -> frozenset[str]:
        """UD cases the form of a name word allows: those of its singular
        name readings (Name, Surn, Patr), else of any singular reading, and
        of the endings of foreign names (the nominative for one in a
        consonant, -а, -я, or a man's in -й); every case for an indeclinable name (Fixd
        «Аркади», a foreign «Тору» or «Нисипяну» in -е, -и, -о, -у, -э,
        -ю, a woman's name in a consonant «Иванку Трамп», a word in Latin
        letters or a Roman numeral «Бенедикта XVI»).  A word without name
        readings of ``gender`` counts as foreign («Ванга» is no man's
        «Ванг», «Батиста» no form of «батист»); so does a ``surname`` (the
        last word, or a word alone) read as a first name («Марен Аде»,
        «Трише» are no datives of «Ада», «Триша»)."""
        if not _CYRILLIC.search(word):
            return _ALL_CASES
        parses = [p for p in self.morph.parse(word) if p.tag.number != "plur"]
        names = [p for p in parses if _NAME_TAGS & p.tag.grammemes]
        fits = [p for p in names if (not gender or p.tag.gender in (gender, None))
                and not (surname and "Name" in p.tag.grammemes)]
        known = self.known(word) and bool(fits)
        parses = [p for p in parses if p in fits or p not in names]
        names = fits
        fixed = known and any("Fixd" in p.tag.grammemes for p in names)
        consonant = word[-1:] not in _VOWELS or word[-1:] == "ь"
        if (fixed or (word[-1:] in _INDECLINABLE_END and not (known and names))
                or (gender == "femn" and consonant)):
            return _ALL_CASES
        oc = {p.tag.case for p in names or parses}
        if not known:
            oc |= _FOREIGN_CASES.get(word[-1:], set()) | _FOREIGN_CASES.get(word[-2:], set())
            if consonant or word[-1:] in "ая" or (word[-1:] == "й" and gender != "femn"):
                oc.add("nomn")  # «Мариано Рахой», not «Завьяловой»
        if "gent" in oc:  # a person's accusative is the genitive
            oc.add("accs")
        return frozenset(ud for ud, c in UD_CASE.items() if c in oc)

    def surname_gender(self, word: str) -> str:
        """The gender of all pymorphy's surname readings of ``word``
        («Назарбаевой»: a woman's), "" when they have both or none."""
        genders = {p.tag.gender for p in self.morph.parse(word) if "Surn" in p.tag.grammemes}
        return str(genders.pop()) if len(genders) == 1 and None not in genders else ""

    def indeclinable(self, word: str) -> bool:
        """pymorphy knows ``word`` as an indeclinable name («Аркади»)."""
        return self.known(word) and any(
            "Fixd" in p.tag.grammemes and _NAME_TAGS & p.tag.grammemes for p in self.morph.parse(word))

    def patronymic(self, word: str) -> bool:
        tags = [p.tag.grammemes for p in self.morph.parse(word)]
        return any("Patr" in t for t in tags) and not any("Surn" in t for t in tags)

    def adjective_in(self, word: str, case: str) -> bool:
        return any(p.tag.POS == "ADJF" and p.tag.case == UD_CASE.get(case) for p in self.morph.parse(word))

    def foreign_place(self, word: str) -> bool:
        """A place the tagger calls masculine that pymorphy does not know
        and reads only as feminine or neuter nouns: in -е, a man's
        locative («в Тоттенхэме»: «Тоттенхэм», not «Тоттенхэма»; not with
        a Russian feminine suffix: «на Калке», «на Тамбовщине»); in -о, -э,
        indeclinable (not -и: «Катыни» is of «Катынь»)."""
        nouns = [p for p in self.morph.parse(word) if p.tag.POS == "NOUN"]
        foreign_end = word[-1:] in "оэ" or (word.endswith("е") and not word[:-1].endswith(("к", "щин")))
        return (foreign_end and not self.known(word) and bool(nouns)
                and not any(p.tag.gender == "masc" for p in nouns))


def _capitals_of_a_place(name: str) -> bool:
    """A place name of the gazetteer written in capitals, too long for an
    abbreviation («МОСКВА», «НЬЮ-ЙОРК», not «США», «КНДР»)."""
    return name.isupper() and sum(c.isalpha() for c in name) >= 5 and lookup(name) is not None


def _title(name: str) -> str:
    """«НЬЮ-ЙОРК» → «Нью-Йорк», «РОСТОВ-НА-ДОНУ» → «Ростов-на-Дону»."""
    return " ".join("-".join(p.capitalize() if len(p) > 2 else p.lower() for p in w.split("-"))
                    for w in name.split())


def _name_words(toks: list[Token], h: int, sent_tokens: list[Token]) -> set[int]:
    """Indexes of the words after the head ``toks[h]`` that go on its name in
    its case («Евгения Онегина», «Анну Каренину»: the surname hangs on the
    first name as ``flat:name``), which decline with it."""
    head = toks[h]
    cases = {head.feats.get("Case")}
    if head.feats.get("Animacy") == "Anim" and cases & {"Acc", "Gen"}:
        cases = {"Acc", "Gen"}  # one form for both («прочитал «Евгения [Acc] Онегина [Gen]»»)
    return {i for i in range(h + 1, len(toks))
            if toks[i].rel == "flat:name" and toks[i].pos == "PROPN" and toks[i].feats.get("Case") in cases
            and 0 < toks[i].head <= len(sent_tokens) and sent_tokens[toks[i].head - 1] is head}


# The plural genitive a numeral takes where pymorphy lists it second («пять
# лет», not «годов»).
_COUNTED_PLURAL = {"год": "лет", "человек": "человек"}
_OC_GENDER = {"Masc": "masc", "Fem": "femn", "Neut": "neut"}  # UD gender -> OpenCorpora


def _joined_heads(toks: list[Token], h: int, sent_tokens: list[Token], case: str) -> set[int]:
    """Indexes (in ``toks``) of the common nouns after the head joined to it
    by «и», «или» or a comma, in its case: the phrase names several things
    and each goes to the nominative («студентов и пенсионеров»)."""
    at = next(i for i, t in enumerate(sent_tokens) if t is toks[h])
    return {i for i in range(h + 1, len(toks)) if toks[i].rel == "conj" and toks[i].head - 1 == at
            and toks[i].pos == "NOUN" and toks[i].text.islower() and toks[i].feats.get("Case") == case}


def _counted(head: Token, before: list[Token], sent_tokens: list[Token]) -> bool:
    """Does a numeral before the head hang on it («17 [лет] тюрьмы»)?"""
    at = next(i for i, t in enumerate(sent_tokens) if t is head)
    return any(t.pos == "NUM" and t.head - 1 == at for t in before)


def _surnames_as_named(doc: Document) -> None:
    """A surname alone, written as the surname of a full name of the
    document («Санду» after «Майя Санду») and of that person's gender by the
    tagger, takes that surname as its normal form: alone, pymorphy may read
    an indeclinable foreign surname as an oblique case of another («Санду» →
    «Санда», «Кейта» → «Кейт»), while the full name, read with its first
    name, has it right.  Of another gender it is another person: «дочери Алсу
    и Абрамова» (her father) beside «Микелла Абрамова»."""
    def gender(m: Mention) -> str:
        toks = span_tokens(doc, m)
        return toks[-1].feats.get("Gender", "") if toks else ""

    surnames = {(key(m.last), gender(m)): m.last for m in doc.mentions
                if m.type == PER and m.last and (m.first or m.middle)}
    for m in doc.mentions:
        if m.type == PER and m.last and not m.first and not m.middle and " " not in m.text:
            named = surnames.get((key(m.text), gender(m)))
            if named is not None and named != m.normal:
                m.normal = m.last = named


class Normalizer(Stage):
    name = "normal"
    requires = ("tokens.morph", "tokens.lemma", "tokens.syntax", "mentions.names", "mentions.types")
    assigns = ("mentions.normal",)

    def __init__(self, resources: Resources) -> None:
        self.words = WordForms(resources.morph)

    def __call__(self, doc: Document) -> Document:
        for m in doc.mentions:
            if m.type == MONEY or m.type in TIME_TYPES or m.type in QUANTITY_TYPES:
                if not m.normal:
                    m.normal = m.text
                continue
            toks = span_tokens(doc, m)
            if not toks:
                m.normal = m.normal or m.text
                continue
            if m.type == PER:
                self._person(m, toks, _apposition_head(doc, m, toks))
            else:
                m.normal = self._phrase(doc, m, toks)
            if m.type == LOC and _capitals_of_a_place(m.normal):
                m.normal = _title(m.normal)  # a dateline: «МОСКВА, 5 марта» → «Москва»
            lead = doc.text[toks[0].start:m.start]  # «экс-» of a post, left out of the mention
            if lead and m.normal[:len(lead)].lower() == lead.lower():
                m.normal = m.normal[len(lead):]
            elif lead.endswith("-") and m.normal.count("-") >= lead.count("-"):
                # inflected with it: «женщиной-президентом» → «женщина-президент» → «президент»
                *cut, rest = m.normal.split("-", lead.count("-"))
                if cut[0][:3].lower() == lead[:3].lower():
                    m.normal = rest
            if m.type == ROLE and m.normal and any(c in m.text for c in "–—-"):
                # a compound post: every part in the nominative, not only the first
                m.normal = compound_normal(doc, m, self.words.morph)
            if m.normal.count("«") > m.normal.count("»"):
                # a post NEREL ends before its name's closing quote (pipeline.stages.roles)
                m.normal += "»"
        _surnames_as_named(doc)
        return doc

    def phrase(self, doc: Document, m: Mention) -> str:
        """The normal form of a mention that is no person's (for a stage
        that adds mentions after this one: :mod:`pipeline.stages.inner_bodies`)."""
        toks = span_tokens(doc, m)
        return self._phrase(doc, m, toks) if toks else m.text

    def _person(self, m: Mention, toks: list[Token], head: Token | None = None) -> None:
        words = [t for t in toks if any(c.isalpha() for c in t.text)]
        name_words = [t for t in words if _inflectable(t.text)]
        case = self._name_case(name_words, self._gender(words))
        gender = self._gender(words, case)
        if head is not None and case == "Nom" and name_words:
            case, gender = self._agreeing(name_words, head, case, gender)
        out = []
        for t in words:
            word = t.text.lower()
            if case == "Nom" or not _inflectable(t.text) or self.words.indeclinable(word):
                out.append(t.text)
            elif not self.words.declines(word, case, gender):
                surname = len(name_words) > 1 and t is name_words[-1]
                out.append(_foreign_nominative(t.text, case, gender, surname))
            else:
                out.append(match_case(t.text, self.words.inflect(word, "PROPN", case, "sing", gender, True)))
        out = _with_initial_dots(words, toks, out)
        m.normal = " ".join(out) if out else m.text
        self._split_name(m, out)

    def _agreeing(self, words: list[Token], head: Token, case: str, gender: str) -> tuple[str, str]:
        """Case and gender of a name in apposition to a noun in an oblique
        case: the name agrees with it («для нового чемпиона мира — Веселина
        Топалова» is Веселин Топалов, which the tagger read as a woman's
        nominative), when the first and the last word of the name allow that
        case for the noun's gender."""
        want_case = head.feats.get("Case", "")
        want_gender = _UD_GENDER.get(head.feats.get("Gender", ""), "")
        if want_case in ("", "Nom") or not want_gender:
            return case, gender
        ends = [words[0], words[-1]] if len(words) > 1 else words
        if all(want_case in self.words.name_cases(t.text.lower(), want_gender, i == len(ends) - 1)
               and self.words.declines(t.text.lower(), want_case, want_gender)
               for i, t in enumerate(ends)):
            return want_case, want_gender
        return case, gender

    def _name_case(self, words: list[Token], gender: str) -> str:
        """The one case of all the words of a name.  The tagger often gives the
        words of a foreign name different cases («Тору» Dat, «Камикава» Nom)
        or a case their form does not allow («Сейджи Маехары» Nom).  The
        tagger's case wins when it gives all the words one case the last
        word's form allows (or a plural: «братьев Ямадаевых») and, for the
        nominative, the first word's too («Фолькера Буфье»; a first word that
        looks nominative in an oblique case does not decline: «Ким Чон Наму»);
        and when it gives the last word an oblique case its form allows («Дэн
        Сяопина»: a Chinese surname does not decline).  Otherwise the case the
        forms of the first and the last word allow (middle words of a foreign
        name may not decline: «Кима Чен Ира»), then the case the tagger gives
        most often, then the last word's case.  Words the tagger gives no case
        («Аль») have no say while others have one."""
        cased = [t for t in words if "Case" in t.feats] or words
        if not cased:
            return "Nom"
        tagged = [t.feats.get("Case", "Nom") for t in cased]
        allowed = [self.words.name_cases(t.text.lower(), gender, i == len(cased) - 1)
                   for i, t in enumerate(cased)]
        plural = cased[-1].feats.get("Number") == "Plur"
        case = tagged[0]
        if len(set(tagged)) == 1 and ((case in allowed[-1] and (case != "Nom" or case in allowed[0]))
                                      or plural):
            return case
        if tagged[-1] != "Nom" and tagged[-1] in allowed[-1] and len(allowed[-1]) < len(UD_CASE):
            return tagged[-1]
        ends = {0, len(cased) - 1}
        cases = [c for c in UD_CASE if c not in ("Par", "Voc")]
        return max(cases, key=lambda c: (sum(c in allowed[i] for i in ends), tagged.count(c),
                                         c == tagged[-1], c != "Nom"))

    def _gender(self, words: list[Token], case: str = "") -> str:
        """The person's gender: from a first name pymorphy knows (not one it
        guesses: «Сагдеева» is no woman's name) among the words before the
        surname (the last word: «Рэймонда Келли» is no «Келли»), with a reading
        in ``case`` (the word's own case when empty), or a first word of two or
        more that is a first name in any case («Наине Иосифовне» tagged
        nominative: pymorphy's names are surer than the tagger's gender of a
        foreign name, «Хельга»); else from a surname of one gender («Дариги
        Назарбаевой»); else from the UD tag of the last word (the surname
        decides agreement in context: «известная Ванга»), a man's for a
        genitive or accusative in -а that is no first name («М. Тореза», not
        «дочери Лара»)."""
        known = self.words.known
        firsts = [t for t in (words[:-1][:2] if len(words) > 1 else words) if known(t.text.lower())]
        for t in firsts:
            ud = _UD_GENDER.get(t.feats.get("Gender", ""), "")
            g = self.words.name_gender(t.text.lower(), case or t.feats.get("Case", ""), ud)
            if g:
                return g
        if len(words) > 1 and known(words[0].text.lower()):
            ud = _UD_GENDER.get(words[0].feats.get("Gender", ""), "")
            g = self.words.name_gender(words[0].text.lower(), "", ud)
            if g:
                return g
        g = self.words.surname_gender(words[-1].text.lower()) if words else ""
        if g:
            return g
        for t in reversed(words):
            ud = t.feats.get("Gender")
            if ud in ("Masc", "Fem"):
                oblique_a = (t.feats.get("Case") in ("Gen", "Acc") and t.text[-1:] in "ая"
                             and not (known(t.text.lower()) and self.words.name_gender(t.text.lower(), "")))
                return "masc" if ud == "Masc" or oblique_a else "femn"
        return ""

    def _split_name(self, m: Mention, words: list[str]) -> None:
        """first / middle / last: «Борис Николаевич» has no surname, «Ельцин
        Борис Николаевич» and «Жириновский В. В.» put it first, «Реджеп Тайип Эрдоган» has a middle
        name, «Жан-Мари Ле Пен» a surname of two words.  The second of two
        words is a patronymic only when pymorphy knows it as one and not as a
        surname («Виктор Шендерович», «Роман Абрамович» have surnames)."""
        if not words:
            return
        patr = [i for i, w in enumerate(words) if i and w.endswith(_PATRONYMIC)
                and (len(words) > 2 or self.words.patronymic(w.lower()))]
        initials = [i for i, w in enumerate(words) if len(w.rstrip(".")) == 1]
        if len(words) > 1 and initials == list(range(1, len(words))):  # «Жириновский В. В.»
            m.last, m.first, m.middle = words[0], words[1], " ".join(words[2:])
        elif patr and patr[0] == 1:
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
        if _told_by_verb(toks[0]) and _hanging_outside(toks, sent_tokens) == [0]:
            # «задержали», «вышла замуж» → «задержать», «выйти замуж»: one name for one
            # kind of event, whatever the person, tense or voice («задержан», «задержали»)
            return toks[0].lemma + m.text[toks[0].stop - m.start:]
        if _verb_headed(toks, sent_tokens):
            return m.text  # «5 человек задержаны»: no noun phrase to inflect, the verb not first
        h = span_head(toks, sent_tokens)
        head = toks[h]
        if m.type == LOC and len(toks) == 1 and head.pos == "ADJ" and place_adjective(head.text):
            # a place named by its adjective: the adjective's dictionary form, so
            # «российских», «Российская», «российский» are one place
            word = head.text.lower()
            return match_case(head.text, self.words.inflect(word, "ADJ", "Nom", "sing", "masc", False))
        case = head.feats.get("Case", "")
        if case == "Gen" and _counted(head, toks[:h], sent_tokens):
            return m.text  # «17 лет тюрьмы»: the numeral governs the case, the phrase is as said
        if case and case != "Nom" and (counted := self._counted_nominative(doc, m, toks, h)):
            return counted
        if not case or case == "Nom":
            stem = _abbreviation_stem(head.text)  # «МИДа» tagged nominative
            if stem is None:
                return m.text
            return m.text[:head.start - m.start] + stem + m.text[head.stop - m.start:]
        # «Нидерландские Антилы»: the tagger may give a foreign plural name a
        # singular head; the adjectives agreeing with it tell the number.
        # An adjective in the singular before a plural head shares it with
        # another one («в Красногвардейском и Новоалександровском округах»):
        # the place is one district.
        agreeing = [t for t in toks[:h] if t.pos == "ADJ" and t.feats.get("Case") == case]
        plural = (head.feats.get("Number") == "Plur"
                  and not (agreeing and all(t.feats.get("Number") == "Sing" for t in agreeing))) or any(
            t.feats.get("Number") == "Plur" for t in agreeing)
        number = "plur" if plural else "sing"
        gender = _OC_GENDER.get(head.feats.get("Gender", ""), "")
        pieces: list[str] = []
        prev_stop = toks[0].start
        in_quotes = False
        named = _name_words(toks, h, sent_tokens)
        joined = _joined_heads(toks, h, sent_tokens, case)
        for i, t in enumerate(toks):
            word = t.text
            if i in joined:  # «студентов и пенсионеров» → «студенты и пенсионеры»
                word = match_case(t.text, self.words.inflect(
                    t.text.lower(), "NOUN", case, "plur" if t.feats.get("Number") == "Plur" else "sing",
                    _OC_GENDER.get(t.feats.get("Gender", ""), ""), False))
            elif t.text in _QUOTES:
                in_quotes = not in_quotes
            elif not in_quotes and i == h and (stem := _abbreviation_stem(word)) is not None:
                word = stem
            elif not in_quotes and i in named and self.words.declines(t.text.lower(), case, gender):
                word = match_case(t.text, self.words.inflect(t.text.lower(), "PROPN", case, number,
                                                             gender, False))
            elif not in_quotes and i <= h and self._agrees(t, case) and not _abbreviation(word) \
                    and not word.isascii() and (
                    i == h or t.pos in ("ADJ", "DET", "NUM", "VERB") or _ADJ_END.search(word.lower())):
                pos = t.pos if i == h or t.pos != "PROPN" else "ADJ"
                first, dash, last = t.text.rpartition("-")  # «Оксон-Хилле»: the last part declines
                if (i == h and m.type == LOC and gender == "masc" and self.words.foreign_place(last.lower())
                        and (case in ("Loc", "Dat") or not last.endswith("е"))):
                    word = first + dash + _foreign_nominative(last, case, gender)
                else:
                    word = match_case(t.text, self.words.inflect(t.text.lower(), pos, case, number,
                                                           gender, False))
            pieces.append(doc.text[prev_stop:t.start] if i else "")
            pieces.append(word)
            prev_stop = t.stop
        return "".join(pieces)

    def _counted_nominative(self, doc: Document, m: Mention, toks: list[Token], h: int) -> str:
        """«к трём годам лишения свободы» → «три года лишения свободы», «5
        годам колонии» → «5 лет колонии»: the numerals right before the head
        in the nominative and the head in the form they govern (empty when no
        numeral stands right before the head)."""
        k = h
        while k > 0 and toks[k - 1].pos == "NUM":
            k -= 1
        if k == h:
            return ""
        n = cardinal([t.text for t in toks[k:h]])
        parse = next((p for p in self.words.morph.parse(toks[h].text.lower()) if p.tag.POS == "NOUN"), None)
        if n is None or parse is None:
            return ""
        last = int(n) % 100 if n == int(n) else -1
        want = ({"nomn", "sing"} if last % 10 == 1 and last != 11 else
                {"gent", "sing"} if last == -1 or (2 <= last % 10 <= 4 and not 12 <= last <= 14) else
                {"gent", "plur"})
        form = parse.inflect(want)
        if form is None:
            return ""
        word = _COUNTED_PLURAL.get(parse.normal_form, form.word) if "plur" in want else form.word
        words = [t.text if t.text[:1].isdigit() else
                 self.words.inflect(t.text.lower(), "NUM", "", "", "", False) for t in toks[k:h]]
        head = toks[h]
        return (doc.text[m.start:toks[k].start] + " ".join(words) + " " + match_case(head.text, word)
                + doc.text[head.stop:m.stop])

    def _agrees(self, t: Token, case: str) -> bool:
        """The token is in ``case``: by its tag, or, untagged («Северо-Кавказском
        федеральном округе»: the tagger leaves some hyphenated words bare), by
        an adjective reading of pymorphy's."""
        if t.feats:
            return t.feats.get("Case") == case
        return self.words.adjective_in(t.text.lower(), case)

"""Lemmas from pymorphy3, one per token, chosen by the token's UD tag.

pymorphy3 gives every word form all its possible parses; the parse whose part
of speech (and case, number, gender) agrees with the UD tag of the morph stage
wins.  Lookups repeat a lot in news, so results are cached per (word, tag).
"""

from __future__ import annotations

from functools import lru_cache

from pipeline.doc import Document
from pipeline.resources import Resources
from pipeline.stages import Stage

# UD POS -> OpenCorpora POS tags that may stand for it.
UD_TO_OC: dict[str, frozenset[str]] = {
    "NOUN": frozenset({"NOUN"}),
    "PROPN": frozenset({"NOUN"}),
    "ADJ": frozenset({"ADJF", "ADJS", "COMP", "PRTF"}),
    "VERB": frozenset({"VERB", "INFN", "PRTF", "PRTS", "GRND"}),
    "AUX": frozenset({"VERB", "INFN"}),
    "ADV": frozenset({"ADVB", "COMP", "PRED"}),
    "PRON": frozenset({"NPRO"}),
    "DET": frozenset({"ADJF", "NPRO"}),
    "NUM": frozenset({"NUMR", "NUMB", "ADJF"}),
    "ADP": frozenset({"PREP"}),
    "CCONJ": frozenset({"CONJ"}),
    "SCONJ": frozenset({"CONJ"}),
    "PART": frozenset({"PRCL"}),
    "INTJ": frozenset({"INTJ"}),
}
UD_CASE = {"Nom": "nomn", "Gen": "gent", "Dat": "datv", "Acc": "accs", "Ins": "ablt",
           "Loc": "loct", "Par": "gen2", "Voc": "voct"}
UD_NUMBER = {"Sing": "sing", "Plur": "plur"}
UD_GENDER = {"Masc": "masc", "Fem": "femn", "Neut": "neut"}

_NO_LEMMA_POS = {"PUNCT", "SYM", "X"}
NAMED = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn"})  # a proper name's grammemes


def feats_key(feats: dict[str, str]) -> tuple[str, str, str]:
    return feats.get("Case", ""), feats.get("Number", ""), feats.get("Gender", "")


@lru_cache(maxsize=8192)
def tag_parts(tag) -> tuple:
    """A pymorphy3 tag's part of speech, case, number and gender, and whether
    it names a person, place or body: what :func:`best_parse` weighs, read once
    per tag (the tag works each out again on every access)."""
    return tag.POS, tag.case, tag.number, tag.gender, bool(NAMED & tag.grammemes)


def best_parse(morph, word: str, pos: str, feats: tuple[str, str, str]):
    """The pymorphy3 parse of ``word`` that fits the UD tag best (or None)."""
    parses = morph.parse(word)
    if not parses:
        return None
    allowed = UD_TO_OC.get(pos)
    case, number, gender = UD_CASE.get(feats[0]), UD_NUMBER.get(feats[1]), UD_GENDER.get(feats[2])
    best, best_score = parses[0], -1.0
    for rank, p in enumerate(parses):
        tag_pos, tag_case, tag_number, tag_gender, named = tag_parts(p.tag)
        score = 0.0
        if allowed and tag_pos in allowed:
            score += 4
        if pos == "PROPN" and named:
            score += 1
        if case and tag_case == case:
            score += 2
        if number and tag_number == number:
            score += 1
        if gender and tag_gender == gender:
            score += 0.5
        score -= rank * 0.01
        if score > best_score:
            best, best_score = p, score
    return best


class Lemmatizer(Stage):
    name = "lemma"
    requires = ("sentences", "tokens.morph")
    assigns = ("tokens.lemma",)

    def __init__(self, resources: Resources, cache_size: int = 100_000) -> None:
        morph = resources.morph

        @lru_cache(maxsize=cache_size)
        def lemma(word: str, pos: str, feats: tuple[str, str, str]) -> str:
            if pos in _NO_LEMMA_POS or not any(c.isalpha() for c in word):
                return word
            p = best_parse(morph, word, pos, feats)
            return p.normal_form if p is not None else word.lower()

        self.lemma = lemma

    def __call__(self, doc: Document) -> Document:
        lemma = self.lemma
        for sent in doc.sentences:
            for t in sent.tokens:
                t.lemma = lemma(t.text, t.pos, feats_key(t.feats))
        return doc

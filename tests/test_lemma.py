"""Morphology, lemmas (pymorphy3 chosen by the UD tag) and syntax on real sentences."""

from __future__ import annotations


def tokens(doc):
    return {t.text: t for s in doc.sentences for t in s.tokens}


def test_morph_tags(nlp):
    doc = nlp("Делегацию принял аким Алматы Бакытжан Сагинтаев.")
    t = tokens(doc)
    assert t["Делегацию"].pos == "NOUN" and t["Делегацию"].feats["Case"] == "Acc"
    assert t["принял"].pos == "VERB"
    assert t["Сагинтаев"].pos == "PROPN"
    assert t["."].pos == "PUNCT"


def test_lemmas_disambiguated_by_tag(nlp):
    doc = nlp("Стороны договорились разработать дорожную карту сотрудничества в сферах "
              "здравоохранения и образования.")
    t = tokens(doc)
    assert t["Стороны"].lemma == "сторона"
    assert t["договорились"].lemma == "договориться"
    assert t["дорожную"].lemma == "дорожный"
    assert t["сферах"].lemma == "сфера"
    # «стали» is a verb here, not the noun «сталь»
    doc = nlp("Они стали партнёрами.")
    assert tokens(doc)["стали"].lemma == "стать"
    doc = nlp("Завод выпускает стали новых марок.")
    assert tokens(doc)["стали"].lemma == "сталь"


def test_lemmas_of_names_and_punct(nlp):
    doc = nlp("Он обсудил с Олегом Капитановым перспективы.")
    t = tokens(doc)
    assert t["Олегом"].lemma == "олег"
    assert t["Капитановым"].lemma == "капитанов"
    assert t["."].lemma == "."


def test_syntax_heads(nlp):
    doc = nlp("Аким Алматы принял делегацию.")
    sent = doc.sentences[0]
    words = [t.text for t in sent.tokens]
    t = dict(zip(words, sent.tokens, strict=True))
    assert t["принял"].rel == "root" and t["принял"].head == 0
    assert words[t["Аким"].head - 1] == "принял" and t["Аким"].rel == "nsubj"
    assert words[t["делегацию"].head - 1] == "принял" and t["делегацию"].rel == "obj"
    assert words[t["Алматы"].head - 1] == "Аким"

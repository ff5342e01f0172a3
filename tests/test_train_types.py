"""The other-types layer's training data: outermost spans, folds by document, inner phrases."""

from __future__ import annotations

from pipeline.labels import AWARD, EVENT, ORDINAL
from pipeline.train.types import GoldSentence, folds, inner_phrases, layer_labels


def _sentence(pipe, text):
    from pipeline.nlp import Pipeline

    (doc,) = Pipeline(resources=pipe.resources, names=("lemma",)).process_texts([text])
    return doc.sentences[0]


def test_layer_labels_take_the_outermost_span_of_any_type(pipe):
    text = "Он получил Нобелевскую премию по литературе на XXII церемонии."
    sent = _sentence(pipe, text)
    award = text.index("Нобелевскую"), text.index(" на")
    inner = text.index("Нобелевскую"), text.index(" по")
    xxii = text.index("XXII"), text.index("XXII") + 4
    s = GoldSentence("d1", sent, ["O"] * len(sent.tokens),
                     [(*award, AWARD), (*inner, AWARD), (*xxii, ORDINAL), (0, 2, "PERSON")])
    words = [t.text for t in sent.tokens]
    tags = dict(zip(words, layer_labels(s), strict=True))
    assert (tags["Нобелевскую"], tags["премию"], tags["литературе"]) == ("B-AWARD", "I-AWARD", "I-AWARD")
    assert (tags["XXII"], tags["Он"], tags["на"]) == ("B-ORDINAL", "O", "O")


def test_inner_phrases_and_folds(pipe):
    text = "Премия вручена на чемпионате мира по футболу."
    sent = _sentence(pipe, text)
    outer = text.index("чемпионате"), text.index(".")
    inner = text.index("чемпионате"), text.index(" по")
    sents = [GoldSentence(f"d{i}", sent, ["O"] * len(sent.tokens), [(*outer, EVENT), (*inner, EVENT)])
             for i in range(3)]
    assert inner_phrases(sents) == [("чемпионат мир", EVENT)]
    parts = folds(sents)
    assert sorted(s.doc_id for p in parts for s in p) == ["d0", "d1", "d2"]
    assert all(len({s.doc_id for s in p}) == 1 for p in parts)

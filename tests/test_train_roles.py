"""The role layer's training data: BIO over the outermost PROFESSION spans."""

from __future__ import annotations

from pipeline.train.roles import role_labels
from pipeline.train.types import GoldSentence


def test_role_labels_take_the_outermost_profession(pipe):
    from pipeline.nlp import Pipeline

    text = "Его принял президент США Дональд Трамп, а затем министр финансов."
    (doc,) = Pipeline(resources=pipe.resources, names=("lemma",)).process_texts([text])
    sent = doc.sentences[0]
    outer = text.index("президент"), text.index(" Дональд")
    inner = text.index("президент"), text.index(" США")
    minister = text.index("министр"), text.index(".")
    trump = text.index("Дональд"), text.index(",")
    s = GoldSentence("d1", sent, ["O"] * len(sent.tokens),
                     [(*outer, "PROFESSION"), (*inner, "PROFESSION"), (*minister, "PROFESSION"),
                      (*trump, "PERSON"), (outer[1] - 3, outer[1], "COUNTRY")])
    tags = dict(zip([t.text for t in sent.tokens], role_labels(s), strict=True))
    assert (tags["президент"], tags["США"], tags["Дональд"]) == ("B-ROLE", "I-ROLE", "O")
    assert (tags["министр"], tags["финансов"], tags["затем"]) == ("B-ROLE", "I-ROLE", "O")

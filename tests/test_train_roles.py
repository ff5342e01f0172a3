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


def test_out_of_fold_tags_come_from_a_layer_not_fit_on_the_document(pipe):
    from pipeline.doc import Document
    from pipeline.eval.gold import GoldDoc, GoldEntity
    from pipeline.nlp import Pipeline
    from pipeline.stages.roles import LAYER
    from pipeline.train.roles import out_of_fold_tags

    texts = ["Министр финансов выступил в парламенте.", "Дождь шёл весь день в городе.",
             "Снег выпал ночью в горах."]
    docs = Pipeline(resources=pipe.resources, names=("lemma",)).process_texts(
        texts, ["d0", "d1", "d2"])
    assert all(isinstance(d, Document) for d in docs)
    minister = texts[0].index("Министр"), texts[0].index(" выступил")
    gold = {"d0": GoldDoc("nerel", "d0", texts[0], [GoldEntity("T1", "", *minister, "Министр финансов",
                                                               "PROFESSION")]),
            "d1": GoldDoc("nerel", "d1", texts[1]), "d2": GoldDoc("nerel", "d2", texts[2])}
    out_of_fold_tags(docs, gold, folds=2)
    tags = [s.layer_tags[LAYER] for d in docs for s in d.sentences]
    assert [len(t) for t in tags] == [len(s.tokens) for d in docs for s in d.sentences]
    # the only post is in d0 (fold 0): the layer fit on fold 1 (d1) has never seen one
    assert tags[0] == ["O"] * len(tags[0])

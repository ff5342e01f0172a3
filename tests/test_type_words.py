"""The words NEREL marks as a type alone most of the time (the ``type_words``
stage; sentences and expected mentions checked by eye against NEREL's
convention: «либералы» IDEOLOGY, «госизмене» CRIME)."""

from __future__ import annotations

from pipeline.stages.type_words import SOURCE, TypeWords, type_words


def typed(doc, types):
    return {(m.text, m.type) for m in doc.mentions if m.type in types}


def test_the_shipped_table_holds_common_words():
    words = type_words()
    assert words[("инсульт",)] == "DISEASE" and words[("коронавирус",)] == "DISEASE"
    assert words[("госизмена",)] == "CRIME" and words[("либерал",)] == "IDEOLOGY"
    assert words[("акция", "протест")] == "EVENT"
    assert ("президент",) not in words and ("в",) not in words


def test_words_the_layer_leaves_out_are_found(nlp):
    doc = nlp("Коммунисты и либералы провели митинг у здания парламента.")
    assert {("Коммунисты", "IDEOLOGY"), ("либералы", "IDEOLOGY")} <= typed(doc, ("IDEOLOGY",))
    assert [(m.text, m.normal) for m in doc.mentions if m.source == SOURCE] == [("либералы", "либералы")]
    doc = nlp("Его обвинили в мошенничестве и коррупции, а затем в госизмене.")
    assert typed(doc, ("CRIME",)) == {("мошенничестве", "CRIME"), ("коррупции", "CRIME"),
                                      ("госизмене", "CRIME")}
    # the layer finds both since its NATIONALITY bonus (pipeline.stages.ner.LABEL_BONUS); before,
    # «Армяне» came from the table
    doc = nlp("Армяне и азербайджанцы снова спорят о Карабахе.")
    assert typed(doc, ("NATIONALITY",)) == {("Армяне", "NATIONALITY"), ("азербайджанцы", "NATIONALITY")}


def test_a_word_inside_another_mention_stays_in_it(pipe):
    from pipeline.nlp import Pipeline

    text = "Министр подал в отставку после скандала вокруг компании «Пожар»."
    (doc,) = Pipeline(resources=pipe.resources, names=("facilities",)).process_texts([text])
    before = {(m.text, m.type) for m in doc.mentions}
    TypeWords({("скандал",): "EVENT", ("пожар",): "EVENT"})(doc)
    added = {(m.text, m.type) for m in doc.mentions} - before
    # «Пожар» is in the ORG «компании «Пожар»»: only «скандала» is added
    assert ("компании «Пожар»", "ORG") in before or ("Пожар", "ORG") in before
    assert added == {("скандала", "EVENT")}


def test_the_longest_phrase_first(pipe):
    from pipeline.nlp import Pipeline

    text = "Вчера прошла акция протеста у здания мэрии."
    (doc,) = Pipeline(resources=pipe.resources, names=("lemma",)).process_texts([text])
    TypeWords({("акция",): "EVENT", ("акция", "протест"): "EVENT", ("протест",): "EVENT"})(doc)
    assert [(m.text, m.type) for m in doc.mentions] == [("акция протеста", "EVENT")]

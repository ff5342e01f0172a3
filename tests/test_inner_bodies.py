"""The body nested in an organization named with its place (the
``inner_bodies`` stage; sentences and expected mentions checked by eye
against NEREL's convention: «МИД России» holds the ORGANIZATION «МИД»)."""

from __future__ import annotations

from pipeline.stages.nested import SOURCE


def orgs(doc):
    return {(m.text, m.source) for m in doc.mentions if m.type == "ORG"}


def test_body_of_a_country_holds_the_body(nlp):
    doc = nlp("Правительство Италии и Следственный комитет России заявили о расследовании.")
    assert orgs(doc) == {("Правительство Италии", "ner"), ("Следственный комитет России", "ner"),
                         ("Правительство", SOURCE), ("Следственный комитет", SOURCE)}


def test_inner_body_gets_a_normal_form_and_the_entity_of_its_name(nlp):
    doc = nlp("Представитель Следственного комитета России сообщил об этом. "
              "Следственный комитет возбудил дело.")
    inner = [m for m in doc.mentions if m.type == "ORG" and m.source == SOURCE]
    assert [(m.text, m.normal) for m in inner] == [("Следственного комитета", "Следственный комитет")]
    alone = [m for m in doc.mentions if m.type == "ORG" and m.text == "Следственный комитет"]
    assert alone and alone[0].entity_id == inner[0].entity_id


def test_no_inner_name_without_a_body_word(nlp):
    # «Единая» is no body: NEREL nests nothing in «Единая Россия»
    doc = nlp("Кандидата выдвинула партия «Единая Россия».")
    assert all(m.source != SOURCE for m in doc.mentions)


def test_inner_bodies_take_no_relations(nlp):
    doc = nlp("Сотрудник МИД России Иван Петров прибыл в Минск.")
    inner = {m.mention_id for m in doc.mentions if m.source == SOURCE and m.type == "ORG"}
    assert inner
    assert not any(r.subj in inner or r.obj in inner for r in doc.relations)


def test_the_body_a_division_belongs_to(nlp):
    doc = nlp("Об этом сообщила пресс-служба МВД Киргизии.")
    assert orgs(doc) == {("пресс-служба МВД Киргизии", "ner"), ("МВД Киргизии", SOURCE), ("МВД", SOURCE)}
    doc = nlp("Профильный комитет Госдумы одобрил законопроект.")
    owner = [m for m in doc.mentions if m.type == "ORG" and m.source == SOURCE]
    assert [(m.text, m.normal) for m in owner] == [("Госдумы", "Госдума")]
    outer = next(m for m in doc.mentions if m.source == "ner" and m.type == "ORG")
    assert owner[0].entity_id != outer.entity_id


def test_no_owner_body_named_after_a_person(nlp):
    for text in ("Он играл в Театре имени Вахтангова.", "Это решила администрация Обамы."):
        assert all(m.source != SOURCE for m in nlp(text).mentions), text


def test_no_inner_name_for_a_body_word_nerel_keeps_whole(nlp):
    # NEREL nests nothing in «сборная России» (1 of 43 in train and dev) nor
    # in «посольство США» (0 of 12), and does in «правительство Франции»
    doc = nlp("Сборная России обыграла французов, сообщило посольство США. Правительство Франции промолчало.")
    inner = {m.text for m in doc.mentions if m.type == "ORG" and m.source == SOURCE}
    assert inner == {"Правительство"}


def test_an_abbreviation_in_a_name_is_a_body_of_its_own(nlp):
    # NEREL nests «ООН» in «Совета Безопасности ООН», «МЧС» in «ЦУКС МЧС России»
    doc = nlp("Генсек ООН выступил на заседании Совета Безопасности ООН.")
    inner = [m for m in doc.mentions if m.type == "ORG" and m.source == SOURCE]
    alone = [m for m in doc.mentions if m.type == "ORG" and m.source == "ner" and m.text == "ООН"]
    assert [(m.text, m.normal) for m in inner] == [("ООН", "ООН")]
    assert alone and alone[0].entity_id == inner[0].entity_id
    doc = nlp("Начальник ЦУКС МЧС России по Архангельской области сообщил об этом.")
    assert ("МЧС", SOURCE) in orgs(doc)


def test_no_body_of_an_abbreviation_ending_a_name_or_naming_a_place(nlp):
    # «ТВ» of «РЕН ТВ» ends the name and the text names no «ТВ» alone; «РФ» is a place
    for text in ("Об этом сообщили в эфире телеканала РЕН ТВ.",
                 "Пресс-служба ГУ МВД РФ по Москве сообщила об этом."):
        doc = nlp(text)
        assert not any(m.text in ("ТВ", "РФ") for m in doc.mentions if m.type == "ORG"), text

"""ROLE mentions on real sentences (extents checked by eye)."""

from __future__ import annotations


def roles(doc):
    return [m.text for m in doc.mentions if m.type == "ROLE"]


def test_post_before_name_takes_its_place(nlp):
    doc = nlp("С приветственным словом выступил заместитель акима города Алматы Ержан Бабакумаров.")
    assert roles(doc) == ["заместитель акима города Алматы"]


def test_post_with_place_in_genitive(nlp):
    doc = nlp("Делегацию принял аким Алматы Бакытжан Сагинтаев.")
    assert roles(doc) == ["аким Алматы"]


def test_adjective_and_prepositional_phrase(nlp):
    doc = nlp("Генеральный консул Российской Федерации в Алматы Евгений Бобров отметил, "
              "что сотрудничество является тесным.")
    assert roles(doc) == ["Генеральный консул Российской Федерации в Алматы"]


def test_compound_post_with_a_dash_in_instrumental(nlp):
    doc = nlp("Российская делегация во главе с членом правительства Санкт-Петербурга – председателем "
              "комитета по межнациональным отношениям и реализации миграционной политики Олегом "
              "Капитановым прибыла в Алматы.")
    (role,) = [m for m in doc.mentions if m.type == "ROLE"]  # not «главе», not «Капитановым»
    assert role.text == ("членом правительства Санкт-Петербурга – председателем комитета по "
                         "межнациональным отношениям и реализации миграционной политики")
    assert role.normal == ("член правительства Санкт-Петербурга – председатель комитета по "
                           "межнациональным отношениям и реализации миграционной политики")


def test_no_role_from_a_surname(nlp):
    doc = nlp("Он обсудил с Олегом Капитановым перспективы развития отношений двух городов.")
    assert roles(doc) == []


def test_post_after_name_in_apposition(nlp):
    doc = nlp("Сергей Лавров, министр иностранных дел России, прибыл в Анкару.")
    assert roles(doc) == ["министр иностранных дел России"]


def test_former_is_left_out(nlp):
    doc = nlp("Об этом заявил бывший президент США Барак Обама.")
    assert roles(doc) == ["президент США"]


def test_profession_outside_the_list_before_a_name(nlp):
    doc = nlp("На концерте выступил саксофонист Игорь Бутман.")
    assert roles(doc) == ["саксофонист"]  # not in the post lists
    assert {(r.type, doc.mention(r.subj).text) for r in doc.relations} >= {("WORKS_AS", "Игорь Бутман")}


def test_kinship_is_no_post(nlp):
    doc = nlp("На церемонии присутствовала жена Анна Иванова.")
    assert roles(doc) == []


def test_capitalized_post_in_mid_sentence(nlp):
    doc = nlp("Закон подписал Президент России Владимир Путин.")
    assert roles(doc) == ["Президент России"]

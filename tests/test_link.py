"""Entity linking within a document and across the corpus (checked by eye)."""

from __future__ import annotations

import pytest


def entity_of(doc, text, typ):
    found = [m for m in doc.mentions if m.text == text and m.type == typ]
    assert found, f"{typ} «{text}» not found in {[(m.text, m.type) for m in doc.mentions]}"
    return found[0].entity_id


def test_surname_joins_full_name(nlp):
    doc = nlp("В Алматы прибыл Олег Капитанов. Капитанов отметил, что сотрудничество важно.")
    assert entity_of(doc, "Олег Капитанов", "PER") == entity_of(doc, "Капитанов", "PER")


def test_abbreviation_joins_full_name(nlp):
    doc = nlp("Генеральный консул Российской Федерации Евгений Бобров выступил на встрече. "
              "За 2018 год между РФ и Казахстаном товарооборот вырос.")
    assert entity_of(doc, "РФ", "LOC") == entity_of(doc, "Российской Федерации", "LOC")


def test_un_by_initials(nlp):
    doc = nlp("Генсек Организации Объединённых Наций выступил в Нью-Йорке. "
              "В ООН это заявление поддержали.")
    assert entity_of(doc, "ООН", "ORG") == entity_of(doc, "Организации Объединённых Наций", "ORG")


def test_different_people_stay_apart(nlp):
    doc = nlp("Олег Капитанов встретился с Ержаном Бабакумаровым в Алматы.")
    assert entity_of(doc, "Олег Капитанов", "PER") != entity_of(doc, "Ержаном Бабакумаровым", "PER")


def test_same_entity_same_id_across_documents(pipe):
    a, b = pipe.process_texts(["Владимир Путин провёл совещание в Кремле.",
                               "Вчера Владимира Путина встретили в Казани."])
    ids_a = {m.normal: m.entity_id for m in a.mentions if m.type == "PER"}
    ids_b = {m.normal: m.entity_id for m in b.mentions if m.type == "PER"}
    assert ids_a["Владимир Путин"] == ids_b["Владимир Путин"]


def test_first_name_and_patronymic_join_the_full_name(nlp):
    doc = nlp("Борис Николаевич Ельцин подписал указ. Позже Борис Николаевич объяснил своё решение.")
    assert entity_of(doc, "Борис Николаевич Ельцин", "PER") == entity_of(doc, "Борис Николаевич", "PER")


def test_short_body_name_joins_the_one_full_name(nlp):
    doc = nlp("Законопроект внесли в Законодательное собрание Приморского края. "
              "Законодательное собрание приняло его в первом чтении.")
    assert (entity_of(doc, "Законодательное собрание Приморского края", "ORG")
            == entity_of(doc, "Законодательное собрание", "ORG"))


def test_country_aliases(nlp):
    doc = nlp("Переговоры США и Китая продолжились в Пекине. Америка настаивает на своих условиях.")
    assert entity_of(doc, "США", "LOC") == entity_of(doc, "Америка", "LOC")


def test_latin_spelling_in_brackets_joins_the_name(nlp):
    doc = nlp("«Это критический этап», — сказал руководитель КЗЖ Джоэл Саймон (Joel Simon).")
    assert entity_of(doc, "Джоэл Саймон", "PER") == entity_of(doc, "Joel Simon", "PER")


def test_latin_company_name_in_brackets(nlp):
    doc = nlp("Немецкий автомобильный концерн «Фольксваген» (Volkswagen) планирует построить в России завод.")
    assert entity_of(doc, "Фольксваген", "ORG") == entity_of(doc, "Volkswagen", "ORG")


def test_surname_in_vich_is_no_patronymic(nlp):
    doc = nlp("Виктор Шендерович выступил на радио. Шендерович заявил, что не согласен.")
    m = next(m for m in doc.mentions if m.text == "Виктор Шендерович")
    assert (m.first, m.middle, m.last) == ("Виктор", "", "Шендерович")
    assert entity_of(doc, "Виктор Шендерович", "PER") == entity_of(doc, "Шендерович", "PER")


def test_first_name_and_patronymic_stay_apart(nlp):
    doc = nlp("Позже Борис Николаевич объяснил своё решение.")
    m = next(m for m in doc.mentions if m.text == "Борис Николаевич")
    assert (m.first, m.middle, m.last) == ("Борис", "Николаевич", "")


def test_name_without_legal_form_joins_the_company(nlp):
    doc = nlp("Акции ПАО «Сбербанк» выросли. Сбербанк объявил о выплате дивидендов.")
    assert entity_of(doc, "ПАО «Сбербанк»", "ORG") == entity_of(doc, "Сбербанк", "ORG")


def test_shared_surname_joins_the_person_of_its_gender(nlp):
    doc = nlp("Барак Обама и Мишель Обама посетили школу в Чикаго. Обама заявил, что образование важно.")
    assert entity_of(doc, "Обама", "PER") == entity_of(doc, "Барак Обама", "PER")
    assert entity_of(doc, "Мишель Обама", "PER") != entity_of(doc, "Барак Обама", "PER")
    doc = nlp("Виктор Бут и его жена Алла Бут прибыли в суд. Адвокат Бута заявил, что обвинения ложны.")
    assert entity_of(doc, "Бута", "PER") == entity_of(doc, "Виктор Бут", "PER")


def test_initials_of_hyphenated_words(nlp):
    doc = nlp("Компания Hewlett-Packard объявила о сокращениях. "
              "В HP сообщили, что уволят тысячи сотрудников.")
    assert entity_of(doc, "HP", "ORG") == entity_of(doc, "Hewlett-Packard", "ORG")
    doc = nlp("Выборы прошли в Северо-Кавказском федеральном округе. Явка в СКФО оказалась высокой.")
    assert entity_of(doc, "СКФО", "LOC") == entity_of(doc, "Северо-Кавказском федеральном округе", "LOC")


def test_place_adjective_is_a_mention_of_its_place(nlp):
    doc = nlp("Переговоры прошли в Турции. Поставки российского газа в Турцию выросли, "
              "сообщили в России.")
    russia = entity_of(doc, "России", "LOC")
    assert entity_of(doc, "российского", "LOC") == russia
    assert entity_of(doc, "Турции", "LOC") != russia
    # the entity keeps the place's name, not the adjective's
    from pipeline.stages.link import entity_id
    assert russia == entity_id("LOC", "Российская Федерация")


@pytest.mark.parametrize(("text", "adjective", "place"), [
    ("В Германии работают более 200 компаний с немецким капиталом.", "немецким", "Германии"),
    ("Президент Турции заявил, что турецкие войска останутся в Сирии.", "турецкие", "Турции"),
    ("Кризис в Греции углубился: греческие банки закрыты.", "греческие", "Греции"),
    ("Выборы в Армении прошли спокойно, армянские власти довольны.", "армянские", "Армении"),
])
def test_a_place_adjective_in_tsk_or_with_another_stem_joins_its_place(nlp, text, adjective, place):
    doc = nlp(text)
    assert entity_of(doc, adjective, "LOC") == entity_of(doc, place, "LOC")


def test_a_sentence_initial_place_adjective_joins_its_place(nlp):
    doc = nlp("Немецкий концерн Siemens открыл завод. Переговоры с Германией продолжаются.")
    assert entity_of(doc, "Немецкий", "LOC") == entity_of(doc, "Германией", "LOC")


def test_capitalized_place_adjective_stays_part_of_a_name(nlp):
    doc = nlp("Делегация прибыла в Москву и доехала до станции метро «Московская».")
    moscow = entity_of(doc, "Москву", "LOC")
    assert all(m.entity_id != moscow for m in doc.mentions if m.text == "Московская")


def test_known_abbreviation_joins_the_name_its_full_form_starts(nlp):
    doc = nlp("Центральный банк РФ сохранил ключевую ставку. Председатель ЦБ Эльвира Набиуллина "
              "объяснила это инфляцией.")
    assert entity_of(doc, "ЦБ", "ORG") == entity_of(doc, "Центральный банк РФ", "ORG")


def test_short_name_of_a_country_is_named_by_its_full_form():
    from pipeline.entity_ids import entity_id, entity_name
    from pipeline.labels import LOC, PER

    assert entity_name(LOC, "Казахстан") == entity_name(LOC, "РК") == "Республика Казахстан"
    assert entity_id(LOC, entity_name(LOC, "РК")) == entity_id(LOC, "Республика Казахстан")
    assert entity_name(PER, "Россия") == "Россия"  # a person's name is never expanded


@pytest.fixture(scope="module")
def sample_out(tmp_path_factory, pipe):
    from .sample_run import sample_run

    return sample_run(tmp_path_factory.mktemp("link"))


def test_every_mention_of_the_seed_run_has_a_normal_form_and_its_entitys_id(sample_out):
    """mentions.csv joins entities.csv, and each id is the documented hash of
    the entity's type and name (entity_id(type, entity_name(type, name)))."""
    from pipeline.entity_ids import entity_id, entity_name
    from pipeline.labels import MONEY, NAMED_TYPES, ROLE
    from pipeline.write.readback import read_rows

    entities = {e["entity_id"]: e for e in read_rows(sample_out, "entities")}
    mentions = [m for m in read_rows(sample_out, "mentions") if m["type"] in (*NAMED_TYPES, ROLE, MONEY)]
    assert len(mentions) > 50 and {m["type"] for m in mentions} >= {"PER", "ORG", "LOC", "ROLE", "MONEY"}
    for m in mentions:
        assert m["normal"], m
        e = entities[m["entity_id"]]
        assert e["type"] == m["type"]
        assert m["entity_id"] == entity_id(e["type"], entity_name(e["type"], e["name"])), (m, e)

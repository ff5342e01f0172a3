"""Normal forms of mentions (expected values checked by eye)."""

from __future__ import annotations

import pytest


def mention(doc, text, typ):
    found = [m for m in doc.mentions if m.text == text and m.type == typ]
    assert found, f"{typ} «{text}» not found in {[(m.text, m.type) for m in doc.mentions]}"
    return found[0]


def test_person_in_instrumental(nlp):
    doc = nlp("Аким обсудил с Олегом Капитановым перспективы развития отношений двух городов.")
    m = mention(doc, "Олегом Капитановым", "PER")
    assert (m.normal, m.first, m.middle, m.last) == ("Олег Капитанов", "Олег", "", "Капитанов")


def test_womans_surname_keeps_gender(nlp):
    doc = nlp("Следователи допросили Анну Быковскую в понедельник.")
    m = mention(doc, "Анну Быковскую", "PER")
    assert (m.normal, m.first, m.last) == ("Анна Быковская", "Анна", "Быковская")


def test_patronymic_of_a_woman(nlp):
    doc = nlp("Цветы передали Наине Иосифовне Ельциной.")
    m = mention(doc, "Наине Иосифовне Ельциной", "PER")
    assert (m.normal, m.first, m.middle, m.last) == ("Наина Иосифовна Ельцина", "Наина", "Иосифовна",
                                                      "Ельцина")


def test_first_name_the_tagger_took_for_a_nominative(nlp):
    doc = nlp("Работа очень понравилась супруге первого президента — Наине Иосифовне.")
    assert mention(doc, "Наине Иосифовне", "PER").normal == "Наина Иосифовна"


def test_foreign_name_pymorphy_does_not_know(nlp):
    doc = nlp("Гонку выиграл Фернандо Алонсо, опередив Кими Райкконена на две секунды.")
    assert mention(doc, "Кими Райкконена", "PER").normal == "Кими Райкконен"


@pytest.mark.parametrize("sentence, text, typ, normal", [
    ("Член правительства Санкт-Петербурга прибыл в Алматы.", "правительства Санкт-Петербурга", "ORG",
     "правительство Санкт-Петербурга"),
    ("Посол Соединённых Штатов Америки выступил с заявлением.", "Соединённых Штатов Америки", "LOC",
     "Соединённые Штаты Америки"),
    ("Генеральный консул Российской Федерации в Алматы Евгений Бобров отметил это.",
     "Российской Федерации", "LOC", "Российская Федерация"),
    ("Выступил коллектив «Квинтет Четырех» из Алматы.", "Квинтет Четырех", "ORG", "Квинтет Четырех"),
    ("В МАГАТЕ заявили, что Иран выполняет свои обязательства.", "МАГАТЕ", "ORG", "МАГАТЕ"),
    # an abbreviation read as a word: the capitals are the nominative, the ending goes (not «Мид»)
    ("Представитель МИДа Мария Захарова выступила с заявлением.", "МИДа", "ORG", "МИД"),
    ("В МИДе России заявили, что не получали ноты.", "МИДе России", "ORG", "МИД России"),
    ("Об этом сообщили в российском МИДе.", "российском МИДе", "ORG", "российский МИД"),
    ("Главу ОМОНа отстранили от должности.", "ОМОНа", "ORG", "ОМОН"),
    # two forms of one tag in a paradigm: the one the word is a form of (not «наихорошая»)
    ("Фильм получил премии за лучший фильм и лучшую режиссуру.", "лучшую режиссуру", "AWARD",
     "лучшая режиссура"),
    ("Он работал в Высшем арбитражном суде.", "Высшем арбитражном суде", "ORG", "Высший арбитражный суд"),
    # a numeral governs the case: the phrase as said (not «17 годы тюрьмы»)
    ("Суд приговорил его к 17 годам тюрьмы, прокурор требовал 17 лет тюрьмы.", "17 лет тюрьмы",
     "PENALTY", "17 лет тюрьмы"),
    # a hyphenated adjective the tagger leaves without features
    ("Выборы прошли в Северо-Кавказском федеральном округе.", "Северо-Кавказском федеральном округе",
     "LOC", "Северо-Кавказский федеральный округ"),
    # a foreign place pymorphy reads only as a feminine noun («Тоттенхэма»)
    ("Беспорядки в Тоттенхэме начались в субботу вечером.", "Тоттенхэме", "LOC", "Тоттенхэм"),
    ("Конференция прошла в Оксон-Хилле под Вашингтоном.", "Оксон-Хилле", "LOC", "Оксон-Хилл"),
    ("Фестиваль прошёл в Сиэттле.", "Сиэттле", "LOC", "Сиэттл"),
    # ... but -и is a Russian feminine genitive
    ("Мемориал в Катыни открыли для посетителей.", "Катыни", "LOC", "Катынь"),
    # a singular adjective before a plural head shares the head with another one
    ("В селах Нанайского и Ульчского районов подтоплены дома.", "Ульчского районов", "LOC",
     "Ульчский район"),
    ("Больше всего зерна собрали в Красногвардейском и Новоалександровском округах.",
     "Новоалександровском округах", "LOC", "Новоалександровский округ"),
    # a title that is a name: the surname declines with the first name (not «Евгений Онегина»)
    ("Он прочитал «Евгения Онегина» за одну ночь.", "Евгения Онегина", "WORK_OF_ART", "Евгений Онегин"),
    ("Он прочитал «Анну Каренину».", "Анну Каренину", "WORK_OF_ART", "Анна Каренина"),
    # ... but a street named for someone keeps the name as said
    ("Он живет на улице Льва Толстого в Нижнем Новгороде.", "улице Льва Толстого", "FAC",
     "улица Льва Толстого"),
])
def test_phrase_in_nominative(nlp, sentence, text, typ, normal):
    assert mention(nlp(sentence), text, typ).normal == normal


def test_middle_name_and_two_word_surname(nlp):
    doc = nlp("Реджеп Тайип Эрдоган встретился с Жаном-Мари Ле Пеном в Анкаре.")
    m = mention(doc, "Реджеп Тайип Эрдоган", "PER")
    assert (m.first, m.middle, m.last) == ("Реджеп", "Тайип", "Эрдоган")


@pytest.mark.parametrize("sentence, text, normal", [
    # The tagger gives the words of a foreign name different cases: the
    # case the forms allow wins («Тору» is no dative of «Тор»; «Коку» is).
    ("Список судей: Тору Камикава (Япония), Хорхе Ларрионда (Уругвай).", "Тору Камикава",
     "Тору Камикава"),
    ("Список судей: Тору Камикава (Япония), Хорхе Ларрионда (Уругвай).", "Хорхе Ларрионда",
     "Хорхе Ларрионда"),
    ("Поддержку Бесселю Коку выразили 30 шахматных федераций.", "Бесселю Коку", "Бессель Кок"),
    ("Об этом сообщил заместитель генерал-лейтенанта Аксары Кердпола.", "Аксары Кердпола",
     "Аксара Кердпол"),
    # -ы is the genitive of a foreign name in -а.
    ("Визит в Москву министра иностранных дел Японии Сейджи Маехары перенесли на неделю.",
     "Сейджи Маехары", "Сейджи Маехара"),
    # A Chinese surname does not decline; the given name does.
    ("Политика Дэн Сяопина принесла Китаю рост.", "Дэн Сяопина", "Дэн Сяопин"),
    # -ой is the instrumental of a foreign name in -а.
    ("Жерар Пике пришёл на вечеринку с женой, поп-дивой Шакирой.", "Шакирой", "Шакира"),
    ("Журналисты встретились с Мишель Обамой в Белом доме.", "Мишель Обамой", "Мишель Обама"),
    # The first word's form rules out the case the tagger gives both words.
    ("Мнение премьер-министра Гессена Фолькера Буфье разделяют многие.", "Фолькера Буфье",
     "Фолькер Буфье"),
    # -ии is the genitive of a foreign name in -ия.
    ("Сторонники Алана Гарсии вышли на улицы Лимы.", "Алана Гарсии", "Алан Гарсия"),
    # «Ким» is a man's name here, not the genitive plural of a woman's «Кима».
    ("Лидер КНДР Ким Чен Ын провёл совещание. Указ Ким Чен Ына опубликовали вечером.", "Ким Чен Ына",
     "Ким Чен Ын"),
    # pymorphy's indeclinable (Fixd) name.
    ("Голоса избирателей получил и Аркади Патаркацишвили, сообщил ЦИК.", "Аркади Патаркацишвили",
     "Аркади Патаркацишвили"),
])
def test_foreign_name_in_one_case(nlp, sentence, text, normal):
    assert mention(nlp(sentence), text, "PER").normal == normal


@pytest.mark.parametrize("sentence, text, normal", [
    # pymorphy guesses «Сагдеева» as a woman's first name; the tagger's
    # masculine genitive decides.
    ("Слова Сагдеева из интервью широко цитировали.", "Сагдеева", "Сагдеев"),
    # pymorphy knows only a man's «Ванг»; agreement says a woman's «Ванга».
    ("Об этом говорила всемирно известная Ванга.", "Ванга", "Ванга"),
    # ... and only a woman's «Данна»: the man's genitive is of «Данн».
    ("По словам Данна, некоторые наблюдатели неверно интерпретируют заявления министра финансов.",
     "Данна", "Данн"),
    ("Точно известно, что у него две дочери — Лара и Кассиа.", "Лара", "Лара"),
    # A woman's name in a man's name is a foreign word; Korean names decline
    # at the ends only.
    ("Портрет Кима Чен Ира висел в каждом доме.", "Кима Чен Ира", "Ким Чен Ир"),
])
def test_surname_gender_from_context(nlp, sentence, text, normal):
    assert mention(nlp(sentence), text, "PER").normal == normal


@pytest.mark.parametrize("sentence, text, normal", [
    # A foreign surname in -й, -а may be a nominative: the tagger's stands.
    ("Премьер Испании Мариано Рахой заявил об отставке.", "Мариано Рахой", "Мариано Рахой"),
    ("Мяч забил Хосе Альберто Батиста.", "Хосе Альберто Батиста", "Хосе Альберто Батиста"),
    ("Главную роль сыграла Ума Турман.", "Ума Турман", "Ума Турман"),
    # A surname read as a first name («Ада») does not rule out the nominative.
    ("Фильм сняла немецкий режиссёр Марен Аде.", "Марен Аде", "Марен Аде"),
    # A woman's surname in -е does not decline.
    ("Концерт посвятили Жанне Фриске.", "Жанне Фриске", "Жанна Фриске"),
    # A word the tagger gives no case («Аль») has no say.
    ("Визит эмира Катара Тамима бен Хамада Аль Тани завершился.", "Тамима бен Хамада Аль Тани",
     "Тамим бен Хамада Аль Тани"),
    ("Глава ЕЦБ Жан-Клод Трише заявил, что ставка не изменится. Трише выступил в Брюсселе.", "Трише",
     "Трише"),
    # A Roman numeral takes any case.
    ("Визит Бенедикта XVI в Германию завершился.", "Бенедикта XVI", "Бенедикт XVI"),
    # «Роману»: a man's dative by the tagger's gender, not a woman's accusative.
    ("Клуб принадлежит Роману Абрамовичу.", "Роману Абрамовичу", "Роман Абрамович"),
    # The surname's first-name reading («Келли») does not give the gender.
    ("Сборную возглавил Рэймонд Келли. Решение Рэймонда Келли одобрили.", "Рэймонда Келли",
     "Рэймонд Келли"),
])
def test_name_words_that_do_not_decide_the_case(nlp, sentence, text, normal):
    assert mention(nlp(sentence), text, "PER").normal == normal



def test_name_in_apposition_agrees_with_its_noun(nlp):
    """The tagger reads «Веселина Топалова» as a woman's nominative; in
    apposition to the genitive «чемпиона» it is the man Веселин Топалов."""
    doc = nlp("Это будет первое серьёзное испытание для нового Чемпиона мира ФИДЕ —"
              " Веселина Топалова (Болгария).")
    m = mention(doc, "Веселина Топалова", "PER")
    assert (m.normal, m.first, m.last) == ("Веселин Топалов", "Веселин", "Топалов")


def test_apposition_leaves_a_woman_named_in_the_nominative(nlp):
    doc = nlp("Об этом сообщила глава пресс-службы — Мария Захарова.")
    assert mention(doc, "Мария Захарова", "PER").normal == "Мария Захарова"


def test_initials_keep_their_dots(nlp):
    doc = nlp("Встречу провёл С. Собянин, письмо адресовано А.М. Горькому, выступил Жириновский В. В.")
    m = mention(doc, "С. Собянин", "PER")
    assert (m.normal, m.first, m.last) == ("С. Собянин", "С.", "Собянин")
    assert mention(doc, "А.М. Горькому", "PER").normal == "А. М. Горький"
    m = next(m for m in doc.mentions if m.type == "PER" and m.text.startswith("Жириновский"))
    assert (m.first, m.middle, m.last) == ("В.", "В.", "Жириновский")


def test_plural_place_names(nlp):
    """The tagger hangs «Эмиратах» under «Объединённых» and gives «Антилы» a
    singular: the names stay plural."""
    doc = nlp("Он жил в Объединённых Арабских Эмиратах и на Курильских островах.")
    assert mention(doc, "Объединённых Арабских Эмиратах", "LOC").normal == "Объединённые Арабские Эмираты"
    assert mention(doc, "Курильских островах", "LOC").normal == "Курильские острова"
    doc = nlp("Экспедиция отправилась на Нидерландские Антилы, а затем в Нидерланды.")
    assert mention(doc, "Нидерландские Антилы", "LOC").normal == "Нидерландские Антилы"


def test_compound_post_gets_its_whole_normal_form_before_linking(nlp):
    """Every part of a post with a dash goes to the nominative in the normal
    stage, so the entity id is made from the final normal form: the post in
    the instrumental and in the nominative is one entity."""
    from pipeline.entity_ids import entity_id
    from pipeline.labels import ROLE

    doc = nlp("Встреча прошла с вице-президентом – министром экономики Аргентины Серхио Массой. "
              "Позже вице-президент – министр экономики Аргентины выступил перед журналистами.")
    oblique = mention(doc, "вице-президентом – министром экономики Аргентины", "ROLE")
    nominative = mention(doc, "вице-президент – министр экономики Аргентины", "ROLE")
    assert oblique.normal == nominative.normal == "вице-президент – министр экономики Аргентины"
    assert oblique.entity_id == nominative.entity_id == entity_id(ROLE, oblique.normal)


def test_an_event_told_by_a_verb_keeps_its_objects_and_names_the_verb(nlp):
    """A verb phrase's nouns are its objects: «на свободу» stays as it is (it
    was «вышел на свобода»), the verb that opens it takes its infinitive, so
    «задержали» and «задержан» are one kind of event; a verb after its
    subject keeps the phrase; a noun phrase still goes to the nominative
    («парламентских выборах» → «парламентские выборы»)."""
    doc = nlp("В понедельник оппозиционер вышел на свободу.")
    assert [(m.text, m.normal) for m in doc.mentions if m.type == "EVENT"] == [
        ("вышел на свободу", "выйти на свободу")]
    doc = nlp("Его задержали в среду. В четверг он был задержан снова. Пятеро погибли.")
    assert {(m.text, m.normal) for m in doc.mentions if m.type == "EVENT"} >= {
        ("задержали", "задержать"), ("задержан", "задержать")}
    assert ("Пятеро погибли", "Пятеро погибли") in {(m.text, m.normal) for m in doc.mentions}
    doc = nlp("Он рассказал о парламентских выборах.")
    assert ("парламентских выборах", "парламентские выборы") in {
        (m.text, m.normal) for m in doc.mentions if m.type == "EVENT"}


def test_a_counted_noun_takes_the_form_its_numeral_governs(nlp):
    """«к трём годам» → «три года», «к 5 годам» → «5 лет» (was «три годы»,
    «5 годы»: the head alone put in the nominative plural)."""
    doc = nlp("Суд приговорил его к 5 годам колонии, а её к трём годам лишения свободы.")
    assert {(m.text, m.normal) for m in doc.mentions if m.type == "PENALTY"} >= {
        ("5 годам колонии", "5 лет колонии"), ("трём годам лишения свободы", "три года лишения свободы")}


def test_a_surname_alone_as_the_full_name_writes_it(nlp):
    """pymorphy reads «Санду» alone as a dative of «Санда»; the document's
    «Майя Санду» says the surname, and the two are one person."""
    doc = nlp("Майя Санду победила на выборах. Поздравления Санду направили лидеры ЕС.")
    full, bare = mention(doc, "Майя Санду", "PER"), mention(doc, "Санду", "PER")
    assert (bare.normal, bare.last) == ("Санду", "Санду")
    assert bare.entity_id == full.entity_id
    # of the other gender by the tagger, another person: her father
    doc = nlp("Победительницей стала Микелла Абрамова. Канал отменил победу дочери Алсу и Абрамова.")
    assert mention(doc, "Абрамова", "PER").normal == "Абрамов"


def test_a_post_inflected_with_what_went_before_it(nlp):
    """«женщиной-президентом»: the mention starts after «женщиной-», and so
    does its normal form."""
    doc = nlp("Санду станет первой женщиной-президентом страны.")
    assert mention(doc, "президентом", "ROLE").normal == "президент"


def test_a_dateline(nlp):
    """«МОСКВА, 5 марта. /ТАСС/.»: the place in capitals is «Москва», the
    agency's name has no slash; an abbreviation keeps its capitals."""
    doc = nlp("МОСКВА, 5 марта. /ТАСС/. Президент России Владимир Путин провел совещание.")
    assert mention(doc, "МОСКВА", "LOC").normal == "Москва"
    assert mention(doc, "ТАСС", "ORG").normal == "ТАСС"
    assert mention(doc, "России", "LOC").normal == "Россия"


def test_capitals_of_a_place_title_cased():
    from pipeline.stages.normal import _capitals_of_a_place, _title

    assert _title("НЬЮ-ЙОРК") == "Нью-Йорк" and _title("РОСТОВ-НА-ДОНУ") == "Ростов-на-Дону"
    assert _capitals_of_a_place("МОСКВА") and not _capitals_of_a_place("США")
    assert not _capitals_of_a_place("Москва") and not _capitals_of_a_place("МАГАТЕ")


def test_a_place_named_by_its_adjective_is_one_place_in_any_form(nlp):
    doc = nlp("Американский лидер обсудил использование российских активов. "
              "Российская сторона назвала это кражей. Российский МИД выразил протест.")
    places = {m.text: m for m in doc.mentions if m.type == "LOC"}
    assert places["российских"].normal == "российский"
    assert places["Российская"].normal == "Российский"
    assert len({places[t].entity_id for t in ("российских", "Российская", "Российский")}) == 1


def test_each_part_of_a_double_name_declines(nlp):
    """A double name pymorphy does not know: each part goes to the nominative
    (was «Касым-Жомартом Токаев», «Анной-Марией Иванова», «Анри Картье-Брессона»)."""
    doc = nlp("Путин провёл переговоры с Касым-Жомартом Токаевым. Он встретился с Анной-Марией Ивановой. "
              "Открылась выставка Анри Картье-Брессона.")
    assert {m.normal for m in doc.mentions if m.type == "PER"} >= {
        "Касым-Жомарт Токаев", "Анна-Мария Иванова", "Анри Картье-Брессон"}


def test_nouns_joined_to_the_head_go_to_the_nominative_too(nlp):
    """«студентов и пенсионеров» names two kinds of people (was «студенты и
    пенсионеров»: the head alone inflected).  The roles stage now makes two
    posts of it, so the phrase is normalized as a mention put over it."""
    from pipeline.doc import Mention
    from pipeline.resources import shared
    from pipeline.stages.normal import Normalizer

    text = "Скидка действует для студентов и пенсионеров."
    doc = nlp(text)
    assert {(m.text, m.normal) for m in doc.mentions if m.type == "ROLE"} == {
        ("студентов", "студенты"), ("пенсионеров", "пенсионеры")}
    start = text.index("студентов")
    joined = Mention(start, len(text) - 1, text[start:-1], "EVENT", sent_idx=0, tok_start=3, tok_stop=6)
    assert Normalizer(shared()).phrase(doc, joined) == "студенты и пенсионеры"

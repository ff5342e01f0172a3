"""PER/ORG/LOC mentions with NEREL's extents (sentences and spans checked by eye)."""

from __future__ import annotations

import pytest

from pipeline.crf import CRFLayers
from pipeline.stages.ner import LAYERS, bio_spans, layer_path


def spans(doc, typ):
    return {m.text for m in doc.mentions if m.type == typ}


def test_vocabulary_is_every_attribute_the_layers_have_features_for():
    """The NER stage drops feature strings outside it, so it must be exact;
    the encoder states' attributes are the dense matrix's rows instead."""
    import pycrfsuite

    from pipeline.crf import STATE

    attrs = set()
    for typ in LAYERS:
        tagger = pycrfsuite.Tagger()
        tagger.open(str(layer_path(typ)))
        attrs |= {attr for attr, _ in tagger.info().state_features}
    layers = CRFLayers({typ: layer_path(typ) for typ in LAYERS})
    strings = {a for a in attrs if not a.startswith(STATE)}
    assert set(layers.vocab) == strings
    assert sorted(layers.vocab.values()) == list(range(1, len(strings) + 1))
    dense = sorted(int(a[len(STATE):]) for a in attrs - strings)
    assert dense and dense[-1] < 64 and layers.dense.shape == (dense[-1] + 1, layers.weights.shape[1])


def test_bio_spans():
    assert bio_spans(["B-PER", "I-PER", "O", "I-LOC", "B-ORG"]) == [(0, 2, "PER"), (3, 4, "LOC"),
                                                                  (4, 5, "ORG")]


@pytest.mark.parametrize("sentence, org, locs", [
    ("МИД Австралии выразил протест послу Китая.", "МИД Австралии", {"Австралии", "Китая"}),
    ("Член правительства Санкт-Петербурга прибыл в Алматы.", "правительства Санкт-Петербурга",
     {"Санкт-Петербурга", "Алматы"}),
    ("Закон одобрил Совет Федерации Федерального Собрания Российской Федерации.",
     "Совет Федерации Федерального Собрания Российской Федерации", {"Российской Федерации"}),
    ("ЦБ РФ повысил ключевую ставку.", "ЦБ РФ", {"РФ"}),
])
def test_body_with_its_place(nlp, sentence, org, locs):
    doc = nlp(sentence)
    assert org in spans(doc, "ORG")
    assert locs <= spans(doc, "LOC")


def test_committee_with_its_long_name(nlp):
    doc = nlp("Олег Капитанов возглавляет комитет по межнациональным отношениям и реализации "
              "миграционной политики.")
    assert "комитет по межнациональным отношениям и реализации миграционной политики" in spans(doc, "ORG")


def test_legal_form_and_quoted_name(nlp):
    doc = nlp("ПАО «Газпром» увеличило экспорт газа в Европу.")
    assert "ПАО «Газпром»" in spans(doc, "ORG")


@pytest.mark.parametrize("sentence, org", [
    ("Законопроект внесли в Госдуму в пятницу.", "Госдуму"),
    ("В Кремле отказались комментировать это решение.", "Кремле"),
    ("ЕС ввёл новые санкции.", "ЕС"),
    ("Евросоюз продлил санкции ещё на полгода.", "Евросоюз"),
])
def test_bodies_natasha_misses(nlp, sentence, org):
    assert org in spans(nlp(sentence), "ORG")


def test_abbreviation_in_brackets_is_a_mention_of_its_own(nlp):
    doc = nlp("Доклад опубликовала Организация Объединённых Наций (ООН) во вторник.")
    assert {"Организация Объединённых Наций", "ООН"} <= spans(doc, "ORG")


def test_latin_name_in_brackets_is_cut_off(nlp):
    doc = nlp("Об этом сообщил Джоэл Саймон (Joel Simon), глава комитета.")
    assert "Джоэл Саймон" in spans(doc, "PER")
    assert not any("(" in m.text for m in doc.mentions)


def test_no_unbalanced_quotes(nlp):
    doc = nlp("Компания «Роснефть» и «Лукойл» подписали соглашение с ОАО «РЖД».")
    for m in doc.mentions:
        opened = sum(m.text.count(q) for q in "«„")
        assert opened == m.text.count("»"), m.text


def test_no_mention_across_paragraph_break(nlp):
    text = "Президент России\n\nВладимир Путин провёл совещание."
    doc = nlp(text)
    assert all("\n" not in m.text for m in doc.mentions)
    assert "Владимир Путин" in spans(doc, "PER")


def test_mentions_carry_token_indexes(nlp):
    doc = nlp("Министерство финансов России опубликовало отчёт.")
    for m in doc.mentions:
        toks = doc.sentences[m.sent_idx].tokens[m.tok_start:m.tok_stop]
        assert (toks[0].start, toks[-1].stop) == (m.start, m.stop)


def test_union_is_never_a_place(nlp):
    doc = nlp("Евросоюз продлил санкции, сообщили в Европейском союзе.")
    assert {"Евросоюз", "Европейском союзе"} <= spans(doc, "ORG")
    # no whole union is a place; «Европейском» inside it is, nested, as NEREL
    # marks «Европейский» of «Европейский союз» (2 of 3 in train and dev)
    assert spans(doc, "LOC") <= {"Европейском"}


def test_a_people_is_not_a_place(nlp):
    doc = nlp("Американцы и палестинцы встретились в Монако.")
    assert spans(doc, "LOC") == {"Монако"}


def test_theatre_name_is_not_a_person(nlp):
    doc = nlp("Состоялся концерт коллектива «Квинтет Четырех» и солиста Мариинского театра "
              "Леонида Захожаева.")
    assert spans(doc, "PER") == {"Леонида Захожаева"}
    assert {"Квинтет Четырех", "Мариинского театра"} <= spans(doc, "ORG")


def test_first_name_before_a_surname_joins_it(pipe):
    """«Виктор» before a person tagged by the surname alone joins the span;
    «Вчера», «Москва» (no first names) do not; a covered token is left alone."""
    from pipeline.stages.ner import PER, _first_names

    ner = next(s for s in pipe.stages if s.name == "ner")
    marks = ner.features.marks
    [doc] = pipe.process_texts(["Виктор Понедельник: «Адвокат ведёт себя как царь»."])
    sent = doc.sentences[0]
    assert [t.text for t in sent.tokens[:2]] == ["Виктор", "Понедельник"]
    assert _first_names(sent, [(1, 2, PER)], marks) == [(0, 2, PER)]
    assert _first_names(sent, [(0, 1, "LOC"), (1, 2, PER)], marks) == [(0, 1, "LOC"), (1, 2, PER)]
    [doc] = pipe.process_texts(["Команда президента Ахмат-Хаджи Кадырова сложилась."])
    sent = doc.sentences[0]
    assert sent.tokens[2].text == "Ахмат-Хаджи"
    assert _first_names(sent, [(3, 4, PER)], marks) == [(2, 4, PER)]
    [doc] = pipe.process_texts(["Вчера Понедельник выступил. Москва Понедельник встретила."])
    for sent in doc.sentences:
        assert _first_names(sent, [(1, 2, PER)], marks) == [(1, 2, PER)], sent.text


def test_the_named_place_inside_a_part_of_it_is_its_own_mention(nlp):
    """«юге Турции» is a LOC (NEREL's LOCATION) and so is «Турции» inside it;
    «Южной Корее» is one name, nothing inside."""
    doc = nlp("Землетрясение произошло на юге Турции. Пожар вспыхнул на западном побережье США. "
              "В Южной Корее прошли выборы.")
    locs = {m.text for m in doc.mentions if m.type == "LOC"}
    assert {"юге Турции", "Турции", "западном побережье США", "США", "Южной Корее"} <= locs
    assert "Корее" not in locs
    outer = next(m for m in doc.mentions if m.text == "юге Турции")
    inner = next(m for m in doc.mentions if m.text == "Турции")
    located = {(r.subj, r.obj) for r in doc.relations if r.type == "LOCATED_IN"}
    assert (outer.mention_id, inner.mention_id) in located


def test_two_people_joined_by_and_are_two_mentions(nlp):
    doc = nlp("Солисты Музыкального театра имени Станиславского и Немировича-Данченко выступили в Москве.")
    assert {m.text for m in doc.mentions if m.type == "PER"} == {"Станиславского", "Немировича-Данченко"}


def test_first_names_sharing_a_surname_stay_one_mention(nlp):
    doc = nlp("В отравлении Сергея и Юлии Скрипаль подозревается шпион.")
    assert [m.text for m in doc.mentions if m.type == "PER"] == ["Сергея и Юлии Скрипаль"]


def test_a_name_repeated_in_another_case_starts_another_person(nlp):
    doc = nlp("Разработчиком идей официально считается отец Кима Чен Ира Ким Ир Сен.")
    assert [m.text for m in doc.mentions if m.type == "PER"] == ["Кима Чен Ира", "Ким Ир Сен"]
    doc = nlp("Обращение к президенту РФ В. В. Путину опубликовано.")
    assert [m.text for m in doc.mentions if m.type == "PER"] == ["В. В. Путину"]


def test_a_legal_form_alone_is_no_organization(nlp):
    doc = nlp("Во время спуска с орбиты не произошло разделения спускаемого модуля и ПАО.")
    assert not [m for m in doc.mentions if m.type == "ORG"]


def test_a_place_after_a_lower_case_direction_adjective_is_nested(nlp):
    """«восточной Украине» is a part of Украина, which NEREL nests in it;
    «Южной Корее» (capitalized) is one name."""
    doc = nlp("Бои продолжаются в восточной Украине, выборы прошли в Южной Корее.")
    locs = [m.text for m in doc.mentions if m.type == "LOC"]
    assert {"восточной Украине", "Украине", "Южной Корее"} <= set(locs)
    assert "Корее" not in locs


def test_a_part_of_europe_or_asia_holds_it(nlp):
    doc = nlp("Уровень жизни там не хуже, чем в Восточной Европе и Центральной Азии,"
              " сообщили из Южной Кореи.")
    locs = [m.text for m in doc.mentions if m.type == "LOC"]
    assert {"Восточной Европе", "Европе", "Центральной Азии", "Азии", "Южной Кореи"} <= set(locs)
    assert "Кореи" not in locs


@pytest.mark.parametrize(("sentence", "person", "title"), [
    ("Император Акихито выразил желание сложить полномочия.", "Акихито", "Император"),
    ("Ватикан сообщил, что Папа Франциск лишил сана кардинала Маккаррика.", "Франциск", "Папа"),
    ("«Полковник Квачков к походу и бою готов», — заявил он.", "Квачков", "Полковник"),
    ("Генсек Гутерриш призвал к перемирию.", "Гутерриш", "Генсек"),
])
def test_a_capitalized_title_is_not_part_of_the_name(nlp, sentence, person, title):
    doc = nlp(sentence)
    assert [m.text for m in doc.mentions if m.type == "PER"][0] == person
    assert title in {m.text for m in doc.mentions if m.type == "ROLE"}


def test_an_adjective_after_a_title_stays_in_the_name(nlp):
    doc = nlp("Премию вручил принц Астурийский Фелипе.")
    assert "Астурийский Фелипе" in {m.text for m in doc.mentions if m.type == "PER"}


@pytest.mark.parametrize(("sentence", "facility", "place"), [
    ("Финал чемпионата мира прошёл на стадионе «Маракана» в Рио-де-Жанейро.", "Маракана", "Рио-де-Жанейро"),
    ("Митинг прошёл на Болотной площади в Москве.", "Болотной площади", "Москве"),
])
def test_a_named_facility_is_a_mention_placed_in_its_town(nlp, sentence, facility, place):
    doc = nlp(sentence)
    assert facility in {m.text for m in doc.mentions if m.type == "FAC"}
    located = {(doc.mention(r.subj).text, doc.mention(r.obj).text) for r in doc.relations
               if r.type == "LOCATED_IN"}
    assert (facility, place) in located


def test_nothing_is_located_in_itself(nlp):
    doc = nlp("Концерт состоится в Карнеги-холле в Нью-Йорке.")
    assert all(doc.mention(r.subj).span != doc.mention(r.obj).span for r in doc.relations)


def test_a_surname_inside_a_facility_is_still_a_person(nlp):
    doc = nlp("Экс-премьера Пакистана Беназир Бхутто вновь взяли под домашний арест. "
              "Дом Бхутто в Лахоре оцеплен полицией.")
    assert "Бхутто" in {m.text for m in doc.mentions if m.type == "PER"}


def test_a_name_tagged_once_is_the_same_name_elsewhere(pipe):
    """«Росатом» tagged ORG in one sentence is an ORG where the layer missed
    it («В Росатоме»); not inside a longer capitalized name («Новая Москва»),
    nor over a word another mention covers."""
    from pipeline.stages.ner import LOC, ORG, _repeats

    [doc] = pipe.process_texts(["Госкорпорация Росатом подписала контракт. В Росатоме сообщили о сделке. "
                                "Москва растёт. Проект Новая Москва одобрен."])
    sents = doc.sentences
    assert [t.text for t in sents[1].tokens[:2]] == ["В", "Росатоме"]
    assert [t.text for t in sents[3].tokens[:3]] == ["Проект", "Новая", "Москва"]
    found = {0: [(1, 2, ORG)], 1: [], 2: [(0, 1, LOC)], 3: []}
    _repeats(sents, found)
    assert found == {0: [(1, 2, ORG)], 1: [(1, 2, ORG)], 2: [(0, 1, LOC)], 3: []}
    found = {0: [(1, 2, ORG)], 1: [(1, 2, LOC)]}
    _repeats(sents[:2], found)
    assert found == {0: [(1, 2, ORG)], 1: [(1, 2, LOC)]}


def test_document_names_natasha_tagged(pipe):
    """The lemmas of capitalized words natasha tagged anywhere in the
    document, with their types: a feature of every occurrence."""
    from pipeline.stages.ner import features_of, lemma_types

    ner = next(s for s in pipe.stages if s.name == "ner")
    [doc] = pipe.process_texts(["Компания Яндекс открыла офис в Казани. Яндекс и Сбербанк спорят."])
    tags = ner.natasha_tags(doc.sentences)
    names = lemma_types(list(zip(doc.sentences, tags, strict=True)))
    assert names["казань"] == "LOC" and names["яндекс"] == "ORG"
    strings = features_of(pipe.resources)(doc.sentences[1], ["O"] * len(doc.sentences[1].tokens), names)
    assert "dn=ORG" in strings[0]  # «Яндекс», though natasha's tag here is O
    assert not any(s.startswith("dn=") for s in strings[1])  # «и»


def test_place_features_from_the_gazetteer(pipe):
    """A place name of two words («Нижнего Новгорода»: B, I, CITY), a country,
    a place adjective; a common noun gets none."""
    from pipeline.stages.ner import features_of

    [doc] = pipe.process_texts(["Российские туристы из Нижнего Новгорода прилетели во Францию."])
    sent = doc.sentences[0]
    words = [t.text for t in sent.tokens]
    strings = dict(zip(words, features_of(pipe.resources)(sent, ["O"] * len(words)), strict=True))
    assert {"gm=B", "gk=CITY"} <= set(strings["Нижнего"])
    assert {"gm=I", "gk=CITY"} <= set(strings["Новгорода"])
    assert "geo=COUNTRY" in strings["Францию"]
    assert "padj" in strings["Российские"]
    assert not any(s.startswith(("geo=", "gm=", "padj")) for s in strings["туристы"])


def test_feature_scores_are_the_sums_of_the_feature_strings_weights(pipe, seed_doc):
    """The tagging path never makes the strings: its scores (memoized parts,
    heads, neighbours, quotes, gazetteer, the document's names) must be what
    the strings the layers were trained on add up to."""
    import numpy as np

    from pipeline.crf import UNKNOWN
    from pipeline.stages.ner import document_names, features_of

    ner = next(s for s in pipe.stages if s.name == "ner")
    docs = pipe.process_texts([
        "ПАО «Газпром» и «Роснефть» подписали соглашение. «Газпром» построит завод в Нижнем Новгороде.",
        "Российские туристы из Нижнего Новгорода прилетели во Францию. Яндекс открыл офис в Казани.",
    ])
    docs.append(seed_doc)
    sentences = [s for d in docs for s in d.sentences]
    natasha = ner.natasha_tags(sentences)
    names = document_names(docs, sentences, natasha)
    found = [names[id(s)] for s in sentences]
    # a fresh one, its cache so small that it is emptied between the two calls
    features = features_of(pipe.resources, crf=ner.crf, words_cache=20)
    strings = features_of(pipe.resources)
    crf = ner.crf
    dense = crf.weights.toarray()
    for part in (slice(0, 4), slice(4, None)):
        got = features.scores(sentences[part], natasha[part], found[part])
        want = [dense[[crf.vocab.get(a, UNKNOWN) for a in tok]].sum(axis=0)
                for s, t, n in zip(sentences[part], natasha[part], found[part], strict=True)
                for tok in strings(s, t, n)]
        assert got.shape == (len(want), crf.weights.shape[1])
        assert np.allclose(got, want, rtol=0, atol=1e-9)
    every = {a for s, t, n in zip(sentences, natasha, found, strict=True)
             for tok in strings(s, t, n) for a in tok}
    assert {"gm=B", "q=1", "dn=ORG", "root", "-2pad"} <= every  # what the sentences exercise
    assert sum(len(s.tokens) for s in sentences) > 100


def test_a_batch_without_sentences(pipe):
    """Documents with no sentence to tag (empty, blank) pass the stage: no
    state scores, no tags, no mentions, no error."""
    docs = pipe.process_texts(["", "   \n  "])
    assert [(d.status, d.error, d.sentences, d.mentions) for d in docs] == [("ok", "", [], [])] * 2
    ner = next(s for s in pipe.stages if s.name == "ner")
    assert ner.features.scores([], [], []).shape == (0, ner.crf.weights.shape[1])


def test_a_person_is_cut_at_a_dash_standing_alone(nlp):
    # factRuEval dev book_147: «Свиридова – В.Л.» is no name of one person
    doc = nlp("Егор Свиридов погиб в декабре. «Для нас было несколько неожиданно, что заявку (о том, "
              "чтобы возложить цветы к месту гибели Свиридова – В.Л.) подал по личной инициативе "
              "советник руководителя партии «Яблоко» Артур Гороховский».")
    people = [m for m in doc.mentions if m.type == "PER"]
    assert "Свиридова" in [m.text for m in people]
    assert not any("–" in m.text for m in people)
    assert len({m.entity_id for m in people if "Свиридов" in m.text}) == 1


def test_a_body_named_for_a_person_runs_over_the_name(nlp):
    doc = nlp("Спектакль покажут в Театре им. Йозефа Бойса в Берлине.")
    found = {(m.text, m.type) for m in doc.mentions}
    assert ("Театре им. Йозефа Бойса", "ORG") in found and ("Йозефа Бойса", "PER") in found


@pytest.mark.parametrize(("text", "role", "person"), [
    # «Аким» is a Russian first name too: before a place it is the Kazakh post
    ("Аким Алматы посетил школу.", "Аким Алматы", None),
    ("Аким Астаны провел прием граждан", "Аким Астаны", None),
    ("Аким Шымкента Габит Сыздыкбеков встретился с жителями.", "Аким Шымкента", "Габит Сыздыкбеков"),
])
def test_akim_of_a_place_is_a_post_not_a_person(nlp, text, role, person):
    doc = nlp(text)
    assert role in {m.text for m in doc.mentions if m.type == "ROLE"}
    assert [m.text for m in doc.mentions if m.type == "PER"] == ([person] if person else [])
    assert not [m for m in doc.mentions if m.type == "ORG"]


def test_akim_as_a_first_name_stays_a_person(nlp):
    doc = nlp("Аким Иванов приехал в Москву.")
    assert [m.text for m in doc.mentions if m.type == "PER"] == ["Аким Иванов"]


def _tags(n: int, a: int, b: int, typ: str) -> list[str]:
    return ["O"] * a + [f"B-{typ}"] + [f"I-{typ}"] * (b - a - 1) + ["O"] * (n - b)


def test_a_place_adjective_both_layers_tag(nlp):
    """A place adjective the LOC layer and the other-types layer both tag is a
    person's nationality, the country of a body (the shipped layers rarely
    disagree on a sentence of their own, so the other layer's tags are given)."""
    from pipeline.stages.ner import _no_nationality_place

    sent = nlp("Российский теннисист выиграл турнир.").sentences[0]
    assert _no_nationality_place(sent, [(0, 1, "LOC")], _tags(len(sent.tokens), 0, 1, "NATIONALITY")) == []
    sent = nlp("Российский МИД выразил протест.").sentences[0]
    assert _no_nationality_place(sent, [(0, 1, "LOC")], _tags(len(sent.tokens), 0, 1, "NATIONALITY")) == [
        (0, 1, "LOC")]
    assert _no_nationality_place(sent, [(0, 1, "LOC")], None) == [(0, 1, "LOC")]


def test_stated_layers_are_fit_on_strings_and_encoder_states():
    """A stated layer's crfsuite item: each string valued by how often the
    token has it (as repeated attributes of value 1 count), and the 64
    encoder states scaled and rounded as the stage scores them; the other
    layers are fit on the strings alone."""
    import numpy as np

    from pipeline.crf import STATE
    from pipeline.labels import ORG
    from pipeline.stages.ner import STATE_SCALE, STATED, items, state_values, with_states

    strings = [["w=москва", "cap", "cap"], ["w=в"]]
    states = np.array([[0.5] * 64, [-1.23456] * 64], dtype=np.float32)
    got = with_states(strings, states)
    assert got[0]["cap"] == 2.0 and got[0]["w=москва"] == 1.0 and len(got[0]) == 2 + 64
    assert got[0][f"{STATE}0"] == 0.5 * STATE_SCALE
    assert got[1][f"{STATE}63"] == round(-1.23456 * STATE_SCALE, 3) == state_values(states)[1, 63]
    assert ORG in STATED and "types" not in STATED
    assert items(ORG, strings, states) == got
    assert items("types", strings, states) is strings and items(ORG, strings, None) is strings


def test_training_states_of_a_sentence_do_not_depend_on_its_neighbours(pipe):
    """The layers are fit on states of each sentence packed alone, so that
    ``make train`` rebuilds them byte for byte whichever sentences it fits
    on; the stage's own (batched) states are the same up to rounding."""
    import numpy as np

    from pipeline.stages.ner import sentence_states

    (doc,) = pipe.process_texts(["Глава МИД России Сергей Лавров прибыл в Анкару. Его встретил министр "
                                 "Турции. Переговоры прошли в здании МИД."])
    sents = doc.sentences
    alone = sentence_states(pipe.resources, sents[1:2])
    together = sentence_states(pipe.resources, sents)
    assert len(sents) == 3 and alone[0].shape == (len(sents[1].tokens), 64)
    assert np.array_equal(alone[0], together[1])
    ner = next(s for s in pipe.stages if s.name == "ner")
    _, batched = ner.natasha(sents)
    assert np.allclose(batched[1], together[1], atol=1e-4)

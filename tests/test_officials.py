"""officials.csv and cooccurrence.csv rows: the seed article end to end."""

from __future__ import annotations

from pipeline.write.derived import CooccurrenceCounter, cooccurrence_pairs, official_rows
from pipeline.write.rows import mention_rows

COMMITTEE = "комитет по межнациональным отношениям и реализации миграционной политики"
KAPITANOV_FULL = ("член правительства Санкт-Петербурга – председатель комитета по "
                  "межнациональным отношениям и реализации миграционной политики")


def test_seed_officials(seed_doc):
    """The five officials of the seed article, posts split from their places
    (checked by eye against the text)."""
    rows = list(official_rows(seed_doc))
    got = {(r["person"], r["role"], r["place"], r["place_type"]) for r in rows}
    assert {
        ("Бакытжан Сагинтаев", "аким", "Алматы", "LOC"),
        ("Ержан Бабакумаров", "заместитель акима", "Алматы", "LOC"),
        ("Евгений Бобров", "генеральный консул", "Российская Федерация", "LOC"),
        ("Евгений Бобров", "генеральный консул", "Алматы", "LOC"),
        ("Олег Капитанов", "член правительства", "Санкт-Петербург", "LOC"),
        ("Леонид Захожаев", "солист", "Мариинский театр", "ORG"),
    } <= got
    # «председателем комитета ...»: the committee is an ORG mention, so it is the body
    chair = [r for r in rows if r["person"] == "Олег Капитанов" and r["role"] == "председатель"]
    assert len(chair) == 1 and chair[0]["place"].startswith(COMMITTEE)
    assert chair[0]["place_type"] == "ORG"
    assert {r["person"] for r in rows} == {"Бакытжан Сагинтаев", "Ержан Бабакумаров", "Евгений Бобров",
                                          "Леонид Захожаев", "Олег Капитанов"}
    full = {(r["person"], r["role"]): r["role_full"] for r in rows}
    assert full["Ержан Бабакумаров", "заместитель акима"] == "заместитель акима города Алматы"
    assert full["Евгений Бобров", "генеральный консул"] == ("генеральный консул Российской Федерации "
                                                           "в Алматы")
    assert full["Олег Капитанов", "член правительства"] == KAPITANOV_FULL  # from «членом ... Олегом»
    assert full["Олег Капитанов", "председатель"] == KAPITANOV_FULL
    keys = [(r["person_entity_id"], r["role"], r["place_entity_id"]) for r in rows]
    assert len(keys) == len(set(keys))  # Капитанов's second mention adds no row
    for r in rows:
        assert r["person"] in r["evidence"] or r["person"].split()[0][:4] in r["evidence"]
        assert r["person_entity_id"].startswith("PER-")
        assert not r["place"] or r["place_entity_id"][:4] in ("LOC-", "ORG-")


def test_seed_role_columns_of_mentions(seed_doc):
    rows = {r["text"]: r for r in mention_rows(seed_doc)}
    deputy = rows["заместитель акима города Алматы"]
    assert (deputy["role"], deputy["role_of"]) == ("заместитель акима", "Алматы")
    place = seed_doc.mention(deputy["role_of_mention_id"])
    assert (place.text, place.type, place.entity_id) == ("Алматы", "LOC", deputy["role_of_entity_id"])
    consul = rows["Генеральный консул Российской Федерации в Алматы"]
    assert (consul["role"], consul["role_of"]) == ("генеральный консул", "Российская Федерация")
    assert consul["normal"] == "Генеральный консул Российской Федерации в Алматы"  # kept as it was
    # a compound post's row gives its first part; officials.csv has a row per part
    compound = next(r for t, r in rows.items() if t.startswith("членом правительства"))
    assert (compound["role"], compound["role_of"]) == ("член правительства", "Санкт-Петербург")
    for r in rows.values():
        if r["type"] != "ROLE":
            assert r["role"] == r["role_of"] == r["role_of_mention_id"] == r["role_of_entity_id"] == ""


def official(nlp, text):
    return [(r["person"], r["role"], r["place"], r["role_full"]) for r in official_rows(nlp(text))]


def test_officials_of_single_sentences(nlp):
    assert official(nlp, "Об этом заявил министр иностранных дел России Сергей Лавров.") == [
        ("Сергей Лавров", "министр иностранных дел", "Россия", "министр иностранных дел России")]
    assert official(nlp, "Об этом сообщил председатель правления ПАО «Газпром» Алексей Миллер.") == [
        ("Алексей Миллер", "председатель правления", "ПАО «Газпром»",
         "председатель правления ПАО «Газпром»")]
    assert official(nlp, "Генеральный консул Российской Федерации в Алматы Евгений Бобров отметил, "
                         "что сотрудничество является тесным.") == [
        ("Евгений Бобров", "генеральный консул", "Российская Федерация",
         "генеральный консул Российской Федерации в Алматы"),
        ("Евгений Бобров", "генеральный консул", "Алматы",
         "генеральный консул Российской Федерации в Алматы")]


def test_place_outside_the_post_comes_from_workplace(nlp):
    doc = nlp("В «Газпроме» председателем правления работает Алексей Миллер.")
    (role,) = [r for r in mention_rows(doc) if r["type"] == "ROLE"]
    assert (role["text"], role["role"], role["role_of"]) == (
        "председателем правления", "председатель правления", "Газпром")
    assert official(nlp, doc.text) == [
        ("Алексей Миллер", "председатель правления", "Газпром", "председатель правления")]


def test_cooccurrence_counts_sentences_and_documents(seed_doc):
    pairs = cooccurrence_pairs(seed_doc)
    names = {(p["name_a"], p["name_b"]) for p in pairs} | {(p["name_b"], p["name_a"]) for p in pairs}
    assert ("Бакытжан Сагинтаев", "Алматы") in names
    counter = CooccurrenceCounter()
    counter.add_rows(pairs)
    counter.add_rows(pairs)  # the same document twice: twice the sentences, two documents
    row = next(r for r in counter.rows() if {r["name_a"], r["name_b"]} == {"Бакытжан Сагинтаев", "Алматы"})
    first = next(p for p in pairs if {p["name_a"], p["name_b"]} == {"Бакытжан Сагинтаев", "Алматы"})
    assert (row["n_sentences"], row["n_docs"]) == (2 * first["n_sentences"], 2)


def test_a_post_that_starts_inside_its_token(nlp):
    """«Экс-министр экономики»: the ROLE starts inside the token, after «Экс-»;
    the post is «министр экономики», not what follows the token."""
    assert official(nlp, "Экс-министр экономики Алексей Улюкаев вышел на свободу.") == [
        ("Алексей Улюкаев", "министр экономики", "", "министр экономики")]
    assert official(nlp, "Экс-президент США Барак Обама приехал в Москву.") == [
        ("Барак Обама", "президент", "США", "президент США")]


def test_a_place_is_named_by_its_name_not_its_adjective(nlp):
    # «американский» is the USA's (one entity): the place column names it «США»
    rows = official(nlp, "Президент США Джо Байден провел переговоры. Накануне американский лидер выступил "
                         "в Нормандии.")
    assert ("Джо Байден", "президент", "США", "президент США") in rows

"""The corpus step: entity ids grouped into real-world entities over the
whole corpus (pipeline.corpus), and how entities.csv says it."""

import csv

import pytest

from pipeline.corpus import corpus_entities, group_entities
from pipeline.labels import LOC, ORG, PER


def _ents(*rows):
    """(id, type, name[, {normal: count}]) -> the corpus step's input."""
    out = {}
    for eid, typ, name, *names in rows:
        counts = names[0] if names else {name: 1}
        out[eid] = (typ, name, sum(counts.values()), counts)
    return out


def test_a_bare_surname_joins_the_one_full_name():
    ents = _ents(("P1", PER, "Владимир Путин"), ("P2", PER, "В. Путин", {"В. Путин": 9}),
                 ("P3", PER, "Путин"),
                 ("P4", PER, "Людмила Путина"), ("P5", PER, "Сергей Иванов"),
                 ("P6", PER, "Иван Иванов"), ("P7", PER, "Иванов"), ("L1", LOC, "Путин"))
    same = group_entities(ents).same_as()
    # «В. Путин» and «Владимир Путин» are one person, the fuller name the canonical
    # one however often the initial is used;
    # «Путина» is another surname; two Ивановы leave «Иванов» alone; a LOC is no person.
    assert same == {"P2": "P1", "P3": "P1"}


def test_initials_join_only_the_one_person_they_fit():
    ents = _ents(("P1", PER, "Сергей Иванов"), ("P2", PER, "Иван Иванов"), ("P3", PER, "С. Иванов"),
                 ("P4", PER, "Владимир Петров"), ("P5", PER, "Валентин Петров"),
                 ("P6", PER, "В. Петров"), ("P7", PER, "Реджеп Тайип Эрдоган"),
                 ("P8", PER, "Реджеп Эрдоган"))
    same = group_entities(ents).same_as()
    # «В. Петров» fits two people: no merge, and no chain through it joins them.
    assert same == {"P3": "P1", "P8": "P7"}


def test_an_organization_with_and_without_its_legal_form_is_one():
    ents = _ents(("O1", ORG, "Газпром", {"Газпром": 3}), ("O2", ORG, "ПАО «Газпром»", {"ПАО «Газпром»": 2}),
                 ("O3", ORG, "ОАО «Газпром»"), ("O4", ORG, "Газпром нефть"))
    g = group_entities(ents)
    assert g.same_as() == {"O1": "O2", "O3": "O2"}
    assert g.aliases["O2"] == ["Газпром", "ОАО «Газпром»"]


def test_aliases_are_the_other_names_not_a_place_adjective():
    ents = _ents(("L1", LOC, "Российская Федерация",
                  {"Российская Федерация": 2, "Россия": 5, "РФ": 1, "российский": 3}),
                 ("L2", LOC, "Россия", {"Россия": 1, "россия": 1}))
    g = group_entities(ents)
    assert g.same_as() == {"L2": "L1"}  # «Россия» is the known alias's full name
    assert g.aliases["L1"] == ["Россия", "РФ"]  # most frequent first, one per key


def test_a_place_named_by_its_adjective_joins_the_one_place_it_names():
    """«французские власти» in a document that never names France: the
    adjective's entity is France's, wherever the corpus names it; France stays
    the canonical entity however often the adjective is used."""
    ents = _ents(("L1", LOC, "Франция"), ("L2", LOC, "французские", {"французские": 4, "французский": 3}),
                 ("L3", LOC, "Россия", {"Россия": 2, "РФ": 1}), ("L4", LOC, "российский"),
                 ("L5", LOC, "Москва"), ("L6", LOC, "Московская"),  # «станция метро Московская»: a name
                 ("L7", LOC, "Австралия"), ("L8", LOC, "австрийский"),  # Austria, not Australia
                 ("L9", LOC, "американские"), ("L10", LOC, "США"))
    g = group_entities(ents)
    assert g.same_as() == {"L2": "L1", "L4": "L3", "L9": "L10"}
    assert "французские" not in g.aliases.get("L1", [])


@pytest.mark.parametrize("adjective, place, names", [
    ("российских", "россия", True), ("Всероссийский", "россия", True), ("французские", "франция", True),
    ("итальянского", "италия", True), ("немецкий", "германия", True), ("американские", "сша", True),
    ("польский", "польша", True), ("европейская", "европа", True), ("лондонский", "лондон", True),
    ("новосибирский", "новосибирск", True), ("индийский", "индия", True),
    ("австрийский", "австралия", False), ("австралийский", "австрия", False),
    ("индонезийский", "индия", False), ("иранский", "ирак", False), ("словацкий", "словения", False),
    ("российско-британская", "россия", False), ("российский", "российская федерация", False),
])
def test_which_place_an_adjective_names(adjective, place, names):
    from pipeline.gazetteer import names_place

    assert names_place(adjective, place) is names


def test_an_adjective_naming_two_places_of_the_corpus_joins_neither():
    """«чернобыльская» fits two places of the corpus (two spellings its
    documents left apart): nothing says which."""
    ents = _ents(("L1", LOC, "Чернобыль"), ("L2", LOC, "Чернобыли"), ("L3", LOC, "чернобыльская"))
    assert group_entities(ents).same_as() == {}


def test_an_abbreviation_joins_the_one_name_a_document_gave_it():
    ents = _ents(("O1", ORG, "Федеральная антимонопольная служба",
                  {"Федеральная антимонопольная служба": 1, "ФАС": 1}), ("O2", ORG, "ФАС"),
                 ("O3", ORG, "Фас"), ("O4", ORG, "Федеральная авиационная служба"))
    # «Фас» has the key of «ФАС»; «Федеральная авиационная служба» has the
    # initials but no document called it «ФАС».
    assert group_entities(ents).same_as() == {"O2": "O1", "O3": "O1"}
    ents["O4"] = (ORG, "Федеральная авиационная служба", 2,
                  {"Федеральная авиационная служба": 1, "ФАС": 1})
    g = group_entities(ents)  # two candidates: no merge
    assert g.canonical["O2"] == g.canonical["O3"] and len(set(g.canonical.values())) == 3


def test_a_short_name_is_not_joined_by_a_word_of_a_longer_one():
    ents = _ents(("O1", ORG, "Газпром нефть", {"Газпром нефть": 2, "Газпром": 1}),
                 ("O2", ORG, "Газпром"),
                 ("O3", ORG, "президентский совет ФИДЕ", {"президентский совет ФИДЕ": 1, "ФИДЕ": 1}),
                 ("O4", ORG, "ФИДЕ"))
    assert group_entities(ents).same_as() == {}


TEXTS = {
    "a": "Делегацию принял аким Алматы Бакытжан Сагинтаев.",
    "b": "Как сообщил Сагинтаев, строительство метро завершится в следующем году.",
    "c": "ПАО «Газпром» увеличило добычу газа на Ямале.",
    "d": "Газпром снизил экспорт газа в Европу.",
    "e": "Министр обороны Сергей Иванов посетил Калининград.",
    "f": "Губернатор Иван Иванов открыл новую школу.",
    "g": "Как заявил Иванов, учения пройдут осенью.",
}


def test_real_documents_through_the_pipeline(pipe):
    docs = pipe.process_texts(list(TEXTS.values()), list(TEXTS))
    ents = corpus_entities(docs)
    g = group_entities(ents)
    by_name = {name: eid for eid, (_t, name, _n, _ns) in ents.items()}
    assert g.canonical[by_name["Сагинтаев"]] == by_name["Бакытжан Сагинтаев"]
    assert g.canonical[by_name["Газпром"]] == by_name["ПАО «Газпром»"]
    assert g.canonical[by_name["Иванов"]] == by_name["Иванов"]  # two Ивановы: its own
    assert g.canonical[by_name["Сергей Иванов"]] != g.canonical[by_name["Иван Иванов"]]


@pytest.fixture(scope="module")
def run_out(pipe, tmp_path_factory):
    from pipeline.config import Config
    from pipeline.run import run

    inp = tmp_path_factory.mktemp("in")
    for name, text in TEXTS.items():
        (inp / f"{name}.txt").write_text(text, encoding="utf-8")
    (inp / "h.txt").write_text("Как заявил Сагинтаев, работы идут по графику.", encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    run(Config(input=inp, output=out, workers=1))
    return out


def _read(out, table):
    with open(out / f"{table}.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_entities_csv_groups_ids_and_keeps_every_id(run_out):
    rows = {r["name"]: r for r in _read(run_out, "entities")}
    full, bare = rows["Бакытжан Сагинтаев"], rows["Сагинтаев"]
    # Mention ids stay per document; the grouping is in entities.csv.
    assert bare["entity_id"] != full["entity_id"]
    assert bare["same_as"] == bare["canonical_id"] == full["entity_id"]
    assert full["same_as"] == "" and full["canonical_id"] == full["entity_id"]
    assert full["aliases"] == "Сагинтаев"
    assert (full["canonical_mentions"], full["canonical_docs"]) == ("3", "3")
    assert bare["aliases"] == bare["canonical_mentions"] == ""
    assert rows["ПАО «Газпром»"]["aliases"] == "Газпром"
    assert rows["Иванов"]["canonical_id"] == rows["Иванов"]["entity_id"]


def test_a_mention_joins_its_real_world_entity_in_one_merge(run_out):
    import pipeline

    t = pipeline.load(run_out, tables=["mentions", "entities"])
    m = t["mentions"].merge(t["entities"][["entity_id", "canonical_id"]], on="entity_id")
    people = m[m["normal"].str.contains("Сагинтаев")]
    assert len(people) == 3 and people["canonical_id"].nunique() == 1
    heads = t["entities"][t["entities"]["same_as"] == ""]
    assert heads["entity_id"].is_unique and set(m["canonical_id"]) <= set(heads["entity_id"])

"""The evaluation harness: scoring on hand-checked examples, loaders on the
real gold files (skipped when ../shared/data is absent), the CLI on a tiny
made-up data folder with stub systems (no models)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from pipeline.eval import gold as gold_mod
from pipeline.eval.gold import parse_brat, parse_factru
from pipeline.eval.ner import (
    Counts,
    Span,
    classify_errors,
    eval_tokens,
    factru_gold_normals,
    gold_org_names,
    gold_person_names,
    link_counts,
    match_mentions,
    norm_name,
    normal_counts,
    span_counts,
    token_counts,
)

DATA = gold_mod.data_dir()
needs_data = pytest.mark.skipif(
    not (DATA / "nerel" / "dev").is_dir() or not (DATA / "factru-dev").is_dir(),
    reason=f"gold data not present at {DATA}",
)

TEXT = "Мэр Москвы Сергей Собянин посетил правительство Санкт-Петербурга."
#       0   4     11     18      26      34            48              64


def sp(text, frag, type_, start_from=0, **kw):
    a = text.index(frag, start_from)
    return Span(a, a + len(frag), type_, frag, **kw)


GOLD = [
    sp(TEXT, "Москвы", "LOC"),
    sp(TEXT, "Сергей Собянин", "PER"),
    sp(TEXT, "правительство Санкт-Петербурга", "ORG"),
    sp(TEXT, "Санкт-Петербурга", "LOC"),
]
PRED = [
    sp(TEXT, "Москвы", "LOC"),
    sp(TEXT, "Собянин", "PER"),
    sp(TEXT, "Санкт-Петербурга", "LOC"),
]


# ------------------------------------------------------------------ counts


def test_counts_prf():
    c = Counts(2, 1, 1)
    assert c.precision == pytest.approx(2 / 3)
    assert c.recall == pytest.approx(2 / 3)
    assert c.f1 == pytest.approx(2 / 3)
    assert Counts().f1 == 0.0
    assert (Counts(1, 2, 3) + Counts(1, 1, 1)).as_dict()["tp"] == 2


def test_eval_tokens_split_at_cuts():
    text = "Москва-река течёт"
    assert eval_tokens(text) == [(0, 11), (12, 17)]
    assert eval_tokens(text, [6, 0, 6]) == [(0, 6), (6, 11), (12, 17)]


def test_token_counts_nested_types_scored_separately():
    c = token_counts(TEXT, GOLD, PRED, ("PER", "ORG", "LOC", "MONEY"))
    # PER gold {Сергей, Собянин}, pred {Собянин}
    assert (c["PER"].tp, c["PER"].fp, c["PER"].fn) == (1, 0, 1)
    # LOC gold {Москвы, Санкт-Петербурга} (the second inside the ORG) = pred
    assert (c["LOC"].tp, c["LOC"].fp, c["LOC"].fn) == (2, 0, 0)
    # ORG gold {правительство, Санкт-Петербурга}: nothing predicted
    assert (c["ORG"].tp, c["ORG"].fp, c["ORG"].fn) == (0, 0, 2)
    assert (c["MONEY"].tp, c["MONEY"].fp, c["MONEY"].fn) == (0, 0, 0)


def test_token_counts_partial_tokens_and_fragments():
    text = "Москва-река течёт"
    gold = [Span(0, 6, "LOC")]  # cuts the razdel token «Москва-река» into two
    pred = [Span(0, 11, "LOC")]
    c = token_counts(text, gold, pred, ("LOC",))["LOC"]
    assert (c.tp, c.fp, c.fn) == (1, 1, 0)
    # a discontinuous gold span covers only its fragments
    text = "Лебединский и Михайловский комбинаты"
    gold = [Span(0, 36, "ORG", fragments=((0, 11), (27, 36)))]
    pred = [Span(0, 36, "ORG")]
    c = token_counts(text, gold, pred, ("ORG",))["ORG"]
    assert (c.tp, c.fp, c.fn) == (2, 2, 0)


def test_span_counts_exact():
    c = span_counts(GOLD, PRED, ("PER", "ORG", "LOC"))
    assert (c["PER"].tp, c["PER"].fp, c["PER"].fn) == (0, 1, 1)
    assert (c["LOC"].tp, c["LOC"].fp, c["LOC"].fn) == (2, 0, 0)
    assert (c["ORG"].tp, c["ORG"].fp, c["ORG"].fn) == (0, 0, 1)
    # duplicates count once
    c = span_counts([Span(0, 3, "PER")], [Span(0, 3, "PER"), Span(0, 3, "PER")], ("PER",))
    assert (c["PER"].tp, c["PER"].fp, c["PER"].fn) == (1, 0, 0)


def test_classify_errors():
    pred = PRED + [sp(TEXT, "посетил", "PER")]
    gold = GOLD
    rows = classify_errors(TEXT, gold, pred, ("PER", "ORG", "LOC"))
    kinds = [(r["kind"], r["gold_text"], r["pred_text"]) for r in rows]
    assert kinds == [
        ("partial", "Сергей Собянин", "Собянин"),
        ("spurious", "", "посетил"),
        ("missed", "правительство Санкт-Петербурга", ""),
    ]
    assert rows[0]["context"] == TEXT
    assert (rows[0]["gold_start"], rows[0]["gold_stop"]) == (11, 25)
    # same offsets, other type; and an overlap of another type only
    pred = [sp(TEXT, "Москвы", "ORG"), sp(TEXT, "правительство", "LOC")]
    rows = classify_errors(TEXT, GOLD[:3], pred, ("PER", "ORG", "LOC"))
    kinds = [(r["kind"], r["gold_type"], r["pred_type"], r["pred_text"]) for r in rows]
    assert kinds == [
        ("wrong_type", "LOC", "ORG", "Москвы"),
        ("missed", "PER", "", ""),
        ("wrong_type", "ORG", "LOC", "правительство"),
    ]


# ------------------------------------------------------------ normal forms


def test_norm_name():
    assert norm_name("«Газпром»") == "газпром"
    assert norm_name("Ёлкин  Пётр") == "елкин петр"
    assert norm_name("Босбум - Ланчава") == "босбум-ланчава"
    assert norm_name("В.Л.") == norm_name("В Л") == "в л"
    assert norm_name("Екатерина Аталык (Половникова)") == "екатерина аталык половникова"


def test_gold_person_names():
    attrs = {"firstname": ["Юрий"], "lastname": ["Лужков"]}
    assert gold_person_names([("name", 0, 4), ("surname", 5, 12)], attrs) == ["Юрий Лужков"]
    assert gold_person_names([("surname", 0, 7)], attrs) == ["Лужков"]
    # text order is kept: «Лужкова Юрия» -> «Лужков Юрий»
    assert gold_person_names([("name", 8, 12), ("surname", 0, 7)], attrs) == ["Лужков Юрий"]
    # a span typed surname and nickname: the type with a value wins
    assert gold_person_names([("surname", 0, 7), ("nickname", 0, 7)], attrs) == ["Лужков"]
    attrs2 = {"firstname": ["Реджеп"], "firstname1": ["Тайип"], "lastname": ["Эрдоган"]}
    assert gold_person_names([("name", 0, 12), ("surname", 13, 20)], attrs2) == [
        "Реджеп Тайип Эрдоган"]
    assert gold_person_names([("patronymic", 0, 5)], attrs) == []
    # an initial stays an initial
    text = "Ю. Лужков"
    assert gold_person_names([("name", 0, 2), ("surname", 3, 9)], attrs, text) == ["Ю Лужков"]
    assert gold_person_names([("job", 0, 5)], attrs) == []


def test_gold_person_names_follow_the_text():
    attrs = {"firstname": ["Реджеп"], "firstname1": ["Тайип"], "lastname": ["Эрдоган"]}
    # a second first name only when the mention has it
    text = "Реджепом Эрдоганом"
    assert gold_person_names([("name", 0, 8), ("surname", 9, 18)], attrs, text) == ["Реджеп Эрдоган"]
    text = "Реджеп Тайип Эрдоган"
    assert gold_person_names([("name", 0, 6), ("name", 7, 12), ("surname", 13, 20)], attrs, text) == [
        "Реджеп Тайип Эрдоган"]
    # joined with the text's hyphen
    attrs = {"firstname": ["Ирина"], "lastname": ["Саишвили"], "lastname1": ["Чантурия"]}
    text = "Ирина Саишвили-Чантурия"
    assert gold_person_names([("name", 0, 5), ("surname", 6, 23)], attrs, text) == [
        "Ирина Саишвили-Чантурия"]
    # span types that contradict the object's parts: the text decides
    attrs = {"firstname": ["Цзиньтао"], "lastname": ["Ху"]}
    text = "Ху Цзиньтао"
    assert gold_person_names([("name", 0, 2), ("surname", 3, 11)], attrs, text) == ["Ху Цзиньтао"]


def test_gold_org_names():
    assert gold_org_names({"name": ["Солидарность"], "descriptor": ["движение"]}) == [
        "Солидарность", "движение Солидарность"]
    assert gold_org_names({"descriptor": ["компания"]}) == ["компания"]


def test_match_and_normal_counts():
    gold = [Span(0, 12, "PER", id="g1"), Span(20, 30, "ORG", id="g2"), Span(40, 45, "LOC", id="g3")]
    pred = [
        Span(5, 12, "PER", normal="Лужков"),  # overlaps g1
        Span(0, 3, "PER", normal="x"),  # overlaps g1 less (IoU 3/12 < 7/12)
        Span(20, 30, "LOC", normal="y"),  # other type: no match
        Span(40, 45, "LOC", normal="«Москва»"),
    ]
    m = match_mentions(gold, pred)
    assert m == {0: pred[0], 2: pred[3]}
    names = {"g1": ["Юрий Лужков"], "g2": ["Газпром"], "g3": ["Москва"]}
    bad: list = []
    c = normal_counts(gold, names, m, errors=bad)
    assert (c["PER"].gold, c["PER"].found, c["PER"].correct) == (1, 1, 0)
    assert (c["ORG"].gold, c["ORG"].found, c["ORG"].correct) == (1, 0, 0)
    assert (c["LOC"].gold, c["LOC"].found, c["LOC"].correct) == (1, 1, 1)
    assert bad == [(gold[0], pred[0], ["Юрий Лужков"])]
    assert c["LOC"].as_dict()["accuracy"] == 1.0


# ---------------------------------------------------------------- linking


def test_link_counts_by_hand():
    key = {"a": 1, "b": 1, "c": 1, "d": 2}
    resp = {"a": "x", "b": "x", "c": "y", "d": "y"}
    d = link_counts(key, resp).as_dict()
    # MUC: R = (3-2)/(3-1) = 0.5 ; P = ((2-1) + (2-2)) / (1 + 1) = 0.5
    assert d["muc"]["recall"] == 0.5 and d["muc"]["precision"] == 0.5
    # B3: P = (1 + 1 + 1/2 + 1/2)/4 ; R = (2/3 + 2/3 + 1/3 + 1)/4
    assert d["b3"]["precision"] == 0.75
    assert d["b3"]["recall"] == pytest.approx(2 / 3, abs=1e-4)
    # pairs: key ab ac bc, response ab cd
    assert (d["pairwise"]["tp"], d["pairwise"]["fp"], d["pairwise"]["fn"]) == (1, 1, 2)
    assert d["pairwise"]["precision"] == 0.5
    perfect = link_counts(key, key).as_dict()
    assert perfect["muc"]["f1"] == perfect["b3"]["f1"] == perfect["pairwise"]["f1"] == 1.0
    empty = link_counts({"a": 1}, {"a": 1}).as_dict()
    assert empty["pairwise"]["f1"] is None and empty["b3"]["f1"] == 1.0


# ------------------------------------------------------------------ parsers


def test_parse_brat_inline():
    text = "Лебединский и Михайловский комбинаты в России"
    ann = ("T1\tORGANIZATION 0 11;27 36\tЛебединский комбинаты\n"
           "T2\tCOUNTRY 39 45\tРоссии\n"
           "T3\tDATE 0 2\tЛе\n"
           "R1\tLOCATED_IN Arg1:T1 Arg2:T2\n"
           "N1\tReference T2 Wikidata:Q159\tРоссия\n")
    d = parse_brat("x", text, ann)
    t1, t2, t3 = d.entities
    assert (t1.type, t1.start, t1.stop, t1.fragments) == ("ORG", 0, 36, ((0, 11), (27, 36)))
    assert (t2.type, t2.raw_type, t2.text) == ("LOC", "COUNTRY", "России")
    assert t3.type == ""
    assert [(r.type, r.arg1, r.arg2) for r in d.relations] == [("LOCATED_IN", "T1", "T2")]
    assert [e.id for e in d.typed()] == ["T1", "T2"]


def test_parse_factru_inline():
    text = "мэр Москвы Юрий Лужков и движение «Солидарность»"
    spans = ("1 loc_name 4 6 10 1  # 10 Москвы\n"
             "2 name 11 4 11 1  # 11 Юрий\n"
             "3 surname 16 6 12 1  # 12 Лужков\n"
             "4 org_descr 25 8 14 1  # 14 движение\n"
             "5 org_name 35 12 16 1  # 16 Солидарность\n")
    objects = ("10 LocOrg 1 # Москвы\n20 Person 2 3 # Юрий Лужков\n"
               "30 Org 4 5 # движение Солидарность\n")
    coref = ("1 10\nname Москва\n\n2 20\nfirstname Юрий\nlastname Лужков\n\n"
             "3 30\ndescriptor движение\nname Солидарность\n")
    facts = "1-0 Occupation\nWho obj2 Лужков Юрий\nWhere obj1 Москва\n"
    d = parse_factru("book_1", text, spans, objects, coref, facts)
    loc, per, org = d.entities
    assert (loc.type, loc.text) == ("LOC", "Москвы")
    assert (per.type, per.text, per.parts) == ("PER", "Юрий Лужков",
                                              (("name", 11, 15), ("surname", 16, 22)))
    # the quote between descriptor and name is inside one fragment
    assert (org.type, org.text, org.fragments) == ("ORG", "движение «Солидарность»", ((25, 48),))
    assert [sorted(c.entities) for c in d.chains] == [["10"], ["20"], ["30"]]
    assert d.facts[0].type == "Occupation" and d.facts[0].refs("Who") == ["obj2"]
    assert factru_gold_normals(d) == {
        "10": ["Москва"], "20": ["Юрий Лужков"],
        "30": ["Солидарность", "движение Солидарность"]}


def test_crossdoc_gold_names_from_the_coref_objects():
    from pipeline.eval.crossdoc import gold_names

    text = "Дмитрий Анатольевич Медведев и Медведев."
    spans = ("1 name 0 7 1 1  # 1 Дмитрий\n2 patronymic 8 11 2 1  # 2 Анатольевич\n"
             "3 surname 20 8 3 1  # 3 Медведев\n4 surname 31 8 5 1  # 5 Медведев\n")
    objects = "10 Person 1 2 3 # Дмитрий Анатольевич Медведев\n11 Person 4 # Медведев\n"
    coref = "1 10 11\nfirstname Дмитрий\npatronymic Анатольевич\nlastname Медведев\n"
    d = parse_factru("book_1", text, spans, objects, coref)
    # the patronymic is left out (documents differ in giving it); the chain names both mentions
    assert gold_names(d) == {"10": ("дмитрий медведев",), "11": ("дмитрий медведев",)}


def test_crossdoc_pairs_by_hand():
    from pipeline.eval.crossdoc import Item, score

    items = [
        Item(0, "PER", ("дмитрий медведев",), "A"), Item(1, "PER", ("дмитрий медведев",), "A"),
        Item(2, "PER", ("медведев",), "A"),  # surname alone: undecided against the full name
        Item(1, "PER", ("владимир путин",), "B"), Item(2, "PER", ("владимир путин",), "C"),
        Item(3, "PER", ("сергей иванов",), "D"), Item(4, "PER", ("иван иванов",), "D"),
        Item(3, "LOC", ("россия", "рф"), "R"), Item(4, "LOC", ("рф",), "R"),  # «рф» joins the names
        Item(4, "LOC", ("москва",), "M"), Item(4, "LOC", ("москва",), "M2"),  # one document: no pair
    ]
    res = score(items)
    # TP: the two «дмитрий медведев», the two «рф»; FP: the two Ивановы; FN: the two Путины
    assert (res["ALL"]["tp"], res["ALL"]["fp"], res["ALL"]["fn"]) == (2, 1, 1)
    assert (res["ALL"]["undecided"], res["ALL"]["undecided_merged"]) == (2, 2)
    assert (res["PER"]["tp"], res["LOC"]["tp"], res["LOC"]["fp"]) == (1, 1, 0)


# ------------------------------------------------------------ real data


@needs_data
def test_load_nerel_real():
    dev = gold_mod.load_nerel("dev")
    assert len(dev) == 94
    d = next(x for x in dev if x.doc_id == "119336_text")
    t2 = d.entity("T2")
    assert (t2.type, t2.raw_type, t2.text) == ("PER", "PERSON", "Обамы")
    assert d.entity("T5").type == "MONEY"
    assert d.relations
    for doc in dev:
        for e in doc.entities:
            assert " ".join(doc.text[a:b] for a, b in e.fragments)
            assert e.text == doc.text[e.start:e.stop]
    assert len(gold_mod.load_nerel("train", limit=3)) == 3


@needs_data
def test_load_factru_real():
    docs = gold_mod.load_factru()
    assert len(docs) == 122
    d = next(x for x in docs if x.doc_id == "book_100")
    e = d.entity("10435")
    assert (e.type, e.raw_type, e.text) == ("PER", "Person", "Юрия Лужкова")
    assert d.entity("10433").text == "мэрии Москвы"
    assert d.entity("10547").type == "LOC"  # LocOrg
    chain = next(c for c in d.chains if "10435" in c.entities)
    assert chain.attrs["firstname"] == ["Юрий"] and "10441" in chain.entities
    occ = [f for f in d.facts if f.type == "Occupation"]
    assert occ and occ[0].refs("Who") == ["obj48"]
    names = factru_gold_normals(d)
    assert names["10435"] == ["Юрий Лужков"]
    assert "мэрия Москвы" in names["10433"]
    for doc in docs:
        for e in doc.entities:
            assert e.text == doc.text[e.start:e.stop]


# ------------------------------------------------------------------- CLI


class StubSystem:
    """Predicts the gold PER/LOC spans (so scores are known) and no ORG."""

    def __init__(self, name, types=("PER", "ORG", "LOC", "MONEY")):
        self.name, self.types = name, types
        self.factru = {"stub-adjective": None}  # no span has this id

    def predict(self, dataset, docs, progress=False):
        out = []
        for d in docs:
            spans = [Span(e.start, e.stop, e.type, e.text, normal=e.text, entity_id=e.text)
                     for e in d.entities if e.type in ("PER", "LOC")]
            out.append(spans)
        return out


def _tiny_data(root: Path) -> Path:
    (root / "nerel" / "dev").mkdir(parents=True)
    (root / "nerel" / "dev" / "1_text.txt").write_text(TEXT, encoding="utf-8")
    (root / "nerel" / "dev" / "1_text.ann").write_text(
        "T1\tCITY 4 10\tМосквы\nT2\tPERSON 11 25\tСергей Собянин\n"
        "T3\tORGANIZATION 34 64\tправительство Санкт-Петербурга\n"
        "T4\tCITY 48 64\tСанкт-Петербурга\n", encoding="utf-8")
    f = root / "factru-dev"
    f.mkdir()
    (f / "book_1.txt").write_text("Юрий Лужков и Лужков.", encoding="utf-8")
    (f / "book_1.spans").write_text("1 name 0 4 1 1  # 1 Юрий\n2 surname 5 6 2 1  # 2 Лужков\n"
                                    "3 surname 14 6 4 1  # 4 Лужков\n", encoding="utf-8")
    (f / "book_1.objects").write_text("10 Person 1 2 # Юрий Лужков\n11 Person 3 # Лужков\n",
                                      encoding="utf-8")
    (f / "book_1.coref").write_text("1 10 11\nfirstname Юрий\nlastname Лужков\n", encoding="utf-8")
    return root


def test_cli_with_stub_systems(tmp_path, monkeypatch, capsys):
    from pipeline.eval import __main__ as cli
    from pipeline.eval import systems

    data = _tiny_data(tmp_path / "data")
    monkeypatch.setattr(systems, "load_project", lambda verbose=True: StubSystem("project"))
    monkeypatch.setattr(systems, "NatashaSystem",
                        lambda cache: StubSystem("natasha", ("PER", "ORG", "LOC")))
    out = tmp_path / "out"
    assert cli.main(["--data", str(data), "--out", str(out), "--no-hooks"]) == 0
    printed = capsys.readouterr().out
    assert "== nerel-dev: 1 documents ==" in printed and "== factru-dev" in printed
    res = json.loads((out / "results.json").read_text(encoding="utf-8"))
    nerel = res["datasets"]["nerel-dev"]["systems"]["project"]
    assert nerel["tokens"]["PER"]["f1"] == 1.0
    assert nerel["tokens"]["ORG"]["recall"] == 0.0
    assert res["datasets"]["nerel-dev"]["systems"]["natasha"]["unsupported"] == ["FAC", "MONEY"]
    fr = res["datasets"]["factru-dev"]["systems"]["project"]
    # the stub links by surface text: «Юрий Лужков» and «Лужков» stay apart
    assert fr["linking"]["pairwise"]["fn"] == 1
    assert fr["crossdoc"]["ids"]["ALL"]["mentions"] == 2  # one document: no cross-document pair
    assert fr["crossdoc"]["canonical"]["ALL"]["tp"] == 0
    # stub normal = surface text = gold name here
    assert fr["normal"]["PER"]["accuracy"] == 1.0
    # factRu also scores the project under factRu's convention (nothing to change here): the same
    view = res["datasets"]["factru-dev"]["systems"]["project-factru"]
    assert view["tokens"] == fr["tokens"]
    assert "project-factru" not in res["datasets"]["nerel-dev"]["systems"]
    with open(out / "errors.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [(r["dataset"], r["kind"], r["gold_text"]) for r in rows] == [
        ("nerel-dev", "missed", "правительство Санкт-Петербурга")]
    assert (out / "errors-natasha.csv").exists()


def test_project_adapter_with_stub_pipeline():
    from pipeline.doc import STATUS_ERROR, Document, Mention
    from pipeline.eval.gold import GoldDoc
    from pipeline.eval.systems import ProjectSystem

    class FakePipeline:
        def process_texts(self, texts, doc_ids):
            out = []
            for doc_id, text in zip(doc_ids, texts, strict=True):
                d = Document(doc_id, text)
                if doc_id == "bad":
                    d.status = STATUS_ERROR
                else:
                    d.add_mention(Mention(4, 10, "Москвы", "LOC", normal="Москва", entity_id="E1"))
                    d.add_mention(Mention(11, 25, "Сергей Собянин", "PER", normal="Сергей Собянин"))
                out.append(d)
            return out

    system = ProjectSystem(FakePipeline())
    system.chunk = 1
    docs = [GoldDoc("x", "a", TEXT), GoldDoc("x", "bad", TEXT)]
    spans = system.predict("x", docs)
    assert [(s.start, s.stop, s.type, s.normal, s.entity_id) for s in spans[0]] == [
        (4, 10, "LOC", "Москва", "E1"), (11, 25, "PER", "Сергей Собянин", "_m1")]
    assert spans[1] == []


def test_factru_convention_view(pipe):
    """NEREL's extents the pipeline writes, and what factRuEval marks of them:
    no place adjective («российского»), an organization without the place
    that ends it («Конгресса США» → «Конгресса») or its legal form («ОАО
    «Газпром»» → «Газпром»), no generic body («правительство Японии»)."""
    from types import SimpleNamespace

    from pipeline.eval.systems import ProjectSystem, factru_convention

    project = ProjectSystem(pipe)
    text = ("Делегация российского МИД прибыла в Москву. Резолюцию Конгресса США поддержало "
            "правительство Японии, а ОАО «Газпром» промолчало.")
    [spans] = project.predict("factru-dev", [SimpleNamespace(doc_id="d1", text=text)])
    raw = {(s.type, text[s.start:s.stop]) for s in spans}
    assert {("LOC", "российского"), ("ORG", "Конгресса США"), ("ORG", "правительство Японии"),
            ("ORG", "ОАО «Газпром»"), ("LOC", "Японии"), ("LOC", "США")} <= raw
    [view] = factru_convention(project, [spans])
    seen = {(s.type, text[s.start:s.stop]) for s in view}
    assert {("ORG", "Конгресса"), ("ORG", "Газпром"), ("LOC", "Японии"), ("LOC", "США"),
            ("LOC", "Москву")} <= seen
    assert not seen & {("LOC", "российского"), ("ORG", "Конгресса США"),
                       ("ORG", "правительство Японии"), ("ORG", "ОАО «Газпром»")}


def test_factru_convention_keeps_a_place_that_is_part_of_the_name(pipe):
    """factRuEval separates the land a body serves («Верховного суда
    Бангладеша» → «Верховного суда») and the body an institute belongs to
    («… РАН»), but keeps a place that is part of a name («Голос Америки»,
    «Совете муфтиев России» as factRuEval dev marks them); «Интернет» is an
    Org there, a PRODUCT in NEREL."""
    from types import SimpleNamespace

    from pipeline.eval.systems import ProjectSystem, factru_convention

    project = ProjectSystem(pipe)
    text = ("Об этом сообщил «Голос Америки». Решение Верховного суда Бангладеша осудили в Совете "
            "муфтиев России. Сотрудник Института этнологии и антропологии РАН рассказал, что "
            "пользователи Интернета жалуются.")
    [spans] = project.predict("factru-dev", [SimpleNamespace(doc_id="d1", text=text)])
    raw = {(s.type, text[s.start:s.stop]) for s in spans}
    assert {("ORG", "Голос Америки"), ("ORG", "Верховного суда Бангладеша"), ("ORG", "Совете муфтиев России"),
            ("ORG", "Института этнологии и антропологии РАН"), ("ORG", "РАН"),
            ("PRODUCT", "Интернета")} <= raw
    [view] = factru_convention(project, [spans])
    orgs = {text[s.start:s.stop] for s in view if s.type == "ORG"}
    assert {"Голос Америки", "Верховного суда", "Совете муфтиев России", "Института этнологии и антропологии",
            "РАН", "Интернета"} <= orgs
    assert not orgs & {"Голос", "Верховного суда Бангладеша", "Совете муфтиев",
                       "Института этнологии и антропологии РАН"}
    assert {("LOC", "Америки"), ("LOC", "Бангладеша"), ("LOC", "России")} <= {
        (s.type, text[s.start:s.stop]) for s in view}


def test_factru_convention_marks_the_name_in_quotes_alone(pipe):
    """factRuEval marks the quoted name of a body without what it is («РИА
    «Новости»» → «Новости», «Центр современной культуры «Гараж»» → «Гараж»);
    NEREL keeps the whole."""
    from types import SimpleNamespace

    from pipeline.eval.systems import ProjectSystem, factru_convention

    project = ProjectSystem(pipe)
    text = "Об этом сообщает РИА «Новости». Центр современной культуры «Гараж» открыл выставку."
    [spans] = project.predict("factru-dev", [SimpleNamespace(doc_id="d1", text=text)])
    raw = {text[s.start:s.stop] for s in spans if s.type == "ORG"}
    assert {"РИА «Новости»", "Центр современной культуры «Гараж»"} <= raw
    [view] = factru_convention(project, [spans])
    orgs = {text[s.start:s.stop] for s in view if s.type == "ORG"}
    assert {"Новости", "Гараж"} <= orgs
    assert not orgs & raw


def test_factru_convention_makes_a_facility_a_place(pipe):
    """factRuEval marks named facilities as places, NEREL as FACILITY (FAC)."""
    from types import SimpleNamespace

    from pipeline.eval.systems import ProjectSystem, factru_convention

    project = ProjectSystem(pipe)
    text = "Митинг прошёл на Болотной площади в Москве."
    [spans] = project.predict("factru-dev", [SimpleNamespace(doc_id="d1", text=text)])
    assert ("FAC", "Болотной площади") in {(s.type, text[s.start:s.stop]) for s in spans}
    [view] = factru_convention(project, [spans])
    assert {("LOC", "Болотной площади"), ("LOC", "Москве")} <= {(s.type, text[s.start:s.stop]) for s in view}


def test_ner_table_prints_the_cross_validated_figure_beside_dev(tmp_path):
    """make eval prints the layers' out-of-fold F1 beside each type's dev
    figure, and says when the shipped layers saw dev."""
    from pipeline.eval import __main__ as cli

    cell = {"tp": 9, "fp": 1, "fn": 1, "precision": 0.9, "recall": 0.9, "f1": 0.9}
    res = {"types": ["PER", "ORG"], "systems": {
        "project": {"tokens": {"PER": cell, "ORG": cell, "ALL": cell}},
        "natasha": {"tokens": {"PER": cell, "ORG": cell, "ALL": cell}}}}
    path = tmp_path / "ner-cv.json"
    path.write_text(json.dumps({"folds": 3, "shipped": ["nerel-train", "nerel-dev"],
                                "nerel": {"tokens": {"PER": 0.977, "ORG": 0.861}, "spans": {}}}),
                    encoding="utf-8")
    figures = cli.load_cv(path)
    table = cli.format_ner_table("nerel-dev", res, "tokens", cli.cv_figures("nerel-dev", figures, "tokens"))
    head, _, per, org, total = table.splitlines()[1:]
    assert "CV F1" in head
    assert per.split("|")[4].split()[0] == "0.977" and org.split("|")[4].split()[0] == "0.861"
    assert total.split("|")[4].strip() == ""
    assert cli.cv_figures("factru-dev", figures, "tokens") is None
    assert "nerel-train, nerel-dev" in cli.cv_note(figures)
    assert cli.load_cv(tmp_path / "missing.json") is None

"""The seed article end to end: what `make run` must find in it (checked by eye)."""

from __future__ import annotations

from decimal import Decimal


def names(doc, typ):
    return {m.normal for m in doc.mentions if m.type == typ}


def test_people(seed_doc):
    assert {"Олег Капитанов", "Бакытжан Сагинтаев", "Ержан Бабакумаров", "Евгений Бобров",
            "Леонид Захожаев"} <= names(seed_doc, "PER")


def test_places(seed_doc):
    locs = names(seed_doc, "LOC")
    assert {"Алматы", "Санкт-Петербург", "Казахстан", "Россия"} <= locs
    by_text = {m.text: m for m in seed_doc.mentions if m.type == "LOC"}
    rf, full = by_text["РФ"], by_text["Российской Федерации"]
    same_entity = rf.entity_id == full.entity_id
    alt = any(r.type == "ALTERNATIVE_NAME" and {r.subj, r.obj} == {rf.mention_id, full.mention_id}
              for r in seed_doc.relations)
    assert same_entity or alt


def test_organizations(seed_doc):
    orgs = names(seed_doc, "ORG")
    assert "Мариинский театр" in orgs
    assert any(n.startswith("Национальная библиотека") for n in orgs)


def test_no_entity_in_metadata(seed_doc):
    body_start = seed_doc.regions[-1][0]
    title_start, title_stop = seed_doc.regions[0]
    for m in seed_doc.mentions:
        assert m.start >= body_start or (title_start <= m.start and m.stop <= title_stop), m


def test_money(seed_doc):
    money = {seed_doc.mention(mo.mention_id).text: mo for mo in seed_doc.money}
    mo = money["4,7 млрд долларов"]
    assert mo.amount == Decimal("4700000000") and mo.currency == "USD" and mo.amount_max is None


def _works_as(doc):
    return {(doc.mention(r.subj).normal, doc.mention(r.obj).normal)
            for r in doc.relations if r.type == "WORKS_AS"}


def _workplace(doc):
    return {(doc.mention(r.subj).normal, doc.mention(r.obj).normal)
            for r in doc.relations if r.type == "WORKPLACE"}


def test_officials_posts(seed_doc):
    works = _works_as(seed_doc)
    posts = {p: {r for (per, r) in works if per == p} for p, _ in works}
    assert any(r.lower() == "аким" or r.lower().startswith("аким ") for r in posts["Бакытжан Сагинтаев"])
    assert any(r.lower().startswith("заместитель акима") for r in posts["Ержан Бабакумаров"])
    assert any(r.lower().startswith("генеральный консул") for r in posts["Евгений Бобров"])
    assert any(r.lower().startswith("член правительства санкт-петербурга – председатель комитета "
                                    "по межнациональным отношениям и реализации миграционной политики")
               for r in posts["Олег Капитанов"])


def test_officials_places(seed_doc):
    where = _workplace(seed_doc)
    assert ("Бакытжан Сагинтаев", "Алматы") in where
    assert any(p == "Евгений Бобров" and o in ("Российская Федерация", "Алматы") for p, o in where)
    assert any(p == "Олег Капитанов" and "Санкт-Петербург" in o for p, o in where)

"""officials.csv and cooccurrence.csv rows: the seed article end to end."""

from __future__ import annotations

from pipeline.write.derived import CooccurrenceCounter, cooccurrence_pairs, official_rows


def test_seed_officials(seed_doc):
    rows = list(official_rows(seed_doc))
    got = {(r["person"], r["role"], r["place"]) for r in rows}
    assert ("Бакытжан Сагинтаев", "аким Алматы", "Алматы") in got
    assert ("Ержан Бабакумаров", "заместитель акима города Алматы", "Алматы") in got
    assert ("Евгений Бобров", "генеральный консул Российской Федерации в Алматы", "Алматы") in got
    assert ("Леонид Захожаев", "солист Мариинского театра", "Мариинский театр") in got
    kapitanov = {r["role"] for r in rows if r["person"] == "Олег Капитанов"}
    assert ("член правительства Санкт-Петербурга – председатель комитета по межнациональным "
            "отношениям и реализации миграционной политики") in kapitanov  # from «членом ... Олегом»
    assert {r["person"] for r in rows} == {"Бакытжан Сагинтаев", "Ержан Бабакумаров", "Евгений Бобров",
                                          "Леонид Захожаев", "Олег Капитанов"}
    for r in rows:
        assert r["person"] in r["evidence"] or r["person"].split()[0][:4] in r["evidence"]
        assert r["person_entity_id"].startswith("PER-")


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

"""The corpus step: same_as over the whole corpus's entities."""

from pipeline.corpus import same_as


def test_same_as_joins_a_bare_surname_to_the_one_full_name():
    ents = {"P1": ("PER", "Владимир Путин", 5), "P2": ("PER", "В. Путин", 1),
            "P3": ("PER", "Путин", 3), "P4": ("PER", "Людмила Путина", 1),
            "P5": ("PER", "Сергей Иванов", 2), "P6": ("PER", "Иван Иванов", 2),
            "P7": ("PER", "Иванов", 4), "L1": ("LOC", "Путин", 1), "O1": ("ORG", "Газпром", 2)}
    same = same_as(ents)
    # «В. Путин» and «Владимир Путин» are one person: the fuller name is the target;
    # «Путина» is another surname key; two Ивановы make «Иванов» ambiguous.
    assert same == {"P3": "P1"}


def test_same_as_in_entities_csv(pipe, tmp_path):
    """Two documents: one names «Владимир Путин», the other only «Путин»."""
    import csv

    from pipeline.config import Config
    from pipeline.run import run

    inp = tmp_path / "in"
    inp.mkdir()
    (inp / "a.txt").write_text("Президент России Владимир Путин прибыл в Казань.", encoding="utf-8")
    (inp / "b.txt").write_text("Как заявил Путин, переговоры продолжатся.", encoding="utf-8")
    out = tmp_path / "out"
    run(Config(input=inp, output=out, workers=1))
    with open(out / "entities.csv", encoding="utf-8", newline="") as f:
        rows = {r["name"]: r for r in csv.DictReader(f)}
    assert rows["Путин"]["same_as"] == rows["Владимир Путин"]["entity_id"]
    assert rows["Владимир Путин"]["same_as"] == ""
    assert rows["Путин"]["entity_id"] != rows["Владимир Путин"]["entity_id"]  # mention ids stay per document

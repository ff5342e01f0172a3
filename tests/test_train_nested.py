"""The counts the nested stages decide by (``pipeline.train.nested``), on
real sentences with NEREL-style gold spans set by hand."""

from __future__ import annotations

from pipeline.stages.inner_posts import START
from pipeline.stages.nested import keeps, read_shares, write_shares
from pipeline.train.nested import body_counts, post_counts
from pipeline.train.types import GoldSentence


def gold_sentence(pipe, text, spans):
    from pipeline.nlp import Pipeline

    (doc,) = Pipeline(resources=pipe.resources, names=("lemma", "syntax")).process_texts([text])
    sent = doc.sentences[0]
    gold = [(text.index(a), text.index(a) + len(a), typ) for a, typ in spans]
    return GoldSentence("d1", sent, ["O"] * len(sent.tokens), gold)


def test_post_counts_count_the_nested_post(pipe):
    s1 = gold_sentence(pipe, "В Москву прибыл президент Франции.",
                       [("президент Франции", "PROFESSION"), ("президент", "PROFESSION"),
                        ("Франции", "COUNTRY"), ("Москву", "CITY")])
    s2 = gold_sentence(pipe, "Его принял глава МИД России.",
                       [("глава МИД России", "PROFESSION"), ("МИД России", "ORGANIZATION"),
                        ("МИД", "ORGANIZATION"), ("России", "COUNTRY")])
    counts = post_counts([s1, s2])
    assert counts[(START, "президент")] == (1, 1)
    assert counts[(START, "глава")] == (0, 1)


def test_body_counts_count_the_nested_body(pipe):
    s1 = gold_sentence(pipe, "Об этом сообщил МИД России.",
                       [("МИД России", "ORGANIZATION"), ("МИД", "ORGANIZATION"), ("России", "COUNTRY")])
    s2 = gold_sentence(pipe, "Вчера сборная России победила.",
                       [("сборная России", "ORGANIZATION"), ("России", "COUNTRY")])
    assert body_counts([s1, s2]) == {"мид": (1, 1), "сборная": (0, 1)}


def test_shares_round_trip_and_decide(tmp_path):
    path = tmp_path / "shares.tsv"
    counts = {("start", "президент"): (9, 10), ("later", "министр"): (1, 5)}
    write_shares(counts, path)
    assert read_shares(path) == counts
    write_shares({"мид": (3, 4)}, path)
    assert read_shares(path) == {"мид": (3, 4)}
    assert read_shares(tmp_path / "missing.tsv") == {}
    assert keeps((4, 10), 0.4, 2) and not keeps((3, 10), 0.4, 2)
    assert keeps((0, 1), 0.4, 2) and keeps(None, 0.4, 2)

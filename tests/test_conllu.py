"""CoNLL-U rendering of one document: BIO tags of the outermost mention,
SpaceAfter=No, one-line ``# text``; parsed back by the ``conllu`` reader."""

from __future__ import annotations

from conllu import parse

from pipeline.doc import Document, Mention
from pipeline.stages.segment import Segmenter
from pipeline.write.conllu import ConlluWriter, ner_tags

TEXT = ("Делегацию принял аким Алматы Бакытжан Сагинтаев.\n"
        "В Алматы прибыли Олег Капитанов Евгений Бобров и\nделегация.")


def document(text: str = TEXT, spans: tuple[tuple[str, str, int], ...] = (
        ("аким Алматы", "ROLE", 0), ("Алматы", "LOC", 0), ("Бакытжан Сагинтаев", "PER", 0),
        ("Алматы", "LOC", 1), ("Олег Капитанов", "PER", 0), ("Евгений Бобров", "PER", 0))) -> Document:
    doc = Segmenter()(Document("news/1", text, regions=[(0, len(text))]))
    for phrase, typ, nth in spans:
        start = -1
        for _ in range(nth + 1):
            start = text.index(phrase, start + 1)
        doc.add_mention(Mention(start, start + len(phrase), phrase, typ))
    return doc


def tags(doc: Document, si: int) -> list[tuple[str, str]]:
    sent = doc.sentences[si]
    return list(zip([t.text for t in sent.tokens], ner_tags(sent, doc.mentions), strict=True))


def test_outermost_mention_wins_and_adjacent_mentions_restart():
    doc = document()
    assert tags(doc, 0) == [("Делегацию", "O"), ("принял", "O"), ("аким", "B-ROLE"),
                            ("Алматы", "I-ROLE"), ("Бакытжан", "B-PER"), ("Сагинтаев", "I-PER"),
                            (".", "O")]
    assert [t for _, t in tags(doc, 1)][:7] == ["O", "B-LOC", "O", "B-PER", "I-PER", "B-PER", "I-PER"]


def test_reads_back_with_a_conllu_parser():
    doc = document()
    sentences = parse(ConlluWriter.render(doc))
    assert [s.metadata["sent_id"] for s in sentences] == ["news/1:0", "news/1:1"]
    assert sentences[0].metadata["newdoc id"] == "news/1"
    # The second sentence wraps a line; the comment holds it on one line.
    assert sentences[1].metadata["text"] == "В Алматы прибыли Олег Капитанов Евгений Бобров и делегация."
    first = {t["form"]: t for t in sentences[0]}
    assert first["Сагинтаев"]["misc"] == {"NER": "I-PER", "SpaceAfter": "No"}
    assert first["принял"]["misc"] == {"NER": "O"}
    assert [t["id"] for t in sentences[0]] == list(range(1, 8))
    # No model ran: lemma, tag and head are empty, written as "_".
    assert first["принял"]["lemma"] == "_" and first["принял"]["head"] is None


def test_a_document_without_tokens_writes_nothing():
    assert ConlluWriter.render(Document("empty", "", status="skipped")) == ""

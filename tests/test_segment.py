from pipeline.doc import Document
from pipeline.stages.segment import Segmenter


def seg(text: str) -> Document:
    return Segmenter()(Document("d", text, regions=[(0, len(text))]))


def test_offsets_index_the_source():
    text = "  Алматы и Санкт-Петербург разработают карту.  Аким Алматы принял делегацию.\n"
    doc = seg(text)
    assert [s.text for s in doc.sentences] == [
        "Алматы и Санкт-Петербург разработают карту.", "Аким Алматы принял делегацию."]
    for s in doc.sentences:
        assert text[s.start:s.stop] == s.text
        for t in s.tokens:
            assert text[t.start:t.stop] == t.text
    assert [t.text for t in doc.sentences[0].tokens][:3] == ["Алматы", "и", "Санкт-Петербург"]


def test_blank_line_always_ends_a_sentence():
    doc = seg("Новости Казахстана\n\nАким Алматы принял делегацию")
    assert [s.text for s in doc.sentences] == ["Новости Казахстана", "Аким Алматы принял делегацию"]


def test_wrapped_line_stays_one_sentence_but_heading_line_breaks():
    doc = seg("Делегация прибыла в Алматы с\nкультурной миссией.\nОна встретилась с акимом.")
    assert [s.text for s in doc.sentences] == [
        "Делегация прибыла в Алматы с\nкультурной миссией.", "Она встретилась с акимом."]
    doc = seg("Итоги дня\nАким Алматы принял делегацию.")
    assert len(doc.sentences) == 2


def test_only_regions_are_segmented():
    text = "Author: **ИА Тотал Казахстан**\n\nАким принял делегацию."
    start = text.index("Аким")
    doc = Segmenter()(Document("d", text, regions=[(start, len(text))]))
    assert [s.text for s in doc.sentences] == ["Аким принял делегацию."]


def test_long_sentence_is_cut():
    text = " ".join(["слово"] * 450)
    doc = Segmenter(max_tokens=200)(Document("d", text, regions=[(0, len(text))]))
    assert [len(s.tokens) for s in doc.sentences] == [200, 200, 50]

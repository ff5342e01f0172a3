"""Fuzzing: random bytes and random Unicode through the readers and the whole
pipeline.  Nothing crashes, every reason is one line, every text can be
written as UTF-8, and ``source[start:stop] == text`` holds for every row."""

from __future__ import annotations

import csv
import io
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.decode import count_controls
from pipeline.doc import Document
from pipeline.read import CSV, JSONL, TEXT, read_bytes
from pipeline.write.rows import DOC_TABLES
from pipeline.write.safe import CONTROL_CHARS, safe_cell, unneutralize

FUZZ = settings(max_examples=150, deadline=None)
NO_SURROGATES = st.characters(exclude_categories=("Cs",))
PRINTABLE = st.characters(exclude_categories=("Cs", "Cc"), include_characters="\t\n\r")

# Pieces of hostile news text: Russian entities and money, other scripts,
# combining marks, RTL, emoji, odd spaces and line ends, control characters.
PIECES = st.sampled_from([
    "Глава Сбербанка Герман Греф", "аким Алматы Бакытжан Сагинтаев", "в Москве", "4,7 млрд долларов",
    "от 3 до 5 млн рублей", "ООО «Ромашка»", "Путин", "РФ", "=HYPERLINK(\"x\")", "@SUM(1)", "-2+3",
    "+7 (495) 123-45-67", "Reuters", "Ёжик", "е\u0301ще", "Й̆", "رجب طيب أردوغان", "בנימין",
    "🇷🇺", "👩‍👩‍👧", "\u202etxt\u202c", "\u200b", "\ufeff", "\ufffd", "\x00", "\x07", "\x1b[31m", "\x0b",
    "\x0c", "\x1c", "\x7f", "\x85", "\u2028", "\u00a0", "\t", "\n", "\r\n", "\r", "\n\n", " ", ".", ",",
    "!", "?", "—", "«", "»", "...", "# ", "Published at: **2019**", "{", "}", '"', "id,text",
])
NEWS = st.lists(st.one_of(PIECES, st.text(NO_SURROGATES, max_size=12),
                          st.builds(lambda c, n: c * n, st.sampled_from("аZ9-"),
                                    st.integers(200, 3000))),
                max_size=40).map("".join)


def check_documents(docs: list[Document]) -> None:
    for d in docs:
        assert d.status in ("ok", "error", "skipped")
        assert "\n" not in d.error and "\n" not in d.warning
        assert d.status == "ok" or d.error
        for value in (d.doc_id, d.source, d.text, d.title, d.author, d.url, d.error, d.warning):
            value.encode("utf-8")  # no lone surrogates: every table can hold it
        for a, b in d.regions:
            assert 0 <= a <= b <= len(d.text)


@FUZZ
@given(st.binary(max_size=3000))
def test_random_bytes(data):
    check_documents(list(read_bytes(data, "fuzz", "fuzz.bin")))


@FUZZ
@given(st.text(NO_SURROGATES, max_size=400) | NEWS,
       st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32"]))
def test_random_text_round_trips(text, encoding):
    docs = list(read_bytes(text.encode(encoding), "fuzz", "fuzz.txt"))
    check_documents(docs)
    no_bom_utf16 = encoding == "utf-16-le" and (
        len(text) < 2 or any(ord(c) >> 8 not in (0, 4) for c in text))
    if len(docs) == 1 and docs[0].format == TEXT and not no_bom_utf16:  # else undetectable
        # a leading U+FEFF in a file that has no BOM of its own reads as the BOM
        bom_added = encoding in ("utf-8-sig", "utf-16", "utf-32")
        assert docs[0].text == (text if bom_added else text.removeprefix("\ufeff"))


@FUZZ
@given(st.text(max_size=300), st.text(max_size=30), st.booleans())
def test_jsonl_records(text, title, ascii_only):
    recs = [{"id": "a", "text": text, "title": title}, {"id": "b", "text": "Москва"}]
    data = "\n".join(json.dumps(r, ensure_ascii=ascii_only) for r in recs) + "\n"
    docs = list(read_bytes(data.encode("utf-8", "surrogatepass"), "f", "f.jsonl"))
    check_documents(docs)
    if not ascii_only and (any("\ud800" <= c <= "\udfff" for c in text + title)
                           or count_controls(text + title) > 0.3 * len(text + title)):
        return  # raw surrogates or mostly control characters: no JSONL, checked above
    assert [d.doc_id for d in docs] == ["a", "b"] and docs[0].format == JSONL
    expected = "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in text)
    assert docs[0].text == expected


@FUZZ
@given(st.lists(st.text(PRINTABLE, max_size=80), min_size=1, max_size=5), st.sampled_from(",;\t"))
def test_csv_rows(texts, delimiter):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter)
    w.writerow(["id", "text"])
    w.writerows([[f"r{i}", t] for i, t in enumerate(texts)])
    docs = list(read_bytes(buf.getvalue().encode("utf-8"), "f", "f.csv"))
    check_documents(docs)
    assert docs and all(d.format == CSV for d in docs)
    got = {d.doc_id: d.text for d in docs if d.text}
    for i, t in enumerate(texts):
        if t.strip():
            assert got.get(f"r{i}") == t, (i, t, docs)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                HealthCheck.function_scoped_fixture])
@given(NEWS)
def test_whole_pipeline(pipe, text):
    docs = pipe.process(list(read_bytes(text.encode("utf-8"), "fuzz", "fuzz.txt", 1_000_000)))
    check_documents(docs)
    for d in docs:
        for name, table in DOC_TABLES.items():
            cols = table(d)
            for r in (dict(zip(cols, row, strict=True)) for row in zip(*cols.values(), strict=True)):
                if "start" in r and "text" in r:
                    assert d.text[r["start"]:r["stop"]] == r["text"], (name, r)
                    assert unneutralize(safe_cell(r["text"])) == r["text"], (name, r)
                    assert not any(c in r["text"] for c in _controls()), (name, r)
        for s in d.sentences:
            assert d.text[s.start:s.stop] == s.text


def _controls() -> str:
    import re

    return "".join(chr(i) for i in range(0x100) if re.fullmatch(f"[{CONTROL_CHARS}]", chr(i)))

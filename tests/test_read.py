"""Readers: formats told apart by content, metadata kept out of the prose."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.read import (
    ARTICLE,
    CSV,
    JSONL,
    TEXT,
    decode,
    doc_id_for,
    read_documents,
    sniff,
)

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_45e820025c7afbec.txt"


def test_seed_article_metadata_and_regions():
    doc = next(read_documents(SEED))
    assert doc.format == ARTICLE
    assert doc.doc_id == "000_45e820025c7afbec"
    assert doc.title == "Укреплять отношения с Санкт-Петербургом договорились в Алматы"
    assert doc.published_at == "2019-11-05T10:31:00+00:00"
    assert doc.author == "ИА Тотал Казахстан"
    assert doc.url.startswith("https://total.kz/ru/news/vneshnyaya_politika/")
    prose = [doc.text[a:b] for a, b in doc.regions]
    assert prose[0] == doc.title
    # metadata lines are outside every prose region
    for marker in ("Published at:", "Author:", "Original:", "ИА Тотал Казахстан**"):
        pos = doc.text.index(marker)
        assert not any(a <= pos < b for a, b in doc.regions), marker
    assert "Алматы и Санкт-Петербург разработают" in prose[1]


def test_format_sniffed_by_content_not_extension(tmp_path):
    (tmp_path / "a.txt").write_text(
        '{"id": "n1", "text": "Путин прибыл в Москву.", "title": "Визит"}\n'
        '{"id": "n2", "text": "Мэр Казани открыл мост."}\n', encoding="utf-8")
    (tmp_path / "b.dat").write_text(
        "id,title,text\nc1,Новости,\"Глава Сбербанка Герман Греф, выступил в Москве.\"\n",
        encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.json").write_text("Сегодня в Казани прошёл форум.", encoding="utf-8")
    docs = {d.doc_id: d for d in read_documents(tmp_path)}
    assert set(docs) == {"n1", "n2", "c1", "sub/c"}
    assert docs["n1"].format == JSONL and docs["n1"].title == "Визит"
    assert docs["c1"].format == CSV and docs["c1"].title == "Новости"
    assert docs["c1"].text.startswith("Глава Сбербанка")
    assert docs["sub/c"].format == TEXT


def test_broken_jsonl_line_does_not_stop_the_file(tmp_path):
    lines = [json.dumps({"id": "ok1", "text": "Москва — столица России."}, ensure_ascii=False),
             '{"id": "bad", "text": "обрыв',
             json.dumps({"id": "ok2", "text": "Минск — столица Белоруссии."}, ensure_ascii=False)]
    (tmp_path / "x.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs = list(read_documents(tmp_path))
    assert [d.status for d in docs] == ["ok", "error", "ok"]
    assert "line 2" in docs[1].error and "JSON" in docs[1].error


def test_sniff():
    assert sniff('{"id": 1, "text": "x"}\n') == JSONL
    assert sniff("id,text\n1,Привет\n") == CSV
    assert sniff("Просто текст новости.") == TEXT


def test_decode_legacy_cyrillic():
    text = "Глава Минфина России Антон Силуанов заявил о росте доходов бюджета."
    for enc in ("cp1251", "koi8_r"):
        decoded, used = decode(text.encode(enc))
        assert decoded == text
        assert used == enc.replace("_", "-")
    assert decode(("\ufeff" + text).encode("utf-8")) == (text, "utf-8-sig")
    assert decode(text.encode("utf-16")) == (text, "utf-16")


def test_doc_id_relative_without_extension(tmp_path):
    (tmp_path / "2019").mkdir()
    p = tmp_path / "2019" / "000_45e.txt"
    p.write_text("x")
    assert doc_id_for(p, tmp_path) == "2019/000_45e"
    assert doc_id_for(p, p) == "000_45e"


def test_utf16_bom_then_nul_is_not_taken_for_utf32():
    # FF FE 00 00 starts both a UTF-32 file and a UTF-16 file whose text starts with U+0000
    text = "\x00Аким Алматы принял делегацию."
    assert decode(text.encode("utf-16")) == (text, "utf-16")
    assert decode("Аким Алматы".encode("utf-32")) == ("Аким Алматы", "utf-32")

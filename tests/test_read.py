"""Readers: formats told apart by content, metadata kept out of the prose."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

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


# ---------------------------------------------------------------- what is listed but not read


def _rows(root: Path) -> list[tuple[str, str, str]]:
    return [(d.doc_id, d.status, d.error) for d in read_documents(root)]


def test_symlinks_that_are_not_followed_get_a_skipped_row(tmp_path):
    inp = tmp_path / "in"
    (inp / "sub").mkdir(parents=True)
    (inp / "a.txt").write_text("Москва — столица России.", encoding="utf-8")
    (tmp_path / "outside.txt").write_text("Секретный документ.", encoding="utf-8")
    (inp / "dangling.txt").symlink_to(inp / "missing.txt")
    (inp / "loop.txt").symlink_to(inp / "loop.txt")
    (inp / "out.txt").symlink_to(tmp_path / "outside.txt")
    (inp / "alias.txt").symlink_to(inp / "a.txt")
    (inp / "folder").symlink_to(inp / "sub")
    rows = _rows(inp)
    assert rows == [
        ("a", "ok", ""),
        ("alias", "ok", ""),  # a link to a file of the input is read
        ("dangling", "skipped", "dangling symlink (its target does not exist)"),
        ("folder", "skipped", "symlink to a folder (not followed; its files are read where they are)"),
        ("loop", "skipped", "symlink loop"),
        ("out", "skipped", "symlink pointing outside the input folder (not followed)"),
    ]


def test_a_folder_that_cannot_be_listed_gets_a_skipped_row(tmp_path, monkeypatch):
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "b.txt").write_text("Казань.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Москва — столица России.", encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path):  # chmod 000 would not stop root, who runs the CI container
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    assert _rows(tmp_path) == [("a", "ok", ""),
                               ("locked", "skipped", "cannot read folder: Permission denied")]


def test_files_whose_ids_would_collide_keep_their_extension(tmp_path):
    (tmp_path / "news.txt").write_text("Москва — столица России.", encoding="utf-8")
    (tmp_path / "news.md").write_text("Казань — столица Татарстана.", encoding="utf-8")
    (tmp_path / "other.txt").write_text("Сочи — город у моря.", encoding="utf-8")
    docs = list(read_documents(tmp_path))
    assert [(d.doc_id, d.status, d.text[:6]) for d in docs] == [
        ("news.md", "ok", "Казань"), ("news.txt", "ok", "Москва"), ("other", "ok", "Сочи —")]


@pytest.mark.skipif(sys.platform != "linux", reason="needs byte file names")
def test_names_differing_only_in_undecodable_bytes_get_distinct_ids(tmp_path):
    for raw, text in ((b"bad\xfe.txt", "Москва."), (b"bad\xff.txt", "Казань.")):
        (tmp_path / os.fsdecode(raw)).write_text(text, encoding="utf-8")
    docs = list(read_documents(tmp_path))
    assert [(d.doc_id, d.status, d.text) for d in docs] == [
        ("bad%FE.txt", "ok", "Москва."), ("bad%FF.txt", "ok", "Казань.")]

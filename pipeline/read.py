"""Readers: find input files, sniff their encoding and format, yield Documents.

Formats are told apart by content, never by file extension:

* **article**: the Markdown news format of ``seeds/`` (``# Title``,
  ``Published at: **...**``, ``Author: **...**``, ``Original: [name](url)``,
  then the body).  Only the title and the body are prose; the metadata lines
  are kept out of the document's regions so nothing is tagged in them.
* **jsonl**: one JSON object per line with ``id`` and ``text`` (optional
  ``title``, ``published_at``, ``author``, ``url``).
* **csv**: a header row with a ``text`` column (same optional columns).
* **text**: anything else that decodes to text.

A bad file or record becomes a Document with status ``error`` or ``skipped``
and a one-line reason; reading goes on with the rest.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

from pipeline.doc import STATUS_ERROR, STATUS_SKIPPED, Document

ARTICLE, JSONL, CSV, TEXT = "article", "jsonl", "csv", "text"

_BINARY_MAGIC = {
    b"\x89PNG": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF8": "GIF image",
    b"PK\x03\x04": "zip archive",
    b"%PDF": "PDF document",
    b"\x1f\x8b": "gzip archive",
    b"\x7fELF": "executable",
    b"Rar!": "rar archive",
}

_TITLE = re.compile(r"^#[ \t]+(?P<v>.+?)[ \t]*$", re.M)
_PUBLISHED = re.compile(r"^Published at:[ \t]*\*\*(?P<v>[^*\n]*)\*\*[ \t]*$", re.M)
_AUTHOR = re.compile(r"^Author:[ \t]*\*\*(?P<v>[^*\n]*)\*\*[ \t]*$", re.M)
_ORIGINAL = re.compile(
    r"^Original:[ \t]*\[(?P<name>[^\]\n]*)\]\((?P<url>[^)\s]*)\)[ \t]*$", re.M
)
_META_FIELDS = ("title", "published_at", "author", "url")


class InputError(ValueError):
    """A file or record that cannot be read; the message is the one-line reason."""


def content_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def find_files(root: Path) -> list[Path]:
    """Input files under ``root`` (or ``root`` itself), sorted, hidden ones left out."""
    if root.is_file():
        return [root]
    if not root.exists():
        raise FileNotFoundError(f"input not found: {root}")
    return sorted(
        p
        for p in root.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts)
    )


def doc_id_for(path: Path, root: Path) -> str:
    """The input path relative to the input root, without extension, ``/``-separated."""
    rel = Path(path.name) if root.is_file() else path.relative_to(root)
    return (rel.with_suffix("") if rel.suffix else rel).as_posix()


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes to text; returns (text, encoding).  Raises InputError."""
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise InputError(f"binary file ({what}), not text")
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data[3:], "utf-8", "utf-8-sig")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16", "utf-16")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    else:
        if "\x00" in text:
            raise InputError("binary file (NUL bytes), not text")
        return text, "utf-8"
    if data.count(b"\x00") > 0:
        raise InputError("binary file (NUL bytes), not text")
    return _guess_legacy(data)


def _strict(data: bytes, codec: str, name: str) -> tuple[str, str]:
    try:
        return data.decode(codec), name
    except UnicodeDecodeError as e:
        raise InputError(f"not valid {name}: {e.reason} at byte {e.start}") from None


def _guess_legacy(data: bytes) -> tuple[str, str]:
    """Russian 8-bit encodings: pick the one whose text reads as Russian."""
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["cp1251", "koi8_r", "cp866", "mac_cyrillic"]).best()
    candidates = ["cp1251", "koi8_r"]
    if best is not None and best.encoding not in candidates:
        candidates.insert(0, best.encoding)
    scored = []
    for enc in candidates:
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        scored.append((_russianness(text), enc, text))
    if not scored:
        raise InputError("cannot decode: not UTF-8, cp1251 or koi8-r text")
    _, enc, text = max(scored, key=lambda t: t[0])
    return text, enc.replace("_", "-")


def _russianness(text: str) -> float:
    """Share of Cyrillic letters that are lower case: koi8-r read as cp1251 (and
    the reverse) flips the case of most letters."""
    cyr = [c for c in text if "\u0400" <= c <= "\u04ff"]
    if not cyr:
        return 0.0
    return sum(c.islower() for c in cyr) / len(cyr)


def sniff(text: str) -> str:
    """Tell the format of a decoded file from its content."""
    head = text.lstrip("\ufeff \t\r\n")[:4096]
    if head.startswith("{"):
        first = head.split("\n", 1)[0]
        try:
            obj = json.loads(first)
        except ValueError:
            obj = None
        if isinstance(obj, dict) or "\n{" in head:
            return JSONL
    if _TITLE.search(text[:2000]) and (_PUBLISHED.search(text[:4000]) or _ORIGINAL.search(text[:4000])):
        return ARTICLE
    first_line = head.split("\n", 1)[0].strip()
    if first_line and _looks_like_csv_header(first_line):
        return CSV
    return TEXT


def _looks_like_csv_header(line: str) -> bool:
    try:
        cells = next(csv.reader([line]))
    except (csv.Error, StopIteration):
        return False
    names = [c.strip().lower() for c in cells]
    return len(names) >= 2 and "text" in names


def parse_article(doc: Document) -> None:
    """Fill metadata and prose regions of an article-format document in place."""
    text = doc.text
    t = _TITLE.search(text)
    body_from = 0
    regions: list[tuple[int, int]] = []
    if t:
        doc.title = t.group("v")
        regions.append(t.span("v"))
        body_from = t.end()
    for rx, name in ((_PUBLISHED, "published_at"), (_AUTHOR, "author")):
        m = rx.search(text, t.end() if t else 0)
        if m:
            setattr(doc, name, m.group("v").strip())
            body_from = max(body_from, m.end())
    o = _ORIGINAL.search(text, t.end() if t else 0)
    if o:
        doc.url = o.group("url")
        body_from = max(body_from, o.end())
    missing = [f for f in ("title", "published_at", "url") if not getattr(doc, f)]
    if missing:
        doc.error = f"article header without {', '.join(missing)}"
    regions.append((body_from, len(text)))
    doc.regions = regions


def _record_documents(
    records: Iterator[tuple[int, dict | None, str]], base_id: str, source: str, fmt: str,
    encoding: str,
) -> Iterator[Document]:
    for n, rec, err in records:
        rid = str(rec.get("id", "")).strip() if isinstance(rec, dict) else ""
        doc_id = rid or f"{base_id}#{n}"
        if err:
            yield Document(doc_id, "", source=source, format=fmt, encoding=encoding,
                           status=STATUS_ERROR, error=err)
            continue
        assert rec is not None
        text = rec.get("text")
        if not isinstance(text, str):
            yield Document(doc_id, "", source=source, format=fmt, encoding=encoding,
                           status=STATUS_ERROR, error=f"record {n}: no text field")
            continue
        doc = Document(doc_id, text, source=source, format=fmt, encoding=encoding,
                       regions=[(0, len(text))])
        for f in _META_FIELDS:
            v = rec.get(f)
            if v is not None:
                setattr(doc, f, str(v))
        yield doc


def _jsonl_records(text: str) -> Iterator[tuple[int, dict | None, str]]:
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError as e:
            yield n, None, f"line {n}: broken JSON record ({e.msg})"
            continue
        if not isinstance(obj, dict):
            yield n, None, f"line {n}: JSON record is not an object"
            continue
        yield n, obj, ""


def _csv_records(text: str) -> Iterator[tuple[int, dict | None, str]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except (StopIteration, csv.Error) as e:
        yield 1, None, f"broken CSV header ({e})"
        return
    n = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            n += 1
            yield n, None, f"row {n}: broken CSV row ({e})"
            continue
        n += 1
        if not row or not any(c.strip() for c in row):
            continue
        if len(row) != len(header):
            yield n, None, f"row {n}: {len(row)} cells, header has {len(header)}"
            continue
        yield n, dict(zip(header, row, strict=True)), ""


def read_file(path: Path, root: Path, max_chars: int = 0) -> Iterator[Document]:
    """Yield the documents of one input file (one, or one per record)."""
    doc_id = doc_id_for(path, root)
    source = path.as_posix()
    try:
        data = path.read_bytes()
    except OSError as e:
        yield Document(doc_id, "", source=source, status=STATUS_ERROR,
                       error=f"cannot read file: {e.strerror or e}")
        return
    if not data:
        yield Document(doc_id, "", source=source, status=STATUS_SKIPPED, error="empty file")
        return
    try:
        text, encoding = decode(data)
    except InputError as e:
        yield Document(doc_id, "", source=source, status=STATUS_ERROR, error=str(e))
        return
    if not text.strip():
        yield Document(doc_id, text, source=source, encoding=encoding,
                       status=STATUS_SKIPPED, error="only whitespace")
        return
    fmt = sniff(text)
    if fmt == JSONL:
        docs: Iterator[Document] = _record_documents(
            _jsonl_records(text), doc_id, source, fmt, encoding)
    elif fmt == CSV:
        docs = _record_documents(_csv_records(text), doc_id, source, fmt, encoding)
    else:
        doc = Document(doc_id, text, source=source, format=fmt, encoding=encoding,
                       regions=[(0, len(text))])
        if fmt == ARTICLE:
            parse_article(doc)
        docs = iter([doc])
    for doc in docs:
        doc.content_hash = content_hash(doc.text)
        if doc.ok:
            check_document(doc, max_chars)
        yield doc


def check_document(doc: Document, max_chars: int) -> None:
    """Mark a decoded document as skipped when there is nothing to process."""
    prose = "".join(doc.text[a:b] for a, b in doc.regions)
    if not prose.strip():
        doc.status, doc.error = STATUS_SKIPPED, "no text to process"
    elif max_chars and len(doc.text) > max_chars:
        doc.status = STATUS_SKIPPED
        doc.error = f"document of {len(doc.text)} characters is over --max-chars {max_chars}"
    elif not re.search("[\u0400-\u04ff]", prose):
        doc.status, doc.error = STATUS_SKIPPED, "no Cyrillic text"


def read_documents(root: Path, max_chars: int = 0) -> Iterator[Document]:
    """All documents under ``root``, in a stable order."""
    root = Path(root)
    for path in find_files(root):
        yield from read_file(path, root, max_chars)

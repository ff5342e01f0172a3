"""Readers: find input files, sniff their encoding and format, yield Documents.

Formats are told apart by content, never by file extension:

* **article**: the Markdown news format of ``seeds/`` (``# Title``,
  ``Published at: **...**``, ``Author: **...**``, ``Original: [name](url)``,
  then the body).  Only the title and the body are prose; the metadata lines
  are kept out of the document's regions so nothing is tagged in them.
* **jsonl**: one JSON object per line with ``id`` and ``text`` (optional
  ``title``, ``published_at``, ``author``, ``url``).
* **csv**: a header row with a ``text`` column (same optional columns),
  delimited by comma, semicolon or tab.
* **text**: anything else that decodes to text.

Files are read as bytes and decoded without newline translation, so offsets
index the text exactly as decoded (BOM removed).  A bad file or record becomes
a Document with status ``error`` or ``skipped`` and a one-line reason; reading
goes on with the rest.  What happens to each kind of bad input is described in
the README (What happens to bad input).
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline.decode import InputError, count_controls, decode, decode_head, decode_noted
from pipeline.doc import STATUS_ERROR, STATUS_SKIPPED, Document

__all__ = ["InputError", "decode", "read_documents", "read_file", "read_bytes", "sniff"]

ARTICLE, JSONL, CSV, TEXT = "article", "jsonl", "csv", "text"

# Titles are matched without a lazy ``.+?`` so a hostile header line of a
# million spaces cannot make the regex engine backtrack quadratically.
_TITLE = re.compile(r"^#[ \t]+(?P<v>[^\r\n]*)", re.M)
_EOL = r"[ \t]*\r?$"
_PUBLISHED = re.compile(r"^Published at:[ \t]*\*\*(?P<v>[^*\r\n]*)\*\*" + _EOL, re.M)
_AUTHOR = re.compile(r"^Author:[ \t]*\*\*(?P<v>[^*\r\n]*)\*\*" + _EOL, re.M)
_ORIGINAL = re.compile(r"^Original:[ \t]*\[(?P<name>[^\]\r\n]*)\]\((?P<url>[^)\s]*)\)" + _EOL, re.M)
_META_FIELDS = ("title", "published_at", "author", "url")
_HEADER_FIELDS = ("title", "published_at", "author", "url")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_ID_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
MAX_ID_CHARS = 256
# A decoded character takes at most 4 bytes, so a single-document file over
# 4 * max_chars bytes is over the limit without reading it.
_MAX_BYTES_PER_CHAR = 4
_HEAD_BYTES = 65536
_CSV_DELIMITERS = ",;\t"


def content_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True, slots=True)
class InputFile:
    """One entry of the input: a file to read under ``doc_id``, or, with a
    ``skip`` reason, something that is listed in documents.csv as skipped
    (a symlink not followed, a folder that cannot be read)."""

    path: Path
    doc_id: str
    skip: str = ""


def scan_input(root: Path, exclude: Iterable[Path] = ()) -> list[InputFile]:
    """The entries under ``root`` (or ``root`` itself), sorted by path.

    Hidden files and folders and the folders in ``exclude`` (the output
    folder, when it sits inside the input) are left out.  Symlinks to files in
    ``root`` are read; a dangling or looping symlink, one that leads out of
    ``root`` and one to a folder, and a folder that cannot be listed, become
    entries with the reason they are not read.  Symlinked folders are not
    followed (what they hold inside ``root`` is read under its own path).
    """
    root = Path(root)
    if root.is_file():
        return [InputFile(root, doc_id_for(root, root))]
    if not root.exists():
        raise FileNotFoundError(f"input not found: {root}")
    real_root = root.resolve()
    skip = [Path(e).resolve() for e in exclude]
    found: list[tuple[Path, str]] = []

    def unreadable(e: OSError) -> None:
        found.append((Path(e.filename), f"cannot read folder: {e.strerror or e}"))

    for top, dirs, names in os.walk(root, onerror=unreadable):
        here = Path(top)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                         and not any((here / d).resolve() == s for s in skip))
        for name in [*dirs, *names]:
            p = here / name
            if name.startswith(".") or not (name in names or p.is_symlink()):
                continue
            reason = _not_read(p, real_root, skip)
            if reason is not None:
                found.append((p, reason))
    found.sort(key=lambda f: f[0])
    ids = _doc_ids([p for p, _ in found], root)
    return [InputFile(p, ids[p], reason) for p, reason in found]


def _not_read(p: Path, real_root: Path, skip: list[Path]) -> str | None:
    """Why ``p`` is not read ("" = it is read); ``None`` when it is left out
    without a row (it is in the output folder)."""
    if not p.is_symlink():
        return ""
    try:
        real = p.resolve(strict=True)
    except FileNotFoundError:
        return "dangling symlink (its target does not exist)"
    except (OSError, RuntimeError):
        return "symlink loop"
    if any(real.is_relative_to(s) for s in skip):
        return None
    if not real.is_relative_to(real_root):
        return "symlink pointing outside the input folder (not followed)"
    if real.is_dir():
        return "symlink to a folder (not followed; its files are read where they are)"
    return ""


def _doc_ids(paths: list[Path], root: Path) -> dict[Path, str]:
    """Each path's doc_id: the path without extension (:func:`doc_id_for`);
    paths that would share an id keep their extension («news.txt»,
    «news.md»), and ones that still would (names differing only in
    undecodable bytes or control characters) spell those as ``%XX``.
    Decided from the whole listing, so the same input always gets the same ids."""
    level = dict.fromkeys(paths, 0)
    while True:
        ids = {p: _id_at(p, root, level[p]) for p in paths}
        by_id: dict[str, list[Path]] = {}
        for p, i in ids.items():
            by_id.setdefault(i, []).append(p)
        clash = [p for group in by_id.values() if len(group) > 1 for p in group if level[p] < 2]
        if not clash:
            return ids
        for p in clash:
            level[p] += 1


def _id_at(path: Path, root: Path, level: int) -> str:
    if level == 0:
        return doc_id_for(path, root)
    rel = (Path(path.name) if root.is_file() else path.relative_to(root)).as_posix()
    if level == 1:
        return clean_id(rel)
    return "".join(f"%{ord(c) - 0xDC00:02X}" if "\udc80" <= c <= "\udcff" else
                   f"%{ord(c):02X}" if _ID_CONTROL.match(c) else c for c in rel).strip()


def find_files(root: Path, exclude: Iterable[Path] = ()) -> list[Path]:
    """The files under ``root`` that are read (see :func:`scan_input`), sorted."""
    return [f.path for f in scan_input(root, exclude) if not f.skip]


def clean_id(value: str) -> str:
    """An id safe in every table: no control characters, no lone surrogates
    (an undecodable file name or a ``\\ud800`` JSON escape)."""
    return _ID_CONTROL.sub("\ufffd", value).strip()


def doc_id_for(path: Path, root: Path) -> str:
    """The input path relative to the input root, without extension, ``/``-separated."""
    rel = Path(path.name) if root.is_file() else path.relative_to(root)
    return clean_id((rel.with_suffix("") if rel.suffix else rel).as_posix())


def sniff(text: str) -> str:
    """Tell the format of a decoded file from its content."""
    head = text.lstrip("\ufeff \t\r\n")[:4096]
    if head.startswith("{"):
        first = text.lstrip("\ufeff \t\r\n").split("\n", 1)[0]
        if _json_object(first) is not None or "\n{" in head:
            return JSONL
    if _TITLE.search(text[:2000]) and (_PUBLISHED.search(text[:4000]) or _ORIGINAL.search(text[:4000])):
        return ARTICLE
    first_line = head.split("\n", 1)[0].strip()
    if first_line and _csv_delimiter(first_line):
        return CSV
    return TEXT


def _json_object(line: str) -> dict | None:
    try:
        obj = json.loads(line)
    except (ValueError, RecursionError):
        return None
    return obj if isinstance(obj, dict) else None


def _csv_delimiter(line: str) -> str:
    """The delimiter of a CSV header line that names a ``text`` column, or ''."""
    for delim in _CSV_DELIMITERS:
        try:
            cells = next(csv.reader([line], delimiter=delim))
        except (csv.Error, StopIteration):
            continue
        names = [c.strip().lower() for c in cells]
        if len(names) >= 2 and "text" in names:
            return delim
    return ""


def parse_article(doc: Document) -> None:
    """Fill metadata and prose regions of an article-format document in place.

    A header that lacks fields is no reason to drop the article: it is
    processed, and the missing fields are named in ``warning``.
    """
    text = doc.text
    t = _TITLE.search(text)
    body_from = 0
    regions: list[tuple[int, int]] = []
    if t:
        a, b = t.span("v")
        b = a + len(text[a:b].rstrip(" \t"))
        doc.title = text[a:b]
        regions.append((a, b))
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
    missing = [f for f in _HEADER_FIELDS if not getattr(doc, f)]
    if missing:
        doc.warning = f"article header without {', '.join(missing)}"
    regions.append((body_from, len(text)))
    doc.regions = regions


def _unsurrogate(value: str) -> str:
    """Lone surrogates (from ``\\ud800`` JSON escapes) cannot be written as
    UTF-8; each becomes U+FFFD, one character for one, so offsets hold."""
    return _SURROGATE.sub("\ufffd", value)


def _record_id(rec: dict) -> str:
    rid = rec.get("id")
    if isinstance(rid, bool) or not isinstance(rid, (str, int)):
        return ""
    return clean_id(str(rid))


def _record_documents(
    records: Iterator[tuple[int, dict | None, str]], base_id: str, source: str, fmt: str,
    encoding: str,
) -> Iterator[Document]:
    unit = "line" if fmt == JSONL else "row"
    for n, rec, err in records:
        rid = _record_id(rec) if rec is not None else ""
        doc_id = rid if rid and len(rid) <= MAX_ID_CHARS else f"{base_id}#{n}"
        if len(rid) > MAX_ID_CHARS:
            err = err or f"{unit} {n}: id longer than {MAX_ID_CHARS} characters"
        if err:
            yield Document(doc_id, "", source=source, format=fmt, encoding=encoding,
                           status=STATUS_ERROR, error=err)
            continue
        assert rec is not None
        text = rec.get("text")
        if not isinstance(text, str):
            yield Document(doc_id, "", source=source, format=fmt, encoding=encoding,
                           status=STATUS_ERROR, error=f"{unit} {n}: no text field")
            continue
        doc = Document(doc_id, _unsurrogate(text), source=source, format=fmt, encoding=encoding,
                       regions=[(0, len(text))])
        for f in _META_FIELDS:
            v = rec.get(f)
            if v is not None:
                setattr(doc, f, _unsurrogate(str(v)))
        lone = sum(len(_SURROGATE.findall(str(v))) for v in (text, *map(rec.get, _META_FIELDS)))
        if lone:
            doc.warning = f"{lone} lone surrogate(s) replaced with U+FFFD"
        yield doc


def _jsonl_records(text: str) -> Iterator[tuple[int, dict | None, str]]:
    # Split on "\n" only: str.splitlines would also split inside JSON strings
    # at U+2028, \x85, \x1c and the like, which JSON allows raw.
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError as e:
            where = f", column {e.colno}" if isinstance(e, json.JSONDecodeError) else ""
            yield n, None, f"line {n}: broken JSON record{where}: {getattr(e, 'msg', e)}"
            continue
        except RecursionError:
            yield n, None, f"line {n}: broken JSON record (nested too deep)"
            continue
        if not isinstance(obj, dict):
            yield n, None, f"line {n}: JSON record is not an object"
            continue
        yield n, obj, ""


class _Lines:
    """Lines of a text for ``csv.reader``, counting how many it has taken."""

    def __init__(self, lines: list[str], start: int) -> None:
        self.lines, self.pos = lines, start

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self.pos >= len(self.lines):
            raise StopIteration
        self.pos += 1
        return self.lines[self.pos - 1]


def _csv_records(text: str) -> Iterator[tuple[int, dict | None, str]]:
    """Rows of a CSV file as dicts keyed by the lower-cased header.

    A stray quote makes ``csv`` swallow every following line into one cell.
    When a row that spans several lines is broken, the reader starts again on
    the line after the row's first line, so one bad row costs only itself.
    """
    csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))
    # csv treats "\r" and "\n" as row ends and nothing else, so split the same
    # way (splitlines would cut at \x0b, \x1c, U+2028, ... inside cells).
    lines = _split_csv_lines(text)
    delim = _csv_delimiter(lines[0].strip()) or ","
    header = [h.strip().lower() for h in next(csv.reader([lines[0]], delimiter=delim))]
    pos = 1
    while pos < len(lines):
        first = pos
        src = _Lines(lines, pos)
        try:
            row = next(csv.reader(src, delimiter=delim, strict=True))
        except StopIteration:
            return
        except csv.Error as e:
            yield first + 1, None, f"row {first + 1}: broken CSV row ({e})"
            pos = first + 1
            continue
        pos = src.pos
        if not any(c.strip() for c in row):
            continue
        if len(row) != len(header):
            yield first + 1, None, f"row {first + 1}: {len(row)} cells, header has {len(header)}"
            pos = first + 1
            continue
        yield first + 1, dict(zip(header, row, strict=True)), ""


def _split_csv_lines(text: str) -> list[str]:
    """Lines ending at "\\r\\n", "\\n" or "\\r", ends kept."""
    return [m.group() for m in re.finditer(r"[^\r\n]*(?:\r\n|\n|\r|$)", text) if m.group()]


def read_file(path: Path, root: Path, max_chars: int = 0,
              doc_id: str | None = None) -> Iterator[Document]:
    """Yield the documents of one input file (one, or one per record);
    ``doc_id`` defaults to :func:`doc_id_for`."""
    doc_id = doc_id if doc_id is not None else doc_id_for(path, root)
    source = clean_id(path.as_posix())
    try:
        size = path.stat().st_size
        if max_chars and size > _MAX_BYTES_PER_CHAR * max_chars + 4:
            with path.open("rb") as fh:
                head = fh.read(_HEAD_BYTES)
            if sniff(decode_head(head)) in (TEXT, ARTICLE):
                yield Document(doc_id, "", source=source, status=STATUS_SKIPPED,
                               error=f"file of {size} bytes is over --max-chars {max_chars}")
                return
        data = path.read_bytes()
    except OSError as e:
        yield Document(doc_id, "", source=source, status=STATUS_ERROR,
                       error=f"cannot read file: {e.strerror or e}")
        return
    yield from read_bytes(data, doc_id, source, max_chars)


def read_bytes(data: bytes, doc_id: str, source: str, max_chars: int = 0) -> Iterator[Document]:
    """Yield the documents held in the bytes of one file."""
    if not data:
        yield Document(doc_id, "", source=source, status=STATUS_SKIPPED, error="empty file")
        return
    try:
        text, encoding, notes = decode_noted(data)
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
    empty = True
    for doc in docs:
        empty = False
        doc.content_hash = content_hash(doc.text)
        controls = count_controls(doc.text)
        extra = [f"{controls} control character(s), treated as separators"] if controls else []
        doc.warning = "; ".join(w for w in (*notes, doc.warning, *extra) if w)
        if doc.ok:
            check_document(doc, max_chars)
        yield doc
    if empty:  # a CSV file with only its header: the file still gets its row
        yield Document(doc_id, "", source=source, format=fmt, encoding=encoding,
                       status=STATUS_SKIPPED, error=f"no records in {fmt} file")


def check_document(doc: Document, max_chars: int) -> None:
    """Mark a decoded document as skipped when there is nothing to process."""
    if max_chars and len(doc.text) > max_chars:
        doc.status = STATUS_SKIPPED
        doc.error = f"document of {len(doc.text)} characters is over --max-chars {max_chars}"
        return
    prose = "".join(doc.text[a:b] for a, b in doc.regions)
    if not prose.strip():
        doc.status, doc.error = STATUS_SKIPPED, "no text to process"
    elif not _CYRILLIC.search(prose):
        doc.status, doc.error = STATUS_SKIPPED, "no Cyrillic text"


def read_documents(root: Path, max_chars: int = 0, exclude: Iterable[Path] = ()) -> Iterator[Document]:
    """All documents under ``root``, in a stable order.

    Never raises for a bad file: an unexpected failure while reading one
    becomes an ``error`` document and the next file is read.  A doc_id seen
    before (two JSONL records with one ``id``) is an ``error`` too, since
    mention and entity ids are built from it.
    """
    root = Path(root)
    seen: dict[str, str] = {}
    for entry in scan_input(root, exclude):
        for doc in read_entry(entry, root, max_chars):
            if doc.doc_id in seen:
                doc.status, doc.error = STATUS_ERROR, f"duplicate doc_id (first in {seen[doc.doc_id]})"
                doc.text, doc.regions = "", []
            else:
                seen[doc.doc_id] = doc.source
            yield doc


def read_entry(entry: InputFile, root: Path, max_chars: int) -> Iterator[Document]:
    """The documents of one entry of :func:`scan_input`: a skipped entry's
    row, or ``read_file`` with an unexpected failure turned into an error
    document."""
    source = clean_id(entry.path.as_posix())
    if entry.skip:
        yield Document(entry.doc_id, "", source=source, status=STATUS_SKIPPED, error=entry.skip)
        return
    try:
        yield from read_file(entry.path, root, max_chars, entry.doc_id)
    except Exception as e:  # noqa: BLE001 - one bad file must not stop the batch
        yield Document(entry.doc_id, "", source=source, status=STATUS_ERROR,
                       error=f"cannot read file: {type(e).__name__}: {e}"[:300])

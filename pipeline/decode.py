"""Bytes -> text: binary files refused, the encoding found, nothing translated.

Order of checks: known binary signatures; a BOM (UTF-32, UTF-8, UTF-16);
UTF-16 without a BOM (every other byte 0x00 or 0x04, as in Russian UTF-16);
UTF-8; then the Russian 8-bit encodings (cp1251, koi8-r, and whatever
charset-normalizer proposes among the Cyrillic code pages), of which the one
that reads most like Russian wins.  A few undecodable bytes in otherwise good
UTF-8/UTF-16 become U+FFFD with a note; text that is mostly control
characters or box drawing after decoding is refused as binary.  Newlines are
never translated, so offsets index the text exactly as decoded.
"""

from __future__ import annotations

import re
import unicodedata

from pipeline.chars import CONTROL_CHARS

_BINARY_MAGIC = {
    b"\x89PNG": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF8": "GIF image",
    b"PK\x03\x04": "zip archive",
    b"PK\x05\x06": "zip archive",
    b"%PDF": "PDF document",
    b"\x1f\x8b": "gzip archive",
    b"\x7fELF": "executable",
    b"Rar!": "rar archive",
    b"7z\xbc\xaf": "7z archive",
    b"\xfd7zXZ": "xz archive",
    b"\xd0\xcf\x11\xe0": "MS Office document",
    b"SQLite format 3\x00": "SQLite database",
    b"\x00\x00\x01\x00": "icon image",
}
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le", "utf-16"),
    (b"\xfe\xff", "utf-16-be", "utf-16"),
)
_LEGACY = ("cp1251", "koi8_r")
_CYRILLIC_PAGES = ["cp1251", "koi8_r", "cp866", "mac_cyrillic", "iso8859_5"]
MAX_BAD_SHARE = 0.01  # undecodable bytes tolerated (as U+FFFD) in UTF-8/16
MIN_TEXT_SHARE = 0.9  # characters that must look like text after a guessed decoding
MAX_CONTROL_SHARE = 0.3  # control characters refused in valid UTF-8 or BOM-marked text
_SAMPLE = 65536
_CONTROL = re.compile(f"[{CONTROL_CHARS}]")  # what _is_control says, in one scan


class InputError(ValueError):
    """A file or record that cannot be read; the message is the one-line reason."""


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes to text; returns (text, encoding).  Raises InputError."""
    text, encoding, _ = decode_noted(data)
    return text, encoding


def decode_noted(data: bytes) -> tuple[str, str, list[str]]:
    """Like :func:`decode`, plus notes for the warning column (bytes replaced)."""
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise InputError(f"binary file ({what}), not text")
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            if name == "utf-32" and not _strict_ok(data[len(bom):], codec):
                continue  # FF FE 00 00 is also a UTF-16 BOM followed by U+0000
            return _checked(*_lenient(data[len(bom):], codec, name), guessed=False)
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _checked(*_lenient(data, utf16, utf16))
    try:
        return _checked(data.decode("utf-8"), "utf-8", [], guessed=False)
    except UnicodeDecodeError:
        pass
    try:
        return _checked(*_lenient(data, "utf-8", "utf-8"))
    except InputError:
        if _mostly_utf8(data):
            raise  # damaged UTF-8: read as cp1251 it would only be mojibake
    return _checked(*_guess_legacy(data))


def _strict_ok(data: bytes, codec: str) -> bool:
    try:
        data.decode(codec)
    except UnicodeDecodeError:
        return False
    return True


def decode_head(head: bytes) -> str:
    """The first bytes of a file decoded well enough to sniff its format."""
    for bom, codec, _ in _BOMS:
        if head.startswith(bom):
            return head[len(bom):].decode(codec, "replace")
    utf16 = _utf16_without_bom(head)
    return head.decode(utf16 or "latin-1", "replace")


def _lenient(data: bytes, codec: str, name: str) -> tuple[str, str, list[str]]:
    """Decode; a few bad bytes become U+FFFD (noted), many are an InputError."""
    try:
        return data.decode(codec), name, []
    except UnicodeDecodeError as e:
        first = e
    text = data.decode(codec, "replace")
    bad = text.count("\ufffd") - data.decode(codec, "ignore").count("\ufffd")
    if bad > max(1, MAX_BAD_SHARE * len(text)):
        raise InputError(f"not valid {name}: {bad} bad byte sequences, the first at byte "
                         f"{first.start} ({first.reason})")
    return text, name, [f"{bad} undecodable byte sequence(s) replaced with U+FFFD"]


def _mostly_utf8(data: bytes) -> bool:
    """More valid multi-byte UTF-8 characters than bad bytes (8-bit Russian
    text and random bytes rarely form valid sequences)."""
    text = data[:_SAMPLE].decode("utf-8", "replace")
    bad = text.count("\ufffd")
    beyond_ascii = len(text) - len(text.encode("ascii", "ignore"))
    return beyond_ascii - bad > bad


def _utf16_without_bom(data: bytes) -> str:
    """'utf-16-le'/'utf-16-be' when every other byte is 0x00 or 0x04 (the high
    byte of ASCII and of Cyrillic), else ''."""
    sample = data[:_SAMPLE]
    if len(sample) < 4 or len(data) % 2:
        return ""
    for codec, high in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
        if sum(b in (0, 4) for b in high) >= 0.95 * len(high):
            return codec
    return ""


def _checked(text: str, encoding: str, notes: list[str],
             guessed: bool = True) -> tuple[str, str, list[str]]:
    """Refuse decoded text that is mostly not text (a binary file).  Text whose
    encoding is certain (a BOM, valid UTF-8) is refused only when full of
    control characters; a guessed encoding must also give few graphic or
    unassigned characters."""
    sample = text[:_SAMPLE]
    if guessed:
        junk = 1 - text_share(sample)
        bad = junk > 1 - MIN_TEXT_SHARE
    else:
        junk = count_controls(sample) / len(sample) if sample else 0.0
        bad = junk > MAX_CONTROL_SHARE
    if bad:
        raise InputError(f"binary file ({junk:.0%} control or graphic characters), not text")
    return text, encoding, notes


def text_share(text: str) -> float:
    """Share of characters that can be in prose (not controls, box drawing,
    unassigned or private-use code points)."""
    if not text:
        return 1.0
    return sum(1 for c in text if not _is_junk(c)) / len(text)


def count_controls(text: str) -> int:
    """Control characters other than tab, LF and CR (the segmenter breaks
    sentences at them and CSV cells drop them)."""
    return len(_CONTROL.findall(text))


def _is_control(c: str) -> bool:
    return (c < " " and c not in "\t\n\r") or "\x7f" <= c <= "\x9f"


def _is_junk(c: str) -> bool:
    if c < "\x80":
        return _is_control(c)
    return (_is_control(c) or "\u2500" <= c <= "\u25ff"
            or unicodedata.category(c) in ("Cn", "Co", "Cs"))


def _guess_legacy(data: bytes) -> tuple[str, str, list[str]]:
    """Russian 8-bit encodings: pick the one whose text reads as Russian."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[:_SAMPLE], cp_isolation=_CYRILLIC_PAGES).best()
    candidates = list(_LEGACY)
    if best is not None and best.encoding not in candidates:
        candidates.insert(0, best.encoding)
    scored = []
    for enc in candidates:
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        scored.append((text_share(text[:_SAMPLE]) >= MIN_TEXT_SHARE, _russianness(text), enc, text))
    if not scored:
        raise InputError("cannot decode: not UTF-8, UTF-16, cp1251 or koi8-r text")
    *_, enc, text = max(scored, key=lambda t: t[:2])
    return text, enc.replace("_", "-"), []


def _russianness(text: str) -> float:
    """Share of Cyrillic letters that are lower case: koi8-r read as cp1251 (and
    the reverse) flips the case of most letters."""
    cyr = lower = 0
    for c in text[:_SAMPLE]:
        if "\u0400" <= c <= "\u04ff":
            cyr += 1
            lower += c.islower()
    return lower / cyr if cyr else 0.0

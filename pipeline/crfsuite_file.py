"""Read a model file crfsuite wrote (its binary CRF1d format) into numpy.

python-crfsuite gives a model's weights only through a text dump it parses
line by line with regular expressions (~0.8 s for the NER layers, paid by
every worker process), and the dump rounds them to six decimals.  The file
itself is a small header, the features as fixed-size records (type, source,
destination, weight as a double) and two string tables (crfsuite's CQDB:
labels and attributes, each string at an offset the table lists by id).
Layout as crfsuite's ``crf1d_model.c`` and ``cqdb.c`` write it (little-endian).
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import NamedTuple

import numpy as np

_HEADER = struct.Struct("<4sI4sI8I")  # magic, size, type, version, counts and chunk offsets
_CHUNK = struct.Struct("<4sII")  # chunk id, size, number of items
_CQDB = struct.Struct("<4sIIIII")  # chunk id, size, flag, byte order, number of ids, offset of their table
_RECORD = struct.Struct("<II")  # a string's id and its size in bytes (with the closing NUL)
_FEATURE = np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("weight", "<f8")])
_STATE, _TRANSITION = 0, 1  # feature types: attribute -> label, label -> label


class CRFModel(NamedTuple):
    """A crfsuite model's labels, attributes and weights."""

    labels: list[str]  # by label id
    attributes: list[str]  # by attribute id
    state: np.ndarray  # the state features: fields ``src`` (attribute id), ``dst`` (label id), ``weight``
    transitions: np.ndarray  # label x label, float64


def read_model(path: Path) -> CRFModel:
    data = Path(path).read_bytes()
    magic, _, kind, _, _, n_labels, n_attrs, at_features, at_labels, at_attrs, _, _ = (
        _HEADER.unpack_from(data, 0))
    if magic != b"lCRF" or kind != b"FOMC":
        raise ValueError(f"{path}: not a crfsuite CRF1d model")
    chunk, _, n = _CHUNK.unpack_from(data, at_features)
    if chunk != b"FEAT":
        raise ValueError(f"{path}: no feature chunk at {at_features}")
    features = np.frombuffer(data, dtype=_FEATURE, count=n, offset=at_features + _CHUNK.size)
    trans = features[features["type"] == _TRANSITION]
    transitions = np.zeros((n_labels, n_labels))
    transitions[trans["src"], trans["dst"]] = trans["weight"]
    return CRFModel(_strings(data, at_labels, n_labels), _strings(data, at_attrs, n_attrs),
                    features[features["type"] == _STATE], transitions)


def _strings(data: bytes, at: int, count: int) -> list[str]:
    """The strings of the CQDB table at ``at``, by id."""
    chunk, _, _, _, n, table = _CQDB.unpack_from(data, at)
    if chunk != b"CQDB" or n != count:
        raise ValueError(f"no string table of {count} at {at}")
    out = []
    for offset in np.frombuffer(data, dtype="<u4", count=n, offset=at + table).tolist():
        _, size = _RECORD.unpack_from(data, at + offset)
        start = at + offset + _RECORD.size
        out.append(data[start:start + size - 1].decode())
    return out

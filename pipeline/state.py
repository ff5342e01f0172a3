"""Resume state: per-document results kept under ``OUT/.state/`` so that a
killed or repeated run redoes only what is new or changed.

Layout::

    OUT/.state/shards/<shard>.zpkl  outputs (tables as columns, rendered per-document files)
                                    of one processed chunk of documents
    OUT/.state/manifest.jsonl       one line per finished shard: its documents' keys
                                    and summaries (status, mention/relation counts)

A document's key hashes everything the reader knows about it (id, source,
metadata, content hash, status) together with the pipeline fingerprint (version,
the source code of the stages and writers, the options that change results), so
an edited article, a new version or a code change makes it a new key.

A shard is written under a temporary name and renamed; only then is its
manifest line appended.  A kill leaves at worst an unlisted shard (redone) or a
cut-off last line (ignored).  Final tables are rebuilt from the shards, in input
order, after every run (see :mod:`pipeline.engines.core`).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import pickle
import struct
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from pipeline import __version__
from pipeline.config import Config
from pipeline.doc import Document
from pipeline.write.outputs import STREAMS
from pipeline.write.rows import document_row

PACKAGE = Path(__file__).resolve().parent
# What does not change what a shard holds: running, benchmarking, evaluating and
# training, and writing the final files from the shards (done on every run).
# Everything else in the package (the stages, their models and data files under
# data/, the rows and per-document renderings) is part of the fingerprint.
# corpus.py is the corpus step, run on every run after the shards; lock.py,
# signals.py and write/commit.py only say when and where a run writes.
_NOT_FINGERPRINTED = ("__main__.py", "bench.py", "cli.py", "run.py", "state.py", "engines",
                      "corpus.py", "eval", "train", "write/tables.py", "write/safe.py", "write/xlsx.py",
                      "write/readback.py", "write/report", "lock.py", "signals.py", "write/commit.py")


def _fingerprinted_files() -> list[Path]:
    skip = tuple(PACKAGE / name for name in _NOT_FINGERPRINTED)
    return sorted(f for f in PACKAGE.rglob("*")
                  if f.is_file() and "__pycache__" not in f.parts
                  and not any(f == s or s in f.parents for s in skip))


def fingerprint(config: Config) -> str:
    """Pipeline version + the result-making code and data + the options that
    change what a shard holds (stages run, per-document files rendered)."""
    rendered = sorted(set(config.formats) & set(STREAMS))
    h = hashlib.sha1(f"{__version__}|{sorted(config.stages)}|{rendered}".encode())
    for f in _fingerprinted_files():
        h.update(f.relative_to(PACKAGE).as_posix().encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def doc_key(doc: Document, fp: str) -> str:
    """Key of a document as read (before processing) under fingerprint ``fp``."""
    row = document_row(doc)
    return hashlib.sha1(json.dumps([fp, row], ensure_ascii=False, sort_keys=True).encode(
        "utf-8", "surrogatepass")).hexdigest()


@dataclass(slots=True)
class DocSummary:
    """What the run summary needs of a processed document (rows stay in the shard)."""

    key: str
    doc_id: str
    status: str
    error: str
    mentions: dict[str, int] = field(default_factory=dict)
    relations: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> list:
        return [self.key, self.doc_id, self.status, self.error, self.mentions, self.relations]


def _counts(values: Iterable[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for v in values:
        out[v] = out.get(v, 0) + 1
    return dict(sorted(out.items()))


def summarize(key: str, doc: Document) -> DocSummary:
    return DocSummary(key, doc.doc_id, doc.status, doc.error,
                      _counts(m.type for m in doc.mentions), _counts(r.type for r in doc.relations))


@dataclass(frozen=True, slots=True)
class Entry:
    """Where the outputs of one document are: a shard and a position in it."""

    shard: str
    index: int


def shard_path(state_dir: Path, shard: str) -> Path:
    return state_dir / "shards" / f"{shard}.zpkl"


# A shard file: this tag, the pickle's length (8 bytes, little-endian), then
# the pickle compressed by zstd level 1 (pyarrow's; 5x smaller, and 3x faster
# both ways than zlib level 1, which shards were before the tag).
_SHARD_TAG = b"zpkl-zstd\n"
_SIZE = struct.Struct("<Q")


def _codec() -> pa.Codec:
    return pa.Codec("zstd", compression_level=1)


def encode_shard(outputs: list) -> bytes:
    """The bytes of a shard file holding ``outputs``."""
    data = pickle.dumps(outputs, protocol=pickle.HIGHEST_PROTOCOL)
    return _SHARD_TAG + _SIZE.pack(len(data)) + _codec().compress(data, asbytes=True)


def write_shard(state_dir: Path, shard: str, outputs: list[dict]) -> None:
    """Atomically write the ``document_outputs`` of a chunk's documents (in
    order): pickled and compressed."""
    path = shard_path(state_dir, shard)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(encode_shard(outputs))
    os.replace(tmp, path)


class _SafeUnpickler(pickle.Unpickler):
    """Loads plain data only.  A shard holds dicts, lists, strings, numbers and
    Decimals; anything else (a planted shard naming a callable) is refused, so
    whoever can write to OUT/.state cannot make the next run execute code."""

    _ALLOWED = {("decimal", "Decimal")}

    def find_class(self, module: str, name: str):
        if (module, name) in self._ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"refusing {module}.{name} in a state shard")


def read_shard(state_dir: Path, shard: str) -> list[dict]:
    path = shard_path(state_dir, shard)
    data = path.read_bytes()
    head = len(_SHARD_TAG) + _SIZE.size
    if not data.startswith(_SHARD_TAG) or len(data) < head:
        raise pickle.UnpicklingError(f"{path} is not a shard of this version")
    (size,) = _SIZE.unpack_from(data, len(_SHARD_TAG))
    raw = _codec().decompress(memoryview(data)[head:], size, asbytes=True)
    return _SafeUnpickler(io.BytesIO(raw)).load()


class ShardReader:
    """Outputs of entries, keeping the last few shards loaded (entries come
    mostly in shard order)."""

    def __init__(self, state_dir: Path, keep: int = 2) -> None:
        self.state_dir = state_dir
        self.keep = keep
        self.cache: OrderedDict[str, list[dict]] = OrderedDict()

    def outputs(self, entry: Entry) -> dict:
        shard = self.cache.get(entry.shard)
        if shard is None:
            shard = read_shard(self.state_dir, entry.shard)
            self.cache[entry.shard] = shard
            if len(self.cache) > self.keep:
                self.cache.popitem(last=False)
        else:
            self.cache.move_to_end(entry.shard)
        return shard[entry.index]


class State:
    """The shard store and manifest of one output folder."""

    def __init__(self, output: Path, fp: str) -> None:
        self.dir = Path(output) / ".state"
        (self.dir / "shards").mkdir(parents=True, exist_ok=True)
        self.fp = fp
        self.manifest = self.dir / "manifest.jsonl"
        self.known: dict[str, tuple[Entry, DocSummary]] = {}
        self._load()

    def _load(self) -> None:
        if not self.manifest.exists():
            return
        with open(self.manifest, encoding="utf-8") as fh:
            for line in fh:
                try:
                    rec = json.loads(line)
                except ValueError:  # a line cut off by a kill
                    continue
                shard = rec["shard"]
                if not shard_path(self.dir, shard).exists():
                    continue
                for i, d in enumerate(rec["docs"]):
                    if d[0]:  # a gap left by compact()
                        self.known[d[0]] = (Entry(shard, i), DocSummary(*d))

    def lookup(self, key: str) -> tuple[Entry, DocSummary] | None:
        return self.known.get(key)

    def record(self, shard: str, summaries: list[DocSummary]) -> None:
        """Append a finished shard to the manifest (after its file is in place)."""
        line = json.dumps({"shard": shard, "docs": [s.to_json() for s in summaries]},
                          ensure_ascii=False)
        with open(self.manifest, "a", encoding="utf-8") as fh:
            fh.write(line + "\n")
            fh.flush()
        for i, s in enumerate(summaries):
            self.known[s.key] = (Entry(shard, i), s)

    def compact(self, used: Iterable[str]) -> None:
        """Forget shards the current tables do not use: rewrite the manifest
        with the used ones, then delete the others."""
        used = set(used)
        tmp = self.manifest.with_name(".manifest.jsonl.tmp")
        by_shard: dict[str, list[tuple[int, DocSummary]]] = {}
        for entry, s in self.known.values():
            if entry.shard in used:
                by_shard.setdefault(entry.shard, []).append((entry.index, s))
        with open(tmp, "w", encoding="utf-8") as fh:
            for shard in sorted(by_shard):
                docs = _pad(by_shard[shard])
                fh.write(json.dumps({"shard": shard, "docs": [d.to_json() for d in docs]},
                                    ensure_ascii=False) + "\n")
        os.replace(tmp, self.manifest)
        for f in (self.dir / "shards").iterdir():
            if f.name.split(".", 1)[0] not in used:
                f.unlink(missing_ok=True)


def _pad(items: list[tuple[int, DocSummary]]) -> list[DocSummary]:
    """Summaries at their shard indexes; documents superseded since leave
    gaps, filled with an empty key that is never looked up."""
    n = max(i for i, _ in items) + 1
    out = [DocSummary("", "", "", "") for _ in range(n)]
    for i, s in items:
        out[i] = s
    return out

"""The resume store loads plain data only: a planted shard cannot run code."""

from __future__ import annotations

import os
import pickle
import zlib
from decimal import Decimal

import pytest

from pipeline.state import encode_shard, read_shard, shard_path, write_shard


def test_shard_round_trip(tmp_path):
    rows = [{"doc_id": "d1", "amount": Decimal("4700000000"), "tokens": [["Алматы", 1]]}]
    (tmp_path / "shards").mkdir()
    write_shard(tmp_path, "s1", rows)
    assert read_shard(tmp_path, "s1") == rows


class _Evil:
    def __reduce__(self):
        return (os.system, ("echo pwned > /dev/null",))


def test_planted_shard_is_refused(tmp_path):
    (tmp_path / "shards").mkdir()
    shard_path(tmp_path, "evil").write_bytes(encode_shard([_Evil()]))
    with pytest.raises(pickle.UnpicklingError, match="refusing"):
        read_shard(tmp_path, "evil")


def test_a_shard_of_an_earlier_version_is_refused(tmp_path):
    """Shards were zlib-compressed before: such a file says what it is (an
    earlier version's keys never match this one's, so a run never reads one)."""
    (tmp_path / "shards").mkdir()
    shard_path(tmp_path, "old").write_bytes(zlib.compress(pickle.dumps([{"doc_id": "d1"}])))
    with pytest.raises(pickle.UnpicklingError, match="not a shard of this version"):
        read_shard(tmp_path, "old")

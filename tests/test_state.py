"""The resume store loads plain data only: a planted shard cannot run code."""

from __future__ import annotations

import os
import pickle
import zlib
from decimal import Decimal

import pytest

from pipeline.state import read_shard, shard_path, write_shard


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
    shard_path(tmp_path, "evil").write_bytes(zlib.compress(pickle.dumps([_Evil()])))
    with pytest.raises(pickle.UnpicklingError, match="refusing"):
        read_shard(tmp_path, "evil")

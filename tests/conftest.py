"""Shared fixtures: one Pipeline per test session (models load once)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def pipe():
    from pipeline.nlp import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def seed_doc(pipe):
    from pipeline.read import read_documents

    docs = list(read_documents(SEEDS))
    assert len(docs) == 1
    return pipe.process(docs)[0]


@pytest.fixture(scope="session")
def nlp(pipe):
    """Process one Russian text with the whole pipeline."""

    def process(text: str):
        return pipe.process_texts([text])[0]

    return process


def needs_shared_data():
    return pytest.mark.skipif(not SHARED_DATA.exists(), reason="../shared/data not present")

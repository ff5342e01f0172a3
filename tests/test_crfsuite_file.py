"""The crfsuite model reader gives the labels, attributes and weights that
python-crfsuite's own dump lists (which rounds the weights to six decimals)."""

from __future__ import annotations

import pycrfsuite
import pytest

from pipeline.crfsuite_file import read_model
from pipeline.stages.ner import LAYERS, LAYERS_KEPT, layer_path


@pytest.mark.parametrize("layer", [*LAYERS, *LAYERS_KEPT])
def test_model_reads_as_crfsuite_dumps_it(layer):
    model = read_model(layer_path(layer))
    tagger = pycrfsuite.Tagger()
    tagger.open(str(layer_path(layer)))
    info = tagger.info()
    assert model.labels == tagger.labels()
    state = {(model.attributes[a], model.labels[b]): w for a, b, w in
             zip(*(model.state[f].tolist() for f in ("src", "dst", "weight")), strict=True)}
    assert state.keys() == info.state_features.keys()
    assert all(abs(state[k] - w) <= 5e-7 for k, w in info.state_features.items())
    assert set(model.attributes) == {a for a, _ in info.state_features}
    index = {label: i for i, label in enumerate(model.labels)}
    assert all(abs(model.transitions[index[a], index[b]] - w) <= 5e-7
               for (a, b), w in info.transitions.items())
    assert (model.transitions != 0).sum() == len(info.transitions)


def test_not_a_model(tmp_path):
    path = tmp_path / "x.crfsuite"
    path.write_bytes(b"\0" * 64)
    with pytest.raises(ValueError, match="not a crfsuite"):
        read_model(path)

"""Universal Dependencies POS tags and features (natasha's slovnet morph model)."""

from __future__ import annotations

from pipeline.config import DEFAULT_BATCH_SIZE
from pipeline.packed import Packed
from pipeline.resources import Resources
from pipeline.stages.batching import SentenceModelStage


class MorphTagger(SentenceModelStage):
    name = "morph"
    requires = ("sentences",)
    assigns = ("tokens.morph",)

    def __init__(self, resources: Resources, batch_size: int = DEFAULT_BATCH_SIZE) -> None:
        super().__init__(resources.packed, batch_size)

    def model(self, packed: Packed) -> list:
        return self.models.morph(packed)

    def apply(self, sent, result) -> None:
        for token, (pos, feats) in zip(sent.tokens, result, strict=True):
            token.pos = pos
            token.feats = dict(feats)

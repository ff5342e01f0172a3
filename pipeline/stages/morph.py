"""Universal Dependencies POS tags and features (natasha's slovnet morph model)."""

from __future__ import annotations

from pipeline.doc import Token
from pipeline.resources import Resources
from pipeline.stages.batching import SentenceModelStage


class MorphTagger(SentenceModelStage):
    name = "morph"

    def __init__(self, resources: Resources, batch_size: int = 64) -> None:
        super().__init__(resources.morph_tagger, batch_size)

    def apply(self, token: Token, result) -> None:
        token.pos = result.pos
        token.feats = dict(result.feats)

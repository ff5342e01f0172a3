"""Universal Dependencies heads and relations (natasha's slovnet syntax model)."""

from __future__ import annotations

from pipeline.config import DEFAULT_BATCH_SIZE
from pipeline.packed import Packed
from pipeline.resources import Resources
from pipeline.stages.batching import SentenceModelStage


class SyntaxParser(SentenceModelStage):
    name = "syntax"
    requires = ("sentences",)
    assigns = ("tokens.syntax",)

    def __init__(self, resources: Resources, batch_size: int = DEFAULT_BATCH_SIZE) -> None:
        super().__init__(resources.packed, batch_size)

    def model(self, packed: Packed) -> list:
        return self.models.syntax(packed)

    def apply(self, sent, result) -> None:
        heads, rels = result
        for token, head, rel in zip(sent.tokens, heads, rels, strict=True):
            token.head = head
            token.rel = rel

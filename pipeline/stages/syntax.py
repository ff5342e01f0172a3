"""Universal Dependencies heads and relations (natasha's slovnet syntax model)."""

from __future__ import annotations

from pipeline.doc import Token
from pipeline.resources import Resources
from pipeline.stages.batching import SentenceModelStage


class SyntaxParser(SentenceModelStage):
    name = "syntax"

    def __init__(self, resources: Resources, batch_size: int = 64) -> None:
        super().__init__(resources.syntax_parser, batch_size)

    def apply(self, token: Token, result) -> None:
        token.head = int(result.head_id)
        token.rel = result.rel

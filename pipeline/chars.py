"""Character classes shared by layers that must agree without importing each
other: the segmenter (:mod:`pipeline.stages.segment`) breaks sentences at
control characters and the writers (:mod:`pipeline.write.safe`) strip them from
every cell, so no token, mention or money text ever holds one and the offset
invariant survives the stripping."""

from __future__ import annotations

# A regex character class body: C0 other than tab, LF and CR; DEL; C1.
CONTROL_CHARS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"

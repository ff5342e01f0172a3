"""Bodies named by a common word and their place: «американские власти»,
«властями Таиланда», «британское правительство», «парламента Эстонии»,
«португальской сборной».

NEREL marks such a phrase an ORGANIZATION (and the place in it a place of its
own, the body's HEADQUARTERED_IN); the ORG layer, which weighs the common
word in context, leaves some out.  This stage adds an ORG mention on a word
of :data:`BODY_WORDS` with a LOC mention right before it (a place
adjective) or right after it (a place in the genitive) where no ORG mention
overlaps the two.

Chosen on NEREL train (the layers out of fold): of such phrases with no ORG
mention, NEREL's ORGANIZATION for «власти» 18 times and not 7, «правительство»
11 and 6, «парламент» 7 and 1, «сборная» 8 and 4, «администрация» 4 and 2,
«посольство» 3 and 1; left out: «суд» (7 and 47), «армия» (2 and 5),
«войска» (5 and 4), «прокуратура» (4 and 4), «силы» (none of 18).  Out of
fold ORG exact-span F1 0.7989 → 0.8008 (token 0.8576 → 0.8599);
HEADQUARTERED_IN cross-validated 0.7165 → 0.7257.
"""

from __future__ import annotations

from pipeline.doc import Document
from pipeline.labels import LOC, ORG
from pipeline.stages import Stage
from pipeline.stages.ner import mention_from_tokens

SOURCE = "place_body"
BODY_WORDS = frozenset({"власть", "правительство", "парламент", "сборная", "администрация", "посольство"})


class PlaceBodies(Stage):
    name = "place_bodies"
    requires = ("tokens.lemma", "mentions.names", "mentions.place_adjectives", "mentions.latin_places")
    assigns = ("mentions.place_bodies",)

    def __call__(self, doc: Document) -> Document:
        places: dict[int, list[tuple[int, int]]] = {}
        bodies: dict[int, list[tuple[int, int]]] = {}
        for m in doc.mentions:
            if m.tok_start >= 0 and m.type in (LOC, ORG):
                spans = places if m.type == LOC else bodies
                spans.setdefault(m.sent_idx, []).append((m.tok_start, m.tok_stop))
        for i, here in places.items():
            sent = doc.sentences[i]
            for k, t in enumerate(sent.tokens):
                if t.lemma.lower() not in BODY_WORDS:
                    continue
                for a, b in here:
                    if b == k or a == k + 1:
                        x, y = min(a, k), max(b, k + 1)
                        if not any(c < y and x < d for c, d in bodies.get(i, ())):
                            doc.add_mention(mention_from_tokens(doc, sent, i, x, y, ORG, SOURCE))
                            bodies.setdefault(i, []).append((x, y))
                        break
        return doc

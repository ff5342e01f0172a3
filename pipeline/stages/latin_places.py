"""Places named in Latin letters: «Chicago Bulls», «The Washington Post»,
«Bank of New York», «USA Today».

Russian news quotes the names of foreign teams, papers and firms as they are
written, and NEREL marks the place in them a place of its own, nested in the
organization («Chicago» CITY in «Chicago Bulls» ORGANIZATION), as it does
in Russian names.  The NER layers, trained on Cyrillic text, leave most of
them out.  This stage adds a LOC mention on each run of Latin words that is
a place name of ``geo-latin.tsv`` (:func:`pipeline.geo.latin_places`: the
longest at each word, left to right) where no mention has exactly its span,
no person's name holds it («Paris Hilton») and no place overlaps it (the
layers' «'Philadelphia» of «''Philadelphia Flyers''»); the places stage gives
it its kind.

Chosen on NEREL train: of such runs no mention had, 59 were NEREL's places
and 18 not («Good Charlotte», «Nice Matin»), with the towns of 300 000 people
or more in the table (``pipeline.train.geo``'s ``LATIN_MIN_POPULATION``);
out of fold (every layer fit on the other folds) LOC exact-span F1 0.9160 →
0.9195, token 0.9242 → 0.9282 (0.9197 and 0.9283 with a second place on
the overlapping ones, left out: one place per name reads better).  factRuEval
dev, whose ORG names hold no place, gains one wrong LOC («Asia» of «Bank of
East Asia»).
"""

from __future__ import annotations

from pipeline.doc import Document
from pipeline.geo import latin_places
from pipeline.labels import LOC, PER
from pipeline.stages import Stage
from pipeline.stages.ner import mention_from_tokens

SOURCE = "latin_place"


def _latin(word: str) -> bool:
    return word.isascii() and word[:1].isalpha()


class LatinPlaces(Stage):
    name = "latin_places"
    requires = ("mentions.names", "mentions.types", "mentions.roles", "mentions.type_words",
                "mentions.place_adjectives")
    assigns = ("mentions.latin_places",)

    def __init__(self, names: dict[str, str] | None = None) -> None:
        self.names = latin_places() if names is None else names
        self.longest = max((len(name.split()) for name in self.names), default=0)

    def __call__(self, doc: Document) -> Document:
        taken = {m.span for m in doc.mentions}
        people = [m.span for m in doc.mentions if m.type == PER]
        places = [m.span for m in doc.mentions if m.type == LOC]
        for i, sent in enumerate(doc.sentences):
            tokens, k = sent.tokens, 0
            while k < len(tokens):
                n = self._place_at(doc.text, tokens, k)
                if n:
                    a, b = tokens[k].start, tokens[k + n - 1].stop
                    if ((a, b) not in taken and not any(x <= a and b <= y for x, y in people)
                            and not any(x < b and a < y for x, y in places)):
                        doc.add_mention(mention_from_tokens(doc, sent, i, k, k + n, LOC, SOURCE))
                k += n or 1
        return doc

    def _place_at(self, text: str, tokens, k: int) -> int:
        """How many tokens from ``k`` on name a place of the table (the
        longest such run; 0 for none)."""
        n = 0
        while k + n < len(tokens) and n < self.longest and _latin(tokens[k + n].text):
            n += 1
        for m in range(n, 0, -1):
            if text[tokens[k].start:tokens[k + m - 1].stop] in self.names:
                return m
        return 0

"""Who «он» or «она» is, for an event: PARTICIPANT_IN across sentences.

News tell the rest of a story of its person: «Ли Куан Ю … В начале февраля
он был госпитализирован», «Гидеон Ю … Он покинул компанию три месяца
назад».  The NEREL relation stage pairs mentions within a sentence, so such
an event has no participant, and events.csv none to show.  This stage gives
one: an EVENT mention in a sentence naming no person, whose verb (the event's
own or the one it hangs on, at most three steps up the tree) has «он» or
«она» for its subject, gets PARTICIPANT_IN from the person of the nearest
earlier sentence that names people, at most :data:`MAX_SENTENCES` back, when
that sentence names exactly one mention of a person of the pronoun's gender
(by the morphology of the name's head).

Out of fold over NEREL train (the pipeline's own mentions, every layer and
table fit on the other folds): 79 relations, 31 of them NEREL's (39 %), where
a relation must be right 22 % of the time (half PARTICIPANT_IN's
cross-validated F1, 0.4325) to raise it: 0.4325 → 0.4368.  With two
people of that gender in the sentence 0 of 9 were right; a verb with no
subject at all (the pronoun dropped), 24 of 125; a pronoun three sentences
after its person, 2 of 9.  NEREL leaves many such events without a
participant («В 2002 году он был назначен министром»), so its count is the
floor of what an analyst finds right.
"""

from __future__ import annotations

from pipeline.doc import Document, Mention, Relation, Token
from pipeline.labels import EVENT, PARTICIPANT_IN, PER
from pipeline.stages import Stage
from pipeline.stages.features import mention_head, span_head

SOURCE = "pronoun"
MAX_SENTENCES = 2  # farthest back the person may be named
CONFIDENCE = 0.39  # the rule's share right out of fold over NEREL train (31 of 79)
PRONOUNS = {"он": "Masc", "она": "Fem"}
UP = 3  # steps up the tree from the event's head to its verb


def pronoun_subject(tokens: list[Token], i: int) -> str | None:
    """The gender of the «он» / «она» subject of the verb of token ``i`` (the
    token itself or the verb it hangs on), None when there is none."""
    for _ in range(UP):
        if tokens[i].pos in ("VERB", "AUX") or tokens[i].head == 0:
            break
        i = tokens[i].head - 1
    if tokens[i].pos != "VERB":
        return None
    subjects = [t for t in tokens if t.head - 1 == i and t.rel.startswith("nsubj")]
    return PRONOUNS.get(subjects[0].lemma.lower()) if subjects else None


def pronoun_participants(doc: Document) -> list[tuple[Mention, Mention]]:
    """(person, event) of each event told of «он» / «она» (module docstring)."""
    people = sorted((m for m in doc.mentions if m.type == PER and m.tok_start >= 0), key=lambda m: m.start)
    named = {p.sent_idx for p in people}
    out = []
    for event in doc.mentions:
        if event.type != EVENT or event.tok_start < 0 or event.sent_idx in named:
            continue
        tokens = doc.sentences[event.sent_idx].tokens
        gender = pronoun_subject(tokens, span_head(tokens, event.tok_start, event.tok_stop))
        before = [p for p in people if p.sent_idx < event.sent_idx]
        if gender is None or not before or event.sent_idx - before[-1].sent_idx > MAX_SENTENCES:
            continue
        alike = [p for p in before if p.sent_idx == before[-1].sent_idx
                 and mention_head(doc, p).feats.get("Gender") == gender]
        if len(alike) == 1:
            out.append((alike[0], event))
    return out


class PronounParticipants(Stage):
    name = "pronoun_participants"
    requires = ("tokens.morph", "tokens.lemma", "tokens.syntax", "mentions.names", "mentions.types",
                "mentions.type_words", "mentions.repeats", "mentions.event_words")
    assigns = ("relations.pronouns",)

    def __call__(self, doc: Document) -> Document:
        for person, event in pronoun_participants(doc):
            doc.add_relation(Relation(PARTICIPANT_IN, person.mention_id, event.mention_id, event.sent_idx,
                                      CONFIDENCE, source=SOURCE))
        return doc

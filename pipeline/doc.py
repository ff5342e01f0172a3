"""The document model that flows through the stages.

A :class:`Document` carries the whole decoded source text; every offset
(sentences, tokens, mentions) indexes that text, so
``doc.text[m.start:m.stop] == m.text`` always holds.  Stages add to a
document and return it; they never touch files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from pipeline.gazetteer import place_adjective
from pipeline.labels import ROLE

STATUS_OK, STATUS_ERROR, STATUS_SKIPPED = "ok", "error", "skipped"


@dataclass(slots=True)
class Token:
    start: int
    stop: int
    text: str
    lemma: str = ""
    pos: str = ""
    feats: dict[str, str] = field(default_factory=dict)
    head: int = 0  # 1-based index of the head in the sentence, 0 = root
    rel: str = ""

    @property
    def feats_str(self) -> str:
        """UD FEATS column: ``Case=Nom|Gender=Masc`` (sorted), ``_`` when empty."""
        if not self.feats:
            return ""
        return "|".join(map("=".join, sorted(self.feats.items())))  # keys are unique: sorted by key


@dataclass(slots=True)
class Sentence:
    start: int
    stop: int
    text: str
    tokens: list[Token] = field(default_factory=list)
    # Tags of the CRF layers the ner stage runs for a later stage (the
    # other-types layer, read and dropped by the types stage), per layer.
    layer_tags: dict[str, list[str]] = field(default_factory=dict)


@dataclass(slots=True)
class Mention:
    """An entity mention.  Mentions may nest (an ORG holding a LOC)."""

    start: int
    stop: int
    text: str
    type: str
    sent_idx: int = -1
    mention_id: str = ""
    normal: str = ""
    entity_id: str = ""
    source: str = ""  # which stage or rule produced it (ner, rule, money, ...)
    first: str = ""
    middle: str = ""
    last: str = ""
    tok_start: int = -1  # token indexes in the sentence, half-open
    tok_stop: int = -1
    kind: str = ""  # a LOC's NEREL place type (pipeline.labels.PLACE_KINDS)

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.stop


def fullest_name(names: dict[str, int]) -> str:
    """An entity's name from its mentions' normal forms (-> count): the
    fullest; among equals the most frequent, then the longest, then alphabetical."""
    return max(names, key=lambda n: (len(n.split()), names[n], len(n), n))


def entity_names(doc: Document) -> dict[str, str]:
    """entity_id -> its name in the document: the most frequent normal form
    among the fullest ones (most words), an abbreviation last («Россия», not
    «РФ»), a place adjective after every name («США», not «американский»); a
    shorter one among equals.  Posts are named by their mentions."""
    counts: dict[str, dict[str, int]] = {}
    for m in doc.mentions:
        if m.entity_id and m.type != ROLE:
            forms = counts.setdefault(m.entity_id, {})
            forms[m.normal] = forms.get(m.normal, 0) + 1
    return {eid: max(forms, key=lambda n: (not place_adjective(n), len(n.split()), not n.isupper(), forms[n],
                                           -len(n), n))
            for eid, forms in counts.items()}


@dataclass(slots=True)
class Money:
    """Value of a MONEY mention (same ``mention_id``)."""

    mention_id: str
    amount: Decimal | None
    currency: str
    amount_max: Decimal | None = None
    # What a word before the amount says of it: "" (as is), "approx", "more_than",
    # "less_than" or "up_to" (pipeline.stages.money.QUALIFIERS); never in the span.
    qualifier: str = ""


@dataclass(slots=True)
class TimeValue:
    """Value of a DATE or TIME mention (same ``mention_id``): a TIMEX3 value.

    ``value`` is the start of a range, ``value_end`` its end (else empty);
    ``kind`` and ``anchor`` take the values of :mod:`pipeline.labels`
    (``point``/``range``/``duration``/``set``; ``absolute``/``published``/``none``).
    With ``anchor`` ``none`` (a relative date, no document date) ``value`` is empty.
    """

    mention_id: str
    value: str
    value_end: str = ""
    kind: str = "point"
    anchor: str = "absolute"


@dataclass(slots=True)
class Quantity:
    """Value of a PERCENT, AGE, NUMBER or ORDINAL mention (same ``mention_id``)."""

    mention_id: str
    value: float | None
    value_max: float | None = None  # upper bound of a range («от 3 до 5 %»)


@dataclass(slots=True)
class RolePart:
    """One post of a ROLE mention.  ``post`` is the post alone in the nominative
    («заместитель акима»), ``full`` the part's whole normal form («заместитель
    акима города Алматы»), ``places`` the mention ids of the ORG/LOC mentions of
    the part it is of, the body or place it belongs to first."""

    post: str
    full: str
    places: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Role:
    """What a ROLE mention (same ``mention_id``) names: ``name`` its whole normal
    form without a sentence-initial capital, ``parts`` its posts, one per
    dash-joined part («член правительства Санкт-Петербурга – председатель
    комитета ...» has two)."""

    mention_id: str
    name: str
    parts: list[RolePart]


@dataclass(slots=True)
class Event:
    """What an EVENT mention (same ``mention_id``) says of when, where and who:
    ``date_mention_id`` a DATE or TIME mention and ``date_value`` its TIMEX3
    value, ``place_mention_id`` a place mention and ``place`` its name,
    ``participants`` the names of those taking part and
    ``participant_entity_ids`` their entity ids (one per participant: a
    post's holder's, else the post's own); :mod:`pipeline.stages.events`."""

    mention_id: str
    date_mention_id: str = ""
    date_value: str = ""
    place_mention_id: str = ""
    place: str = ""
    participants: list[str] = field(default_factory=list)
    participant_entity_ids: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Relation:
    type: str
    subj: str  # mention_id
    obj: str  # mention_id
    sent_idx: int
    confidence: float = 1.0
    relation_id: str = ""
    source: str = ""


@dataclass(slots=True)
class Document:
    doc_id: str
    text: str
    source: str = ""
    format: str = ""
    encoding: str = ""
    title: str = ""
    published_at: str = ""
    author: str = ""
    url: str = ""
    # Character ranges of ``text`` that hold prose (title and body).  Metadata
    # lines are outside them and are never segmented or tagged.
    regions: list[tuple[int, int]] = field(default_factory=list)
    status: str = STATUS_OK
    error: str = ""
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    money: list[Money] = field(default_factory=list)
    dates: list[TimeValue] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    content_hash: str = ""
    # Something odd that did not stop processing (bytes replaced, header fields
    # missing); ``error`` holds why a document was not processed.
    warning: str = ""

    @property
    def ok(self) -> bool:
        return self.status == STATUS_OK

    @property
    def n_tokens(self) -> int:
        return sum(len(s.tokens) for s in self.sentences)

    def mention(self, mention_id: str) -> Mention:
        for m in self.mentions:
            if m.mention_id == mention_id:
                return m
        raise KeyError(mention_id)

    def add_mention(self, mention: Mention) -> Mention:
        """Append a mention and give it the next id of this document."""
        mention.mention_id = f"{self.doc_id}:M{len(self.mentions) + 1}"
        self.mentions.append(mention)
        return mention

    def add_relation(self, relation: Relation) -> Relation | None:
        """Append a relation unless the same (type, subj, obj) is there already."""
        subj, obj, rtype = relation.subj, relation.obj, relation.type
        for r in self.relations:
            if r.subj == subj and r.obj == obj and r.type == rtype:
                r.confidence = max(r.confidence, relation.confidence)
                return None
        relation.relation_id = f"{self.doc_id}:R{len(self.relations) + 1}"
        self.relations.append(relation)
        return relation

    def sentence_of(self, start: int) -> int:
        """Index of the sentence holding character ``start`` (-1 if none)."""
        for i, s in enumerate(self.sentences):
            if s.start <= start < s.stop:
                return i
        return -1

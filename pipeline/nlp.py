"""The language layer: the stages in order and :class:`Pipeline`, which runs
them over batches of documents.  No files, workers or tables here: the
engines (:mod:`pipeline.engines`) run a Pipeline over a corpus, eval and
train use it on texts.

Each stage declares the document facets it reads and adds
(:data:`pipeline.stages.FACETS`).  A pipeline is checked when it is built: a
stage placed before the stage that adds a facet it reads is an error.
:func:`resolve` turns a chosen set of stages (``--stages``) into those stages
plus every stage they need, in pipeline order.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from pipeline.config import DEFAULT_BATCH_SIZE
from pipeline.doc import STATUS_ERROR, Document
from pipeline.resources import Resources, shared
from pipeline.stages import Stage
from pipeline.stages.dates import DateStage
from pipeline.stages.event_links import EventLinks
from pipeline.stages.event_words import EventWords
from pipeline.stages.events import EventStage
from pipeline.stages.facilities import FacilityFinder
from pipeline.stages.inner_bodies import InnerBodies
from pipeline.stages.inner_posts import InnerPosts
from pipeline.stages.latin_places import LatinPlaces
from pipeline.stages.lemma import Lemmatizer
from pipeline.stages.link import Linker
from pipeline.stages.money import MoneyStage
from pipeline.stages.morph import MorphTagger
from pipeline.stages.ner import NERTagger
from pipeline.stages.nerel_relations import NerelRelations
from pipeline.stages.normal import Normalizer
from pipeline.stages.org_words import OrgWords
from pipeline.stages.place_adjectives import PlaceAdjectives
from pipeline.stages.place_bodies import PlaceBodies
from pipeline.stages.places import PlaceKinds
from pipeline.stages.pronoun_participants import PronounParticipants
from pipeline.stages.quantities import QuantityStage
from pipeline.stages.relations import RelationExtractor
from pipeline.stages.repeats import RepeatMentions
from pipeline.stages.roles import PostSplitter, RoleTagger
from pipeline.stages.segment import Segmenter
from pipeline.stages.syntax import SyntaxParser
from pipeline.stages.time_relations import TimeRelations
from pipeline.stages.type_words import TypeWords
from pipeline.stages.types import TypesTagger

# The stages in order, each with how to build it from the shared resources and
# the batch size (built only when a pipeline runs it: building loads models).
STAGES: dict[type[Stage], Callable[[Resources, int], Stage]] = {
    Segmenter: lambda resources, batch_size: Segmenter(),
    MorphTagger: MorphTagger,
    Lemmatizer: lambda resources, batch_size: Lemmatizer(resources),
    SyntaxParser: SyntaxParser,
    DateStage: lambda resources, batch_size: DateStage(),
    NERTagger: NERTagger,
    MoneyStage: lambda resources, batch_size: MoneyStage(),
    QuantityStage: lambda resources, batch_size: QuantityStage(),
    TypesTagger: lambda resources, batch_size: TypesTagger(),
    RoleTagger: lambda resources, batch_size: RoleTagger(),
    FacilityFinder: lambda resources, batch_size: FacilityFinder(),
    TypeWords: lambda resources, batch_size: TypeWords(),
    PlaceAdjectives: lambda resources, batch_size: PlaceAdjectives(),
    LatinPlaces: lambda resources, batch_size: LatinPlaces(),
    PlaceBodies: lambda resources, batch_size: PlaceBodies(),
    OrgWords: lambda resources, batch_size: OrgWords(),
    RepeatMentions: lambda resources, batch_size: RepeatMentions(),
    EventWords: lambda resources, batch_size: EventWords(),
    Normalizer: lambda resources, batch_size: Normalizer(resources),
    PlaceKinds: lambda resources, batch_size: PlaceKinds(),
    Linker: lambda resources, batch_size: Linker(),
    NerelRelations: lambda resources, batch_size: NerelRelations(),
    RelationExtractor: lambda resources, batch_size: RelationExtractor(),
    PostSplitter: lambda resources, batch_size: PostSplitter(),
    TimeRelations: lambda resources, batch_size: TimeRelations(),
    EventLinks: lambda resources, batch_size: EventLinks(resources),
    PronounParticipants: lambda resources, batch_size: PronounParticipants(),
    EventStage: lambda resources, batch_size: EventStage(),
    InnerPosts: lambda resources, batch_size: InnerPosts(resources),
    InnerBodies: lambda resources, batch_size: InnerBodies(resources),
}
STAGE_NAMES = tuple(cls.name for cls in STAGES)


class PipelineError(ValueError):
    """Stages in an order that cannot work, or a stage name that does not exist."""


def check_order(stages: Sequence[type[Stage] | Stage]) -> None:
    """Raise :class:`PipelineError` unless every facet a stage requires is
    assigned by a stage before it."""
    assigned: set[str] = set()
    names = [s.name for s in stages]
    for i, stage in enumerate(stages):
        for facet in stage.requires:
            if facet in assigned:
                continue
            later = [s.name for s in stages[i + 1:] if facet in s.assigns]
            by = (f"'{later[0]}' assigns it after it" if later else
                  f"add a stage that assigns it: {_assigners(facet) or 'none exists'}")
            raise PipelineError(f"stage '{stage.name}' requires '{facet}', which no stage before "
                                f"it assigns ({by}); order: {', '.join(names)}")
        assigned.update(stage.assigns)


def _assigners(facet: str) -> str:
    return ", ".join(f"'{cls.name}'" for cls in STAGES if facet in cls.assigns)


def resolve(names: Iterable[str]) -> tuple[str, ...]:
    """The stages ``names`` and every stage they need (by their ``requires``),
    in pipeline order; all stages when ``names`` is empty."""
    wanted = set(names)
    unknown = sorted(wanted - set(STAGE_NAMES))
    if unknown:
        raise PipelineError(f"unknown stage(s): {', '.join(unknown)}; "
                            f"valid: {', '.join(STAGE_NAMES)}")
    if not wanted:
        return STAGE_NAMES
    for cls in reversed(STAGES):  # a stage needs only stages before it
        if cls.name in wanted:
            wanted.update(c.name for c in STAGES for facet in cls.requires if facet in c.assigns)
    return tuple(n for n in STAGE_NAMES if n in wanted)


def build_stages(resources: Resources, batch_size: int = DEFAULT_BATCH_SIZE,
                 names: Iterable[str] = ()) -> list[Stage]:
    """The stages ``names`` and those they need (all when empty), built."""
    chosen = set(resolve(names))
    return [make(resources, batch_size) for cls, make in STAGES.items() if cls.name in chosen]


@dataclass
class Pipeline:
    """The stages, ready to run.  ``names`` picks stages (with those they
    need; empty = all) when ``stages`` is not given.  ``timings`` adds up
    seconds per stage."""

    resources: Resources = field(default_factory=shared)
    batch_size: int = DEFAULT_BATCH_SIZE
    stages: list[Stage] = field(default_factory=list)
    names: tuple[str, ...] = ()
    timings: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.stages:
            self.stages = build_stages(self.resources, self.batch_size, self.names)
        check_order(self.stages)

    def process(self, docs: Iterable[Document]) -> list[Document]:
        """Run every stage over a batch; a document whose stage fails is marked
        ``error`` and the rest of the batch goes on."""
        docs = list(docs)
        for stage in self.stages:
            t = time.perf_counter()
            try:
                docs = stage.pipe(docs)
            except Exception:  # one bad document must not sink the batch
                docs = [self._one_by_one(stage, d) for d in docs]
            self.timings[stage.name] = self.timings.get(stage.name, 0.0) + time.perf_counter() - t
        return docs

    @staticmethod
    def _one_by_one(stage: Stage, doc: Document) -> Document:
        if not doc.ok:
            return doc
        try:
            return stage.pipe([doc])[0]
        except Exception as e:  # noqa: BLE001 - reported in documents.csv
            doc.status, doc.error = STATUS_ERROR, f"{stage.name} failed: {type(e).__name__}: {e}"
            doc.sentences, doc.mentions, doc.money, doc.relations = [], [], [], []
            doc.dates, doc.quantities, doc.roles = [], [], []
            return doc

    def process_texts(self, texts: list[str], doc_ids: list[str] | None = None) -> list[Document]:
        """Convenience for callers with plain strings (eval, notebooks)."""
        ids = doc_ids or [f"doc{i}" for i in range(len(texts))]
        docs = [Document(i, t, regions=[(0, len(t))]) for i, t in zip(ids, texts, strict=True)]
        return self.process(docs)

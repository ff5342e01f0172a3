"""Systems under evaluation: plain natasha and the project pipeline.

Each system turns gold documents' texts into lists of :class:`Span` (type,
offsets, normal form, entity id).  natasha's predictions do not change between
runs, so they are cached in ``<out>/cache/natasha-<dataset>.json`` keyed by a
hash of each text.
"""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import replace
from pathlib import Path

from pipeline.corpus import corpus_entities, group_entities
from pipeline.eval.convention import factru_view
from pipeline.eval.ner import Span, norm_name
from pipeline.labels import FAC, LOC, MONEY, ORG, PER, ROLE


def _hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class NatashaSystem:
    """natasha exactly as in its README: Segmenter, NewsMorphTagger, NewsNERTagger.

    Normal forms come from ``span.normalize(morph_vocab)``.  natasha has no
    linking: as a string-match baseline, mentions of one type with the same
    normal form (case-insensitive) form one entity.
    """

    name = "natasha"
    types = (PER, ORG, LOC)
    version = "natasha-1.6.0/news-ner/v1"

    def __init__(self, cache_dir: Path | None = None):
        self.cache_dir = cache_dir
        self._models = None

    def _load(self):
        if self._models is None:
            from natasha import MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter

            emb = NewsEmbedding()
            self._models = (Segmenter(), NewsMorphTagger(emb), NewsNERTagger(emb), MorphVocab())
        return self._models

    def predict_text(self, text: str) -> list[Span]:
        from natasha import Doc

        segmenter, morph_tagger, ner_tagger, morph_vocab = self._load()
        doc = Doc(text)
        doc.segment(segmenter)
        doc.tag_morph(morph_tagger)
        doc.tag_ner(ner_tagger)
        out = []
        for s in doc.spans:
            try:
                s.normalize(morph_vocab)
                normal = s.normal or s.text
            except Exception:  # normalization must not break the evaluation
                normal = s.text
            out.append(Span(s.start, s.stop, s.type, s.text, normal))
        return out

    def predict(self, dataset: str, docs, progress: bool = False) -> list[list[Span]]:
        cache: dict = {}
        path = self.cache_dir / f"natasha-{dataset}.json" if self.cache_dir else None
        if path and path.exists():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                if data.get("version") == self.version:
                    cache = data["docs"]
            except (ValueError, KeyError):
                cache = {}
        out, dirty = [], False
        for i, d in enumerate(docs):
            h = _hash(d.text)
            hit = cache.get(d.doc_id)
            if hit and hit["hash"] == h:
                spans = [Span(a, b, t, d.text[a:b], n) for a, b, t, n in hit["spans"]]
            else:
                spans = self.predict_text(d.text)
                cache[d.doc_id] = {"hash": h, "spans": [[s.start, s.stop, s.type, s.normal] for s in spans]}
                dirty = True
            if progress and (i + 1) % 20 == 0:
                print(f"  natasha {dataset}: {i + 1}/{len(docs)}", file=sys.stderr)
            for s in spans:
                s.entity_id = f"{s.type}:{norm_name(s.normal or s.text)}"
            out.append(spans)
        if path and dirty:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps({"version": self.version, "docs": cache}, ensure_ascii=False),
                            encoding="utf-8")
        return out


class ProjectSystem:
    """The project pipeline: ``pipeline.nlp.Pipeline().process_texts``."""

    name = "project"
    types = (PER, ORG, LOC, FAC, MONEY, ROLE)
    chunk = 16  # documents per process_texts call

    def __init__(self, pipeline=None):
        if pipeline is None:
            from pipeline.nlp import Pipeline

            pipeline = Pipeline()
        self.pipe = pipeline
        # Span id -> its span under factRuEval's convention, or None when
        # factRuEval would not mark it (see ``pipeline.eval.convention``).
        self.factru: dict[str, tuple[int, int, str] | None] = {}
        # Data set -> entity_id -> the canonical id the corpus step gives it
        # over that data set's documents (``pipeline.corpus``).
        self.canonical: dict[str, dict[str, str]] = {}

    def spans_of(self, doc) -> list[Span]:
        if getattr(doc, "status", "ok") != "ok":
            print(f"  project: {doc.doc_id}: {doc.status} {getattr(doc, 'error', '')}", file=sys.stderr)
        out = []
        if getattr(doc, "sentences", None):
            self.factru.update(factru_view(doc, doc.mentions))
        for i, m in enumerate(doc.mentions):
            out.append(Span(m.start, m.stop, m.type, m.text, m.normal or "",
                            m.entity_id or f"_m{i}", m.mention_id or f"m{i}"))
        return out

    def predict(self, dataset: str, docs, progress: bool = False) -> list[list[Span]]:
        by_id = {}
        for i in range(0, len(docs), self.chunk):
            part = docs[i:i + self.chunk]
            for r in self.pipe.process_texts([d.text for d in part], [d.doc_id for d in part]):
                by_id[r.doc_id] = r
            if progress:
                print(f"  project {dataset}: {min(i + self.chunk, len(docs))}/{len(docs)}",
                      file=sys.stderr)
        self.canonical[dataset] = group_entities(corpus_entities(by_id.values())).canonical
        return [self.spans_of(by_id[d.doc_id]) if d.doc_id in by_id else [] for d in docs]


def factru_convention(project: ProjectSystem, preds: list[list[Span]]) -> list[list[Span]]:
    """The project's predictions under factRuEval's convention (place
    adjectives, places and legal forms inside names, generic bodies: see
    :mod:`pipeline.eval.convention`)."""
    return [convention_spans(project.factru, spans) for spans in preds]


def convention_spans(view: dict[str, tuple[int, int, str] | None], spans: list[Span]) -> list[Span]:
    """``spans`` changed as ``view`` (:func:`pipeline.eval.convention.factru_view`
    of their mentions) says; a facility is a place, as factRuEval has no facilities."""
    kept = []
    for s in spans:
        if s.type == FAC:
            kept.append(replace(s, type=LOC))
        elif s.id not in view:
            kept.append(s)
        elif (marked := view[s.id]) is not None:
            a, b, kind = marked
            kept.append(Span(a, b, kind, "", s.normal, s.entity_id, s.id))
    return kept


def load_project(verbose: bool = True):
    """The project system, or None (with a note) when ``pipeline.nlp`` is not there yet."""
    try:
        return ProjectSystem()
    except ImportError as e:
        if verbose:
            print(f"note: project pipeline not available ({e}); evaluating natasha only",
                  file=sys.stderr)
        return None

"""Count how often NEREL nests what the nested stages would add.

``python -m pipeline.train.nested [--data DIR] [--cache DIR]`` runs the
candidates of :mod:`pipeline.stages.inner_posts` over the outermost gold
PROFESSION spans of NEREL train and dev (the gold LOC and ORG spans standing
for the NER's) and those of :mod:`pipeline.stages.inner_bodies` over the gold
ORGANIZATION spans, and writes per key how many candidates there were and how
many of them NEREL marks: ``pipeline/data/inner-posts.tsv`` (key: place and
post word; «президента» in «президента США»: 295 of 332 in train, «главы» in
«главы МИД России»: 1 of 197) and ``pipeline/data/inner-bodies.tsv`` (key:
the body word; «правительство» in «правительство Италии» nested, «сборная»
in «сборная России» not).  The stages keep a candidate by these counts.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from pipeline.eval.gold import NEREL_TYPES, data_dir
from pipeline.labels import LOC, ORG
from pipeline.stages.inner_bodies import body_word, inner_body
from pipeline.stages.inner_bodies import shares_path as bodies_path
from pipeline.stages.inner_posts import candidates, post_word
from pipeline.stages.inner_posts import shares_path as posts_path
from pipeline.stages.nested import write_shares
from pipeline.train.ner import outermost
from pipeline.train.types import GoldSentence, load

POST_TYPE, BODY_TYPE = "PROFESSION", "ORGANIZATION"  # NEREL's names of ROLE and ORG


def _token_spans(s: GoldSentence) -> list[tuple[tuple[int, int], str]]:
    """The gold spans of the sentence as token spans, with their raw types."""
    out = []
    for a, b, typ in s.gold:
        inside = [i for i, t in enumerate(s.sent.tokens) if a <= t.start and t.stop <= b]
        if inside:
            out.append(((inside[0], inside[-1] + 1), typ))
    return out


def _counts(seen: Counter, nested: Counter) -> dict:
    return {key: (nested[key], n) for key, n in seen.items()}


def post_counts(sents: list[GoldSentence]) -> dict[tuple[str, str], tuple[int, int]]:
    """(place, post word) -> (nested, seen) over the outermost PROFESSION spans."""
    seen: Counter = Counter()
    nested: Counter = Counter()
    for s in sents:
        spans = _token_spans(s)
        owners = [span for span, t in spans if NEREL_TYPES.get(t) in (LOC, ORG)]
        posts = {span for span, t in spans if t == POST_TYPE}
        for a, b in outermost(list(posts)):
            for c in candidates(s.sent.tokens, a, b, owners):
                key = (c.place, post_word(s.sent.tokens[c.word]))
                seen[key] += 1
                nested[key] += c.span in posts
    return _counts(seen, nested)


def body_counts(sents: list[GoldSentence]) -> dict[str, tuple[int, int]]:
    """Body word -> (nested, seen) over the ORGANIZATION spans."""
    seen: Counter = Counter()
    nested: Counter = Counter()
    for s in sents:
        spans = _token_spans(s)
        places = [span for span, t in spans if NEREL_TYPES.get(t) == LOC]
        bodies = {span for span, t in spans if t == BODY_TYPE}
        for a, b in bodies:
            span = inner_body(s.sent.tokens, a, b, places)
            if span is not None:
                key = body_word(s.sent.tokens, span)
                seen[key] += 1
                nested[key] += span in bodies
    return _counts(seen, nested)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pipeline.train.nested", description=__doc__.split("\n")[0])
    ap.add_argument("--data", help="gold data folder (default: ../shared/data)")
    ap.add_argument("--cache", help="folder for pickles of the tagged sentences (reused when present)")
    args = ap.parse_args(argv)
    data, cache = data_dir(args.data), Path(args.cache) if args.cache else None
    sents = load("nerel-train", data, cache) + load("nerel-dev", data, cache)
    for counts, path in ((post_counts(sents), posts_path()), (body_counts(sents), bodies_path())):
        write_shares(counts, path)
        print(f"{path} ({len(counts)} keys, {sum(n for n, _ in counts.values())} nested "
              f"of {sum(m for _, m in counts.values())} candidates)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

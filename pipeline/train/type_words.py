"""Write ``pipeline/data/type-words.tsv``: the words NEREL marks as a type alone.

``python -m pipeline.train.type_words [--data DIR] [--cache DIR]`` counts,
over NEREL train and dev, how often the lemmas of each phrase of one or two
words (MAX_WORDS) are alone a gold mention of each of
:data:`pipeline.stages.type_words.WORD_TYPES` and how often they occur, and
keeps those whose most frequent such type reaches MIN_SEEN times in
MIN_DOCS documents and MIN_SHARE of their occurrences: lines ``lemmas
<TAB> type <TAB> times that type <TAB> times seen``.

MIN_SHARE, MIN_SEEN and MIN_DOCS were chosen by 3-fold cross-validation
over NEREL train by document, the table fit on two folds and every CRF
layer of the pipeline out of fold, exact-span micro F1 over all NEREL types
on the third (EVENT token F1 in brackets): without the stage 0.7848
(0.528); MIN_SHARE 0.6, MIN_SEEN 2, MIN_DOCS 2 (shipped) 0.7862 (0.538);
MIN_DOCS 1 0.7863; MIN_SHARE 0.5 0.7858 (0.545), 0.7 0.7859; MIN_SEEN 3
0.7859; no EVENT words 0.7861 (0.528); phrases of up to two words
(MAX_WORDS 2, shipped) 0.7866 (0.541), of three 0.7866.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

from pipeline.eval.gold import data_dir
from pipeline.eval.types import nerel_type
from pipeline.labels import ORG
from pipeline.stages.org_words import CAPITALIZED, org_words_path
from pipeline.stages.type_words import MAX_WORDS, MIN_DOCS, MIN_SEEN, MIN_SHARE, WORD_TYPES, words_path
from pipeline.train.types import GoldSentence, load


def word_counts(sents: list[GoldSentence]) -> tuple[dict[str, Counter], dict[tuple[str, str], set]]:
    """Lemmas of a phrase (joined by spaces) -> Counter of the types it is
    alone a gold mention of ("" when none); (lemmas, type) -> the documents
    where it is."""
    out: dict[str, Counter] = defaultdict(Counter)
    docs: dict[tuple[str, str], set] = defaultdict(set)
    for s in sents:
        exact = {(a, b): nerel_type(t) for a, b, t in s.gold}
        tokens = s.sent.tokens
        lemmas = [t.lemma.lower() for t in tokens]
        for n in range(1, MAX_WORDS + 1):
            for k in range(len(tokens) - n + 1):
                key = " ".join(lemmas[k:k + n])
                typ = exact.get((tokens[k].start, tokens[k + n - 1].stop), "")
                out[key][typ] += 1
                docs[(key, typ)].add(s.doc_id)
    return out, docs


def type_words(sents: list[GoldSentence], min_share: float = MIN_SHARE, min_seen: int = MIN_SEEN,
               min_docs: int = MIN_DOCS,
               types: tuple[str, ...] = WORD_TYPES) -> list[tuple[str, str, int, int]]:
    """(lemma, type, times that type, times seen), sorted by lemma."""
    rows = []
    counts, docs = word_counts(sents)
    for lemma, c in counts.items():
        typed = [(n, t) for t, n in c.items() if t in types]
        if not typed or "" in lemma.split(" "):
            continue
        n, typ = max(typed, key=lambda x: (x[0], x[1]))
        seen = sum(c.values())
        if n >= min_seen and n >= min_share * seen and len(docs[(lemma, typ)]) >= min_docs:
            rows.append((lemma, typ, n, seen))
    return sorted(rows)


def org_words(sents: list[GoldSentence]) -> list[tuple[str, int, int, str]]:
    """The phrases :func:`type_words` keeps as an ORGANIZATION (the ``org_words``
    stage's table): (lemmas, times a gold ORGANIZATION, times seen, ``Aa`` when
    more than half of those gold mentions start with a capital letter, else
    ``a``), sorted by lemmas."""
    rows = type_words(sents, types=(ORG,))
    keys = {lemmas for lemmas, *_ in rows}
    capitals: Counter = Counter()
    for s in sents:
        tokens = s.sent.tokens
        starts = {t.start: k for k, t in enumerate(tokens)}
        stops = {t.stop: k for k, t in enumerate(tokens)}
        for a, b, typ in s.gold:
            if nerel_type(typ) == ORG and a in starts and b in stops:
                key = " ".join(t.lemma.lower() for t in tokens[starts[a]:stops[b] + 1])
                if key in keys:
                    capitals[key] += tokens[starts[a]].text[:1].isupper()
    return [(lemmas, n, seen, CAPITALIZED if 2 * capitals[lemmas] > n else "a")
            for lemmas, _, n, seen in rows]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pipeline.train.type_words",
                                 description=__doc__.split("\n")[0])
    ap.add_argument("--data", help="gold data folder (default: ../shared/data)")
    ap.add_argument("--cache", help="folder for pickles of the tagged sentences (reused when present)")
    args = ap.parse_args(argv)
    data, cache = data_dir(args.data), Path(args.cache) if args.cache else None
    sents = load("nerel-train", data, cache) + load("nerel-dev", data, cache)
    rows = type_words(sents)
    words_path().write_text("".join(f"{lemma}\t{typ}\t{n}\t{seen}\n" for lemma, typ, n, seen in rows),
                            encoding="utf-8")
    print(f"{words_path()} ({len(rows)} words: " + ", ".join(
        f"{t} {k}" for t, k in Counter(r[1] for r in rows).most_common()) + ")")
    orgs = org_words(sents)
    org_words_path().write_text("".join("\t".join(map(str, row)) + "\n" for row in orgs), encoding="utf-8")
    print(f"{org_words_path()} ({len(orgs)} phrases, {sum(r[3] == CAPITALIZED for r in orgs)} capitalized)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The pair features of the relation classifiers (pipeline.stages.features) on
a parsed Russian sentence: tree paths, the words and mentions between two
mentions, and the ranks of mentions around another, which the sentence's view
computes once and shares between its pairs."""

from __future__ import annotations

import pytest

from pipeline.doc import Mention
from pipeline.labels import LOC, PER, ROLE
from pipeline.stages.features import SentenceView, _count_rank, _path, _rank, pair_features, tree_rank

TEXT = ("Министры Антон Силуанов и Максим Решетников встретились в Москве с губернатором "
        "Петербурга Александром Бегловым.")


@pytest.fixture(scope="module")
def view(nlp) -> SentenceView:
    doc = nlp(TEXT)
    return SentenceView(doc.sentences[0], [m for m in doc.mentions if m.sent_idx == 0])


def mention(view: SentenceView, text: str, mtype: str) -> Mention:
    return next(m for m in view.mentions if m.text == text and m.type == mtype)


def test_the_sentence_parses_as_the_tests_read_it(view):
    """«Антон Силуанов» is in apposition to «Министры», the subject of
    «встретились»; «Максим» is joined to «Антон»; «в Москве» and «с
    губернатором» hang from the verb."""
    rels = {t.text: (t.rel, view.tokens[t.head - 1].text if t.head else "") for t in view.tokens}
    assert rels["Министры"] == ("nsubj", "встретились") and rels["Антон"] == ("appos", "Министры")
    assert rels["Максим"] == ("conj", "Антон") and rels["Москве"] == ("obl", "встретились")
    assert rels["губернатором"] == ("obl", "встретились")
    assert {(m.text, m.type) for m in view.mentions} >= {
        ("Антон Силуанов", PER), ("Максим Решетников", PER), ("Москве", LOC), ("Петербурга", LOC),
        ("Александром Бегловым", PER), ("губернатором Петербурга", ROLE)}


def test_path_turns_at_the_lowest_common_ancestor(view):
    antony, maxim, moscow = (view.heads[mention(view, t, ty).mention_id] for t, ty in
                             (("Антон Силуанов", PER), ("Максим Решетников", PER), ("Москве", LOC)))
    verb = next(i for i, t in enumerate(view.tokens) if t.text == "встретились")
    # up from «Антон» through «Министры» to the verb, down to «Москве»
    assert _path(view, antony, moscow) == (3, "appos/nsubj^obl", verb)
    assert _path(view, moscow, antony) == (3, "obl^nsubj/appos", verb)
    # «Максим» hangs from «Антон»: one step up, none down
    assert _path(view, maxim, antony) == (1, "conj^", antony)


def test_pair_features_name_the_path_the_verb_and_the_words_between(view):
    s, o = mention(view, "Антон Силуанов", PER), mention(view, "Москве", LOC)
    feats = pair_features(view, s, o)
    assert {"T:PER>LOC", "ord:s<o", "gap:4-6", "PER>LOC|path:appos/nsubj^obl",
            "PER>LOC|lca:встретиться", "PER>LOC|verb_between", "PER>LOC|btw:PER",
            "PER>LOC|sp:", "PER>LOC|op:в", "PER|sl:антон", "LOC|ol:москва"} <= set(feats)


def test_both_orders_of_a_pair_see_the_words_between(view):
    anton, maxim = mention(view, "Антон Силуанов", PER), mention(view, "Максим Решетников", PER)
    there, back = pair_features(view, anton, maxim), pair_features(view, maxim, anton)
    assert {"gw:и", "PER>PER|gseq:и"} <= set(there) & set(back)
    assert "ord:s<o" in there and "ord:o<s" in back and "PER>PER|parent:conj" in back


def test_ranks_count_the_nearer_mentions_of_a_type_on_each_side(view):
    moscow, piter = mention(view, "Москве", LOC), mention(view, "Петербурга", LOC)
    anton, maxim = mention(view, "Антон Силуанов", PER), mention(view, "Максим Решетников", PER)
    beglov = mention(view, "Александром Бегловым", PER)
    governor = mention(view, "губернатором Петербурга", ROLE)
    assert [_rank(view, moscow, p) for p in (maxim, anton, beglov)] == ["0l", "1l", "0r"]
    # «Петербурга» touches «Бегловым»: nearer than «Москве»
    assert [_rank(view, beglov, p) for p in (piter, moscow)] == ["0l", "1l"]
    # inside the post: no distance at all, and so nearer than «Москве»
    assert [_rank(view, governor, p) for p in (piter, moscow)] == ["0l", "1l"]


def test_tree_ranks_count_the_mentions_nearer_in_the_tree(view):
    """From «Москве» (obl of «встретились») «Антон» is three edges away (up
    through «Министры»), «Александром» three (down through «губернатором»),
    «Максим» four (one more, from «Антон»): two nearer.  «Петербурга» hangs
    on «губернатором» beside «Александром»: two edges, the nearest person."""
    moscow, piter = mention(view, "Москве", LOC), mention(view, "Петербурга", LOC)
    anton, maxim = mention(view, "Антон Силуанов", PER), mention(view, "Максим Решетников", PER)
    beglov = mention(view, "Александром Бегловым", PER)
    assert [view.tree_distance(view.heads[moscow.mention_id], view.heads[p.mention_id])
            for p in (anton, maxim, beglov)] == [3, 4, 3]
    assert [tree_rank(view, moscow, p) for p in (anton, maxim, beglov)] == [0, 2, 0]
    assert [tree_rank(view, piter, p) for p in (beglov, anton, maxim)] == [0, 1, 2]


def test_tree_ranks_by_bisection_are_the_counted_ones(view):
    def counted(anchor, m):
        h, heads = view.heads[anchor.mention_id], view.heads
        d = view.tree_distance(h, heads[m.mention_id])
        return min(2, sum(1 for x in view.mentions if x.type == m.type and x is not m and x is not anchor
                          and view.tree_distance(h, heads[x.mention_id]) < d))

    pairs = [(a, m) for a in view.mentions for m in view.mentions if a is not m]
    assert [tree_rank(view, a, m) for a, m in pairs] == [counted(a, m) for a, m in pairs]
    assert {tree_rank(view, a, m) for a, m in pairs} == {0, 1, 2}


def test_ranks_by_bisection_are_the_counted_ones(view):
    pairs = [(a, m) for a in view.mentions for m in view.mentions if a is not m]
    assert [_rank(view, a, m) for a, m in pairs] == [_count_rank(view, a, m) for a, m in pairs]


def test_a_mention_with_no_tokens_makes_ranks_counted(view):
    """A mention with no token span (``tok_start`` -1) breaks the bisection's
    premise: the view then counts, and the ranks stay right."""
    odd = Mention(0, 1, "М", LOC, 0, "odd")
    lost = SentenceView(view.sent, [*view.mentions, odd])
    assert lost.edges(LOC) is None
    moscow, beglov = mention(lost, "Москве", LOC), mention(lost, "Александром Бегловым", PER)
    assert _rank(lost, beglov, moscow) == "1l" == _count_rank(lost, beglov, moscow)
    assert _rank(lost, moscow, odd) == _count_rank(lost, moscow, odd)

"""AMOUNT_OF: which entities a money amount is about.

The amount's clause is the predicate the amount hangs from in the syntax tree
(«составил» in «между РФ и Алматы товарооборот составил 4,7 млрд
долларов»).  Every PER, ORG or LOC mention inside that clause, not inside a
clause of its own, is linked: MONEY → entity.  An entity in the subject or the
object of the predicate (here: «товарооборот между РФ и Алматы») gets
confidence 0.8, one elsewhere in the clause (an adverbial «в Москве») 0.6.
"""

from __future__ import annotations

from pipeline.doc import Document, Mention, Relation, Token
from pipeline.labels import AMOUNT_OF, LOC, MONEY, ORG, PER

_CLAUSE_RELS = {"acl", "acl:relcl", "advcl", "ccomp", "xcomp", "parataxis", "csubj"}
_CORE_RELS = {"nsubj", "nsubj:pass", "obj", "iobj"}


def _clause_root(tokens: list[Token], i: int) -> int:
    """The nearest verb above token ``i`` (or the tree root)."""
    seen = set()
    while tokens[i].pos not in ("VERB", "AUX") and tokens[i].head > 0 and i not in seen:
        seen.add(i)
        i = tokens[i].head - 1
    return i


def _clause_tokens(tokens: list[Token], root: int) -> dict[int, bool]:
    """Token index -> in a core argument (subject/object) of ``root``, for the
    tokens of ``root``'s clause (sub-clauses left out)."""
    kids: dict[int, list[int]] = {}
    for k, t in enumerate(tokens):
        kids.setdefault(t.head - 1, []).append(k)
    out: dict[int, bool] = {root: False}
    stack = [(c, tokens[c].rel in _CORE_RELS) for c in kids.get(root, [])]
    while stack:
        k, core = stack.pop()
        if k in out or tokens[k].rel in _CLAUSE_RELS or (tokens[k].rel == "conj" and tokens[k].pos == "VERB"):
            continue
        out[k] = core
        stack.extend((c, core) for c in kids.get(k, []))
    return out


def money_relations(doc: Document) -> list[Relation]:
    out: list[Relation] = []
    for money in (m for m in doc.mentions if m.type == MONEY and m.tok_start >= 0):
        if not 0 <= money.sent_idx < len(doc.sentences):
            continue
        tokens = doc.sentences[money.sent_idx].tokens
        head = next((i for i in range(money.tok_start, money.tok_stop)
                     if not money.tok_start <= tokens[i].head - 1 < money.tok_stop), money.tok_start)
        clause = _clause_tokens(tokens, _clause_root(tokens, head))
        for m in _entities(doc, money):
            marks = [clause[k] for k in range(m.tok_start, m.tok_stop) if k in clause]
            if marks:
                out.append(Relation(AMOUNT_OF, money.mention_id, m.mention_id, money.sent_idx,
                                    0.8 if any(marks) else 0.6, source="money"))
    return out


def _entities(doc: Document, money: Mention) -> list[Mention]:
    """The sentence's outermost PER/ORG/LOC mentions outside every amount
    («США» of «17,6 млрд долларов США» is a currency's, not a party), but
    place adjectives, which qualify the party («Американский фермер отсудил 80
    млн долларов», «швейцарский журнал Bilan оценивал состояние в 37,5
    миллиарда долларов») or a currency («9 млн шведских крон»): by eye over
    NEREL train out of fold, these made 20 relations, 1 right."""
    sentence = [m for m in doc.mentions if m.sent_idx == money.sent_idx]
    amounts = [m for m in sentence if m.type == MONEY]
    tokens = doc.sentences[money.sent_idx].tokens
    ms = [m for m in sentence if m.type in (PER, ORG, LOC) and m.tok_start >= 0
          and not any(a.start < m.stop and m.start < a.stop for a in amounts)
          and not (m.type == LOC and m.tok_stop - m.tok_start == 1 and tokens[m.tok_start].pos == "ADJ")]
    return [m for m in ms if not any(o is not m and o.start <= m.start and m.stop <= o.stop
                                     and o.span != m.span for o in ms)]

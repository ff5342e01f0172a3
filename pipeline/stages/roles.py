"""ROLE mentions: posts and professions («аким», «генеральный консул
Российской Федерации в Алматы», «заместитель акима города Алматы»).

A post word (from the lexicon, by lemma) opens a ROLE; the mention takes in
the adjectives before it («генеральный») and its dependents after it in the
syntax tree (genitive bodies and places, «по ...» and «в ...» phrases), up to
a person's name or a clause boundary.  Posts joined by a dash («член
правительства – председатель комитета») make one compound ROLE.
"""

from __future__ import annotations

from pipeline.doc import PER, ROLE, Document, Mention, Sentence, Token
from pipeline.stages import Stage

POST_LEMMAS = frozenset("""
аким акимат президент вице-президент премьер премьер-министр министр замминистра
губернатор вице-губернатор мэр вице-мэр глава председатель зампред вице-председатель
заместитель замглавы член депутат сенатор спикер секретарь госсекретарь генсек
директор гендиректор замдиректора руководитель начальник консул генконсул посол
атташе советник помощник представитель пресс-секретарь спецпредставитель полпред
уполномоченный омбудсмен прокурор генпрокурор судья следователь канцлер король
королева премьер-министр монарх император шейх эмир султан патриарх митрополит
епископ мулла муфтий имам ректор проректор декан профессор академик лидер вождь
основатель сооснователь владелец совладелец акционер управляющий президент-элект
командующий главком главнокомандующий командир генерал маршал адмирал полковник
лейтенант майор капитан офицер комиссар инспектор мэр-элект градоначальник
бургомистр староста казначей аудитор контролер ревизор атаман нотариус адвокат
юрист экономист аналитик эксперт журналист корреспондент редактор главред
обозреватель ведущий продюсер режиссер актер актриса певец певица солист солистка
музыкант композитор дирижер художник писатель поэт драматург сценарист артист
тренер футболист хоккеист спортсмен чемпион игрок нападающий защитник вратарь
полузащитник форвард врач хирург учитель преподаватель ученый исследователь
инженер конструктор архитектор пилот космонавт астронавт дипломат политик
политолог бизнесмен предприниматель банкир олигарх миллиардер чиновник
госслужащий сотрудник работник служащий менеджер председатель-элект пресс-атташе
глава-элект экс-президент экс-министр экс-глава экс-премьер экс-губернатор
""".split())
PREFIX_LEMMAS = frozenset({"вице", "экс", "врио", "и.о.", "замглавы"})
_STOP_RELS = {"punct", "parataxis", "conj", "acl", "acl:relcl", "advcl", "cc"}


def _children(tokens: list[Token]) -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for i, t in enumerate(tokens, 1):
        kids.setdefault(t.head, []).append(i)
    return kids


def _subtree_end(tokens: list[Token], kids: dict[int, list[int]], i: int, limit: int) -> int:
    """Last token index (0-based) of the right part of token ``i``'s subtree,
    not crossing ``limit`` (exclusive, 0-based)."""
    end = i - 1
    stack = [c for c in kids.get(i, []) if c > i]
    while stack:
        c = stack.pop()
        if c - 1 >= limit or tokens[c - 1].rel in _STOP_RELS:
            continue
        if tokens[c - 1].rel == "appos" and tokens[c - 1].pos == "PROPN":
            continue
        end = max(end, c - 1)
        stack.extend(k for k in kids.get(c, []) if k > c)
    return end


def is_post(token: Token) -> bool:
    lemma = token.lemma or token.text.lower()
    return lemma in POST_LEMMAS or (
        "-" in lemma and lemma.split("-")[-1] in POST_LEMMAS and lemma.split("-")[0] in
        {"вице", "экс", "замглавы", "зам", "генерал"})


def find_roles(sent: Sentence, person_starts: set[int]) -> list[tuple[int, int]]:
    """Token spans of posts in one sentence."""
    tokens = sent.tokens
    kids = _children(tokens)
    spans: list[tuple[int, int]] = []
    i = 0
    n = len(tokens)
    while i < n:
        t = tokens[i]
        if not is_post(t) or t.pos not in ("NOUN", "PROPN", "ADJ") or i in person_starts:
            i += 1
            continue
        a = i
        while a > 0 and tokens[a - 1].pos == "ADJ" and tokens[a - 1].head == i + 1:
            a -= 1
        limit = min([p for p in person_starts if p > i] or [n])
        b = _subtree_end(tokens, kids, i + 1, limit) + 1
        # a compound post: «член правительства – председатель комитета ...»
        while (b + 1 < limit and tokens[b].text in "–—-" and is_post(tokens[b + 1])):
            b = _subtree_end(tokens, kids, b + 2, limit) + 1
        while b > a + 1 and tokens[b - 1].pos in ("PUNCT", "ADP", "CCONJ"):
            b -= 1
        spans.append((a, b))
        i = b
    return spans


class RoleTagger(Stage):
    name = "roles"

    def __call__(self, doc: Document) -> Document:
        for si, sent in enumerate(doc.sentences):
            starts = {m.tok_start for m in doc.mentions if m.sent_idx == si and m.type == PER}
            for a, b in find_roles(sent, starts):
                start, stop = sent.tokens[a].start, sent.tokens[b - 1].stop
                doc.add_mention(Mention(start, stop, doc.text[start:stop], ROLE, sent_idx=si,
                                        source="roles", tok_start=a, tok_stop=b))
        return doc

"""Relations stated by rules the classifier scores low or cannot see:

* a division before the place it divides (:func:`division_places`, LOCATED_IN);
* an organization's seat stated outright (:func:`headquarters`, HEADQUARTERED_IN);
* a post stated by a participle (:func:`verb_posts`, WORKS_AS);
* the post of one of a list of people, shared by the others
  (:func:`shared_posts`), and a post with nobody named in its sentence, held by
  the person of the sentence before (:func:`anaphoric_posts`).
"""

from __future__ import annotations

from pipeline.doc import Document, Mention, Relation
from pipeline.labels import LOC, ORG, PER, ROLE, WORKPLACE, WORKS_AS
from pipeline.stages.features import SentenceView, preposition, span_head
from pipeline.stages.roles import LEAD_VERBS, norm_lemma

# Nouns of an administrative division: «Сормовского района», «Западного
# административного округа» followed by the place they divide.
DIVISIONS = frozenset("""область край республика округ район город село деревня посёлок поселок
станица штат провинция регион графство земля кантон губерния волость префектура уезд""".split())


def division_places(view: SentenceView) -> list[tuple[Mention, Mention]]:
    """A place named by a division noun, right before a capitalized place in
    the genitive: «Сормовского района Нижнего Новгорода» → LOCATED_IN. The
    classifier finds most of them; the rule catches the ones it scores low
    (24 of 24 such pairs are gold on NEREL train and dev)."""
    toks = view.tokens
    places = [m for m in view.mentions if m.type == LOC]
    starts = {m.tok_start: m for m in places}
    out = []
    for a in places:
        b = starts.get(a.tok_stop)
        if b is None or not any(t.lemma.lower() in DIVISIONS for t in toks[a.tok_start:a.tok_stop]):
            continue
        head = toks[b.tok_start:b.tok_stop]
        if head[0].text[:1].isupper() and any(t.feats.get("Case") == "Gen" for t in head):
            out.append((a, b))
    return out


# A body's seat, and the verbs that say where it is.
HQ_NOUNS = frozenset({"штаб-квартира", "штаб"})
HQ_VERBS = frozenset({"находиться", "располагаться", "расположить", "размещаться", "базироваться"})
# Nouns naming an office a post is the name of: «на пост командира бригады».
OFFICE_NOUNS = frozenset({"пост", "должность"})


def headquarters(view: SentenceView) -> list[tuple[Mention, Mention]]:
    """An organization's seat stated outright, read off the tree: «Штаб-квартира
    Siemens находится в Мюнхене», «концерн Siemens, штаб-квартира которого
    находится в Мюнхене», «Freixenet со штаб-квартирой в Барселоне», «в
    штаб-квартире МАГАТЭ в Вене», «Siemens базируется в Мюнхене».  NEREL news
    seldom word it so (the rule's pairs: 2 of 2 gold on NEREL train, 3 of 3 on
    dev), general news often; the classifier scores them low for want of
    examples."""
    toks = view.tokens
    out = []
    for place in view.mentions:
        h = view.heads[place.mention_id]
        k = toks[h].head - 1
        if place.type != LOC or k < 0 or preposition(toks, h) != "в":
            continue
        noun = k if toks[k].lemma in HQ_NOUNS else None
        if noun is None and toks[k].lemma in HQ_VERBS:
            subj = next((i for i, t in enumerate(toks) if t.head - 1 == k and t.rel.startswith("nsubj")),
                        None)
            if subj is not None and toks[subj].lemma in HQ_NOUNS:
                noun = subj
            elif subj is not None and toks[k].lemma == "базироваться":
                org = _org_at(view, subj)
                if org is not None:
                    out.append((org, place))
        if noun is None:
            continue
        kids = [i for i, t in enumerate(toks) if t.head - 1 == noun]
        org = next((o for i in kids if toks[i].rel == "nmod" and (o := _org_at(view, i))), None)
        if org is None and any(toks[i].lemma == "который" for i in kids):  # «…, штаб-квартира которого»
            org = _org_at(view, toks[k].head - 1) if toks[k].rel == "acl:relcl" else None
        if org is None and toks[noun].rel == "nmod":  # «со штаб-квартирой в …»
            org = _org_at(view, toks[noun].head - 1)
        if org is not None:
            out.append((org, place))
    return out


def _org_at(view: SentenceView, i: int) -> Mention | None:
    """The organization headed by token ``i``, or named in apposition to it
    («концерн Siemens»)."""
    toks = view.tokens
    for m in view.mentions:
        h = view.heads[m.mention_id]
        if m.type == ORG and (h == i or (toks[h].head - 1 == i and toks[h].rel in ("appos", "flat:name"))):
            return m
    return None


def shared_posts(doc: Document) -> list[Relation]:
    """People in a list share the post and the workplace one of them holds:
    «министры Антон Силуанов и Максим Решетников», «музыкантами группы — Вадимом
    Голутвиным, Евгением Казанцевым и Юрием Китаевым» (the classifier gives a
    post one holder, at times the last of the list)."""
    people = [m for m in doc.mentions if m.type == PER and m.tok_start >= 0]
    found = [r for r in doc.relations if r.type in (WORKS_AS, WORKPLACE)]
    out = []
    for first in people:
        tokens = doc.sentences[first.sent_idx].tokens
        listed = _list_members(tokens, first, [p for p in people if p.sent_idx == first.sent_idx])
        group = [first, *listed]
        ids = {m.mention_id for m in group}
        for r in (r for r in found if r.subj in ids):
            out += [Relation(r.type, other.mention_id, r.obj, r.sent_idx, 0.9 * r.confidence, source="list")
                    for other in group if other.mention_id != r.subj]
    return out


def joined_posts(doc: Document) -> list[Relation]:
    """Two posts joined by «и» are held by one person («Первый заместитель и
    главный инженер завода Сергей Кузнецов»: the roles stage makes two ROLEs
    of them, :func:`pipeline.stages.roles.split_joined`, and the classifier
    gives the nearer one the person): the holder of one holds the other."""
    roles = [m for m in doc.mentions if m.type == ROLE and m.tok_start >= 0 and m.source == "roles"]
    pairs = []
    for a in roles:
        tokens = doc.sentences[a.sent_idx].tokens
        for b in roles:
            if b.sent_idx == a.sent_idx and b.tok_start == a.tok_stop + 1 \
                    and tokens[a.tok_stop].text == "и" and _conjunct_of(tokens, b, a):
                pairs += [(a, b), (b, a)]
    if not pairs:
        return []
    held = [r for r in doc.relations if r.type == WORKS_AS]
    out = []
    for x, y in pairs:
        out += [Relation(WORKS_AS, r.subj, y.mention_id, r.sent_idx, 0.9 * r.confidence, source="joined")
                for r in held if r.obj == x.mention_id and not any(
                    q.subj == r.subj and q.obj == y.mention_id for q in held)]
    return out


def _conjunct_of(tokens, b: Mention, a: Mention) -> bool:
    """The head of ``b`` is a conjunct of a word of ``a`` in the tree."""
    h = span_head(tokens, b.tok_start, b.tok_stop)
    return tokens[h].rel == "conj" and a.tok_start <= tokens[h].head - 1 < a.tok_stop


def _list_members(tokens, first: Mention, people: list[Mention]) -> list[Mention]:
    """People joined to ``first`` by ``conj`` in the tree (directly or in a
    chain), or by nothing but commas and «и» («актрисы Гвинет Пэлтроу,
    Анджелина Джоли, Азия Ардженто и Мира Сорвино»)."""
    members: list[Mention] = []
    heads = set(range(first.tok_start, first.tok_stop))
    for p in sorted(people, key=lambda m: m.tok_start):
        if p is first or p.tok_start < first.tok_stop:
            continue
        i = p.tok_start
        while not (i in heads or tokens[i].rel != "conj" or tokens[i].head == 0):
            i = tokens[i].head - 1
            if i < first.tok_start:
                break
        last = members[-1] if members else first
        joined = p.tok_start > last.tok_stop and all(
            t.text in (",", "и") for t in tokens[last.tok_stop:p.tok_start])
        if i in heads or joined:
            members.append(p)
            heads |= set(range(p.tok_start, p.tok_stop))
    return members


def anaphoric_posts(doc: Document) -> list[tuple[Mention, Mention]]:
    """A post as the subject of a sentence naming nobody («Рэпер сменил
    прозвище», «британский премьер провёл неделю в больнице»), its indirect
    object («Президенту показали завод») or the office it names («назначен
    на пост командира бригады») refers to the first person named in the
    sentence before (two sentences back, or a post in apposition, was right
    on 20 % of held-out NEREL train pairs; the indirect objects on 13 of 26
    NEREL train pairs, the offices on 20 of 37, the NER out of fold)."""
    out = []
    people = sorted((m for m in doc.mentions if m.type == PER), key=lambda m: m.start)
    with_people = {m.sent_idx for m in people}
    for role in doc.mentions:
        if role.type != ROLE or role.sent_idx in with_people or role.tok_start < 0:
            continue
        tokens = doc.sentences[role.sent_idx].tokens
        head = tokens[span_head(tokens, role.tok_start, role.tok_stop)]
        if head.feats.get("Number") == "Plur" or not (
                head.rel in ("nsubj", "nsubj:pass", "root", "iobj") or _predicate_post(tokens, head)
                or _office_of(tokens, head)):
            continue
        before = [p for p in people if p.sent_idx == role.sent_idx - 1]
        if before:
            last = [p for p in before if p.sent_idx == before[-1].sent_idx]
            out.append((last[0], role))
    return out


def _office_of(tokens, head) -> bool:
    """A post named as the office someone takes or holds: «назначен на пост
    командира бригады», «занимал должность директора»."""
    return head.rel == "nmod" and head.head > 0 and norm_lemma(tokens[head.head - 1].lemma) in OFFICE_NOUNS


def _predicate_post(tokens, head) -> bool:
    """A post in the instrumental after a verb with no subject of its own or
    a pronoun one: «Работала прокурором», «Сейчас он работает
    спецпредставителем президента»."""
    verb = head.head - 1
    if head.feats.get("Case") != "Ins" or head.rel not in ("xcomp", "obl") or verb < 0:
        return False
    subjects = [norm_lemma(t.lemma) for t in tokens if t.head - 1 == verb and t.rel.startswith("nsubj")]
    return tokens[verb].pos in ("VERB", "AUX") and all(w in ("он", "она") for w in subjects)


def verb_posts(view: SentenceView) -> list[tuple[Mention, Mention]]:
    """(person, post) for posts stated by a participle in apposition
    («Олег Капитанов, возглавляющий комитет»): the person it hangs from.  A
    finite verb («Варичев возглавил комбинат») tells what someone did, and
    NEREL marks no post there: such pairs were right on 1 of 19 held-out NEREL
    train pairs."""
    tokens = view.tokens
    out = []
    for role in view.mentions:
        verb = tokens[role.tok_start]
        if (role.type != ROLE or norm_lemma(verb.lemma) not in LEAD_VERBS
                or verb.feats.get("VerbForm") != "Part"):
            continue
        out += [(p, role) for p in view.mentions
                if p.type == PER and p.tok_start <= verb.head - 1 < p.tok_stop]
    return out



"""Relations between mentions of one sentence (NEREL names), plus AMOUNT_OF.

* WORKS_AS (PER → ROLE), WORKPLACE (PER or ROLE → ORG/LOC), HEADQUARTERED_IN
  (ORG → LOC), LOCATED_IN (LOC → LOC): every pair of mentions of the fitting
  types in a sentence is a candidate; a linear classifier per type, trained on
  NEREL train (``make train``, weights in ``pipeline/data/relations/model.json``)
  scores it from tree and word features (:mod:`pipeline.stages.features`).
  The score is the relation's confidence; pairs under the type's threshold
  are dropped.
* ALTERNATIVE_NAME: two names of one linked entity (the first full name →
  each other form: «Олег Капитанов» → «Капитанова», «РФ» → «Российская
  Федерация»), a name with another one in brackets right after it («Аарон
  Шварц (Aaron Swartz)»), a person's alias («Шон Картер, известный как Джей
  Зи»), a place adjective and the place, an amount in two currencies.
* LOCATED_IN from a named facility («на Кунцевском кладбище в Москве»): the
  facility becomes a FAC mention (:func:`facility_places`).
* AMOUNT_OF (MONEY → PER/ORG/LOC): the entities a money amount is about, see
  the README (Posts, relations, officials).
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from importlib import resources

from pipeline.doc import FAC, LOC, MONEY, ORG, PER, ROLE, Document, Mention, Relation
from pipeline.gazetteer import PLACE_PARTS, adjective_of, place_adjective
from pipeline.geo import places
from pipeline.resources import Resources, shared
from pipeline.stages import Stage
from pipeline.stages.features import MAX_GAP, SentenceView, inside, pair_features, preposition, span_head
from pipeline.stages.money_links import money_relations
from pipeline.stages.roles import LEAD_VERBS, compound_normal, norm_lemma

WORKS_AS, WORKPLACE = "WORKS_AS", "WORKPLACE"
HEADQUARTERED_IN, LOCATED_IN, ALTERNATIVE_NAME = "HEADQUARTERED_IN", "LOCATED_IN", "ALTERNATIVE_NAME"

# Relation type -> allowed (subject type, object type) pairs.
CANDIDATES: dict[str, tuple[tuple[str, str], ...]] = {
    WORKS_AS: ((PER, ROLE),),
    WORKPLACE: ((PER, ORG), (PER, LOC), (ROLE, ORG), (ROLE, LOC)),
    HEADQUARTERED_IN: ((ORG, LOC),),
    LOCATED_IN: ((LOC, LOC), (FAC, LOC)),
}


def candidate_pairs(view: SentenceView, rtype: str) -> list[tuple[Mention, Mention]]:
    allowed = CANDIDATES[rtype]
    out = []
    for s in view.mentions:
        for o in view.mentions:
            if s is o or (s.type, o.type) not in allowed or s.span == o.span:
                continue
            if s.type == PER and inside(s, o):  # a «person» inside the post is no holder
                continue
            if max(s.tok_start, o.tok_start) - min(s.tok_stop, o.tok_stop) > MAX_GAP:
                continue
            out.append((s, o))
    return out


@lru_cache(maxsize=1)
def load_model() -> dict:
    """``{type: {"bias": float, "threshold": float, "weights": {feature: float}}}``."""
    path = resources.files("pipeline") / "data" / "relations" / "model.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def score(model: dict, feats: list[str]) -> float:
    w = model["weights"]
    z = model["bias"] + sum(w.get(f, 0.0) for f in feats)
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


class RelationExtractor(Stage):
    name = "relations"
    requires = ("tokens.lemma", "tokens.syntax", "mentions.money", "mentions.roles",
                "mentions.entity")
    assigns = ("relations",)

    def __init__(self, model: dict | None = None, resources: Resources | None = None) -> None:
        self.model = load_model() if model is None else model
        self.resources = resources
        places()  # the gazetteer of the features, loaded with the model, not on the first document

    def _compound_normals(self, doc: Document) -> None:
        """Compound posts get every part in the nominative (the normal stage
        puts only the first part's head there)."""
        for m in doc.mentions:
            if m.type == ROLE and any(c in m.text for c in "–—-") and m.normal:
                if self.resources is None:
                    self.resources = shared()
                m.normal = compound_normal(doc, m, self.resources.morph)

    def __call__(self, doc: Document) -> Document:
        self._compound_normals(doc)
        by_sent: dict[int, list[Mention]] = {}
        for m in doc.mentions:
            if m.type != MONEY and 0 <= m.sent_idx < len(doc.sentences):
                by_sent.setdefault(m.sent_idx, []).append(m)
        for si, ms in sorted(by_sent.items()):
            if len(ms) < 2:
                continue
            view = SentenceView(doc.sentences[si], ms)
            for s, o in verb_posts(view):
                doc.add_relation(Relation(WORKS_AS, s.mention_id, o.mention_id, si, 0.8, source="rule"))
            for s, o in division_places(view):
                doc.add_relation(Relation(LOCATED_IN, s.mention_id, o.mention_id, si, 0.8, source="rule"))
            for s, o in headquarters(view):
                doc.add_relation(Relation(HEADQUARTERED_IN, s.mention_id, o.mention_id, si, 0.9,
                                          source="rule"))
            for rtype, model in self.model.items():
                found = []
                for s, o in candidate_pairs(view, rtype):
                    p = score(model, pair_features(view, s, o))
                    if p >= model["threshold"]:
                        found.append((p, s, o))
                if rtype == WORKS_AS:  # a post has one holder; lists share it below
                    best = {}
                    for p, s, o in found:
                        if o.mention_id not in best or p > best[o.mention_id][0]:
                            best[o.mention_id] = (p, s, o)
                    found = list(best.values())
                for p, s, o in found:
                    doc.add_relation(Relation(rtype, s.mention_id, o.mention_id, si, p, source="model"))
        shared_posts(doc)
        for s, o in anaphoric_posts(doc):
            doc.add_relation(Relation(WORKS_AS, s.mention_id, o.mention_id, o.sent_idx, 0.5,
                                      source="anaphora"))
        for rel in alternative_names(doc) + place_adjectives(doc) + money_conversions(doc):
            doc.add_relation(rel)
        for rel in money_relations(doc):
            doc.add_relation(rel)
        facility_places(doc)
        return doc


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


def shared_posts(doc: Document) -> None:
    """People in a list share the post and the workplace of the first one:
    «министры Антон Силуанов и Максим Решетников», «музыкантами группы — Вадимом
    Голутвиным, Евгением Казанцевым и Юрием Китаевым»."""
    people = [m for m in doc.mentions if m.type == PER and m.tok_start >= 0]
    found = [r for r in doc.relations if r.type in (WORKS_AS, WORKPLACE)]
    for first in people:
        tokens = doc.sentences[first.sent_idx].tokens
        listed = _list_members(tokens, first, [p for p in people if p.sent_idx == first.sent_idx])
        for r in (r for r in found if r.subj == first.mention_id):
            for other in listed:
                doc.add_relation(Relation(r.type, other.mention_id, r.obj, r.sent_idx,
                                          0.9 * r.confidence, source="list"))


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
    прозвище», «британский премьер провёл неделю в больнице») refers to the
    first person named in the sentence before (two sentences back, or a post
    in apposition, was right on 20 % of held-out NEREL train pairs)."""
    out = []
    people = sorted((m for m in doc.mentions if m.type == PER), key=lambda m: m.start)
    with_people = {m.sent_idx for m in people}
    for role in doc.mentions:
        if role.type != ROLE or role.sent_idx in with_people or role.tok_start < 0:
            continue
        tokens = doc.sentences[role.sent_idx].tokens
        head = tokens[span_head(tokens, role.tok_start, role.tok_stop)]
        if head.feats.get("Number") == "Plur" or not (
                head.rel in ("nsubj", "nsubj:pass", "root") or _predicate_post(tokens, head)):
            continue
        before = [p for p in people if p.sent_idx == role.sent_idx - 1]
        if before:
            last = [p for p in before if p.sent_idx == before[-1].sent_idx]
            out.append((last[0], role))
    return out


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


# What may open the brackets that hold another name: «газете «Кларин» (Clarin)»,
# «Табмен (урождённая Араминта Росс)», «Ли Джэён (также Ли Чже Ен, ...)».
BRACKET_OPENING = re.compile(
    r"[»\"”]?\s*\(\s*(?P<lead>(?:также|в девичестве|урожд[её]нн\w+|настоящее имя|ранее|он же|она же)\s+)?"
    r"[«\"“]?", re.IGNORECASE)


def _bracketed(doc: Document, a: Mention, b: Mention) -> bool:
    """``b`` in brackets right after ``a``: «Аарон Шварц (Aaron Swartz)»; after
    a lead-in word a list may follow («(также Ли Чже Ен, Ли Чже Ён)»), after a
    name in another script its abbreviation («Королевского колледжа Лондона
    (King’s College London, KCL)»)."""
    opening = BRACKET_OPENING.fullmatch(doc.text[a.stop:b.start])
    if a.sent_idx != b.sent_idx or opening is None:
        return False
    closing = doc.text[b.stop:b.stop + 3].lstrip("»\"”")[:1]
    listed = opening.group("lead") is not None or _latin(a.text) != _latin(b.text)
    return closing == ")" or (closing == "," and listed)


# What tells that a person's next name is another one of theirs: «Шон Картер,
# известный как Джей Зи», «Фрэнка Кали по прозвищу Фрэнки Бой», «Пеле
# (настоящее имя Эдсон Арантис ду Насименту)», «(кличка Юрий)».
ALIAS_LEAD = re.compile(
    r"[»\"”]?\s*,?\s*\(?\s*(?:(?:более|также|больше|широко)\s+)?(?:известн|прозванн|именуем)\w*\s+"
    r"(?:также\s+)?(?:как|под\s+(?:именем|прозвищем|псевдонимом|кличкой))\s*[«\"“(]?"
    r"|[»\"”]?\s*,?\s*\(?\s*(?:по\s+(?:прозвищу|кличке)|под\s+(?:именем|псевдонимом)|кличка|прозвище|"
    r"псевдоним|настоящ\w+\s+(?:имя|фамилия)|при\s+рождении|в\s+миру)\s*[—–-]?\s*[«\"“(]?",
    re.IGNORECASE)


def _alias(doc: Document, a: Mention, b: Mention) -> bool:
    """Person ``b`` named as another name of person ``a`` right after it
    (``ALIAS_LEAD`` between; 9 of 9 right on NEREL train and dev)."""
    return (a.type == b.type == PER and a.sent_idx == b.sent_idx
            and ALIAS_LEAD.fullmatch(doc.text[a.stop:b.start]) is not None)


def _another_name(a: Mention, b: Mention) -> bool:
    """Is ``b`` in brackets after ``a`` another name of it?  Not an
    abbreviation of a longer name, nor the longer name of an abbreviation
    («Российский союз правообладателей (РСП)», «ФТС РФ», «CDC», «ОПЕК
    (Организацией стран - экспортеров нефти)»: NEREL's ABBREVIATION), nor a
    place of a place («в больнице Финикса (Аризона)»: that is LOCATED_IN)
    unless linking joined them or one is in another script («Понте-Сан-Пьетро
    (Ponte San Pietro)»)."""
    long, short = (a.text, b.text) if len(a.text) > len(b.text) else (b.text, a.text)
    if len(long.split()) > 1 and _abbreviation(short.strip("«»\"“” ")):
        return False
    if a.type == LOC:
        return a.entity_id == b.entity_id or _latin(a.text) != _latin(b.text)
    return True


def _abbreviation(text: str) -> bool:
    """«РСП», «ФТС РФ», «МИСиС»: each word mostly capitals, two at least."""
    words = text.split()
    return all(sum(c.isupper() for c in w) >= max(2, sum(c.isalpha() for c in w) / 2) or w.isdigit()
               for w in words) and not all(w.isdigit() for w in words)


def _latin(text: str) -> bool:
    return any("a" <= c <= "z" for c in text.lower())


def alternative_names(doc: Document) -> list[Relation]:
    """Other names of one entity: each new name form (by normal form: «Месси»
    after «Лионель Месси», «РФ» after «Россия») → the nearest earlier mention
    of the entity under another name (:func:`_antecedent`).  Inflected repeats
    are not new forms; for a person, a form seen before also counts when the
    nearest earlier mention has another one (NEREL links those too).  A
    one-word person mention joins a full name that holds the word
    (:func:`_chain_key`), whether or not linking joined them.  Links of the
    kinds NEREL seldom annotates are left out (:func:`_likely_annotated`).
    Then a name in brackets right after a name (:func:`_bracketed`) and a
    person's alias (:func:`_alias`)."""
    out: list[Relation] = []
    # Place adjectives are linked to their place (see place_adjectives).
    named = sorted((m for m in doc.mentions if m.type in (PER, ORG, LOC) and m.entity_id
                    and not (m.type == LOC and place_adjective(m.text))), key=lambda m: m.start)
    seen: dict[str, list[Mention]] = {}
    for k, m in enumerate(named):
        earlier = seen.setdefault(_chain_key(named, k), [])
        form = _form(m)
        if earlier and m.type == PER and any(_form(e) != form for e in earlier):
            # a person: each change of form, repeats included («Марк Цукерберг» →
            # «Цукерберг» → «Марк Цукерберг» → «Цукерберга»)
            prev = _antecedent(earlier, m)
            if prev is not None and _form(prev) != form and _likely_annotated(
                    prev, m, repeats=sum(_form(e) == form for e in earlier)):
                out.append(Relation(ALTERNATIVE_NAME, prev.mention_id, m.mention_id, m.sent_idx,
                                    0.8, source="link"))
        elif earlier and all(_form(e) != form for e in earlier):
            prev = _antecedent(earlier, m)
            if prev is not None and _likely_annotated(prev, m, repeats=0):
                out.append(Relation(ALTERNATIVE_NAME, prev.mention_id, m.mention_id, m.sent_idx,
                                    0.8, source="link"))
        earlier.append(m)
    for a, b in _next_names(named):
        if a.type == b.type and _bracketed(doc, a, b) and _another_name(a, b):
            out.append(Relation(ALTERNATIVE_NAME, a.mention_id, b.mention_id, a.sent_idx, 0.9,
                                source="brackets"))
        elif _alias(doc, a, b):
            out.append(Relation(ALTERNATIVE_NAME, a.mention_id, b.mention_id, a.sent_idx, 0.9,
                                source="alias"))
    return out


def _next_names(named: list[Mention]) -> list[tuple[Mention, Mention]]:
    """Each name with the name right after it, past the names nested in it
    («Университете Барселоны (Universidad de Barcelona)»: not «Барселоны»);
    of the names starting there, the one of its type.  ``named`` is sorted
    by start."""
    out = []
    for k, a in enumerate(named):
        j = k + 1
        while j < len(named) and named[j].start < a.stop:
            j += 1
        first = [b for b in named[j:j + 3] if b.start == named[j].start] if j < len(named) else []
        if first:
            out.append((a, next((b for b in first if b.type == a.type), first[0])))
    return out


def _chain_key(named: list[Mention], k: int) -> str:
    """The entity of ``named[k]``; a one-word person mention takes the one of
    the nearest earlier full name that holds the word, else of the first full
    name holding it up to ``MAX_LINK_SENTENCES`` later (a surname in the
    headline: «Питт сравнил семейную жизнь с Джоли …» → «Анджелина Джоли»)."""
    m = named[k]
    if m.type != PER or len(m.text.split()) > 1:
        return m.entity_id
    full = next((e for e in reversed(named[:k]) if e.type == PER and _holds_word(e, m)), None)
    if full is None:
        full = next((e for e in named[k + 1:] if e.type == PER and _holds_word(e, m)
                     and e.sent_idx - m.sent_idx <= MAX_LINK_SENTENCES), None)
    return m.entity_id if full is None else full.entity_id


def _antecedent(earlier: list[Mention], m: Mention) -> Mention | None:
    """The nearest earlier mention that does not hold ``m``, written in the
    same script as ``m`` unless in its sentence: NEREL links «Кристенсен» to
    «Брендт Кристенсен», not to «Brendt Christensen» in brackets after it (such
    cross-script links across sentences were right on 4 of 83 NEREL train
    pairs)."""
    return next((e for e in reversed(earlier) if not inside_any(m, e) and (
        e.sent_idx == m.sent_idx or _latin(e.text) == _latin(m.text))), None)


# Farthest earlier sentence an ALTERNATIVE_NAME link reaches back to.
MAX_LINK_SENTENCES = 4
# Farthest a repeated person form is linked back, and how often it may have been seen.
MAX_REPEAT_SENTENCES = 2
MAX_FORM_REPEATS = 3


def _likely_annotated(prev: Mention, m: Mention, repeats: int) -> bool:
    """Is the link ``prev`` → ``m`` (``m``'s form seen ``repeats`` times
    before) of the kind NEREL annotates?  Left out (right on NEREL train): a
    repeated person form more than ``MAX_REPEAT_SENTENCES`` sentences after
    the earlier mention (23 of 139 at three or four) or seen more than
    ``MAX_FORM_REPEATS`` times before (17 of 78); a place's name more than
    ``MAX_LINK_SENTENCES`` after (5 of 36); an organization's name unless a
    one-word name (an abbreviation, a short name) is followed by a longer one
    within ``MAX_LINK_SENTENCES`` sentences («ФСЭГ» → «Форума стран -
    экспортёров газа»; 12 of 39 kept, 7 of 97 dropped on documents 0-399)."""
    gap = m.sent_idx - prev.sent_idx
    if m.type == ORG:
        return len(prev.text.split()) == 1 and len(m.text.split()) > 1 and gap <= MAX_LINK_SENTENCES
    if m.type == LOC:
        return gap <= MAX_LINK_SENTENCES
    return repeats == 0 or (gap <= MAX_REPEAT_SENTENCES and repeats <= MAX_FORM_REPEATS)


# Between an amount and the same amount in another currency: «£15 млн или около
# $18.7 млн», «750 тысяч юаней (113 тысяч долларов)», «17739,10 гривен (69770,71 руб.)».
CONVERSION = re.compile(r"\s*(?:\(|,?\s*или|—|–)\s*(?:около|почти|примерно|более|свыше)?\s*")


def money_conversions(doc: Document) -> list[Relation]:
    """ALTERNATIVE_NAME between an amount and its conversion to another
    currency right after it (NEREL links them)."""
    currency = {m.mention_id: m.currency for m in doc.money}
    amounts = sorted((m for m in doc.mentions if m.type == MONEY), key=lambda m: m.start)
    return [Relation(ALTERNATIVE_NAME, a.mention_id, b.mention_id, a.sent_idx, 0.8, source="conversion")
            for a, b in zip(amounts, amounts[1:], strict=False)
            if a.sent_idx == b.sent_idx and currency.get(a.mention_id) != currency.get(b.mention_id)
            and CONVERSION.fullmatch(doc.text[a.stop:b.start])]


def _same_stem(a: str, b: str) -> bool:
    """«Варичевым» ~ «Варичев», «Бонуры» ~ «Бонура»: a common prefix of all but
    the last two letters of the shorter word."""
    a, b = a.lower(), b.lower()
    n = min(len(a), len(b))
    common = next((i for i in range(n) if a[i] != b[i]), n)
    return n >= 3 and common >= max(3, n - 2)


def _holds_word(full: Mention, one: Mention) -> bool:
    words = full.text.split()
    return len(words) > 1 and any(_same_stem(w, one.text) for w in words)


def _form(m: Mention) -> str:
    return (m.normal or m.text).lower().replace("ё", "е")


def inside_any(m: Mention, other: Mention) -> bool:
    return other.start <= m.start and m.stop <= other.stop


# Head lemmas of a named building, street or site (NEREL FACILITY) that news
# place in a town or country: the common nouns heading NEREL train FACILITY
# spans that are LOCATED_IN somewhere.
FACILITY_HEADS = frozenset("""
    улица проспект бульвар переулок шоссе площадь аллея набережная больница госпиталь клиника
    кладбище аэропорт собор храм церковь мечеть синагога монастырь дворец музей памятник мемориал
    мавзолей здание стадион арена вокзал гэс аэс тюрьма колония сизо изолятор парк сквер башня
    замок отель гостиница резиденция метро метрополитен аббатство сад ворота пляж авиабаза станция
    цирк вилла особняк дом зал база театр усадьба могила гипермаркет ресторан квартира застава
    аэродром галерея""".split())
# What may stand between a facility and the place after it: «на Кунцевском
# кладбище в Москве», «в больнице Финикса (Аризона)», «на Таймс-сквер, Нью-Йорк»,
# «в доме Чарли Роули в городке Эймсбери», «17-й больницы украинской столицы».
FACILITY_GLUE = ("в", "во", "на", "под", "близ", ",", "(")
# Kind words of a place that may stand before its name: «в городке Эймсбери».
PLACE_KIND_WORDS = frozenset("""город городок село деревня посёлок поселок станица район микрорайон
    округ провинция штат область край графство""".split())
MAX_GLUE = 3  # tokens
QUOTES = ("«", "»", '"', "''", "“", "”")
# Dependents that extend a facility to the right: «улице Челюскинцев», «аэропорту Джона Кеннеди».
FACILITY_NAME_RELS = ("flat:name", "flat", "appos", "nmod", "amod")


def facility_places(doc: Document) -> None:
    """LOCATED_IN from a named facility to the place it stands in: «на
    Кунцевском кладбище в Москве», «в больнице Финикса (Аризона)», «аэропорту
    Буэнос-Айреса», «в калифорнийской синагоге», «В Санкт-Петербурге прошла
    акция … на площади Восстания».  A facility is a phrase headed by a
    singular ``FACILITY_HEADS`` noun; it must hold a capitalized word or a
    proper name (NEREL tags named facilities: «в больницу в Милане» is none)
    unless its place is an adjective in it.  Its places are LOC mentions
    inside it or right after it (:func:`_place_after`), else the nearest one
    before it that the sentence puts something in (:func:`_locative`).  The
    facility becomes a FAC mention only when it has such a place.  On NEREL
    train 87 of 123 such pairs are right in documents 0-399 (where the rule
    was designed) and 60 of 91 in documents 400-745."""
    by_sent: dict[int, list[Mention]] = {}
    for m in doc.mentions:
        if m.type in (PER, ORG, LOC, FAC) and m.tok_start >= 0:
            by_sent.setdefault(m.sent_idx, []).append(m)
    for si, taken in by_sent.items():
        locs = [m for m in taken if m.type == LOC]
        if not locs:
            continue
        tokens = doc.sentences[si].tokens
        phrases = _facility_phrases(tokens)
        named = [m for m in taken if m.type == FAC]  # the NER's
        for fac in named:
            a, b = fac.tok_start, fac.tok_stop
            for pa, pb, _ in phrases:  # the phrase around it places it: «стадионе «Маракана»»
                if pa < b and a < pb:
                    a, b = min(a, pa), max(b, pb)
            for conf, p in _facility_places(tokens, a, b, locs):
                doc.add_relation(Relation(LOCATED_IN, fac.mention_id, p.mention_id, si, conf,
                                          source="facility"))
        for a, b, h in phrases:
            start, stop = tokens[a].start, tokens[b - 1].stop
            if any(m.start <= tokens[h].start < m.stop for m in taken) or any(
                    m.tok_start < b and a < m.tok_stop for m in named):
                continue
            places = _facility_places(tokens, a, b, locs)
            if not places:
                continue
            fac = doc.add_mention(Mention(start, stop, doc.text[start:stop], FAC, si,
                                          source="rule", tok_start=a, tok_stop=b))
            taken.append(fac)
            for conf, p in places:
                doc.add_relation(Relation(LOCATED_IN, fac.mention_id, p.mention_id, si, conf,
                                          source="facility"))


def _facility_places(tokens: list, a: int, b: int, locs: list[Mention]) -> list[tuple[float, Mention]]:
    """(confidence, place) of the facility phrase ``a:b``: a place inside it
    (0.6) and one right after it (0.8); with neither, the nearest place
    before it that the sentence puts something in, or that touches it (0.5).
    An unnamed phrase keeps only a place adjective inside it («в
    калифорнийской синагоге»)."""
    start, stop = tokens[a].start, tokens[b - 1].stop
    named = any(t.pos == "PROPN" or (k > 0 and t.text[:1].isupper())
                for k, t in enumerate(tokens[a:b], start=a))
    places = [(0.6, p) for p in locs if start <= p.start and p.stop <= stop
              and (p.start, p.stop) != (start, stop) and (named or p.text.islower())]
    if not named:
        return places
    after = _place_after(tokens, b, locs)
    if after is not None:
        return places + [(0.8, after)]
    before = max((p for p in locs if p.stop <= start), key=lambda p: p.start, default=None)
    if not places and before is not None and (before.tok_stop == a or _locative(tokens, before)):
        places.append((0.5, before))
    return places


def _place_after(tokens: list, b: int, locs: list[Mention]) -> Mention | None:
    """The place right after a facility ending at token ``b``: the nearest LOC
    mention with at most ``MAX_GLUE`` linking tokens between (``FACILITY_GLUE``,
    place kind words, adjectives: «в подмосковном Наро-Фоминске»).  A place
    adjective right before another place gives way to it («в каталонском
    Мартореле» → Мартореле)."""
    after = sorted((p for p in locs if p.tok_start >= b), key=lambda p: p.tok_start)
    if not after:
        return None
    p = after[0]
    glue = tokens[b:p.tok_start]
    if len(glue) > MAX_GLUE or not all(
            t.text.lower() in FACILITY_GLUE or t.text in QUOTES or norm_lemma(t.lemma) in PLACE_KIND_WORDS
            or (t.pos == "ADJ" and t.text.islower()) for t in glue):
        return None
    if p.text.islower() and len(after) > 1 and after[1].tok_start == p.tok_stop:
        return after[1]
    return p


def _locative(tokens: list, place: Mention) -> bool:
    """Does the sentence say something is in ``place`` («в Санкт-Петербурге», «в
    центре Киева», «в районе Морено»): «в»/«на» with the locative on the place
    or on the place part or kind word it hangs on?"""
    i = span_head(tokens, place.tok_start, place.tok_stop)
    up = tokens[i].head - 1
    if up >= 0 and norm_lemma(tokens[up].lemma) in PLACE_KIND_WORDS | PLACE_PARTS:
        i = up
    return tokens[i].feats.get("Case") == "Loc" and preposition(tokens, i) in ("в", "на")


def _facility_phrases(tokens: list) -> list[tuple[int, int, int]]:
    """(first token, end token, head) of each facility phrase: a singular
    ``FACILITY_HEADS`` noun («на улицах Каира» names no one facility) with the
    adjectives before it and the names after it, quoted ones included
    («СИЗО «Лефортово»», «тюрьме ''Brians''»)."""
    out = []
    for h, t in enumerate(tokens):
        if (t.pos not in ("NOUN", "PROPN") or norm_lemma(t.lemma) not in FACILITY_HEADS
                or t.feats.get("Number") == "Plur"):
            continue
        a = h
        while a > 0 and tokens[a - 1].head - 1 == h and tokens[a - 1].pos in ("ADJ", "PROPN"):
            a -= 1
        b = h + 1
        while b < len(tokens):
            opened = tokens[b].text in QUOTES and b + 1 < len(tokens)
            end = _name_end(tokens, a, b + 1 if opened else b)
            if end is None:
                break
            b = end
            if opened and b < len(tokens) and tokens[b].text in QUOTES:
                b += 1  # the closing quote
        out.append((a, b, h))
    return out


MAX_NAME = 4  # tokens of one name after a facility word
# What may stand in a name before its capitalized last word: «площади Святого
# Петра», «памятник вождю Ленину», «сквере 50-летия Победы».
NAME_INNER_POS = ("ADJ", "NOUN", "DET")


def _name_end(tokens: list, a: int, k: int) -> int | None:
    """End of the name that starts at token ``k`` and hangs on the phrase
    ``a:k`` (None if there is none): one capitalized word («улице
    Челюскинцев») or a short run that is one subtree ending in a capitalized
    word («площади Святого Петра», «бульвара Тараса Шевченко», «памятник вождю
    Ленину», «сквере 50-летия Победы»)."""
    for end in range(k + 1, min(k + MAX_NAME, len(tokens)) + 1):
        last = tokens[end - 1]
        if not (last.pos == "PROPN" or last.text[:1].isupper()):
            if last.pos not in NAME_INNER_POS and not last.text[:1].isdigit():
                return None
            continue
        roots = [t for t in tokens[k:end] if not k <= t.head - 1 < end]
        if len(roots) == 1 and a <= roots[0].head - 1 < k and roots[0].rel in FACILITY_NAME_RELS:
            return end
    return None


# Farthest sentence of the place a place adjective is linked to.
MAX_ADJECTIVE_SENTENCES = 3


def place_adjectives(doc: Document) -> list[Relation]:
    """A place adjective → the nearest earlier mention of the place it names,
    else the nearest later one («итальянских» → «Италии», «нью-йоркском» →
    «Нью-Йорке»), up to ``MAX_ADJECTIVE_SENTENCES`` away (farther, 24 of 119
    were right on NEREL train); a later adjective of a place only within a
    sentence of it (NEREL links the farther repeats less often)."""
    locs = sorted((m for m in doc.mentions if m.type == LOC and m.tok_start >= 0),
                  key=lambda m: m.start)
    out = []
    done: set[str] = set()
    for adj in locs:
        if not place_adjective(adj.text):
            continue
        # a name is capitalized: «армянском Гаваре» names Гавар, not Армения
        names = [p for p in locs if p is not adj and not place_adjective(p.text) and p.text[:1].isupper()
                 and abs(p.sent_idx - adj.sent_idx) <= MAX_ADJECTIVE_SENTENCES
                 and adjective_of(adj.text, _form(p))]
        if names:
            p = min(names, key=lambda p: (p.start > adj.start, abs(p.start - adj.start)))
            if (p.entity_id or _form(p)) in done and abs(p.sent_idx - adj.sent_idx) > 1:
                continue
            done.add(p.entity_id or _form(p))
            out.append(Relation(ALTERNATIVE_NAME, p.mention_id, adj.mention_id, adj.sent_idx, 0.7,
                                source="adjective"))
    return out



"""ROLE mentions: posts and professions («аким», «генеральный консул
Российской Федерации в Алматы», «заместитель акима города Алматы»).

The NER stage's ``role`` layer (a CRF over NEREL's PROFESSION spans on the
name layers' features, trained by ``python -m pipeline.train.roles``) gives
the spans where it finds a post: the post with the adjectives before it that
NEREL keeps in («генеральный», not «бывший») and the bodies and places after
it («генерального директора Apple», «послом в Сингапуре»).  Where it finds
none, the hand rules do (:func:`rule_posts`): a post word (a hand list plus
the heads of NEREL train PROFESSION spans, ``pipeline/data/relations/posts.txt``,
written by ``make train``) with its adjectives and its dependents in the
syntax tree («аким Алматы»: NEREL has few akims).  Posts joined by a dash
(«член правительства – председатель комитета») make one compound ROLE;
posts stated by a verb («Олег Капитанов, возглавляющий комитет ...») are
added by :func:`find_led_bodies`.  The post nested in a ROLE («президента»
in «президента США») is added by :mod:`pipeline.stages.inner_posts`.
Figures: ``docs/relations.md``.

:func:`role_parts` splits a ROLE's normal form into its posts and the bodies
or places they are of: «заместитель акима города Алматы» → post «заместитель
акима» of LOC «Алматы».  The posts stage (:class:`PostSplitter`, after the
relations) keeps them on the document for the writers (officials.csv).
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

from pipeline.doc import Document, Mention, Role, RolePart, Sentence, Token
from pipeline.labels import AWARD, IDEOLOGY, LOC, NATIONALITY, ORG, PER, ROLE, WORK_OF_ART
from pipeline.quotes import balance
from pipeline.stages import Stage
from pipeline.stages.ner import LAYERS_KEPT, bio_spans

MANUAL_POSTS = """
аким раис президент вице-президент премьер премьер-министр министр замминистра губернатор
вице-губернатор мэр вице-мэр глава председатель зампред вице-председатель заместитель
замглавы член депутат сенатор спикер секретарь госсекретарь генсек директор гендиректор
руководитель начальник консул генконсул посол атташе советник помощник представитель
пресс-секретарь спецпредставитель полпред уполномоченный омбудсмен прокурор генпрокурор
судья следователь канцлер король королева монарх император шейх эмир султан патриарх
митрополит епископ папа муфтий ректор проректор декан профессор академик лидер основатель
сооснователь владелец совладелец управляющий командующий главком главнокомандующий
командир генерал маршал адмирал полковник подполковник лейтенант майор капитан офицер
комиссар инспектор градоначальник бургомистр казначей аудитор атаман нотариус адвокат
юрист экономист аналитик эксперт журналист корреспондент редактор главред обозреватель
ведущий телеведущий продюсер режиссер актер актриса певец певица солист солистка музыкант
композитор дирижер художник писатель поэт драматург сценарист артист артистка тренер
футболист хоккеист спортсмен спортсменка игрок нападающий защитник вратарь полузащитник
форвард врач хирург учитель преподаватель ученый исследователь инженер архитектор пилот
космонавт астронавт дипломат политик политолог бизнесмен предприниматель банкир олигарх
миллиардер чиновник сотрудник менеджер топ-менеджер пресс-атташе премьер-министр
пианист скрипач виолончелист гитарист барабанщик вокалист исполнитель рэпер моряк матрос
искусствовед историк физик химик биолог математик философ социолог психолог стоматолог
ассистент фотограф блогер телеведущая балерина танцор хореограф кинорежиссер теннисист
биатлонист боксер борец лыжник пловец фигурист гимнаст велогонщик легкоатлет шахматист
""".split()
MANUAL_SET = frozenset(MANUAL_POSTS)
LAYER = LAYERS_KEPT[1]  # the NER stage's layer of posts (pipeline.train.roles)
_SURNAME_ENDS = ("ов", "ев", "ин", "ова", "ева", "ина", "ову", "еву", "овым", "евым", "ым")
# Animate nouns before a name that are no post: kin, friends, age and status words.
NOT_TITLES = frozenset("""сын дочь жена муж мать отец брат сестра дед бабушка внук внучка
дядя тетя племянник племянница супруг супруга вдова вдовец друг подруга человек мужчина
женщина парень девушка ребенок мальчик девочка житель жительница гражданин гражданка
пациент пассажир сосед соседка коллега знакомый возлюбленный невеста жених
""".split())
# Words that are no post on their own, only with what they are of («глава
# МИД», «представитель компании»): a relation to someone or something, not an
# occupation.  NEREL train marks each a PROFESSION alone in under 5 % of its
# occurrences, seen 10 times or more (господин 0 of 20, представитель 0 of 170,
# сотрудник 0 of 97, глава 1 of 338, член 0 of 129, лидер 5 of 120...); out
# of fold the pipeline made such one-word posts 123 times, 3 right (ROLE exact
# spans 0.7457 → 0.7515).
NOT_ALONE = frozenset("""господин представитель сотрудник основатель предшественник преемник
владелец соперник член родитель сторонник родственник глава руководитель лидер кандидат""".split())
# Types whose mention is no post as well (RoleTagger).
NOT_POST_TYPES = frozenset((NATIONALITY, IDEOLOGY, WORK_OF_ART, AWARD))
# Adjectives before a post that NEREL leaves out of the PROFESSION span.
NOT_PART = frozenset("бывший новый нынешний действующий покойный будущий известный "
                     "знаменитый популярный молодой прежний очередной последний первый "
                     "временный скандальный легендарный опальный другой этот тот свой".split())
_KEEP_RELS = {"nmod", "amod", "flat", "flat:foreign", "nummod", "case", "det", "conj", "cc",
              "fixed", "compound", "punct"}
_DASHES = {"–", "—", "-"}
# Verbs that state a post: «Олег Капитанов, возглавляющий комитет ...».
LEAD_VERBS = frozenset({"возглавлять", "возглавить", "руководить", "руководящий", "возглавляющий"})


def norm_lemma(lemma: str) -> str:
    return lemma.lower().replace("ё", "е")


@lru_cache(maxsize=1)
def post_lemmas() -> frozenset[str]:
    """Hand list plus the trained list (when shipped), ``ё`` spelled ``е``."""
    words = set(MANUAL_POSTS)
    path = resources.files("pipeline") / "data" / "relations" / "posts.txt"
    if path.is_file():
        words |= {w.strip() for w in path.read_text(encoding="utf-8").splitlines() if w.strip()}
    return frozenset(norm_lemma(w) for w in words)


def is_post(token: Token) -> bool:
    lemma = norm_lemma(token.lemma or token.text)
    posts = post_lemmas()
    if lemma in posts:
        return True
    # «вице-губернатор», «хип-хоп-исполнитель»
    if "-" in lemma and lemma.rsplit("-", 1)[1] in posts:
        return True
    return _deputy_of_post(lemma, posts)


def _deputy_of_post(lemma: str, posts: frozenset[str]) -> bool:
    """«заммэра», «замгубернатора», «зампредседателя»: «зам» and a post in the
    genitive, one word the dictionary does not know."""
    rest = lemma[3:] if lemma.startswith("зам") and len(lemma) > 6 else ""
    return bool(rest) and bool({rest, rest[:-1], rest[:-1] + "ь", rest[:-1] + "а"} & posts)


def _title_before_name(tokens: list[Token], i: int, blocked: set[int]) -> bool:
    """A lowercase animate noun right before a name is a title or profession
    the list lacks: «пианист Евгений Кисин», «искусствоведа Хелен Макинтайр»;
    kinship words («сын», «жена») are not."""
    t = tokens[i]
    return (i + 1 in blocked and i not in blocked and t.pos == "NOUN" and t.text.islower()
            and t.feats.get("Animacy") == "Anim" and norm_lemma(t.lemma) not in NOT_TITLES)


def _opens_role(tokens: list[Token], i: int, blocked: set[int]) -> bool:
    t = tokens[i]
    if _title_before_name(tokens, i, blocked):
        return True
    if i in blocked or t.pos not in ("NOUN", "PROPN", "ADJ") or not is_post(t):
        return False
    if t.pos == "ADJ" and t.rel == "amod":  # «военный» as an adjective
        return False
    if i > 0 and tokens[i - 1].text.lower() == "во" and norm_lemma(t.lemma) == "глава":  # «во главе с»
        return False
    # A capital letter in mid-sentence marks a name («Капитанов», «Глава» of a title),
    # unless it is a hand-list post without a surname ending.
    after_start = i > 0 and tokens[i - 1].text not in ("«", '"', "(", "—", "–", "-", ":")
    if t.text[:1].isupper() and after_start and not t.text.isupper():
        return _capitalized_post(t)
    return True


def _capitalized_post(t: Token) -> bool:
    """A capitalized post word of the hand list in mid-sentence: NEREL texts
    write «с Президентом страны», «Председатель Государственной думы», «Главы
    города», «Экс-президент».  A surname («Капитанов», «Королёва») has a
    surname ending; the tagger often makes the post PROPN."""
    lemma = norm_lemma(t.lemma).rsplit("-", 1)[-1]
    return (t.pos in ("NOUN", "PROPN") and lemma in MANUAL_SET
            and not t.text.lower().endswith(_SURNAME_ENDS))


def _children(tokens: list[Token]) -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for i, t in enumerate(tokens):
        kids.setdefault(t.head - 1, []).append(i)
    return kids


def _right_end(tokens: list[Token], kids: dict[int, list[int]], i: int, limit: int) -> int:
    """One past the last token of the right part of ``i``'s subtree that
    belongs to the post (genitives, «по/в/при ...» phrases), below ``limit``."""
    end = i + 1
    stack = [c for c in kids.get(i, []) if c > i]
    while stack:
        c = stack.pop()
        t = tokens[c]
        # «аким Алматы», «акима города Алматы»; a name in apposition to the post is not part of it
        place_appos = t.rel == "appos" and (t.feats.get("Case") == "Gen" or t.head - 1 != i)
        if c >= limit or (t.rel not in _KEEP_RELS and not place_appos) or t.pos == "VERB":
            continue
        if t.rel in ("conj", "cc", "punct") and c <= i + 1:
            continue
        if t.rel == "punct" and t.text not in ("«", "»", '"', "(", ")"):
            continue
        end = max(end, c + 1)
        stack.extend(k for k in kids.get(c, []) if k > c)
    # A subtree with a hole (a stray verb, a name) ends at the hole.
    for j in range(i + 1, end):
        if j >= limit or tokens[j].pos in ("VERB", "AUX") or tokens[j].text in (",", ";", ":"):
            end = j
            break
    while end > i + 1 and (tokens[end - 1].pos in ("ADP", "CCONJ", "PUNCT")
                           and tokens[end - 1].text not in ("»", ")", '"')):
        end -= 1
    return end


def _left_start(tokens: list[Token], i: int) -> int:
    """The first adjective of the post before its post word; an age
    («70-летний полковник») is no part of it (NEREL makes it an AGE)."""
    a = i
    while (a > 0 and tokens[a - 1].pos == "ADJ" and tokens[a - 1].head == i + 1
           and norm_lemma(tokens[a - 1].lemma) not in NOT_PART
           and not tokens[a - 1].text[:1].isdigit()
           and not (tokens[a - 1].text[:1].isupper() and a - 1 > 0)):
        a -= 1
    return a


def _dash_part(tokens: list[Token], b: int, limit: int, blocked: set[int]) -> int:
    """Index of the post word of a second post after a dash at ``b``, else -1."""
    if b + 1 >= limit or tokens[b].text not in _DASHES:
        return -1
    for j in (b + 1, b + 2):
        if j < limit and _opens_role(tokens, j, blocked):
            return j
        if j < limit and tokens[j].pos != "ADJ":
            break
    return -1


class RulePost(NamedTuple):
    """A post found by the hand rules: its tokens ``start:stop``, its post
    word, and whether a second post joins it after a dash."""

    start: int
    stop: int
    word: int
    compound: bool


def rule_posts(sent: Sentence, blocked: set[int]) -> list[RulePost]:
    """The posts of one sentence by the hand rules: a post word with the
    adjectives before it and its dependents after it in the syntax tree;
    ``blocked`` holds the tokens of PER mentions."""
    tokens = sent.tokens
    n = len(tokens)
    kids = _children(tokens)
    out: list[RulePost] = []
    i = 0
    while i < n:
        if not _opens_role(tokens, i, blocked):
            i += 1
            continue
        limit = min([p for p in blocked if p > i] or [n])
        a = _left_start(tokens, i)
        b = _right_end(tokens, kids, i, limit)
        compound = False
        # «член правительства Санкт-Петербурга – председатель комитета ...»
        while (j := _dash_part(tokens, b, limit, blocked)) >= 0:
            b = _right_end(tokens, kids, j, limit)
            compound = True
        if not compound:  # «советника и помощника»: two posts
            b = split_joined(tokens, a, b)[0][1]
        out.append(RulePost(a, b, i, compound))
        i = b
    return out


def _only_head(tokens: list[Token], a: int, b: int) -> int:
    """The one token of ``a:b`` whose head is outside it, or -1 when there are several."""
    heads = [k for k in range(a, b) if not a <= tokens[k].head - 1 < b]
    return heads[0] if len(heads) == 1 else -1


def split_joined(tokens: list[Token], a: int, b: int) -> list[tuple[int, int]]:
    """Two posts joined by «и» are two ROLE spans, as NEREL marks them
    («первый заместитель и главный инженер», «советника и помощника»): the
    span is cut before a conjunction whose conjunct hangs on the span's head
    in the syntax tree; the second part stays a post when its head is a post
    word.  A conjunct of a dependent stays in («министр топлива и энергетики»,
    «актёр театра и кино»)."""
    h = _only_head(tokens, a, b)
    if h < 0:
        return [(a, b)]
    for c in range(h + 1, b):
        t = tokens[c]
        if t.rel != "conj" or t.head - 1 != h:
            continue
        cc = next((k for k in range(h + 1, c) if tokens[k].rel == "cc" and tokens[k].head - 1 == c), -1)
        if cc < 0 or tokens[cc - 1].text.endswith("-"):
            continue
        out = [(a, cc)]
        if is_post(t):
            out.append((cc + 1, b))
        return out
    return [(a, b)]


def _subtree_end(tokens: list[Token], kids: dict[int, list[int]], c: int) -> int:
    """One past the last token of ``c``'s subtree."""
    end, stack = c + 1, [c]
    while stack:
        k = stack.pop()
        end = max(end, k + 1)
        stack.extend(kids.get(k, []))
    return end


def extend_joined(tokens: list[Token], kids: dict[int, list[int]], a: int, b: int, limit: int) -> int:
    """The end of a post that goes on with a conjunct of what it is of
    («председателя Комитета по регламенту [и организации парламентской
    деятельности]», «Министр экономики[, торговли и промышленности]»): while
    «и», «или» or a comma follows the span and then a conjunct of one of its
    words but the head, the conjunct's subtree joins it, up to the last «и» or
    «или» (a list cut after a comma is none: «Глава Абакана, столицы Хакасии»)."""
    head = _only_head(tokens, a, b)
    if head < 0:
        return b
    done = b
    while b + 1 < limit and tokens[b].text in ("и", "или", ","):
        c = b + 1
        while c < limit and tokens[c].rel != "conj" and tokens[c].head - 1 > c:
            c += 1  # adjectives before the conjunct
        if c >= limit or not _joins(tokens, a, b, c, head):
            break
        end = _subtree_end(tokens, kids, c)
        if end > limit or any(tokens[k].pos in ("VERB", "AUX") for k in range(b, end)):
            break
        if tokens[b].text != ",":
            done = end
        b = end
    return done


def _joins(tokens: list[Token], a: int, b: int, c: int, head: int) -> bool:
    """Is token ``c`` a conjunct of a word of ``a:b`` but its head, in that
    word's case, and no post of its own («и руководителя управления»)?"""
    t = tokens[c]
    of = t.head - 1
    if t.rel != "conj" or not a <= of < b or of == head or is_post(t):
        return False
    case, case_of = t.feats.get("Case"), tokens[of].feats.get("Case")
    return case is None or case_of is None or case == case_of


def role_spans(sent: Sentence, tags: list[str] | None, blocked: set[int]) -> list[tuple[int, int]]:
    """The ROLE spans of one sentence: the role layer's (``tags``) where it
    finds a post, the hand rules' (:func:`rule_posts`) where it finds none.
    A span of the layer stops before a person's name («Генсек» of «Генсек
    Гутерриш») and a kinship or status word alone («жена», «житель»: never a
    PROFESSION in NEREL train) is none; posts joined by a dash are one ROLE
    when the layer found one of them («членом правительства Санкт-Петербурга
    – председателем комитета ...»).  Chosen on NEREL train (documents 0-299,
    the layer out of fold): the rules' posts where the layer has nothing are
    right 36 % of the time, but they are most of the posts a person WORKS_AS
    the layer misses (the posts of 96 % of the gold WORKS_AS relations are
    found with them, 86 % without) and the ROLE F1 gains a little (0.680
    against 0.678 with only the hand list's posts before a name)."""
    tokens = sent.tokens
    kids = _children(tokens)
    found = []
    for a0, b0, _ in bio_spans(tags) if tags else []:
        b0 = min([k for k in blocked if a0 <= k < b0] or [b0])
        b0 = extend_joined(tokens, kids, a0, b0, min([k for k in blocked if k >= b0] or [len(tokens)]))
        for a, b in split_joined(tokens, a0, b0):
            if b > a and not (b - a == 1 and norm_lemma(tokens[a].lemma) in NOT_TITLES):
                found.append((a, b))
    for post in rule_posts(sent, blocked):
        a, b = post.start, post.stop
        overlapping = [(x, y) for x, y in found if x < b and a < y]
        if post.compound and overlapping:
            found = [s for s in found if s not in overlapping] + [(min(a, *(x for x, _ in overlapping)),
                                                                   max(b, *(y for _, y in overlapping)))]
        elif not overlapping:
            found.append((a, b))
    return sorted(found)


def compound_normal(doc: Document, m: Mention, morph) -> str:
    """Normal form of a compound post: every part after a dash gets its post
    word (and the adjectives before it) in the nominative too («членом
    правительства – председателем комитета» → «член правительства –
    председатель комитета»); ``m.normal`` already holds the first part's."""
    tokens = doc.sentences[m.sent_idx].tokens
    b = m.tok_stop
    posts = {k: j for k in range(m.tok_start + 1, b - 1)
             if tokens[k].text in _DASHES and (j := _dash_part(tokens, k, b, set())) >= 0}
    cut = m.normal.find(f" {tokens[min(posts)].text} ") if posts else -1
    if cut < 0:
        return m.normal
    out = [m.normal[:cut]]
    prev = tokens[min(posts) - 1].stop
    for j in range(min(posts), b):
        t = tokens[j]
        word = t.text
        if any(k < j <= p for k, p in posts.items()) and t.feats.get("Case", "Nom") != "Nom":
            word = _nominative(morph, t)
        out.append(doc.text[prev:t.start] + word)
        prev = t.stop
    return "".join(out)


def _nominative(morph, t: Token) -> str:
    number = "plur" if t.feats.get("Number") == "Plur" else "sing"
    for p in morph.parse(t.text.lower()):
        if p.tag.POS in ("NOUN", "ADJF") and p.tag.case != "nomn":
            form = p.inflect({"nomn", number})
            if form:
                word = form.word
                return word[:1].upper() + word[1:] if t.text[:1].isupper() else word
    return t.text


def find_led_bodies(sent: Sentence, person_heads: set[int]) -> list[tuple[int, int]]:
    """Posts stated by a verb: «возглавляющий комитет по ...» hanging from a
    person, or «Иванов возглавляет комитет»; the span is the verb and its
    object."""
    tokens = sent.tokens
    kids = _children(tokens)
    out = []
    for i, t in enumerate(tokens):
        if norm_lemma(t.lemma) not in LEAD_VERBS:
            continue
        holder = t.head - 1 in person_heads or any(
            tokens[k].rel.startswith("nsubj") and k in person_heads for k in kids.get(i, []))
        objs = [k for k in kids.get(i, []) if k > i and tokens[k].rel in ("obj", "obl")]
        if holder and objs:
            out.append((i, _right_end(tokens, kids, objs[0], len(tokens))))
    return out


def _adjectives(tokens: list[Token]) -> bool:
    """A «name» of adjectives only is no name: «Мариинского» in «солиста
    Мариинского театра» tagged PER does not cut the post."""
    return all(t.pos == "ADJ" and t.rel == "amod" for t in tokens)


class RoleTagger(Stage):
    name = "roles"
    requires = ("tokens.morph", "tokens.lemma", "tokens.syntax", "tokens.layers", "mentions.names",
                "mentions.types")
    assigns = ("mentions.roles",)

    def __call__(self, doc: Document) -> Document:
        # A span the types stage gives one of these types is no post
        # («бразилец Клаудиньо», «коммунист»): of the pipeline's ROLE mentions
        # out of fold over NEREL train that were such mentions too, NEREL made
        # 85 no PROFESSION (NATIONALITY 60, IDEOLOGY 14, WORK_OF_ART 6, AWARD 5)
        # and 5 one (all NATIONALITY).
        not_posts = {(m.start, m.stop) for m in doc.mentions if m.type in NOT_POST_TYPES}
        for si, sent in enumerate(doc.sentences):
            tags = sent.layer_tags.pop(LAYER, None)
            blocked = {k for m in doc.mentions if m.sent_idx == si and m.type == PER
                       and not _adjectives(sent.tokens[m.tok_start:m.tok_stop])
                       for k in range(m.tok_start, m.tok_stop)}
            heads = {k for k in blocked if sent.tokens[k].head - 1 not in blocked}
            words = [t.text for t in sent.tokens]
            for a, b in role_spans(sent, tags, blocked) + find_led_bodies(sent, heads):
                a, b = balance(words, a, b)
                if a == b:
                    continue
                b = _without_closing_quote(words, a, b)
                start, stop = sent.tokens[a].start, sent.tokens[b - 1].stop
                start += len(_EX.match(doc.text, start, stop)[0])
                alone = b - a == 1 and norm_lemma(sent.tokens[a].lemma) in NOT_ALONE
                if alone or (start, stop) in not_posts:
                    continue
                doc.add_mention(Mention(start, stop, doc.text[start:stop], ROLE, sent_idx=si,
                                        source="roles", tok_start=a, tok_stop=b))
                _free_place(doc, sent, si, a)
        return doc


def _without_closing_quote(words: list[str], a: int, b: int) -> int:
    """The end of a post that ends in a name in «ёлочки» it does not start
    with: before the closing quote, as NEREL ends such a PROFESSION where the
    ORGANIZATION inside it ends («руководитель компании «СантехМастер»: 84 of
    NEREL train's 130 such spans, in 88 documents of which two have both;
    out of fold ROLE exact-span F1 0.7587 → 0.7623).  Other quotes stay (ASCII
    ``"``: NEREL keeps the closing one, 22 of 23 times out of fold)."""
    if b - a > 2 and words[b - 1] == "»" and words[a] != "«" and "«" in words[a + 1:b - 1]:
        return b - 1
    return b


# «экс-» or «женщина-» before a post is no part of it in NEREL
# («экс-президент»: the 90 PROFESSION spans of NEREL train after «экс-» leave
# it out, the 12 after «женщина-», «девушка-» too; none holds it); the
# mention starts after it, inside the token.
_EX = re.compile(r"(?:(?:[Ээ]кс|[Жж]енщин[аыеуой]{0,2}|[Дд]евушк[аиеуой]{0,2})[-‑–]\s*(?=\w))?")


def _free_place(doc: Document, sent: Sentence, si: int, a: int) -> None:
    """A place the NER began with the post word of a ROLE starting at token
    ``a`` («Раис Татарстана» as LOC) begins after it («Татарстана»); dropped
    when that place is already a mention."""
    if not is_post(sent.tokens[a]):
        return
    for m in [m for m in doc.mentions if m.type == LOC and m.sent_idx == si and m.tok_start == a]:
        if m.tok_stop - a < 2 or any(o.type == LOC and o.sent_idx == si and (o.tok_start, o.tok_stop)
                                     == (a + 1, m.tok_stop) for o in doc.mentions):
            doc.mentions.remove(m)
            continue
        m.tok_start, m.start = a + 1, sent.tokens[a + 1].start
        m.text = doc.text[m.start:m.stop]


# Prepositions that attach the place of a post: «консул в Алматы», «представитель
# при ООН», «депутат от Алматы».  A place after another preposition is the
# post's subject matter and stays in it: «министр по делам Северного Кавказа».
PLACE_PREPS = frozenset("в во при на от".split())
# Kind words right before a place name that only say what the place is:
# «акима города Алматы», «правления компании «Газпром»», «лидер партии «Яблоко»».
KIND_WORDS = frozenset("""город г. село поселок деревня станица аул область край район республика
страна штат провинция округ регион губерния компания корпорация концерн холдинг группа банк
фонд партия движение агентство газета журнал телеканал издание клуб команда театр
пао оао зао ао ооо нао гк фгуп гуп муп ано""".split())
LEADER = "руководитель"
_QUOTE_MARKS = frozenset("«»\"„“”")
# Words a post is left with at its end when a place is cut off after them.
_DANGLING_POS = ("ADP", "CCONJ", "PUNCT")


def role_parts(doc: Document, m: Mention) -> list[RolePart]:
    """The posts of a ROLE mention, one per dash-joined part («член
    правительства Санкт-Петербурга – председатель комитета ...» gives two).

    The places of a part (their mention ids) are the outermost ORG/LOC mentions starting in it
    (an ORG may run on past the ROLE: «пресс-секретарь Федеральной службы по
    надзору в сфере связи, информационных технологий ...») attached to the post
    (in the genitive, by «в/при/на/от», or an adjective before it); an ORG named
    by common nouns that ends in such a place gives way to it («правительства
    Санкт-Петербурга» → «Санкт-Петербурга», so the post is «член правительства»).
    The post is what remains of the part without its places and their linking
    words («города», «в», «компании», quotes), in the nominative as ``m.normal``
    has it, a sentence-initial capital dropped."""
    if not 0 <= m.sent_idx < len(doc.sentences):
        return [RolePart(lower_first(m.normal or m.text), m.normal or m.text)]
    tokens = doc.sentences[m.sent_idx].tokens
    idx = [k for k, t in enumerate(tokens) if t.stop > m.start and t.start < m.stop]
    if not idx:
        return [RolePart(lower_first(m.normal or m.text), m.normal or m.text)]
    a, b = idx[0], idx[-1] + 1
    if tokens[a].start < m.start:  # «Экс-министр экономики»: the post starts inside the token
        tokens = [*tokens[:a], _from(tokens[a], m.start), *tokens[a + 1:]]
    words = _normal_words(doc, m, tokens[a:b])
    inner = [o for o in doc.mentions if o.type in (ORG, LOC) and o.sent_idx == m.sent_idx
             and m.start <= o.start < m.stop]
    out = []
    for pa, pb in _part_bounds(tokens, a, b):
        places, body_adjs = _places(tokens, pa, pb, inner)
        cut = _cut_tokens(tokens, pa, pb, places + body_adjs)
        kept = _trim(tokens, [k for k in range(pa, pb) if k not in cut])
        post = _join(doc, tokens, kept, words, a)
        if places and norm_lemma(tokens[_post_word(tokens, pa, pb)].lemma) in LEAD_VERBS:
            post = LEADER  # «возглавляющий комитет по ...»: the head of the committee
        full = _join(doc, tokens, list(range(pa, pb)), words, a)
        out.append(RolePart(lower_first(post or full), lower_first(full),
                            [o.mention_id for o in places]))
    return out


class PostSplitter(Stage):
    """Each ROLE mention's :class:`Role`: its name and its posts with their
    places (:func:`role_parts`).  Runs after the relations stage, which puts
    every part of a compound post in the nominative."""

    name = "posts"
    requires = ("mentions.roles", "mentions.normal", "relations")
    assigns = ("roles",)

    def __call__(self, doc: Document) -> Document:
        doc.roles = [Role(m.mention_id, lower_first(m.normal or m.text), role_parts(doc, m))
                     for m in doc.mentions if m.type == ROLE]
        return doc


def _from(t: Token, start: int) -> Token:
    """The part of token ``t`` from ``start`` on («министр» of «Экс-министр»),
    its lemma cut alike where it begins as the text does."""
    cut = start - t.start
    lemma = t.lemma[cut:] if t.lemma[:cut].lower() == t.text[:cut].lower() else t.lemma
    return Token(start, t.stop, t.text[cut:], lemma, t.pos, t.feats, t.head, t.rel)


def lower_first(name: str) -> str:
    """A post's name without a sentence-initial capital («Генеральный консул»
    → «генеральный консул»); an abbreviation keeps its capitals."""
    first = name.split(" ", 1)[0]
    return name if first.isupper() and len(first) > 1 else name[:1].lower() + name[1:]


def _normal_words(doc: Document, m: Mention, toks: list[Token]) -> list[str]:
    """Each token's word in ``m.normal``: the normal form keeps the gaps of the
    source and changes only words, so the gaps align it with the tokens.  The
    words as written when it does not align."""
    written = [t.text for t in toks]
    if not m.normal or m.normal == m.text:
        return written
    pattern, prev = [], toks[0].start
    for t in toks:
        gap = re.escape(doc.text[prev:t.start])
        # a word without spaces stays one: the match is linear, never a search
        word = (("(.+?)" if re.search(r"\s", t.text) else r"(\S+?)")
                if any(c.isalnum() for c in t.text) else f"({re.escape(t.text)})")
        pattern.append(gap + word)
        prev = t.stop
    hit = re.fullmatch("".join(pattern), m.normal, flags=re.S)
    return list(hit.groups()) if hit else written


def _part_bounds(tokens: list[Token], a: int, b: int) -> list[tuple[int, int]]:
    """Token ranges of the dash-joined posts of the span ``[a, b)``."""
    dashes = [k for k in range(a + 1, b - 1)
              if tokens[k].text in _DASHES and _dash_part(tokens, k, b, set()) >= 0]
    starts = [a] + [k + 1 for k in dashes]
    stops = dashes + [b]
    return list(zip(starts, stops, strict=True))


def _post_word(tokens: list[Token], pa: int, pb: int) -> int:
    for k in range(pa, pb):
        if is_post(tokens[k]) or norm_lemma(tokens[k].lemma) in LEAD_VERBS:
            return k
    return next((k for k in range(pa, pb) if tokens[k].pos in ("NOUN", "PROPN")), pa)


def _tok_range(tokens: list[Token], o: Mention, pa: int, pb: int) -> tuple[int, int]:
    ks = [k for k in range(pa, pb) if o.start <= tokens[k].start and tokens[k].stop <= o.stop]
    return (ks[0], ks[-1] + 1) if ks else (-1, -1)


def _places(tokens: list[Token], pa: int, pb: int,
            inner: list[Mention]) -> tuple[list[Mention], list[Mention]]:
    """The outermost ORG/LOC mentions starting in the part ``[pa, pb)`` that the
    post is of, the body or place it belongs to first: a genitive («консул
    Российской Федерации»), then an adjective before the post («российский
    посол»), then one after «в/при/на/от» («в Алматы»).  Second, the mentions
    that are cut from the post without being its place: an adjective of the
    body («вокалист британской группы The Prodigy»)."""
    lo, hi = tokens[pa].start, tokens[pb - 1].stop
    post = _post_word(tokens, pa, pb)
    cands = [o for o in inner if lo <= o.start < hi and not o.start <= tokens[post].start < o.stop]
    outer = [o for o in cands if not any(p is not o and p.start <= o.start and o.stop <= p.stop
                                         and p.span != o.span for p in cands)]
    ranked: list[tuple[int, int, Mention]] = []
    for o in outer:
        o = _descend(tokens, o, cands, pa, pb)
        s, e = _tok_range(tokens, o, pa, pb)
        rank = _place_rank(tokens, post, s, e)
        if rank is not None and all(o is not r[2] for r in ranked):
            ranked.append((rank, o.start, o))
    ranked.sort(key=lambda r: r[:2])
    return ([o for rank, _, o in ranked if rank < _BODY_ADJ],
            [o for rank, _, o in ranked if rank == _BODY_ADJ])


_GENITIVE, _ADJ_BEFORE, _PREP, _BODY_ADJ = range(4)


def _place_rank(tokens: list[Token], post: int, s: int, e: int) -> int | None:
    """How the mention at tokens ``[s, e)`` hangs on the post word ``post``;
    None when it is no place of it («министр по делам Северного Кавказа»)."""
    if s < 0:
        return None
    if s < post:
        return _ADJ_BEFORE
    if all(tokens[k].pos == "ADJ" for k in range(s, e)):
        return _BODY_ADJ
    for k in range(s - 1, post, -1):
        if tokens[k].pos == "ADP":
            return _PREP if norm_lemma(tokens[k].text) in PLACE_PREPS else None
    return _GENITIVE


def _descend(tokens: list[Token], o: Mention, cands: list[Mention], pa: int, pb: int) -> Mention:
    """An ORG named by common nouns that ends in an ORG/LOC in the genitive is a
    body of that place: the place is the inner mention («правления ПАО
    «Газпром»» → «ПАО «Газпром»», «правительства Санкт-Петербурга» →
    «Санкт-Петербурга»)."""
    while True:
        s, _ = _tok_range(tokens, o, pa, pb)
        if o.type != ORG or s < 0 or not tokens[s].text[:1].islower():
            return o
        tails = [i for i in cands if i is not o and o.start < i.start and i.stop == o.stop]
        if not tails:
            return o
        i = min(tails, key=lambda i: i.start)
        si, _ = _tok_range(tokens, i, pa, pb)
        if any(tokens[k].pos in ("ADP", "PUNCT", "CCONJ") for k in range(s, si)):
            return o
        o = i


def _cut_tokens(tokens: list[Token], pa: int, pb: int, places: list[Mention]) -> set[int]:
    """Tokens of the places and of their linking words: kind words, place
    prepositions and quotes right before a place, a closing quote after it."""
    cut: set[int] = set()
    for o in places:
        s, e = _tok_range(tokens, o, pa, pb)
        cut.update(range(s, e))
        k = s - 1
        while k >= pa and (tokens[k].text in _QUOTE_MARKS or _kind_word(tokens[k])):
            cut.add(k)
            k -= 1
        if k >= pa and tokens[k].pos == "ADP" and norm_lemma(tokens[k].text) in PLACE_PREPS:
            cut.add(k)
        if e < pb and tokens[e].text in _QUOTE_MARKS and s - 1 in cut:
            cut.add(e)
    return cut


def _kind_word(t: Token) -> bool:
    return t.pos in ("NOUN", "PROPN") and (norm_lemma(t.lemma) in KIND_WORDS
                                          or t.text.lower() in KIND_WORDS)


def _trim(tokens: list[Token], kept: list[int]) -> list[int]:
    """Drop prepositions, conjunctions and marks left dangling at the end (a
    closing quote or bracket stays when its opening one does)."""
    while kept and (tokens[kept[-1]].pos in _DANGLING_POS or tokens[kept[-1]].text in _QUOTE_MARKS):
        text = tokens[kept[-1]].text
        if text in "»\")" and sum(tokens[k].text in _QUOTE_MARKS | {"("} for k in kept) % 2 == 0:
            break
        kept = kept[:-1]
    return kept


def _join(doc: Document, tokens: list[Token], kept: list[int], words: list[str], a: int) -> str:
    """The words of the kept tokens with the source's gaps (one space where
    tokens were cut out)."""
    out = []
    for n, k in enumerate(kept):
        if n:
            out.append(doc.text[tokens[k - 1].stop:tokens[k].start] if kept[n - 1] == k - 1 else " ")
        out.append(words[k - a])
    return re.sub(r"\s+", " ", "".join(out)).strip()

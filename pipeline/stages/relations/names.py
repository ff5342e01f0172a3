"""ALTERNATIVE_NAME: other names of one entity.

Two names of one linked entity (the first full name → each other form:
«Олег Капитанов» → «Капитанова», «РФ» → «Российская Федерация»), a name with
another one in brackets right after it («Аарон Шварц (Aaron Swartz)»), a
person's alias («Шон Картер, известный как Джей Зи»), a place adjective and
the place («итальянских» → «Италии»), an amount in two currencies.
"""

from __future__ import annotations

import re

from pipeline.doc import Document, Mention, Relation
from pipeline.gazetteer import adjective_of, place_adjective
from pipeline.labels import ALTERNATIVE_NAME, LOC, MONEY, ORG, PER

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



"""Relations of ages and dates: AGE_IS, DATE_OF_BIRTH, DATE_OF_DEATH,
DATE_FOUNDED_IN, and a post's POST_START and POST_END, read off the sentence's words.

* AGE_IS (PER or ROLE → AGE), unless the NEREL relation stage found someone
  died at that age (AGE_DIED_AT: «на 91-м году жизни скончался Дарио Фо»; on
  NEREL train 66 such ages had an AGE_IS, 5 of them right): the post and the
  person right after an age
  adjective («69-летний Петров», «42-летний глава района Азамат Сагитов»:
  both), else the last person named before it («Мутарика … 78-летний лидер
  скончался»), for another age the nearest person
  before the age in its sentence («Петров, 45 лет,», «Кейну 65 лет»,
  «…скончался Петров в возрасте 93 лет» when none is after), else the
  nearest after it.
* DATE_OF_BIRTH / DATE_OF_DEATH (PER → DATE): a sentence with «родился»,
  «рождения» / «скончался», «умер», «погиб»: the date nearest the cue word,
  the person nearest the cue word.
* DATE_FOUNDED_IN (ORG → DATE): «основан», «создан», «учреждён», «образован»:
  the organization and the date nearest the cue word.
* POST_START / POST_END (ROLE → DATE, the project's own types): a post
  someone holds (WORKS_AS) and a date of its sentence with a known year,
  neither a duration nor a span of days («С 8 по 13 октября патриарх Кирилл
  находится с визитом»), nor a birth, death or founding date: a range («с 1999 по 2005
  год») gives both, a date from «с»/«со» the start, one from «по»/«до» the
  end, each of the post nearest the date (at most 60 characters away); a
  date «в …» or with its month known, near «назначен», «избран», «стал» is
  the start, near «ушёл», «покинул», «освобождён», «отставк» the end, of
  the post nearest that word (at most 40 characters).  The nearest post of
  all, not only of those held: «Губернатор … 12 марта подписал указ о
  назначении Ивана Петрова заместителем председателя» is no start of the
  governor's.  No «который», «когда», «что» between the post and the date
  or word («лидера лейбористов, которые правили с 1997 года»), no plural
  post («экс-президентов: Альберто Фухимори (1990—2000 годы), …»).
  officials.csv reads them as ``since``/``until``.  NEREL's START_TIME /
  END_TIME are an event's (EVENT → DATE) and never a post's: named so, these
  were 341 relations of NEREL train, none of them NEREL's.

Mentions are read (spans, types, sentences), and of tokens only the number
of a post's words and the case of a person's: cheap, and testable on gold
mentions.
"""

from __future__ import annotations

import re
from datetime import date as calendar_date

from pipeline.doc import Document, Mention, Relation, Sentence
from pipeline.labels import (
    AGE,
    AGE_DIED_AT,
    AGE_IS,
    DATE,
    DATE_FOUNDED_IN,
    DATE_OF_BIRTH,
    DATE_OF_DEATH,
    KIND_POINT,
    KIND_RANGE,
    ORG,
    PER,
    POST_END,
    POST_START,
    ROLE,
    WORKS_AS,
)
from pipeline.stages import Stage
from pipeline.stages.features import span_head

SOURCE = "time_relations"

_BIRTH_RE = re.compile(r"(?i)(?<!\w)(?:родил(?:ся|ась|ись)|родивш\w+|рождения|рожд\.|г\.\s?р\.)")
_DEATH_RE = re.compile(r"(?i)(?<!\w)(?:скончал\w*|умер(?:ла|ли)?(?!\w)|умира\w*|погиб\w*|скончавш\w*"
                       r"|смерт\w*|убит\w*|не\s+стало)")
_FOUNDED_RE = re.compile(r"(?i)(?<!\w)(?:основа[нл]\w*|созда[нл]\w*|учрежд\w*|учрежд[её]н\w*"
                         r"|образова[нл]\w*|организова[нл]\w*|открыт\w*|появил\w*)")
_START_VERB_RE = re.compile(r"(?i)(?<!\w)(?:назнач\w*|избра\w*|избран\w*|вступил\w*|возглавил\w*"
                            r"|заступил\w*|стал(?:а|и)?(?!\w))")
_END_VERB_RE = re.compile(r"(?i)(?<!\w)(?:(?:уш[её]л|ушла)(?!\s+из\s+жизни)|покинул\w*|освобожд\w*"
                          r"|освобожд[её]н\w*|отставк\w*|уволен\w*|сложил\w*)")
_WORD_BEFORE_RE = re.compile(r"(\w+)\s*$")
_FROM, _TO = frozenset(("с", "со")), frozenset(("по", "до"))
_IN = frozenset(("в", "во"))
# Words that open another clause between a post and its date («лидера
# лейбористов, которые правили с 1997 года»).
_CLAUSE_RE = re.compile(r"(?i)(?<!\w)(?:котор\w+|когда|что|чтобы|если|пока)(?!\w)|;")
_YEAR_RE = re.compile(r"^\d{3}")  # a value with its year (or decade) known
_MONTH_RE = re.compile(r"^\d{4}-\d\d")
_DAY_RE = re.compile(r"^(\d{4})-(\d\d)-(\d\d)$")
_NEAR_DATE, _NEAR_CUE = 60, 40  # characters between a post and its date, its cue word
# Between an age adjective and its person: a post or a few lower-case words.
_GAP_RE = re.compile(r"^[\s\w\-«»\".,]*$")
_BACK = 300  # how far before an age adjective its person may be named


class TimeRelations(Stage):
    """Adds the relations above; runs after the relation steps (reads WORKS_AS
    and AGE_DIED_AT)."""

    name = "time_relations"
    requires = ("mentions.names", "mentions.roles", "mentions.dates", "mentions.quantities", "relations",
                "relations.nerel")
    assigns = ("relations.time",)

    def __call__(self, doc: Document) -> Document:
        by_sent: dict[int, list[Mention]] = {}
        for m in doc.mentions:
            by_sent.setdefault(m.sent_idx, []).append(m)
        values = {tv.mention_id: tv for tv in doc.dates}
        posts = {r.obj for r in doc.relations if r.type == WORKS_AS}
        died = {r.obj for r in doc.relations if r.type == AGE_DIED_AT}
        people = _of(doc.mentions, PER)
        for si, ms in by_sent.items():
            if not 0 <= si < len(doc.sentences):
                continue
            sent = doc.sentences[si]
            life = _life(sent, ms, values)
            lived = {r.obj for r in life}
            for rel in (*_ages(doc, ms, people, died), *life,
                        *_posts(sent, ms, posts, values, lived)):
                rel.sent_idx, rel.source = si, SOURCE
                doc.add_relation(rel)
        return doc


def _of(ms: list[Mention], *types: str) -> list[Mention]:
    return sorted((m for m in ms if m.type in types), key=lambda m: m.start)


def _ages(doc: Document, ms: list[Mention], everyone: list[Mention], died: set[str]) -> list[Relation]:
    """AGE_IS of the ages of ``ms`` but those someone died at (``died``)."""
    people, posts = _of(ms, PER), _of(ms, ROLE)
    out = []
    for age in _of(ms, AGE):
        if age.mention_id in died:
            continue
        if "летн" in age.text.lower():
            # an adjective: the post and the person it stands before
            near = [m for m in (*posts, *people) if m.start >= age.stop and m.start - age.stop <= 60
                    and _GAP_RE.match(doc.text[age.stop:m.start])]
            person = [m for m in near if m.type == PER][:1]
            post = [m for m in near if m.type == ROLE and (not person or m.stop <= person[0].start)][:1]
            out += [Relation(AGE_IS, m.mention_id, age.mention_id, -1, 0.9) for m in (*post, *person)]
            if not person:
                # «54-летний король»: a noun naming the last person before it
                last = [p for p in everyone if p.stop <= age.start and age.start - p.stop <= _BACK]
                out += [Relation(AGE_IS, p.mention_id, age.mention_id, -1, 0.5) for p in last[-1:]]
            continue
        before = [(p, 0.7) for p in people if p.stop <= age.start][-1:]
        after = [(p, 0.5) for p in people if p.start >= age.stop][:1]
        # «на 91-м году жизни скончался Дарио Фо»: the person follows
        found = after + before if age.text.lower().endswith("году") else before + after
        person, conf = found[0] if found else (None, 0.0)
        if person is not None:
            out.append(Relation(AGE_IS, person.mention_id, age.mention_id, -1, conf))
    return out


def _nearest(ms: list[Mention], pos: int) -> Mention | None:
    return min(ms, key=lambda m: min(abs(m.start - pos), abs(m.stop - pos)), default=None)


def _life(sent: Sentence, ms: list[Mention], values: dict) -> list[Relation]:
    """Birth, death and founding dates: cue word, nearest date (a point in
    time: not «через 2 недели», «более 20 лет»), nearest subject; of people
    after a verb, one not in the genitive when there is one near: «Ким Чен
    Нам, старший брат лидера КНДР Ким Чен Ына, скончался 13 февраля» is Ким
    Чен Нам's death, «после смерти Александра Татарского» Татарский's (out of
    fold over NEREL train DATE_OF_BIRTH 0.749 → 0.757,
    DATE_OF_DEATH 0.579 → 0.587; NEREL dev with the shipped models, once,
    0.800 → 0.800 and 0.780 → 0.829)."""
    text, offset = sent.text, sent.start
    dates = [d for d in _of(ms, DATE) if d.mention_id not in values
             or values[d.mention_id].kind == KIND_POINT]
    if not dates:
        return []
    out = []
    for cue_re, rtype, subj_type in ((_BIRTH_RE, DATE_OF_BIRTH, PER), (_DEATH_RE, DATE_OF_DEATH, PER),
                                     (_FOUNDED_RE, DATE_FOUNDED_IN, ORG)):
        subjects = _of(ms, subj_type)
        for cue in cue_re.finditer(text):
            pos = offset + cue.start()
            verb = any(t.start == pos and t.pos in ("VERB", "AUX") for t in sent.tokens)
            date = _nearest(dates, pos)
            subj = _nearest(_named(sent, subjects, pos) if verb else subjects, pos)
            if date is None or subj is None or abs(date.start - pos) > 80:
                continue
            out.append(Relation(rtype, subj.mention_id, date.mention_id, -1, 0.7))
    return out


def _named(sent: Sentence, people: list[Mention], pos: int) -> list[Mention]:
    """The people of a cue at ``pos`` not in the genitive and at most 80
    characters away, when some of ``people`` are in the genitive and those
    are not none (a relative's name hangs on a noun); else ``people``."""
    def genitive(m: Mention) -> bool:  # the surname's case: «Бабур» may read as genitive
        return m.tok_start >= 0 and sent.tokens[m.tok_stop - 1].feats.get("Case") == "Gen"

    if not any(m.type == PER and genitive(m) for m in people):
        return people
    named = [m for m in people if not genitive(m) and min(abs(m.start - pos), abs(m.stop - pos)) <= 80]
    return named or people


def _posts(sent: Sentence, ms: list[Mention], held: set[str], values: dict,
           lived: set[str]) -> list[Relation]:
    """POST_START / POST_END of the sentence's posts held by someone (WORKS_AS
    objects, ``held``); ``lived``: the dates of a birth, death or founding."""
    text, offset = sent.text, sent.start
    roles = [m for m in _of(ms, ROLE) if not _plural(sent, m)]
    dates = [d for d in _of(ms, DATE) if d.mention_id not in lived and _tenure_date(values.get(d.mention_id))]
    if not dates or not any(r.mention_id in held for r in roles):
        return []
    cues = [(offset + m.start(), offset + m.end(), POST_START) for m in _START_VERB_RE.finditer(text)]
    cues += [(offset + m.start(), offset + m.end(), POST_END) for m in _END_VERB_RE.finditer(text)]
    out = []
    for date in dates:
        tv = values[date.mention_id]
        kinds, near, limit = [], (date.start, date.stop), _NEAR_DATE
        word = _preposition(text, date.start - offset, date.text)
        if tv.kind == KIND_RANGE:
            kinds = [POST_START, POST_END]
        elif word in _FROM:
            kinds = [POST_START]
        elif word in _TO:
            kinds = [POST_END]
        elif {word, date.text.split()[0].lower()} & _IN or _MONTH_RE.match(tv.value):
            close = [c for c in cues if _gap(date, c[0], c[1]) <= _NEAR_DATE]
            if close:
                a, b, kind = min(close, key=lambda c: _gap(date, c[0], c[1]))
                kinds, near, limit = [kind], (a, b), _NEAR_CUE
        role = _nearest_post(roles, held, *near, limit) if kinds else None
        if role is None or role.mention_id not in held or _apart(text, offset, role, *near):
            continue
        out += [Relation(k, role.mention_id, date.mention_id, -1, 0.8) for k in kinds]
    return out


def _gap(m: Mention, a: int, b: int) -> int:
    """Characters between mention ``m`` and the span ``[a, b)`` (0 when they overlap)."""
    return max(0, max(m.start, a) - min(m.stop, b))


def _nearest_post(roles: list[Mention], held: set[str], a: int, b: int, limit: int) -> Mention | None:
    """The post nearest the span ``[a, b)``, at most ``limit`` characters away;
    of nested posts as near, one held, the longest."""
    near = [r for r in roles if _gap(r, a, b) <= limit]
    return min(near, key=lambda r: (_gap(r, a, b), r.mention_id not in held, r.start - r.stop), default=None)


def _apart(text: str, offset: int, role: Mention, a: int, b: int) -> bool:
    """A clause opens between the post and the span ``[a, b)``."""
    lo, hi = (role.stop, a) if role.stop <= a else (b, role.start)
    return lo < hi and _CLAUSE_RE.search(text, lo - offset, hi - offset) is not None


def _plural(sent: Sentence, m: Mention) -> bool:
    """The post's head is plural («президентов»): no one person's tenure."""
    if m.tok_start < 0:
        return False
    head = sent.tokens[span_head(sent.tokens, m.tok_start, m.tok_stop)]
    return head.feats.get("Number") == "Plur"


def _tenure_date(tv) -> bool:
    """A date that can start or end a post: a point or range with its year
    known, not a span of days within a month («с 8 по 13 октября»)."""
    if tv is None or tv.kind not in (KIND_POINT, KIND_RANGE) or not _YEAR_RE.match(tv.value):
        return False
    if tv.kind == KIND_RANGE:
        a, b = _DAY_RE.match(tv.value), _DAY_RE.match(tv.value_end)
        if a and b:
            return (calendar_date(*map(int, b.groups())) - calendar_date(*map(int, a.groups()))).days >= 32
    return True


def _preposition(text: str, start: int, span: str) -> str:
    """The preposition of a date: its first word when that is one («с 1999
    года»), else the word before it («с [1999 года]»), lower-cased."""
    first = span.split(maxsplit=1)[0].lower() if span.split() else ""
    if first in _FROM | _TO:
        return first
    m = _WORD_BEFORE_RE.search(text, 0, max(0, start))
    return m.group(1).lower() if m else ""

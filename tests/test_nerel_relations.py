"""NEREL's other relation types (pipeline.stages.nerel_relations) on Russian sentences.

People, bodies, places, posts and dates come from the pipeline; the mentions
of NEREL's other types (events, awards, crimes, penalties, diseases) are added
by hand as NEREL marks them, where the types stage does not find them.
"""

from __future__ import annotations

import math

import pytest

from pipeline.doc import Document, Mention
from pipeline.labels import (
    AGENT,
    AWARD,
    AWARDED_WITH,
    CONVICTED_OF,
    CRIME,
    DISEASE,
    EVENT,
    KNOWS,
    LOC,
    LOCATED_IN,
    MEDICAL_CONDITION,
    MEMBER_OF,
    NEREL_RELATIONS,
    ORIGINS_FROM,
    PARENT_OF,
    PARTICIPANT_IN,
    PENALIZED_AS,
    PENALTY,
    PER,
    PLACE_RESIDES_IN,
    POINT_IN_TIME,
    ROLE,
    SPOUSE,
    TAKES_PLACE_IN,
    WORKS_AS,
)
from pipeline.stages.features import SentenceView
from pipeline.stages.money import set_token_span
from pipeline.stages.nerel_relations import (
    MIN_CONFIDENCE,
    SOURCE,
    TYPES,
    Classifier,
    NerelRelations,
    best_per_pair,
    candidate_pairs,
    features,
    left_to,
    load_model,
    one_object,
    sentence_relations,
)

pytestmark = pytest.mark.skipif(not load_model(), reason="pipeline/data/relations/nerel.json not built")


@pytest.fixture(scope="module")
def stage():
    return NerelRelations()


@pytest.fixture(scope="module")
def found(nlp, stage):
    """Process ``text``, add the hand mentions ``(text, type)``, and return the
    stage's relations as (type, subject text, object text)."""

    def run(text: str, *extra: tuple[str, str]) -> set[tuple[str, str, str]]:
        doc: Document = nlp(text)
        for span, mtype in extra:
            start = text.index(span)
            if not any((m.start, m.stop, m.type) == (start, start + len(span), mtype) for m in doc.mentions):
                m = doc.add_mention(Mention(start, start + len(span), span, mtype,
                                            sent_idx=doc.sentence_of(start)))
                set_token_span(m, doc.sentences[m.sent_idx])
        stage(doc)
        by_id = {m.mention_id: m for m in doc.mentions}
        return {(r.type, by_id[r.subj].text, by_id[r.obj].text) for r in doc.relations if r.source == SOURCE}

    return run


def test_types_are_nerels_and_left_to_the_other_stages():
    assert set(TYPES) <= set(NEREL_RELATIONS) and WORKS_AS not in TYPES and PARTICIPANT_IN in TYPES
    assert not left_to(LOCATED_IN, LOC, LOC) and left_to(LOCATED_IN, ROLE, LOC)
    model = load_model()
    assert all(0 < m["threshold"] < 1 and m["pairs"] for m in model.values())


def test_scores_are_the_models_sums_to_the_bit(nlp, stage):
    """Every type's score of every candidate pair is sigmoid(bias + the
    weights of the pair's features, added in their order), as the model was
    fit; a pair under the type's threshold scores None."""
    doc = nlp("Министр иностранных дел России Сергей Лавров прилетел в Анкару на переговоры "
              "с президентом Турции Реджепом Эрдоганом.")
    view = SentenceView(doc.sentences[0], [m for m in doc.mentions if m.type in stage.types])
    model, scored, passed = load_model(), 0, 0
    for s, o in candidate_pairs(view, stage.by_sig):
        feats = features(view, s, o)
        for c in stage.by_sig[s.type, o.type]:
            m = model[c.type]
            z = m["bias"] + sum(m["weights"].get(f, 0.0) for f in feats)
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            assert c.score(feats) == (p if p >= m["threshold"] else None)
            scored, passed = scored + 1, passed + (p >= m["threshold"])
    assert scored > 50 and passed > 0


def test_confidences_are_calibrated_scores_in_the_order_of_the_scores():
    """Every type found in training has its Platt scaling, never falling with
    the score (flat where a rare type's fit fell: its precision), so the
    threshold still decides and a higher score is no lower a confidence."""
    model = load_model()
    assert all(m["calibration"]["a"] >= 0 for m in model.values() if m["calibration"])
    assert sum(m["calibration"]["a"] > 0 for m in model.values() if m["calibration"]) > 30
    c = Classifier.of(PARENT_OF, model[PARENT_OF])
    a, b = model[PARENT_OF]["calibration"]["a"], model[PARENT_OF]["calibration"]["b"]
    assert c.confidence(0.5) == pytest.approx(1 / (1 + math.exp(-b)))
    assert c.confidence(0.106) == pytest.approx(1 / (1 + math.exp(-(a * math.log(0.106 / 0.894) + b))))
    assert c.confidence(0.06) < c.confidence(0.106) < c.confidence(0.5)
    assert Classifier.of(AGENT, {"bias": 0.0, "threshold": 0.5, "weights": {}}).confidence(0.7) == 0.7


def test_a_pair_less_likely_right_than_the_floor_is_left_out(nlp):
    """A score over its type's threshold whose calibrated confidence is under
    MIN_CONFIDENCE makes no relation; the same score calibrated higher does."""
    doc = nlp("Иван Петров и Сергей Смирнов приехали в Москву.")
    view = SentenceView(doc.sentences[0], [m for m in doc.mentions if m.type == PER])
    assert len(view.mentions) == 2
    for b, kept in ((-3.0, False), (0.0, True)):
        knows = Classifier.of(KNOWS, {"bias": 0.0, "threshold": 0.05, "weights": {},
                                      "calibration": {"a": 1.0, "b": b}})
        found = sentence_relations(view, {(PER, PER): (knows,)})
        assert knows.confidence(0.5) == pytest.approx(1 / (1 + math.exp(-b)))
        assert (knows.confidence(0.5) >= MIN_CONFIDENCE) is kept
        # one relation for the pair, either way round, when kept
        assert [(t, q) for t, q, _, _ in found] == ([(KNOWS, pytest.approx(0.5))] if kept else [])


def test_a_score_near_the_threshold_is_decided_on_the_score():
    """The sigmoid is skipped only for sums surely under the threshold."""
    c = Classifier.of(AGENT, {"bias": 0.0, "threshold": 0.5, "weights": {
        "PER>EVENT|sl:министр": 1e-7, "PER>EVENT|ol:визит": -1e-7, "gw:не": -1e-5}})
    assert 0.5 < c.score(["PER>EVENT|sl:министр"]) < 0.5 + 1e-7
    assert c.score(["PER>EVENT|sl:министр", "T:PER>EVENT", "PER>EVENT|ol:визит"]) == 0.5
    assert c.score(["PER>EVENT|ol:визит"]) is None and c.score(["gw:не"]) is None


def test_best_per_pair_keeps_the_highest_score_of_each_pair_in_first_found_order():
    found = [("a", 0.3, "a:1"), ("b", 0.5, "b:1"), ("a", 0.7, "a:2"), ("a", 0.7, "a:3"), ("c", 0.1, "c:1")]
    assert best_per_pair(found) == ["a:2", "b:1", "c:1"]
    assert best_per_pair([]) == []


def test_one_object_keeps_the_most_confident_date_of_an_event():
    pit, tpi = POINT_IN_TIME, TAKES_PLACE_IN
    found = [(pit, 0.4, "e1", "d1"), (AGENT, 0.9, "e1", "p1"), (pit, 0.6, "e1", "d2"),
             (pit, 0.5, "e2", "d1"), (tpi, 0.5, "e1", "l1"), (tpi, 0.7, "e1", "l2")]
    kept = one_object(found, lambda r: (r[0], r[2]), lambda r: r[1])
    # the first date of «e1» is dropped, in its place the better one; places stay
    assert kept == [(pit, 0.6, "e1", "d2"), (AGENT, 0.9, "e1", "p1"), (pit, 0.5, "e2", "d1"),
                    (tpi, 0.5, "e1", "l1"), (tpi, 0.7, "e1", "l2")]


def test_an_event_gets_one_date(found):
    """Two dates near one event: NEREL gives an event one POINT_IN_TIME (1 564
    of NEREL train's 1 587 dated events)."""
    rels = found("Саммит, намеченный на 5 мая, прошёл 7 мая в Москве.", ("Саммит", EVENT))
    dates = {o for t, s, o in rels if t == POINT_IN_TIME and s == "Саммит"}
    assert len(dates) == 1 and dates <= {"на 5 мая", "7 мая"}


def test_one_relation_per_pair_of_mentions(nlp, stage):
    """The signer of a decree passes both the AGENT and the PARTICIPANT_IN
    classifier; NEREL gives the pair one type, and the stage keeps the one
    scoring higher: AGENT, as NEREL marks who signs."""
    doc = nlp("Муртаза Рахимов подписал указ об отставке правительства.")
    signer = next(m for m in doc.mentions if m.text == "Муртаза Рахимов")
    signed = doc.add_mention(Mention(doc.text.index("подписал указ"), doc.text.index(" об"), "подписал указ",
                                     EVENT, sent_idx=0))
    set_token_span(signed, doc.sentences[0])
    view = SentenceView(doc.sentences[0], [m for m in doc.mentions if m.type in stage.types])
    feats = features(view, signer, signed)
    scores = [(c, c.score(feats)) for c in stage.by_sig[PER, EVENT]]
    passing = {c.type: c.confidence(p) for c, p in scores if p is not None}
    assert {AGENT, PARTICIPANT_IN} <= set(passing) and passing[AGENT] > passing[PARTICIPANT_IN]
    stage(doc)
    rels = [r for r in doc.relations if r.source == SOURCE]
    pair = {signer.mention_id, signed.mention_id}
    kept = [(r.type, r.confidence) for r in rels if {r.subj, r.obj} == pair]
    assert kept == [(AGENT, round(passing[AGENT], 4))]
    pairs = [frozenset((r.subj, r.obj)) for r in rels]
    assert len(pairs) == len(set(pairs)) and len(pairs) >= 3


def test_event_participants_time_and_place(found):
    rels = found("В понедельник в Алматы аким подписал меморандум с губернатором.",
                 ("подписал меморандум", EVENT))
    assert (AGENT, "аким", "подписал меморандум") in rels
    assert (TAKES_PLACE_IN, "подписал меморандум", "Алматы") in rels
    assert (POINT_IN_TIME, "подписал меморандум", "В понедельник") in rels


def test_attack_time_and_place(found):
    rels = found("Теракт произошёл 11 сентября 2001 года в Нью-Йорке.", ("Теракт", EVENT))
    assert (POINT_IN_TIME, "Теракт", "11 сентября 2001 года") in rels
    assert (TAKES_PLACE_IN, "Теракт", "Нью-Йорке") in rels


def test_family(found):
    """«Сын Джо Байдена Хантер Байден»: KNOWS, SIBLING and SPOUSE score the
    pair too, under their thresholds or less likely; PARENT_OF, calibrated, is
    the one kept."""
    rels = found("Сын Джо Байдена Хантер Байден дал показания.")
    assert (PARENT_OF, "Джо Байдена", "Хантер Байден") in rels
    assert not any(t != PARENT_OF and {s, o} == {"Джо Байдена", "Хантер Байден"} for t, s, o in rels)
    rels = found("Певица Алла Пугачёва и её муж Максим Галкин уехали из России.")
    assert (SPOUSE, "Алла Пугачёва", "Максим Галкин") in rels


def test_membership(found):
    rels = found("Иван Петров, член партии «Единая Россия», выступил на съезде.")
    assert any(t == MEMBER_OF and s == "Иван Петров" and "Единая Россия" in o for t, s, o in rels)


def test_award(found):
    rels = found("Иван Петров был награждён орденом Мужества.", ("орденом Мужества", AWARD))
    assert (AWARDED_WITH, "Иван Петров", "орденом Мужества") in rels


def test_conviction_and_penalty(found):
    rels = found("Суд признал Ивана Петрова виновным в мошенничестве и приговорил его к пяти годам "
                 "лишения свободы.", ("мошенничестве", CRIME), ("пяти годам лишения свободы", PENALTY))
    assert (CONVICTED_OF, "Ивана Петрова", "мошенничестве") in rels
    assert (PENALIZED_AS, "Ивана Петрова", "пяти годам лишения свободы") in rels


def test_medical_condition(found):
    rels = found("Иван Петров госпитализирован с коронавирусом.", ("коронавирусом", DISEASE))
    assert (MEDICAL_CONDITION, "Иван Петров", "коронавирусом") in rels


def test_origin_and_residence(found):
    rels = found("Уроженец Казани Иван Петров переехал в Москву.")
    assert (PLACE_RESIDES_IN, "Иван Петров", "Москву") in rels
    rels = found("Гражданин Украины Иван Петров задержан в Москве.")
    assert (ORIGINS_FROM, "Иван Петров", "Гражданин Украины") in rels
    assert not any(t == ORIGINS_FROM and o == "Москве" for t, _, o in rels)


def test_nothing_between_unrelated_mentions(found):
    """Two people in one sentence with nothing said between them are no family."""
    rels = found("Иван Петров и Сергей Смирнов приехали в Москву.")
    assert not {t for t, _, _ in rels} & {PARENT_OF, SPOUSE}

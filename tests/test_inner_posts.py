"""The post nested in a post of a body or a place (the ``inner_posts`` stage;
sentences and expected mentions checked by eye against NEREL's convention:
«президента США» holds the PROFESSION «президента»)."""

from __future__ import annotations

from pipeline.stages.nested import SOURCE, first_words


def roles(doc):
    return {(m.text, m.source) for m in doc.mentions if m.type == "ROLE"}


def test_post_of_a_country_holds_the_post(nlp):
    doc = nlp("Президент России Владимир Путин заявил, что министр обороны Израиля прибудет в Москву.")
    assert roles(doc) == {("Президент России", "roles"), ("министр обороны Израиля", "roles"),
                          ("Президент", SOURCE), ("министр", SOURCE), ("министр обороны", SOURCE)}


def test_a_minister_holds_his_portfolio_too(nlp):
    # NEREL nests «министр иностранных дел» in «министр иностранных дел
    # Украины» (and «министр» too) 39 times of the 42 it was seen
    doc = nlp("Министр иностранных дел Украины Павел Климкин прибыл в Берлин.")
    assert roles(doc) == {("Министр иностранных дел Украины", "roles"), ("Министр", SOURCE),
                          ("Министр иностранных дел", SOURCE)}
    normal = {m.text: m.normal for m in doc.mentions if m.type == "ROLE"}
    assert normal["Министр иностранных дел"] == "Министр иностранных дел"
    # a post word NEREL does not nest so («президент» 2 times of 9) keeps its post word alone
    doc = nlp("Президент Европейского банка реконструкции и развития Одиль Рено-Бассо приехала в Киев.")
    assert ("Президент", SOURCE) in roles(doc)
    assert not any(source == SOURCE and len(text.split()) > 1 for text, source in roles(doc))


def test_the_portfolio_needs_a_word_seen_nested_so(pipe, monkeypatch):
    import pipeline.stages.inner_posts as ip
    from pipeline.nlp import Pipeline

    def run(counts):
        monkeypatch.setattr(ip, "post_shares", lambda: counts)
        p = Pipeline(resources=pipe.resources, names=("inner_posts",))
        return roles(p.process_texts(["Министр финансов Франции прибыл в Москву."])[0])

    start = {(ip.START, "министр"): (0, 10)}
    assert ("Министр финансов", SOURCE) in run({**start, (ip.PORTFOLIO, "министр"): (5, 10)})
    assert ("Министр финансов", SOURCE) not in run({**start, (ip.PORTFOLIO, "министр"): (4, 10)})
    assert ("Министр финансов", SOURCE) not in run({**start, (ip.PORTFOLIO, "министр"): (1, 1)})
    assert ("Министр финансов", SOURCE) not in run(start)


def test_inner_post_keeps_its_adjectives_and_gets_a_normal_form(nlp):
    doc = nlp("Генеральный директор компании «Газпром» Алексей Миллер встретился с послом Китая в Москве.")
    inner = {m.text: m.normal for m in doc.mentions if m.type == "ROLE" and m.source == SOURCE}
    assert inner == {"Генеральный директор": "Генеральный директор", "послом": "посол"}


def test_inner_post_is_the_entity_of_the_post_alone(nlp):
    doc = nlp("Министр обороны Израиля прибыл в Москву. Министр провёл переговоры.")
    ids = {m.entity_id for m in doc.mentions if m.type == "ROLE" and m.text == "Министр"}
    assert len(ids) == 1  # the inner one and the one standing alone


def test_no_inner_post_without_a_place_or_body_after_it(nlp):
    doc = nlp("Об этом заявил заместитель председателя комитета.")
    roles = [m.text for m in doc.mentions if m.type == "ROLE"]
    assert "заместитель" not in roles  # no place or body after it
    # the second post and what follows it is nested, as NEREL nests
    # «председателя комитета Госдумы» in «первого заместителя председателя комитета Госдумы»
    assert roles == ["заместитель председателя комитета", "председателя комитета"]


def test_inner_posts_take_no_relations(nlp):
    doc = nlp("Президент России Владимир Путин прибыл в Минск.")
    inner = {m.mention_id for m in doc.mentions if m.source == SOURCE}
    assert inner
    assert not any(r.subj in inner or r.obj in inner for r in doc.relations)
    assert ("WORKS_AS", "Президент России") in {(r.type, doc.mention(r.obj).text) for r in doc.relations}


def test_first_words_of_the_outer_normal_form():
    assert first_words("посол Китая в Москве", "послом Китая в Москве", "послом") == "посол"
    # the two forms do not have as many words: the text in lower case
    assert first_words("посол КНР", "послом Китая в Москве", "послом") == "послом"


def test_the_post_at_the_end_of_a_post(nlp):
    doc = nlp("Об этом сообщил советник президента России Юрий Ушаков.")
    inner = {m.text: m.normal for m in doc.mentions if m.type == "ROLE" and m.source == SOURCE}
    # «советник» alone is no post NEREL nests (3 of 13 in train and dev)
    assert inner == {"президента России": "президент России"}
    doc = nlp("Об этом сказала пресс-секретарь премьера.")
    assert {(m.text, m.normal) for m in doc.mentions if m.source == SOURCE} == {("премьера", "премьер")}


def test_the_post_word_after_its_adjectives(nlp):
    doc = nlp("Партию исполнила известная оперная певица.")
    roles = {(m.text, m.source) for m in doc.mentions if m.type == "ROLE"}
    assert roles == {("оперная певица", "roles"), ("певица", SOURCE)}


def test_no_inner_post_for_a_word_nerel_keeps_whole(nlp):
    # NEREL nests no post in «глава МИД России» (1 of its 197 in train),
    # nor in «представитель посольства США»: the body inside is NEREL's
    doc = nlp("Глава МИД России Сергей Лавров и представитель посольства США прибыли в Женеву.")
    assert not [m.text for m in doc.mentions if m.type == "ROLE" and m.source == SOURCE]
    assert ("МИД", SOURCE) in {(m.text, m.source) for m in doc.mentions if m.type == "ORG"}


def test_the_counts_decide(pipe, monkeypatch):
    import pipeline.stages.inner_posts as ip
    from pipeline.nlp import Pipeline

    def run(counts):
        monkeypatch.setattr(ip, "post_shares", lambda: counts)
        p = Pipeline(resources=pipe.resources, names=("inner_posts",))
        return roles(p.process_texts(["Президент Франции прибыл в Москву."])[0])

    both = {("Президент Франции", "roles"), ("Президент", SOURCE)}
    assert run({(ip.START, "президент"): (9, 10)}) == both
    # a word NEREL never nested in 10 candidates keeps none; one seen once keeps it
    assert run({(ip.START, "президент"): (0, 10)}) == {("Президент Франции", "roles")}
    assert run({(ip.START, "президент"): (0, 1)}) == both


def test_no_inner_post_on_a_verb(nlp):
    # «возглавлял Google» states a post (the roles stage's led body); NEREL
    # never marks the verb alone a PROFESSION
    doc = nlp("Эрик Шмидт возглавлял Google на протяжении десяти лет.")
    assert roles(doc) == {("возглавлял Google", "roles")}

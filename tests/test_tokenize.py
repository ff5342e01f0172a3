import random

from razdel import tokenize as razdel_tokenize

from pipeline.tokenize import tokenize


def words(text: str) -> list[str]:
    return [text[a:b] for a, b in tokenize(text)]


def test_the_rules_join_what_razdel_joins():
    assert words("Санкт-Петербург, 3,5 млн. руб. (2/3 доли) — по-прежнему :) ?! ***") == [
        "Санкт-Петербург", ",", "3,5", "млн", ".", "руб", ".", "(", "2/3", "доли", ")", "—",
        "по-прежнему", ":)", "?!", "***"]
    assert words("COVID19 ΔP Yahoo! 11_22") == ["COVID", "19", "ΔP", "Yahoo!", "11_22"]
    # A dash after a space joins the next word only: razdel looks across the space.
    assert words("что -то") == ["что", "-то"]
    assert words("") == [] and words(" \n\t") == []


def test_same_tokens_as_razdel_on_news_and_on_noise():
    text = ("«Газпром» (ПАО) сообщил 12.03.2021 г. о росте выручки на 4,7% — до 1,2 трлн руб.; "
            "гендиректор А.Б. Миллер-младший ответил: \"нет!..\" Δσ mβж 10/20 т.е. 5–7 км/ч.\n"
            "E-mail: press@gazprom.ru, сайт www.gazprom.ru #новости №3 $100 ... ?! =((( ;)")
    assert tokenize(text) == [(t.start, t.stop) for t in razdel_tokenize(text)]
    rng = random.Random(7)
    alphabet = "аб ёЁ zZ 12 .,-–—_/\\:;=()!?…«»\"'№%$ΔσX*+\n\t@#"
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 25)))
        assert tokenize(text) == [(t.start, t.stop) for t in razdel_tokenize(text)], text

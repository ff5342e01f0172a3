"""A few short Russian news articles for the run, resume, dask and bench tests."""

from __future__ import annotations

from pathlib import Path

ARTICLES = {
    "politics/putin": "Президент России Владимир Путин провёл встречу с губернатором "
                      "Санкт-Петербурга Александром Бегловым. Обсуждали бюджет города.",
    "economy/sber": "Сбербанк выделил 4,5 млрд рублей на строительство моста в Казани. "
                    "Глава банка Герман Греф заявил, что работы начнутся весной.",
    "economy/gazprom": "«Газпром» заключил контракт с Китаем на $400 млрд. "
                       "Алексей Миллер назвал сделку исторической.",
    "world/un": "Генеральный секретарь ООН Антониу Гутерриш прибыл в Женеву. "
                "Он встретится с министром иностранных дел Швейцарии.",
    "sport/zenit": "Футбольный клуб «Зенит» подписал контракт с бразильским нападающим "
                   "за 20 миллионов евро. Об этом сообщил Александр Медведев.",
    "culture/museum": "Директор Эрмитажа Михаил Пиотровский открыл новую выставку в Москве. "
                      "Билеты стоят 500 рублей.",
    "city/moscow": "Мэр Москвы Сергей Собянин объявил о запуске новой линии метро. "
                   "На проект потратили около 100 млрд рублей.",
    "science/ran": "Президент Российской академии наук Геннадий Красников рассказал "
                   "о новых грантах для молодых учёных в Новосибирске.",
}


def write_corpus(root: Path, articles: dict[str, str] | None = None) -> Path:
    """Write the articles as ``<id>.txt`` under ``root``; returns ``root``."""
    for doc_id, text in (articles or ARTICLES).items():
        path = root / f"{doc_id}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text + "\n", encoding="utf-8")
    return root


def table_bytes(out: Path) -> dict[str, bytes]:
    """Every CSV and per-document file of a run, by name."""
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())
            if p.suffix in (".csv", ".conllu", ".jsonl")}

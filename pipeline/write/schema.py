"""Table schemas: the column order of every CSV and the pyarrow type of every
Parquet column.  The contract is ``../shared/spec/outputs.md``; the project adds
columns at the end of a table, never renames or drops one.

Types: offsets and counts int32 (token and sentence indexes) or int64
(character offsets), entity/relation types dictionary-encoded strings, money
amounts ``decimal128(38, 6)`` (exact; no float artefacts), percents and ages float64
(written bare: 5.4, 69), TIMEX3 date values strings, confidence float32.
"""

from __future__ import annotations

import pyarrow as pa

# A table's rows as columns: column name -> its values (every column of the schema).
Columns = dict[str, list]

DICT_STR = pa.dictionary(pa.int32(), pa.string())
AMOUNT = pa.decimal128(38, 6)

SCHEMAS: dict[str, pa.Schema] = {
    "documents": pa.schema([
        ("doc_id", pa.string()), ("source", pa.string()), ("title", pa.string()),
        ("published_at", pa.string()), ("author", pa.string()), ("url", pa.string()),
        ("n_sentences", pa.int32()), ("n_tokens", pa.int32()), ("status", DICT_STR),
        ("error", pa.string()), ("format", DICT_STR), ("encoding", DICT_STR),
        ("n_chars", pa.int64()), ("content_hash", pa.string()), ("warning", pa.string()),
    ]),
    "tokens": pa.schema([
        ("doc_id", pa.string()), ("sent_idx", pa.int32()), ("tok_idx", pa.int32()),
        ("start", pa.int64()), ("stop", pa.int64()), ("text", pa.string()),
        ("lemma", pa.string()), ("pos", DICT_STR), ("feats", pa.string()),
        ("head", pa.int32()), ("rel", DICT_STR),
    ]),
    "mentions": pa.schema([
        ("doc_id", pa.string()), ("mention_id", pa.string()), ("sent_idx", pa.int32()),
        ("start", pa.int64()), ("stop", pa.int64()), ("text", pa.string()), ("type", DICT_STR),
        ("normal", pa.string()), ("entity_id", pa.string()), ("first", pa.string()),
        ("middle", pa.string()), ("last", pa.string()), ("source", DICT_STR),
        ("role", pa.string()), ("role_of_mention_id", pa.string()),
        ("role_of_entity_id", pa.string()), ("role_of", pa.string()), ("kind", DICT_STR),
    ]),
    "entities": pa.schema([
        ("entity_id", pa.string()), ("type", DICT_STR), ("name", pa.string()),
        ("n_mentions", pa.int64()), ("n_docs", pa.int64()), ("same_as", pa.string()),
        ("canonical_id", pa.string()), ("aliases", pa.string()),
        ("canonical_mentions", pa.int64()), ("canonical_docs", pa.int64()),
    ]),
    "money": pa.schema([
        ("doc_id", pa.string()), ("mention_id", pa.string()), ("start", pa.int64()),
        ("stop", pa.int64()), ("text", pa.string()), ("amount", AMOUNT),
        ("currency", DICT_STR), ("amount_max", AMOUNT), ("sent_idx", pa.int32()),
        ("qualifier", DICT_STR),
    ]),
    "dates": pa.schema([
        ("doc_id", pa.string()), ("mention_id", pa.string()), ("start", pa.int64()),
        ("stop", pa.int64()), ("text", pa.string()), ("type", DICT_STR), ("value", pa.string()),
        ("value_end", pa.string()), ("kind", DICT_STR), ("anchor", DICT_STR),
        ("sent_idx", pa.int32()),
    ]),
    "quantities": pa.schema([
        ("doc_id", pa.string()), ("mention_id", pa.string()), ("start", pa.int64()),
        ("stop", pa.int64()), ("text", pa.string()), ("type", DICT_STR), ("value", pa.float64()),
        ("value_max", pa.float64()), ("sent_idx", pa.int32()),
    ]),
    "relations": pa.schema([
        ("doc_id", pa.string()), ("relation_id", pa.string()), ("type", DICT_STR),
        ("subj_mention_id", pa.string()), ("obj_mention_id", pa.string()),
        ("subj_text", pa.string()), ("obj_text", pa.string()), ("sent_idx", pa.int32()),
        ("evidence", pa.string()), ("confidence", pa.float32()),
        ("subj_type", DICT_STR), ("obj_type", DICT_STR), ("subj_entity_id", pa.string()),
        ("obj_entity_id", pa.string()), ("source", DICT_STR),
    ]),
    "events": pa.schema([
        ("doc_id", pa.string()), ("mention_id", pa.string()), ("start", pa.int64()),
        ("stop", pa.int64()), ("text", pa.string()), ("normal", pa.string()), ("sent_idx", pa.int32()),
        ("date_mention_id", pa.string()), ("date_value", pa.string()), ("place_mention_id", pa.string()),
        ("place", pa.string()), ("participants", pa.string()), ("participant_entity_ids", pa.string()),
    ]),
    "officials": pa.schema([
        ("doc_id", pa.string()), ("person_entity_id", pa.string()), ("person", pa.string()),
        ("role", pa.string()), ("place_entity_id", pa.string()), ("place", pa.string()),
        ("place_type", DICT_STR), ("sent_idx", pa.int32()), ("evidence", pa.string()),
        ("confidence", pa.float32()), ("person_mention_id", pa.string()),
        ("role_mention_id", pa.string()), ("role_full", pa.string()),
        ("since", pa.string()), ("until", pa.string()),
    ]),
    "cooccurrence": pa.schema([
        ("entity_a", pa.string()), ("name_a", pa.string()), ("type_a", DICT_STR),
        ("entity_b", pa.string()), ("name_b", pa.string()), ("type_b", DICT_STR),
        ("n_sentences", pa.int64()), ("n_docs", pa.int64()),
    ]),
}

# Columns that hold numbers: never neutralized as formulas, written bare.
NUMERIC = {name: {f.name for f in schema if not (pa.types.is_string(f.type) or
                                                pa.types.is_dictionary(f.type))}
           for name, schema in SCHEMAS.items()}


def columns(table: str) -> list[str]:
    return SCHEMAS[table].names


def to_columns(rows: list[dict], table: str) -> Columns:
    """Rows of ``table`` (dicts holding each of its columns) as columns."""
    return {c: [r[c] for r in rows] for c in SCHEMAS[table].names}

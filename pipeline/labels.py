"""The one home of entity and relation type names (``../shared/spec/outputs.md``).

Every module that names a type imports it from here; a type name is never a
string literal elsewhere in ``pipeline/``.  NEREL's own names are kept where
the contract keeps them (its PERSON, ORGANIZATION, FACILITY, PROFESSION are
PER, ORG, FAC, ROLE here).
"""

from __future__ import annotations

# ------------------------------------------------------------------ entity types
PER, ORG, LOC, FAC, ROLE, MONEY = "PER", "ORG", "LOC", "FAC", "ROLE", "MONEY"
DATE, TIME, PERCENT, AGE = "DATE", "TIME", "PERCENT", "AGE"
NUMBER, ORDINAL = "NUMBER", "ORDINAL"
EVENT, NATIONALITY, LAW, AWARD, PRODUCT = "EVENT", "NATIONALITY", "LAW", "AWARD", "PRODUCT"
WORK_OF_ART, DISEASE, CRIME, IDEOLOGY = "WORK_OF_ART", "DISEASE", "CRIME", "IDEOLOGY"
RELIGION, PENALTY, FAMILY, LANGUAGE = "RELIGION", "PENALTY", "FAMILY", "LANGUAGE"

# NEREL's place types: a LOC mention's ``kind`` (mentions.csv).
COUNTRY, CITY, STATE_OR_PROVINCE = "COUNTRY", "CITY", "STATE_OR_PROVINCE"
DISTRICT, LOCATION = "DISTRICT", "LOCATION"
PLACE_KINDS = (COUNTRY, CITY, STATE_OR_PROVINCE, DISTRICT, LOCATION)

# Named entities that get an entity_id and a row of entities.csv.
NAMED_TYPES = (PER, ORG, LOC, FAC)
# Types whose mentions carry a value row (money.csv, dates.csv, quantities.csv).
TIME_TYPES = (DATE, TIME)
QUANTITY_TYPES = (PERCENT, AGE, NUMBER, ORDINAL)

# ---------------------------------------------------------------- relation types
WORKPLACE, WORKS_AS = "WORKPLACE", "WORKS_AS"
HEADQUARTERED_IN, LOCATED_IN = "HEADQUARTERED_IN", "LOCATED_IN"
ALTERNATIVE_NAME = "ALTERNATIVE_NAME"
AMOUNT_OF = "AMOUNT_OF"  # the project's own: MONEY -> what the amount is about
AGE_IS, DATE_OF_BIRTH, DATE_OF_DEATH = "AGE_IS", "DATE_OF_BIRTH", "DATE_OF_DEATH"
DATE_FOUNDED_IN, START_TIME, END_TIME = "DATE_FOUNDED_IN", "START_TIME", "END_TIME"
POINT_IN_TIME = "POINT_IN_TIME"

# ------------------------------------------------------------- value vocabularies
# dates.csv ``kind`` and ``anchor`` (TIMEX3 values, see the contract).
KIND_POINT, KIND_RANGE, KIND_DURATION, KIND_SET = "point", "range", "duration", "set"
ANCHOR_ABSOLUTE, ANCHOR_PUBLISHED, ANCHOR_NONE = "absolute", "published", "none"

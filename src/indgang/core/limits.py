"""The largest whole numbers the database's integer columns hold, the same on SQLite and
PostgreSQL. Numbers from outside (forms, API bodies and parameters, imported files) are
checked against them, so an overlarge one gets a message naming its field instead of a
database error."""

MAX_INT = 2**31 - 1  # IntegerField, PositiveIntegerField, and ids
MAX_BIGINT = 2**63 - 1  # BigIntegerField (amounts in kroner)

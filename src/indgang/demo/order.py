"""The demo modules in the order ``indgang demo`` loads them: each builds on the ones
before it (the operators and people, the register, the catalog, the contact requests,
the CRM's year of activity, the goals measured on it, the effect measurement)."""

from types import ModuleType

from indgang.demo import catalog, crm, effects, events, goals, guide, organisations, registry

# (label printed by the command, module with is_loaded() and load(out))
DEMOS: list[tuple[str, ModuleType]] = [
    ("organisations", organisations),
    ("registry", registry),
    ("catalog", catalog),
    ("guide", guide),
    ("crm", crm),
    ("events", events),
    ("goals", goals),
    ("effects", effects),
]

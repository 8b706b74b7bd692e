"""What other apps (and the demo) may use of goals. Other apps import this module only.

Plain functions and constants: the forecast's statuses, a target's live progress, a
KPI's computation, the survey token's hash, and a person's data in the surveys.
"""

from indgang.goals.contracts.engine import AHEAD, BEHIND, NOT_STARTED, ON_TRACK
from indgang.goals.contracts.metrics import Progress, contract_progress, progress
from indgang.goals.contracts.selectors import contract_rows
from indgang.goals.kpis.services import compute_kpi_value
from indgang.goals.surveys.personal_data import (
    anonymise_expired_surveys,
    erase_survey_person_data,
    survey_person_data,
)
from indgang.goals.surveys.services import SURVEY_TYPES, token_hash

__all__ = [
    "AHEAD",
    "BEHIND",
    "NOT_STARTED",
    "ON_TRACK",
    "SURVEY_TYPES",
    "Progress",
    "anonymise_expired_surveys",
    "compute_kpi_value",
    "contract_progress",
    "contract_rows",
    "erase_survey_person_data",
    "progress",
    "survey_person_data",
    "token_hash",
]

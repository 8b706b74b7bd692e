"""The effect-measurement engine: plain Python on NumPy, no Django.

Entry point: :func:`estimate_effects`. See ``run.py`` for the method, step by step.
"""

from .callaway_santanna import CallawaySantAnnaResult, group_time_att
from .compare import compare_groups
from .config import EffectConfig
from .panel import (
    OUTCOMES,
    PANEL_COLUMNS,
    PARTICIPATION_COLUMNS,
    InputValidationError,
    Panel,
    Participations,
    Problem,
    read_panel,
    read_participations,
)
from .result import EffectResult
from .run import estimate_effects
from .synthetic import SyntheticData, synthetic_register

__all__ = [
    "OUTCOMES",
    "PANEL_COLUMNS",
    "PARTICIPATION_COLUMNS",
    "CallawaySantAnnaResult",
    "EffectConfig",
    "EffectResult",
    "InputValidationError",
    "Panel",
    "Participations",
    "Problem",
    "SyntheticData",
    "compare_groups",
    "estimate_effects",
    "group_time_att",
    "read_panel",
    "read_participations",
    "synthetic_register",
]

"""Every warning the engine can give reaches the reader in Danish through gettext, with its
figures the Danish way (issue 18 point 4), never as the engine's English line."""

import string
from types import SimpleNamespace

from django.utils import translation

from indgang.effects.engine.warnings import MESSAGES, warn
from indgang.effects.messages import warning_text

FIGURES = {
    "count": 1234,
    "cohort": 2019,
    "n_treated": 4,
    "n_controls": 0,
    "covariate": "employees_fte: asinh level, baseline",
    "smd": 0.2,
    "threshold": 0.1,
    "covariates": ["age: missing"],
    "n_dropped": 73,
    "n_total": 185,
    "share": 0.39,
    "n_unmatched": 70,
    "n_missing": 3,
    "outcome": "employees_fte",
    "p_value": 0.012,
    "cs_method": "dr",
    "conditional": ", with covariates",
    "horizon": 2,
    "matched": 1.5,
    "matched_low": 0.5,
    "matched_high": 2.5,
    "cs": 2.7,
    "cs_low": 2.6,
    "cs_high": 2.8,
    "minimum": 20,
    "total": 37,
}


def test_every_engine_warning_has_danish_words():
    for code, line in MESSAGES.items():
        names = {field for _text, field, _spec, _conv in string.Formatter().parse(line) if field}
        result = SimpleNamespace(warnings=[])
        warn(result, code, **{name: FIGURES[name] for name in names})
        warning = result.warnings[0]
        with translation.override("da"):
            text = warning_text(warning)
        assert text != warning["message"], code
        assert "Beskæftigelse" in text or not {"outcome", "covariate"} & names, (code, text)
        assert "1.234" in text or "count" not in names, (code, text)  # Danish grouping

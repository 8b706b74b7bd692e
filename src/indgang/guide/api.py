"""POST /api/v1/guide/match: the one entry for machines. Public and rate-limited.

A match should cost little more than a trivial request, so the body is read by plain
pydantic models (ninja's ``Schema`` reads every field through Django-aware getters, which a
JSON body does not need) and the answer, built from typed values in exactly the shape of
``MatchOut``, is written as JSON directly instead of being validated a second time.
"""

import json

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from pydantic import BaseModel, field_validator

from indgang.catalog.public import (
    EvidenceOut,
    ThemeCode,
    evidence_rows_for_api,
    offer_evidence,
    size_band,
)
from indgang.core.public import ClientRateThrottle
from indgang.guide import matching
from indgang.guide.presentation import place_names, why_lines
from indgang.reference.public import clean_cvr, municipality_region_codes

PATH = "guide/"
router = Router(tags=["guide"], auth=None)

SECTIONS = set("ABCDEFGHIJKLMNOPQRSTU")
THEME_CODES = frozenset(ThemeCode.values)


class CompanyIn(BaseModel):
    cvr: str | None = None
    municipality_code: str | None = None
    db07_section: str | None = None
    employees: int | None = Field(None, ge=0, le=1_000_000)
    age_years: int | None = Field(None, ge=0, le=500)
    growth_ambition: bool | None = None
    turnover_dkk: int | None = Field(None, ge=0)

    @field_validator("cvr")
    @classmethod
    def valid_cvr(cls, value):
        if value in (None, ""):
            return None
        try:
            return clean_cvr(value)
        except ValidationError as exc:
            raise ValueError(exc.messages[0]) from None

    @field_validator("municipality_code")
    @classmethod
    def known_municipality(cls, value):
        if value in (None, ""):
            return None
        if value not in municipality_region_codes():
            raise ValueError(_("Unknown municipality code."))
        return value

    @field_validator("db07_section")
    @classmethod
    def known_section(cls, value):
        if value in (None, ""):
            return None
        if value.upper() not in SECTIONS:
            raise ValueError(_("A DB07 section is a letter from A to U."))
        return value.upper()


class MatchIn(BaseModel):
    company: CompanyIn = Field(default_factory=CompanyIn)
    needs: list[str] = Field(default_factory=list, max_length=16)
    text: str = Field("", max_length=4000)
    limit: int = Field(10, ge=1, le=100)

    @field_validator("company", mode="before")
    @classmethod
    def company_is_an_object(cls, value):
        # anything but an object is refused with our own message, naming the field
        if value is not None and not isinstance(value, dict | CompanyIn):
            raise ValueError(_("The company is a JSON object."))
        return value or {}

    @field_validator("needs")
    @classmethod
    def known_themes(cls, value):
        unknown = [code for code in value if code not in THEME_CODES]
        if unknown:
            raise ValueError(_("Unknown theme code(s): %(codes)s") % {"codes": ", ".join(unknown)})
        return value


class ResultOut(Schema):
    offer_id: str
    score: float
    meets_need: bool = Field(
        description="True when the offer meets what the company asked for (its words or "
        "ticked themes); false for an offer it may use that does not answer the request."
    )
    reasons: list[str]
    evidence: list[EvidenceOut] | None = Field(
        description="The offer's measured effect against a matched control group, for "
        "companies like this one where that group alone meets the quality rules; null when "
        "nothing may be shown yet (decision 0020)."
    )


class MatchOut(Schema):
    results: list[ResultOut]
    eligible_count: int


class GuideThrottle(ClientRateThrottle):
    """Callers share settings.GUIDE_ANON_RATE, per real address (decision 0017)."""

    def __init__(self):
        super().__init__("GUIDE_ANON_RATE", "guide")


@router.post("/match", response=MatchOut, throttle=[GuideThrottle()])
def match(request, body: MatchIn):
    facts = matching.facts_with_register(matching.CompanyFacts(**body.company.model_dump()))
    result = matching.match(facts, body.needs, body.text, body.limit)
    language = get_language() or "da"
    names = place_names()
    evidence = offer_evidence(
        [r.offer_id for r in result.results],
        size=size_band(facts.employees),
        sector=facts.db07_section,
    )
    answer = {
        "results": [
            {
                "offer_id": str(r.offer_id),
                "score": round(float(r.score), 6),
                "meets_need": bool(r.meets_need),
                "reasons": [str(line) for line in why_lines(r, names, language)],
                "evidence": evidence_rows_for_api(evidence.get(str(r.offer_id))),
            }
            for r in result.results
        ],
        "eligible_count": int(result.eligible_count),
    }
    return HttpResponse(json.dumps(answer), content_type="application/json; charset=utf-8")

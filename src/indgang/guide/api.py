"""POST /api/v1/guide/match: the one entry for machines. Public and rate-limited."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.throttling import AnonRateThrottle
from pydantic import field_validator

from indgang.catalog.models import ThemeCode
from indgang.guide import matching
from indgang.guide.presentation import explain
from indgang.reference.selectors import municipality_region_codes
from indgang.reference.validators import clean_cvr

PATH = "guide/"
router = Router(tags=["guide"], auth=None)

SECTIONS = set("ABCDEFGHIJKLMNOPQRSTU")


class CompanyIn(Schema):
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


class MatchIn(Schema):
    company: CompanyIn = Field(default_factory=CompanyIn)
    needs: list[str] = Field(default_factory=list, max_length=16)
    text: str = Field("", max_length=4000)
    limit: int = Field(10, ge=1, le=100)

    @field_validator("company", mode="before")
    @classmethod
    def company_is_an_object(cls, value):
        # ninja's Schema would otherwise read attributes off any value (5 -> all defaults).
        if value is not None and not isinstance(value, dict | CompanyIn):
            raise ValueError(_("The company is a JSON object."))
        return value or {}

    @field_validator("needs")
    @classmethod
    def known_themes(cls, value):
        unknown = [code for code in value if code not in ThemeCode.values]
        if unknown:
            raise ValueError(_("Unknown theme code(s): %(codes)s") % {"codes": ", ".join(unknown)})
        return value


class ResultOut(Schema):
    offer_id: str
    score: float
    reasons: list[str]


class MatchOut(Schema):
    results: list[ResultOut]
    eligible_count: int


class GuideThrottle(AnonRateThrottle):
    """Anonymous callers share settings.GUIDE_ANON_RATE (per IP), read on every request."""

    scope = "guide"

    def allow_request(self, request):
        self.rate = settings.GUIDE_ANON_RATE
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)


@router.post("/match", response=MatchOut, throttle=[GuideThrottle("1/s")])
def match(request, body: MatchIn):
    facts = matching.facts_with_register(matching.CompanyFacts(**body.company.dict()))
    result = matching.match(facts, body.needs, body.text, body.limit)
    return {
        "results": [
            {"offer_id": r.offer_id, "score": round(float(r.score), 6), "reasons": explain(r).why}
            for r in result.results
        ],
        "eligible_count": result.eligible_count,
    }

"""POST /api/v1/guide/match: the one entry for machines. Public and rate-limited.

A match should cost little more than a trivial request, so the body is read by plain
pydantic models (ninja's ``Schema`` reads every field through Django-aware getters, which a
JSON body does not need) and the answer, built from typed values in exactly the shape of
``MatchOut``, is written as JSON directly instead of being validated a second time.
"""

import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.throttling import AnonRateThrottle
from pydantic import BaseModel, field_validator

from indgang.catalog.public import ThemeCode
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
    reasons: list[str]


class MatchOut(Schema):
    results: list[ResultOut]
    eligible_count: int


class GuideThrottle(AnonRateThrottle):
    """Anonymous callers share settings.GUIDE_ANON_RATE (per IP), read on every request.

    Counted per caller in a window that opens with the caller's first request and lasts the
    rate's period: one small cache entry (window start, count), so a check costs the same
    at any rate. (ninja's own throttle stores every timestamp of the period and writes them
    all back on each request, a cost that grows with the rate.)
    """

    scope = "guide"

    def allow_request(self, request):
        if self.rate != settings.GUIDE_ANON_RATE:
            self.rate = settings.GUIDE_ANON_RATE
            self.num_requests, self.duration = self.parse_rate(self.rate)
        key = self.get_cache_key(request)
        if key is None:
            return True
        self.now = self.timer()
        entry = self.cache.get(key)
        if entry is None or self.now - entry[0] >= self.duration:
            entry = (self.now, 0)
        start, count = entry
        self.window_end = start + self.duration
        if count >= self.num_requests:
            return False
        self.cache.set(key, (start, count + 1), self.duration)
        return True

    def wait(self):
        return max(0.0, self.window_end - self.now)


@router.post("/match", response=MatchOut, throttle=[GuideThrottle("1/s")])
def match(request, body: MatchIn):
    facts = matching.facts_with_register(matching.CompanyFacts(**body.company.model_dump()))
    result = matching.match(facts, body.needs, body.text, body.limit)
    language = get_language() or "da"
    names = place_names()
    answer = {
        "results": [
            {
                "offer_id": str(r.offer_id),
                "score": round(float(r.score), 6),
                "reasons": [str(line) for line in why_lines(r, names, language)],
            }
            for r in result.results
        ],
        "eligible_count": int(result.eligible_count),
    }
    return HttpResponse(json.dumps(answer), content_type="application/json; charset=utf-8")

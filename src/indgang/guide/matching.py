"""The guide's match: the catalog's published offers through the ranking engine.

The engine (``guide/engine``) is built once per process from the published offers and
rebuilt when the catalog changes (its version is the number of published offers and the
latest change). The version is looked up at most once a second, so a match usually costs
the ranking alone, and a published change reaches the guide within a second.
"""

import threading
import time
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db.models import Count, Max

from indgang.catalog.public import (
    evidence_strengths,
    evidence_version,
    offer_documents,
    operator_to_dict,
    operators_with_public_offers,
    published_offers,
)
from indgang.guide.engine import (
    CompanyProfile,
    MatchResult,
    RankedOffer,
    Ranker,
    RankerConfig,
    check_eligibility,
)
from indgang.reference.public import municipality_region_codes

_lock = threading.Lock()
_cache: dict = {"version": None, "ranker": None, "checked": 0.0}
RECHECK_SECONDS = 1.0


def catalog_version() -> tuple:
    """The published offers' count and latest change, and (when evidence lifts the
    ranking) the measured evidence's version and the weight."""
    stats = published_offers().aggregate(n=Count("pk"), at=Max("updated_at"))
    weight = settings.GUIDE_EVIDENCE_WEIGHT
    return (stats["n"], stats["at"], weight, evidence_version() if weight else None)


def ranker() -> Ranker:
    now = time.monotonic()
    if _cache["ranker"] is not None and now - _cache["checked"] < RECHECK_SECONDS:
        return _cache["ranker"]
    version = catalog_version()
    _cache["checked"] = now
    if _cache["version"] == version:
        return _cache["ranker"]
    with _lock:
        if _cache["version"] != version:
            offers = published_offers().order_by("pk")
            operators = operators_with_public_offers()
            weight = settings.GUIDE_EVIDENCE_WEIGHT
            _cache["ranker"] = Ranker(
                offer_documents(offers),
                municipality_region_codes(),
                operators=[operator_to_dict(o) for o in operators],
                config=RankerConfig(evidence=weight),
                evidence=evidence_strengths() if weight else None,
            )
            _cache["version"] = version
    return _cache["ranker"]


@dataclass
class CompanyFacts:
    """What the guide knows about the company: given by it, or read from the register."""

    cvr: str | None = None
    name: str = ""
    municipality_code: str | None = None
    db07_section: str | None = None
    employees: int | None = None
    age_years: int | None = None
    growth_ambition: bool | None = None
    turnover_dkk: int | None = None
    from_register: list[str] = field(default_factory=list)
    is_fictitious: bool = False

    def record(self) -> dict:
        """The facts as stored with a contact request."""
        return {
            "cvr": self.cvr,
            "name": self.name,
            "municipality_code": self.municipality_code,
            "db07_section": self.db07_section,
            "employees": self.employees,
            "age_years": self.age_years,
            "growth_ambition": self.growth_ambition,
        }

    def profile(self) -> CompanyProfile:
        return CompanyProfile(
            municipality_code=self.municipality_code,
            db07_section=self.db07_section,
            employees=self.employees,
            age_years=self.age_years,
            growth_ambition=self.growth_ambition,
            turnover_dkk=self.turnover_dkk,
            cvr=self.cvr,
        )


def facts_with_register(facts: CompanyFacts, today: date | None = None) -> CompanyFacts:
    """Fill the facts the company left out from the register entry of its CVR number.

    What the company gave always wins; the filled-in fields are listed in
    ``from_register`` so the page can show them for correction.
    """
    if not facts.cvr:
        return facts
    from indgang.registry.public import company_by_cvr, figures_of

    company = company_by_cvr(facts.cvr)
    if company is None:
        return facts
    today = today or date.today()
    figures = [f for f in figures_of(company) if f.employees_fte is not None]
    latest = figures[-1] if figures else None
    register = {
        "municipality_code": company.municipality_id,
        "db07_section": company.db07_section_id,
        "employees": round(latest.employees_fte) if latest else _band_low(company.employees_band),
        "age_years": _age(company.founded_date, today),
        "turnover_dkk": latest.turnover_dkk if latest else None,
    }
    facts.name = facts.name or company.name
    facts.is_fictitious = company.is_fictitious
    for name, value in register.items():
        if getattr(facts, name) is None and value is not None:
            setattr(facts, name, value)
            facts.from_register.append(name)
    return facts


def _band_low(band: str) -> int | None:
    if not band:
        return None
    return int(band.split("-")[0].rstrip("+"))


def _age(founded: date | None, today: date) -> int | None:
    if founded is None:
        return None
    return today.year - founded.year - ((today.month, today.day) < (founded.month, founded.day))


def match(facts: CompanyFacts, needs: list[str], text: str, limit: int) -> MatchResult:
    return ranker().match(facts.profile(), needs=needs, text=text, limit=limit)


def near_misses(
    facts: CompanyFacts, needs: list[str], text: str, limit: int = 3
) -> list[RankedOffer]:
    return ranker().near_misses(facts.profile(), needs=needs, text=text, limit=limit)


def chosen_offer(facts: CompanyFacts, offer_id: str) -> RankedOffer | None:
    """The offer the company came to ask about, checked against its facts: ``eligibility``
    says whether it is open to the company and why (not). None: not published."""
    engine = ranker()
    try:
        position = engine.position(offer_id)
    except KeyError:
        return None
    verdict = check_eligibility(
        facts.profile(), engine.offers[position], engine.municipality_regions
    )
    return RankedOffer(
        offer_id=offer_id, score=0.0, reasons=(), eligibility=verdict, meets_need=True
    )


def forget() -> None:
    """Drop the built engine, so the next match rebuilds it from the catalog."""
    with _lock:
        _cache.update(version=None, ranker=None, checked=0.0)


def erhvervshus_for(municipality_code: str | None):
    """The Erhvervshus serving a municipality: the one whose served municipalities list it,
    else the one whose offers cover it most specifically (``engine.needs.Offering``)."""
    if not municipality_code:
        return None
    from indgang.organisations.public import Organisation, OrganisationType

    erhvervshuse = Organisation.objects.filter(type=OrganisationType.ERHVERVSHUS)
    served = erhvervshuse.filter(municipalities_served__code=municipality_code).order_by("pk")
    found = served.first()
    if found is None:
        ids = ranker().offering.erhvervshus_of(municipality_code)
        found = erhvervshuse.filter(pk__in=ids).order_by("pk").first()
    return found

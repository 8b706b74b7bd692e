"""Public reference data: regions, municipalities, DB07 sections, CVR check."""

from ninja import Router, Schema

from indgang.reference import selectors
from indgang.reference.validators import clean_cvr

PATH = "reference/"
router = Router(tags=["reference"], auth=None)


class RegionOut(Schema):
    code: str
    name: str


class MunicipalityOut(Schema):
    code: str
    name: str
    region_code: str
    erhvervshus_area: str
    population: int


class SectionOut(Schema):
    code: str
    name: str


class CvrCheckOut(Schema):
    cvr: str
    valid: bool
    message: str | None = None


@router.get("/regions", response=list[RegionOut])
def list_regions(request):
    return [{"code": r.code, "name": r.label} for r in selectors.regions()]


@router.get("/municipalities", response=list[MunicipalityOut])
def list_municipalities(request, region_code: str | None = None):
    rows = selectors.municipalities()
    if region_code:
        rows = rows.filter(region_id=region_code)
    return [
        {
            "code": m.code,
            "name": m.label,
            "region_code": m.region_id,
            "erhvervshus_area": m.erhvervshus_area_id,
            "population": m.population,
        }
        for m in rows
    ]


@router.get("/db07-sections", response=list[SectionOut])
def list_db07_sections(request):
    return [{"code": s.code, "name": s.label} for s in selectors.db07_sections()]


@router.get("/cvr/{cvr}", response=CvrCheckOut)
def check_cvr(request, cvr: str):
    from django.core.exceptions import ValidationError

    try:
        return {"cvr": clean_cvr(cvr), "valid": True}
    except ValidationError as exc:
        return {"cvr": cvr, "valid": False, "message": exc.messages[0]}

"""The steps every CRM API handler shares: who is asking, the company by CVR, "not
found" (404) for what the caller may not see, 409 on a stale version, 422 naming the
field, and paging.

Answers: a record the caller may not see is "not found" (404), whether it exists or not;
an action on a record the caller may see but not change is 403; a stale ``version`` is
409; bad input is 422 with the field named; no login is 401.
"""

from contextlib import contextmanager

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja.errors import HttpError

from indgang.catalog.public import Offer, offers_known_to
from indgang.crm.entrepreneurs import selectors as entrepreneurs_selectors
from indgang.crm.schemas import ErrorOut
from indgang.crm.writing import Conflict
from indgang.organisations.public import Viewer, viewer_of
from indgang.reference.public import Municipality
from indgang.registry.public import Company, company_by_cvr

CHANNEL = "api"

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}

EDIT_ERRORS = {**ERRORS, 409: ErrorOut}


def api_staff(request) -> Viewer:
    viewer = viewer_of(request)
    if not viewer.is_staff:
        raise PermissionDenied(
            _("Only staff of an operator in the business promotion system may use the CRM.")
        )
    return viewer


def company_or_404(cvr: str) -> Company:
    """A registered company: its facts are visible to every operator's staff."""
    company = company_by_cvr(cvr) if cvr.isdigit() and len(cvr) == 8 else None
    if company is None:
        raise Http404
    return company


def found_or_404(record):
    if record is None:
        raise Http404
    return record


@contextmanager
def service_errors(fields: dict[str, str] | None = None):
    """Tell a stale version as 409, and name the API's fields in validation errors."""
    try:
        yield
    except Conflict as exc:
        raise HttpError(409, exc.messages[0]) from None
    except ValidationError as exc:
        raise with_api_fields(exc, fields or {}) from None


def with_api_fields(exc: ValidationError, fields: dict[str, str]) -> ValidationError:
    if not hasattr(exc, "error_dict"):
        return exc
    renamed: dict[str, list] = {}
    for name, errors in exc.error_dict.items():
        head, _dot, rest = name.partition(".")
        key = fields.get(head, "" if head == "__all__" else head) + (f".{rest}" if rest else "")
        renamed.setdefault(key, []).extend(errors)
    return ValidationError(renamed)


def patched_fields(body, nullable: tuple = ()) -> dict:
    """The fields a PATCH body sets: ``null`` clears only the fields that may be empty."""
    data = body.dict(exclude_unset=True)
    data.pop("version", None)
    return {k: v for k, v in data.items() if v is not None or k in nullable}


def companies_by_cvr(cvrs, field: str) -> list[Company]:
    cvrs = list(dict.fromkeys(cvrs))
    found = {c.cvr: c for c in Company.objects.filter(cvr__in=cvrs)}
    unknown = [cvr for cvr in cvrs if cvr not in found]
    if unknown:
        raise ValidationError(
            {field: _("Unknown CVR number: %(cvrs)s") % {"cvrs": ", ".join(unknown)}}
        )
    return [found[cvr] for cvr in cvrs]


def offer_or_422(viewer: Viewer, offer_id: str | None, field: str = "offer_id") -> Offer | None:
    if not offer_id:
        return None
    offer = offers_known_to(viewer.organisation_id).filter(pk=offer_id).first()
    if offer is None:
        raise ValidationError({field: _("Unknown offer.")})
    return offer


def own_entrepreneurs(viewer: Viewer, ids, field: str) -> list:
    ids = list(dict.fromkeys(ids))
    found = {e.pk: e for e in entrepreneurs_selectors.entrepreneurs(viewer).filter(pk__in=ids)}
    if len(found) != len(ids):
        raise ValidationError({field: _("Unknown entrepreneur.")})
    return [found[pk] for pk in ids]


def municipality_or_422(code: str | None) -> Municipality | None:
    if not code:
        return None
    municipality = Municipality.objects.filter(code=code).first()
    if municipality is None:
        raise ValidationError({"municipality_code": _("Unknown municipality code.")})
    return municipality


def email_of(person) -> str | None:
    return person.email if person is not None else None


def paged(rows, limit: int, offset: int, convert) -> dict:
    return {
        "total": rows.count(),
        "limit": limit,
        "offset": offset,
        "items": [convert(r) for r in rows[offset : offset + limit]],
    }

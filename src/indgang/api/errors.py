"""Errors as the design promises them: JSON, a 4xx status, and the field named.

{"detail": "...", "errors": [{"field": "company.cvr", "message": "..."}]}
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

# Parts of pydantic's error location that say where, not what (the body, the parameter).
_LOCATION_PREFIXES = {"body", "query", "path", "header", "cookie", "form", "file", "payload"}


def field_name(loc) -> str:
    parts = [str(p) for p in loc]
    while parts and parts[0] in _LOCATION_PREFIXES:
        parts.pop(0)
    return ".".join(parts)


def error_body(detail: str, errors: list[dict] | None = None) -> dict:
    return {"detail": detail, "errors": errors or []}


def install(api) -> None:
    @api.exception_handler(NinjaValidationError)
    def validation_error(request, exc):
        errors = [
            {"field": field_name(e.get("loc", ())), "message": e.get("msg", "")} for e in exc.errors
        ]
        return api.create_response(
            request, error_body(_("The request is not valid."), errors), status=422
        )

    @api.exception_handler(DjangoValidationError)
    def django_validation_error(request, exc):
        if hasattr(exc, "error_dict"):
            errors = [
                {"field": field, "message": message}
                for field, messages in exc.message_dict.items()
                for message in messages
            ]
        else:
            errors = [{"field": "", "message": message} for message in exc.messages]
        return api.create_response(
            request, error_body(_("The request is not valid."), errors), status=422
        )

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return api.create_response(
            request, error_body(_("Log in or send a valid token.")), status=401
        )

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return api.create_response(request, error_body(str(exc) or _("Not allowed.")), status=403)

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return api.create_response(request, error_body(_("Not found.")), status=404)

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        return api.create_response(request, error_body(str(exc)), status=exc.status_code)

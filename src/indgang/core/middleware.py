"""Danish first, and no NUL bytes.

Danish first: every page is in Danish unless the person chose English.

Django's LocaleMiddleware would follow the browser's Accept-Language header, so a visitor
with an English browser would meet an English site. Here only the language cookie set by
Django's ``set_language`` view (the switch in the header) changes the language.
"""

import json
import re

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

API_PREFIX = "/api/"
LANGUAGES = {code for code, _name in settings.LANGUAGES}


class DanishFirstLocaleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in LANGUAGES else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        response.headers.setdefault("Content-Language", language)
        return response


# A NUL escape in a JSON text: "\u0000" not itself escaped ("\\u0000" is a backslash and text).
_JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000", re.IGNORECASE)


def _holds_nul(request) -> bool:
    if "\x00" in request.path:
        return True
    forms = [request.GET, request.POST] if request.method == "POST" else [request.GET]
    for data in forms:
        for key, values in data.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                return True
    return False


def _json_field_with_nul(request) -> str | None:
    """The field of a JSON body whose text holds a NUL byte ("" for the body itself)."""
    if request.content_type != "application/json" or not _JSON_NUL.search(request.body):
        return None
    try:
        document = json.loads(request.body)
    except (ValueError, RecursionError):
        return None  # not JSON: the API says so itself

    def find(value, path):
        if isinstance(value, str):
            return path if "\x00" in value else None
        if isinstance(value, dict | list):
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                if isinstance(key, str) and "\x00" in key:
                    return path
                found = find(item, [*path, str(key)])
                if found is not None:
                    return found
        return None

    try:
        found = find(document, [])
    except RecursionError:
        return ""  # nested too deeply to say where: the body itself
    return None if found is None else ".".join(found)


class RefuseNulBytesMiddleware:
    """Answer 400 to a NUL byte in the path, a parameter, a form value or a JSON text.

    No column of either database can hold one (PostgreSQL refuses it in text), and no
    honest visitor sends one. The API answers in its JSON error shape, pages in Danish.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            refused = _holds_nul(request)
        except (UnicodeDecodeError, ValueError):
            refused = False  # Django reports its own parse errors as usual
        field = None if refused else _json_field_with_nul(request)
        if field is not None:
            # a JSON text: the API's validation answer, naming the field
            message = _("A NUL byte is not allowed.")
            return JsonResponse(
                {
                    "detail": _("The request is not valid."),
                    "errors": [{"field": field, "message": message}],
                },
                status=422,
            )
        if not refused:
            return self.get_response(request)
        if request.path_info.startswith(API_PREFIX):
            return JsonResponse(
                {"detail": _("The request holds a NUL byte, which is not allowed."), "errors": []},
                status=400,
            )
        return render(request, "400.html", status=400)

"""Danish first: every page is in Danish unless the person chose English.

Django's LocaleMiddleware would follow the browser's Accept-Language header, so a visitor
with an English browser would meet an English site. Here only the language cookie set by
Django's ``set_language`` view (the switch in the header) changes the language.
"""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

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

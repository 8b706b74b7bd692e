import datetime as dt

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.defaults import page_not_found

from indgang.core.middleware import API_PREFIX

# The day the accessibility statement was last reviewed against the checks it describes.
ACCESSIBILITY_STATEMENT_DATE = dt.date(2026, 12, 5)


def home(request):
    # The cards are the menu's items (``nav_items``, given to every page by
    # ``indgang.navigation.navigation``).
    return render(request, "core/home.html")


def healthz(request):
    return JsonResponse({"status": "ok"})


def contact_email() -> str:
    """Where questions about the site, its accessibility and personal data go."""
    return settings.CONTACT_EMAIL


def accessibility(request):
    return render(
        request,
        "core/about/accessibility.html",
        {"statement_date": ACCESSIBILITY_STATEMENT_DATE, "contact_email": contact_email()},
    )


def privacy(request):
    return render(request, "core/about/privacy.html", {"contact_email": contact_email()})


def contact(request):
    return render(request, "core/about/contact.html", {"contact_email": contact_email()})


def not_found(request, exception):
    """404: in the API's JSON error shape under /api/, else the page."""
    if request.path_info.startswith(API_PREFIX):
        return JsonResponse({"detail": _("Not found."), "errors": []}, status=404)
    return page_not_found(request, exception)

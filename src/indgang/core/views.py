from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.defaults import page_not_found

from indgang.core.middleware import API_PREFIX


def home(request):
    # The cards are the menu's items (``nav_items``, given to every page by
    # ``indgang.navigation.navigation``).
    return render(request, "core/home.html")


def healthz(request):
    return JsonResponse({"status": "ok"})


def not_found(request, exception):
    """404: in the API's JSON error shape under /api/, else the page."""
    if request.path_info.startswith(API_PREFIX):
        return JsonResponse({"detail": _("Not found."), "errors": []}, status=404)
    return page_not_found(request, exception)

from django.http import JsonResponse
from django.shortcuts import render


def home(request):
    # The cards are the menu's items (``nav_items``, given to every page by
    # ``indgang.navigation.navigation``).
    return render(request, "core/home.html")


def healthz(request):
    return JsonResponse({"status": "ok"})

from django.http import JsonResponse
from django.shortcuts import render

from indgang.core.navigation import nav_items


def home(request):
    return render(request, "core/home.html", {"cards": nav_items(request)})


def healthz(request):
    return JsonResponse({"status": "ok"})

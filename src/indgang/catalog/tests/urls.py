"""The project's URLconf with the catalog mounted at tilbud/, as the project does it."""

from django.urls import include, path

from indgang.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    path("tilbud/", include("indgang.catalog.urls")),
    *[p for p in project_urlpatterns if getattr(p, "app_name", None) != "catalog"],
]

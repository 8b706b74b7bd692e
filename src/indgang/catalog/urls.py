"""The catalog's pages; mounted at ``tilbud/`` by the project's URLconf."""

from django.urls import path

from indgang.catalog import views

app_name = "catalog"
urlpatterns = [
    path("", views.offer_list, name="list"),
    path("tilbud.csv", views.export_csv, name="export_csv"),
    path("operatoer/", views.my_operators, name="mine"),
    path("operatoer/<slug:organisation_id>/", views.manage, name="manage"),
    path("operatoer/<slug:organisation_id>/nyt/", views.create, name="create"),
    path("operatoer/<slug:organisation_id>/<slug:offer_id>/", views.edit, name="edit"),
    path(
        "operatoer/<slug:organisation_id>/<slug:offer_id>/status/",
        views.change_status,
        name="status",
    ),
    path(
        "operatoer/<slug:organisation_id>/<slug:offer_id>/historik/",
        views.history,
        name="history",
    ),
    # the analyses for managers and the national board
    path("analyse/kontinuitet/", views.continuity_page, name="continuity"),
    path("analyse/kontinuitet.csv", views.continuity_csv, name="continuity_csv"),
    path("analyse/overlap/", views.overlap_page, name="overlap"),
    path("analyse/overlap.csv", views.overlap_csv, name="overlap_csv"),
    path("<slug:offer_id>/", views.offer_detail, name="detail"),
]

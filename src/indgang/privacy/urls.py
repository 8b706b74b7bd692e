"""The data protection officer's pages, at their addresses under /crm/ since the CRM
holds most of what they cover."""

from django.urls import path

from indgang.privacy import views

app_name = "privacy"
urlpatterns = [
    path("persondata/", views.person_data, name="person_data"),
    path("adgangslog/", views.access_log, name="access_log"),
]

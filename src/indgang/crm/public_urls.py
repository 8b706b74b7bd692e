"""The CRM's pages for the company itself, without a login: its consent receipt's link."""

from django.urls import path

from indgang.crm.consent import views as consent

urlpatterns = [
    path("<str:token>/", consent.consent_link, name="consent_link"),
]

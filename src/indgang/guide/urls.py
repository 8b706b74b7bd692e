from django.urls import path
from django.views.generic import RedirectView

from indgang.guide import views

app_name = "guide"
urlpatterns = [
    path("", views.start, name="start"),
    path("resultater/", views.results, name="results"),
    path("kontakt/", views.contact, name="contact"),
    path("tak/", views.thanks, name="thanks"),
    # Contact requests are referrals in the receiving operator's CRM now.
    path("henvendelser/", RedirectView.as_view(pattern_name="crm:referrals", permanent=True)),
]

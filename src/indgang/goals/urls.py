"""The goals pages under /maal/: the dashboard, and each sub-domain's pages in turn."""

from django.urls import path

from indgang.goals import dashboard
from indgang.goals.contracts import urls as contracts
from indgang.goals.kpis import urls as kpis
from indgang.goals.statistics import urls as statistics
from indgang.goals.surveys import urls as surveys

app_name = "goals"
urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("optaelling/", dashboard.counting_status, name="counting"),
    *contracts.urlpatterns,
    *kpis.urlpatterns,
    *statistics.urlpatterns,
    *surveys.urlpatterns,
]

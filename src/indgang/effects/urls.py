from django.urls import path

from indgang.effects import views
from indgang.effects.evidence import views as evidence

app_name = "effects"
urlpatterns = [
    path("", views.runs, name="runs"),
    path("evidens/", evidence.evidence, name="evidence"),
    path("evidens.csv", evidence.evidence_csv, name="evidence_csv"),
    path("<int:pk>/", views.run, name="run"),
    path("<int:pk>/rapport/", views.run_report, name="report"),
    path("<int:pk>/rapport.<str:kind>", views.report_file, name="report_file"),
    path("<int:pk>/rapport/<str:kind>/", views.export, name="export"),
]

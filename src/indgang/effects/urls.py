from django.urls import path

from indgang.effects import views

app_name = "effects"
urlpatterns = [
    path("", views.runs, name="runs"),
    path("<int:pk>/", views.run, name="run"),
    path("<int:pk>/rapport/", views.run_report, name="report"),
    path("<int:pk>/rapport.pdf", views.report_pdf, name="report_pdf"),
    path("<int:pk>/rapport.xlsx", views.report_xlsx, name="report_xlsx"),
]

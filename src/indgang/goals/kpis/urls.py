"""The national goals' pages; ``goals/urls.py`` puts them under the app's namespace."""

from django.urls import path

from indgang.goals.kpis import views

urlpatterns = [
    path("nationale-maal/", views.goal_list, name="goals"),
    path("nationale-maal/kpi/<int:pk>/vaerdi/", views.kpi_value, name="kpi_value"),
    path("nationale-maal/kpi/<int:pk>/beregn/", views.kpi_compute, name="kpi_compute"),
    path("nationale-maal/<slug:code>/", views.goal_detail, name="goal"),
]

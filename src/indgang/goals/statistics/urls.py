"""The statistics and spending pages; ``goals/urls.py`` puts them under the app's namespace."""

from django.urls import path

from indgang.goals.statistics import views

urlpatterns = [
    path("statistik/", views.statistics, name="statistics"),
    path("statistik/kommune/<str:code>/", views.municipality, name="municipality"),
    path("udgifter/", views.spending, name="spending"),
]

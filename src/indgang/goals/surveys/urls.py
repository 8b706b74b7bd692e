"""The satisfaction surveys' pages; ``goals/urls.py`` puts them under the app's namespace."""

from django.urls import path

from indgang.goals.surveys import views

urlpatterns = [
    path("tilfredshed/", views.surveys, name="surveys"),
    path("tilfredshed/send/<int:interaction_pk>/", views.survey_send, name="survey_send"),
    path("tilfredshed/<str:token>/", views.survey, name="survey"),
]

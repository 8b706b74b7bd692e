from django.urls import path

from indgang.registry import views

app_name = "registry"
urlpatterns = [
    path("", views.search, name="search"),
    path("<str:cvr>/", views.company, name="company"),
]

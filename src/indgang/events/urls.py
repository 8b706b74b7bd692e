from django.urls import path

from indgang.events import views

app_name = "events"
urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("mine/", views.mine, name="mine"),
    path("ny/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/tilmeldinger/", views.signups, name="signups"),
    path("<int:pk>/tilmeldinger.csv", views.export, name="export"),
    path("afmeld/<str:token>/", views.cancel, name="cancel"),
]

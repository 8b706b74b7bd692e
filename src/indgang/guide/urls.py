from django.urls import path

from indgang.guide import views

app_name = "guide"
urlpatterns = [
    path("", views.start, name="start"),
    path("resultater/", views.results, name="results"),
    path("kontakt/", views.contact, name="contact"),
    path("tak/", views.thanks, name="thanks"),
    path("henvendelser/", views.inbox, name="inbox"),
    path("henvendelser/<int:pk>/behandlet/", views.handle, name="handle"),
]

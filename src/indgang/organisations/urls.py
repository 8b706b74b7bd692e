from django.urls import path

from indgang.organisations import views

app_name = "organisations"
urlpatterns = [
    path("", views.my_organisations, name="mine"),
    path("skift/", views.switch, name="switch"),
    path("<slug:organisation_id>/medlemmer/", views.members, name="members"),
    path(
        "<slug:organisation_id>/medlemmer/<int:membership_id>/rolle/",
        views.change_role,
        name="change_role",
    ),
    path(
        "<slug:organisation_id>/medlemmer/<int:membership_id>/fjern/",
        views.remove_member,
        name="remove_member",
    ),
]

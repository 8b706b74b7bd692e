from django.urls import path

from indgang.crm import views

app_name = "crm"
urlpatterns = [
    path("", views.home, name="home"),
    path("virksomheder/<str:cvr>/", views.company, name="company"),
    path("virksomheder/<str:cvr>/segment/", views.segment, name="segment"),
    path("virksomheder/<str:cvr>/aktivitet/", views.log_interaction, name="log_interaction"),
    path("virksomheder/<str:cvr>/kontaktperson/", views.add_contact, name="add_contact"),
    path("virksomheder/<str:cvr>/behovsafdaekning/", views.new_assessment, name="new_assessment"),
    path("virksomheder/<str:cvr>/henvis/", views.refer, name="refer"),
    path("virksomheder/<str:cvr>/samtykke/", views.give_consent, name="give_consent"),
    path("samtykker/<int:pk>/tilbagekald/", views.withdraw_consent, name="withdraw_consent"),
    path("aktiviteter/<int:pk>/", views.interaction, name="interaction"),
    path("aktiviteter/<int:pk>/ret/", views.edit_interaction, name="edit_interaction"),
    path("kontaktpersoner/<int:pk>/ret/", views.edit_contact, name="edit_contact"),
    path("behovsafdaekninger/<int:pk>/", views.assessment, name="assessment"),
    path("henvisninger/", views.referrals, name="referrals"),
    path("henvisninger/<int:pk>/", views.referral, name="referral"),
    path("henvisninger/<int:pk>/status/", views.referral_status, name="referral_status"),
    path("ivaerksaettere/", views.entrepreneurs, name="entrepreneurs"),
    path("ivaerksaettere/<int:pk>/", views.entrepreneur, name="entrepreneur"),
    path(
        "ivaerksaettere/<int:pk>/aktivitet/",
        views.entrepreneur_interaction,
        name="entrepreneur_interaction",
    ),
    path("notifikationer/", views.notifications, name="notifications"),
    path("persondata/", views.person_data, name="person_data"),
    path("adgangslog/", views.access_log, name="access_log"),
]

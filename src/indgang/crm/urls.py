from django.urls import path

from indgang.crm import views as start
from indgang.crm.companies import views as companies
from indgang.crm.consent import views as consent
from indgang.crm.entrepreneurs import views as entrepreneurs
from indgang.crm.interactions import views as interactions
from indgang.crm.referrals import views as referrals

app_name = "crm"
urlpatterns = [
    path("", start.home, name="home"),
    path("arbejdslister/<slug:name>/", start.worklist, name="worklist"),
    path("virksomheder/<str:cvr>/", companies.company, name="company"),
    path("virksomheder/<str:cvr>/segment/", companies.segment, name="segment"),
    path("virksomheder/<str:cvr>/aktivitet/", interactions.log_interaction, name="log_interaction"),
    path("virksomheder/<str:cvr>/kontaktperson/", companies.add_contact, name="add_contact"),
    path(
        "virksomheder/<str:cvr>/behovsafdaekning/", companies.new_assessment, name="new_assessment"
    ),
    path("virksomheder/<str:cvr>/henvis/", referrals.refer, name="refer"),
    path("virksomheder/<str:cvr>/samtykke/", consent.give_consent, name="give_consent"),
    path("samtykker/<int:pk>/tilbagekald/", consent.withdraw_consent, name="withdraw_consent"),
    path("aktiviteter/<int:pk>/", interactions.interaction, name="interaction"),
    path("aktiviteter/<int:pk>/ret/", interactions.edit_interaction, name="edit_interaction"),
    path("kontaktpersoner/<int:pk>/ret/", companies.edit_contact, name="edit_contact"),
    path("behovsafdaekninger/<int:pk>/", companies.assessment, name="assessment"),
    path("henvisninger/", referrals.referrals, name="referrals"),
    path("henvisninger/<int:pk>/", referrals.referral, name="referral"),
    path("henvisninger/<int:pk>/status/", referrals.referral_status, name="referral_status"),
    path("ivaerksaettere/", entrepreneurs.entrepreneurs, name="entrepreneurs"),
    path("ivaerksaettere/<int:pk>/", entrepreneurs.entrepreneur, name="entrepreneur"),
    path(
        "ivaerksaettere/<int:pk>/aktivitet/",
        entrepreneurs.entrepreneur_interaction,
        name="entrepreneur_interaction",
    ),
    path("notifikationer/", referrals.notifications, name="notifications"),
]

from django.urls import path
from django.views.generic import RedirectView

from indgang.guide import contact, views
from indgang.guide.alerts import views as alerts

app_name = "guide"
urlpatterns = [
    path("", views.start, name="start"),
    path("resultater/", views.results, name="results"),
    path("kontakt/", contact.contact, name="contact"),
    path("kvittering/<str:ref>/", contact.receipt, name="receipt"),
    path("tak/", contact.thanks, name="thanks"),
    path("besked/", alerts.subscribe, name="alert_subscribe"),
    path("besked/<str:token>/", alerts.manage, name="alert"),
    path("besked/<str:token>/bekraeft/", alerts.confirm, name="alert_confirm"),
    path("besked/<str:token>/afmeld/", alerts.unsubscribe, name="alert_unsubscribe"),
    # Contact requests are referrals in the receiving operator's CRM now.
    path("henvendelser/", RedirectView.as_view(pattern_name="crm:referrals", permanent=True)),
]

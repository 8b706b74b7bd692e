from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from indgang.api.urls import api

urlpatterns = [
    # the API first, so an API request is not tried against every page's patterns first
    path("api/v1/", api.urls),
    path("", include("indgang.core.urls")),
    path("organisationer/", include("indgang.organisations.urls")),
    path("virksomheder/", include("indgang.registry.urls")),
    path("tilbud/", include("indgang.catalog.urls")),
    path("find-tilbud/", include("indgang.guide.urls")),
    # the data protection officer's pages keep their addresses under /crm/
    path("crm/", include("indgang.privacy.urls")),
    path("crm/", include("indgang.crm.urls")),
    path("arrangementer/", include("indgang.events.urls")),
    path("samtykke/", include("indgang.crm.public_urls")),
    path("maal/", include("indgang.goals.urls")),
    path("effekter/", include("indgang.effects.urls")),
    path("konto/login/", auth_views.LoginView.as_view(), name="login"),
    path("konto/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("konto/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

# An address under /api/ that matches no operation (e.g. a text where an id belongs) is
# answered in the API's JSON error shape, not with the 404 page.
handler404 = "indgang.core.views.not_found"

"""The contracts' pages; ``goals/urls.py`` puts them under the app's namespace."""

from django.urls import path

from indgang.goals.contracts import views

urlpatterns = [
    path("kontrakter/ny/", views.contract_form, name="contract_new"),
    path("kontrakter/<int:pk>/", views.contract_detail, name="contract"),
    path("kontrakter/<int:pk>/rediger/", views.contract_form, name="contract_edit"),
    path("kontrakter/<int:pk>/maal/nyt/", views.target_form, name="target_new"),
    path("kontrakter/<int:pk>/maal/<int:target_pk>/", views.target_form, name="target_edit"),
    path(
        "kontrakter/<int:pk>/maal/<int:target_pk>/slet/", views.target_delete, name="target_delete"
    ),
    path("kontrakter/<int:pk>/frys/", views.freeze, name="freeze"),
    path("kontrakter/<int:pk>/aarsrapport.pdf", views.report_pdf, name="report_pdf"),
]

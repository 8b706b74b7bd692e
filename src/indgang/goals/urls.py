from django.urls import path

from indgang.goals import views

app_name = "goals"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
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
    path("nationale-maal/", views.goal_list, name="goals"),
    path("nationale-maal/kpi/<int:pk>/vaerdi/", views.kpi_value, name="kpi_value"),
    path("nationale-maal/kpi/<int:pk>/beregn/", views.kpi_compute, name="kpi_compute"),
    path("nationale-maal/<slug:code>/", views.goal_detail, name="goal"),
    path("statistik/", views.statistics, name="statistics"),
    path("statistik/kommune/<str:code>/", views.municipality, name="municipality"),
    path("udgifter/", views.spending, name="spending"),
    path("tilfredshed/", views.surveys, name="surveys"),
    path("tilfredshed/send/<int:interaction_pk>/", views.survey_send, name="survey_send"),
    path("tilfredshed/<str:token>/", views.survey, name="survey"),
]

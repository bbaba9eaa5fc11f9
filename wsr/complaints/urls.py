from django.urls import path

from wsr.complaints import views

app_name = "complaints"

urlpatterns = [
    path("<slug:slug>/", views.queue, name="queue"),
    path("<slug:slug>/new/", views.intake, name="intake"),
    path("<slug:slug>/statistics/", views.statistics, name="statistics"),
    path("<slug:slug>/disclosures/<str:request_id>/decide/", views.disclosure_decide, name="disclosure_decide"),
    path("<slug:slug>/assignments/<str:proposal_id>/decide/", views.assignment_decide, name="assignment_decide"),
    path("<slug:slug>/cases/<str:public_id>/", views.case, name="case"),
    path("<slug:slug>/cases/<str:public_id>/assign/", views.assign, name="assign"),
    path("<slug:slug>/cases/<str:public_id>/identity/", views.identity_reveal, name="identity"),
    path(
        "<slug:slug>/cases/<str:public_id>/evidence/<str:evidence_id>/",
        views.evidence_download,
        name="evidence_download",
    ),
    path("<slug:slug>/cases/<str:public_id>/act/<str:action>/", views.case_action, name="act"),
]

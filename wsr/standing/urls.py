from django.urls import path

from wsr.standing import views

app_name = "standing"

urlpatterns = [
    path("notices/", views.notice_list, name="notice_list"),
    path("notices/<str:notice_id>/", views.notice, name="notice"),
    path("notices/<str:notice_id>/pdf/", views.notice_pdf, name="notice_pdf"),
    path("notices/<str:notice_id>/acknowledge/", views.notice_acknowledge, name="notice_acknowledge"),
    path("notices/<str:notice_id>/respond/", views.notice_respond, name="notice_respond"),
    path("<slug:slug>/", views.dashboard, name="dashboard"),
    path("<slug:slug>/eligibility/", views.eligibility, name="eligibility"),
    path("<slug:slug>/webhooks/", views.webhook_list, name="webhooks"),
    path("<slug:slug>/webhooks/<str:endpoint_id>/disable/", views.webhook_disable, name="webhook_disable"),
    path("<slug:slug>/facilities/<str:facility_id>/", views.facility, name="facility"),
    path("<slug:slug>/facilities/<str:facility_id>/decide/", views.decide, name="decide"),
    path("<slug:slug>/facilities/<str:facility_id>/escalate/", views.escalate, name="escalate"),
    path(
        "<slug:slug>/facilities/<str:facility_id>/request-escalation/",
        views.request_escalation,
        name="request_escalation",
    ),
    path("<slug:slug>/decisions/<str:decision_id>/", views.decision, name="decision"),
    path("<slug:slug>/decisions/<str:decision_id>/object/", views.object_to, name="object"),
    path("<slug:slug>/objections/<str:objection_id>/answer/", views.answer, name="answer"),
    path("<slug:slug>/cases/<str:case_id>/", views.case, name="case"),
    path("<slug:slug>/escalations/<str:escalation_id>/", views.escalation, name="escalation"),
]

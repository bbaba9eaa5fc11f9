from django.urls import path

from wsr.agreements import views

app_name = "agreements"

urlpatterns = [
    path("<slug:slug>/", views.agreement_list, name="list"),
    path("<slug:slug>/new/", views.agreement_new, name="new"),
    path("<slug:slug>/obligations/", views.obligations, name="obligations"),
    path("<slug:slug>/<str:public_id>/", views.agreement_detail, name="detail"),
    path("<slug:slug>/<str:public_id>/edit/", views.agreement_edit, name="edit"),
    path("<slug:slug>/<str:public_id>/terms/", views.agreement_terms, name="terms"),
    path("<slug:slug>/<str:public_id>/terms/<str:term_id>/remove/", views.agreement_term_remove, name="term_remove"),
    path("<slug:slug>/<str:public_id>/signatories/", views.agreement_signatories, name="signatories"),
    path(
        "<slug:slug>/<str:public_id>/signatories/<str:sig_id>/remove/",
        views.agreement_signatory_remove,
        name="signatory_remove",
    ),
    path("<slug:slug>/<str:public_id>/document/", views.agreement_document, name="document"),
    path("<slug:slug>/<str:public_id>/document/download/", views.agreement_document_download, name="download"),
    path("<slug:slug>/<str:public_id>/sign/", views.agreement_sign, name="sign"),
    path("<slug:slug>/<str:public_id>/terminate/", views.agreement_terminate, name="terminate"),
    path("<slug:slug>/<str:public_id>/amend/", views.agreement_amend, name="amend"),
]

from django.urls import path

from wsr.ledger import views

app_name = "ledger"

urlpatterns = [
    path("<slug:slug>/obligations/", views.obligations, name="obligations"),
    path("<slug:slug>/payments/new/", views.payment_new, name="payment_new"),
    path("<slug:slug>/payments/<str:payment_id>/", views.payment, name="payment"),
    path("<slug:slug>/payments/<str:payment_id>/proof/", views.payment_proof, name="payment_proof"),
    path("<slug:slug>/payments/<str:payment_id>/confirm/", views.payment_confirm, name="payment_confirm"),
    path("<slug:slug>/payments/<str:payment_id>/dispute/", views.payment_dispute, name="payment_dispute"),
    path("<slug:slug>/payments/<str:payment_id>/reverse/", views.payment_reverse, name="payment_reverse"),
    path("<slug:slug>/statement/", views.statement, name="statement"),
    path("<slug:slug>/distributions/new/", views.distribution_new, name="distribution_new"),
    path("<slug:slug>/distributions/upload/", views.payroll_upload, name="payroll_upload"),
    path(
        "<slug:slug>/distributions/<str:distribution_id>/reverse/",
        views.distribution_reverse,
        name="distribution_reverse",
    ),
    path("<slug:slug>/reconciliation/", views.reconciliation, name="reconciliation"),
    path("<slug:slug>/reconciliation/run/", views.reconciliation_run_view, name="reconciliation_run"),
    path("<slug:slug>/reconciliation/export.csv", views.export_csv, name="export_csv"),
    path("<slug:slug>/reconciliation/export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("<slug:slug>/reconciliation/<str:brand_id>/<str:facility_id>/", views.drill, name="drill"),
]

"""Worker-facing complaint pages (no login), mounted at the site root."""

from django.urls import path

from wsr.complaints import worker_views

urlpatterns = [
    path("report/status/", worker_views.status, name="complaint_status"),
    path("report/status/reply/", worker_views.reply, name="complaint_reply"),
    path("report/status/secret/", worker_views.secret_change, name="complaint_secret_change"),
    path("report/<slug:slug>/", worker_views.report, name="complaint_report"),
]

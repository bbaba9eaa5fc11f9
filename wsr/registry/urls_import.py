"""Facility-list import pages, mounted under /registry/ (app "registry")."""

from django.urls import path

from wsr.registry import views_import

urlpatterns = [
    path("<slug:slug>/imports/", views_import.import_list, name="import_list"),
    path("<slug:slug>/imports/new/", views_import.import_new, name="import_new"),
    path("<slug:slug>/imports/<str:job_id>/", views_import.import_detail, name="import_detail"),
    path("<slug:slug>/imports/<str:job_id>/progress/", views_import.import_progress, name="import_progress"),
    path("<slug:slug>/imports/<str:job_id>/undo/", views_import.import_undo_view, name="import_undo"),
    path("<slug:slug>/imports/<str:job_id>/review/", views_import.import_review, name="import_review"),
    path(
        "<slug:slug>/imports/<str:job_id>/rows/<int:line>/resolve/",
        views_import.import_row_resolve_view,
        name="import_row_resolve",
    ),
]

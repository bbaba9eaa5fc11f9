from django.urls import path

from wsr.registry import views
from wsr.registry.urls_import import urlpatterns as import_urlpatterns

app_name = "registry"

urlpatterns = [
    path("facilities/", views.facility_list, name="facility_list"),
    path("facilities/<str:public_id>/", views.facility_detail, name="facility_detail"),
    path("facilities/<str:public_id>/edit/", views.facility_edit, name="facility_edit"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/<str:public_id>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<str:public_id>/edit/", views.organisation_edit, name="organisation_edit"),
    path("<slug:slug>/facilities/new/", views.facility_new, name="facility_new"),
    path("<slug:slug>/organisations/new/", views.organisation_new, name="organisation_new"),
    *import_urlpatterns,
]

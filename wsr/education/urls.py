from django.urls import path

from wsr.education import views

app_name = "education"

MAT = "<slug:slug>/materials/<str:public_id>"
VER = MAT + "/versions/<str:version_id>"

urlpatterns = [
    path("<slug:slug>/", views.session_list, name="session_list"),
    path("<slug:slug>/sessions/new/", views.session_new, name="session_new"),
    path("<slug:slug>/sessions.csv", views.session_export, name="session_export"),
    path("<slug:slug>/sessions/<str:public_id>/", views.session_detail, name="session_detail"),
    path("<slug:slug>/sessions/<str:public_id>/withdraw/", views.session_withdraw, name="session_withdraw"),
    path("<slug:slug>/coverage/", views.coverage, name="coverage"),
    path("<slug:slug>/below-norm/", views.below_norm, name="below_norm"),
    path("<slug:slug>/materials/", views.material_list, name="material_list"),
    path("<slug:slug>/materials/new/", views.material_new, name="material_new"),
    path(MAT + "/", views.material_detail, name="material_detail"),
    path(MAT + "/versions/new/", views.version_new, name="version_new"),
    path(VER + "/", views.version_detail, name="version_detail"),
    path(VER + "/publish/", views.version_publish, name="version_publish"),
    path(VER + "/retire/", views.version_retire, name="version_retire"),
    path(VER + "/file/", views.version_file, name="version_file"),
    path("<slug:slug>/library/", views.library, name="library"),
    path("<slug:slug>/library/<str:version_id>/", views.library_item, name="library_item"),
    path("<slug:slug>/library/<str:version_id>/file/", views.library_file, name="library_file"),
]

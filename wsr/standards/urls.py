from django.urls import path

from wsr.standards import views

app_name = "standards"

urlpatterns = [
    path("<slug:slug>/", views.version_list, name="version_list"),
    path("<slug:slug>/new/", views.version_new, name="version_new"),
    path("<slug:slug>/diff/", views.version_diff, name="version_diff"),
    path("<slug:slug>/v/<str:public_id>/", views.version_detail, name="version_detail"),
    path("<slug:slug>/v/<str:public_id>/propose/", views.version_propose, name="version_propose"),
    path("<slug:slug>/v/<str:public_id>/withdraw/", views.version_withdraw, name="version_withdraw"),
    path("<slug:slug>/v/<str:public_id>/approve/", views.version_approve, name="version_approve"),
    path("<slug:slug>/v/<str:public_id>/adopt/", views.version_adopt, name="version_adopt"),
    path("<slug:slug>/v/<str:public_id>/new-draft/", views.version_new_draft, name="version_new_draft"),
    path("<slug:slug>/v/<str:public_id>/provisions/new/", views.provision_new, name="provision_new"),
    path("<slug:slug>/v/<str:public_id>/provisions/<str:provision_id>/", views.provision_edit, name="provision_edit"),
    path(
        "<slug:slug>/v/<str:public_id>/provisions/<str:provision_id>/remove/",
        views.provision_remove_view,
        name="provision_remove",
    ),
]

from django.urls import path

from wsr.purchases import views

app_name = "purchases"

urlpatterns = [
    path("<slug:slug>/", views.brand_page, name="brand"),
    path("<slug:slug>/monitor/", views.monitor_page, name="monitor"),
    path("<slug:slug>/uploads/<str:upload_id>/", views.upload_detail, name="upload"),
    path("<slug:slug>/uploads/<str:upload_id>/progress/", views.upload_progress_fragment, name="upload_progress"),
]

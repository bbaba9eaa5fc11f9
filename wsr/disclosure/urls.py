from django.urls import include, path

from wsr.disclosure import log_views, report_urls, views

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("p/<slug:slug>/", views.program, name="program"),
    path("p/<slug:slug>/log/", log_views.log_page, name="log"),
    path("p/<slug:slug>/log/<int:seq>/", log_views.log_entry, name="log_entry"),
    path("", include(report_urls)),
]

from django.urls import include, path

from wsr.disclosure import log_views, open_data_views, report_urls, views

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("p/<slug:slug>/", views.program, name="program"),
    path("p/<slug:slug>/log/", log_views.log_page, name="log"),
    path("p/<slug:slug>/log/<int:seq>/", log_views.log_entry, name="log_entry"),
    path("p/<slug:slug>/brands/<str:public_id>/", views.brand, name="brand"),
    path("p/<slug:slug>/complaints/", views.complaint_log, name="complaint_log"),
    path("p/<slug:slug>/statistics/", views.program_statistics, name="statistics"),
    path("facilities/<str:public_id>/", views.facility, name="facility"),
    path("search/", views.search_page, name="search"),
    path("open-data/", views.open_data_index, name="open_data"),
    path("open-data/<slug:slug>/", views.open_data_program, name="open_data_program"),
    path("open-data/<slug:slug>/statistics.json", open_data_views.open_data_statistics, name="open_data_statistics"),
    path(
        "open-data/<slug:slug>/<str:name>.csv-metadata.json",
        open_data_views.open_data_csv_metadata,
        name="open_data_csv_metadata",
    ),
    path("open-data/<slug:slug>/<str:name>.<str:fmt>", open_data_views.open_data_file, name="open_data_file"),
    path("", include(report_urls)),
]

"""Public routes for the map, the program report and label verification (included by urls.py in the
``public`` namespace)."""

from django.urls import URLPattern, path

from wsr.disclosure import label_views, map_views, report_views

urlpatterns: list[URLPattern] = [
    path("p/<slug:slug>/map/", map_views.program_map, name="map"),
    path("p/<slug:slug>/report/", report_views.report_index, name="report_index"),
    path("p/<slug:slug>/report/<str:season>/", report_views.report_page, name="report"),
    path("p/<slug:slug>/report/<str:season>/report.pdf", report_views.report_pdf, name="report_pdf"),
    path("p/<slug:slug>/report/<str:season>/report.csv", report_views.report_csv, name="report_csv"),
    path("v/", label_views.label_form, name="label_form"),
    path("v/<str:code>/", label_views.label_page, name="label"),
    path("v/<str:code>/qr.svg", label_views.label_qr, name="label_qr"),
    path("p/<slug:slug>/labels/", label_views.label_posters, name="label_posters"),
    path("p/<slug:slug>/labels/<str:facility_id>/poster.svg", label_views.label_poster_svg, name="label_poster_svg"),
    path("p/<slug:slug>/labels/<str:facility_id>/poster.pdf", label_views.label_poster_pdf, name="label_poster_pdf"),
]

from django.urls import path

from wsr.programs import views

app_name = "programs"

urlpatterns = [
    path("", views.program_list, name="list"),
    path("<slug:slug>/", views.program_detail, name="detail"),
    path("<slug:slug>/rules/", views.program_rules_edit, name="rules_edit"),
    path("<slug:slug>/history/", views.program_history_view, name="history"),
    path("<slug:slug>/seasons/new/", views.program_season_new, name="season_new"),
]

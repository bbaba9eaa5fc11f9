from django.urls import path

from wsr.alerts import views

app_name = "alerts"

urlpatterns = [
    path("notifications/", views.notifications, name="notifications"),
    path("<slug:slug>/", views.alert_list, name="list"),
    path("<slug:slug>/on-call/", views.roster, name="roster"),
    path("<slug:slug>/on-call/<str:row_id>/", views.roster_set, name="roster_set"),
    path("<slug:slug>/<str:alert_id>/", views.alert, name="alert"),
    path("<slug:slug>/<str:alert_id>/acknowledge/", views.acknowledge, name="acknowledge"),
]

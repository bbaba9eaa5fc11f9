from django.urls import path

from wsr.disclosure import views

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("p/<slug:slug>/", views.program, name="program"),
]

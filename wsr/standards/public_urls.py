"""Public Code of Conduct pages, mounted at the site root (owned by the standards app)."""

from django.urls import path

from wsr.standards import views

urlpatterns = [
    path("p/<slug:slug>/code/", views.code_public, name="code_public"),
]

"""Worker-facing complaint pages (no login), mounted at the site root."""

from django.urls import path  # noqa: F401

urlpatterns: list = []

"""Public routes for the map, the program report and label verification (included by urls.py in the
``public`` namespace)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []

from django.urls import URLPattern

app_name = "purchases"

urlpatterns: list[URLPattern] = []

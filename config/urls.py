from django.contrib import admin
from django.urls import include, path

from wsr.accounts.home import home
from wsr.api.api import api

admin.site.site_header = "WSR platform administration"

urlpatterns = [
    path("", include("wsr.disclosure.urls")),
    path("", include("wsr.standards.public_urls")),
    path("", include("wsr.complaints.public_urls")),
    path("home/", home, name="home"),
    path("accounts/", include("wsr.accounts.urls")),
    path("programs/", include("wsr.programs.urls")),
    path("registry/", include("wsr.registry.urls")),
    path("standards/", include("wsr.standards.urls")),
    path("agreements/", include("wsr.agreements.urls")),
    path("complaints/", include("wsr.complaints.urls")),
    path("audits/", include("wsr.audits.urls")),
    path("education/", include("wsr.education.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

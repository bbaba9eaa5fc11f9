from django.contrib import admin
from django.contrib.staticfiles import finders
from django.http import FileResponse, Http404, HttpRequest
from django.urls import include, path
from django.views.decorators.cache import cache_control

from wsr.accounts.home import home
from wsr.api.api import api

admin.site.site_header = "WSR platform administration"


@cache_control(public=True, max_age=86400)
def favicon(request: HttpRequest) -> FileResponse:
    """Browsers ask for /favicon.ico whatever the page's <link rel=icon> says: answer with the SVG."""
    path_found = finders.find("favicon.svg")
    if not path_found:
        raise Http404("no favicon")
    return FileResponse(open(path_found, "rb"), content_type="image/svg+xml")  # FileResponse closes the file


urlpatterns = [
    path("favicon.ico", favicon, name="favicon"),
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
    path("standing/", include("wsr.standing.urls")),
    path("purchases/", include("wsr.purchases.urls")),
    path("ledger/", include("wsr.ledger.urls")),
    path("alerts/", include("wsr.alerts.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

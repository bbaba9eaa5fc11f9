"""Every URL pattern of the site is in the access matrix (tests/test_access_matrix.py and the
domains' tests/<domain>/access_routes.py): a new page or endpoint cannot ship without its row."""

from __future__ import annotations

import re
from collections.abc import Iterator

from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve

from tests.test_access_matrix import EXTRA_ROUTE_MODULES, MATRIX, _extra

# Routes that are no page of the platform's own (framework, assets, the admin site as a whole).
NOT_PAGES = {
    "",  # the home page is in the matrix as "/"; kept for clarity of the normalisation below
    "favicon.ico",
    "i18n/setlang/",
    "api/v1/",  # django-ninja's API root (no handler of ours)
    "api/v1/openapi.json",
    "api/v1/docs",
}
ADMIN_PREFIX = "admin/"  # the admin site: one row ("/admin/") covers it; its own permissions apply

# Routes that existed before this test and still lack a row: each must get one. The test fails
# when a listed route gets its row but stays listed (so the list only shrinks).
KNOWN_GAPS: set[str] = {
    # sign-in, two-factor and password reset: open to everyone by design, no row yet
    "accounts/login/",
    "accounts/logout/",
    "accounts/password-reset/",
    "accounts/password-reset/done/",
    "accounts/password-reset/sent/",
    "accounts/password-reset/{}/{}/",
    "accounts/two-factor/",
    "accounts/two-factor/enrol/",
    # API endpoints without a row yet
    "api/v1/audits/cap/{}/report-fixed",
    "api/v1/auth/me",
    "api/v1/auth/token",
    "api/v1/programs/{}",
}


def _walk(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[str]:
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        else:
            yield prefix + str(p.pattern)


def _normal(route: str) -> str:
    """``registry/<slug:slug>/imports/<str:job_id>/`` and ``/registry/{program}/imports/{job}/``
    both become ``registry/{}/imports/{}/``."""
    route = route.split("?", 1)[0].lstrip("^").rstrip("$").lstrip("/")
    route = re.sub(r"<[^>]+>", "{}", route)
    return re.sub(r"\{[^}]*\}", "{}", route)


def site_routes() -> set[str]:
    routes = {_normal(r) for r in _walk(get_resolver().url_patterns)}
    return {r for r in routes if not r.startswith(ADMIN_PREFIX) and r not in {_normal(n) for n in NOT_PAGES}}


def _route_of(template: str) -> str:
    """The URL pattern a matrix row reaches (placeholders filled in, then resolved), so a row
    with a literal segment (``rows/2/resolve/``, ``act/acknowledge/``) counts for its pattern."""
    path = "/" + re.sub(r"\{[^}]*\}", "x1", template.split("?", 1)[0].lstrip("/"))
    try:
        return _normal(resolve(path).route)
    except Resolver404:
        return _normal(template)


def matrix_routes() -> set[str]:
    extra_rows, _modules = _extra()
    return {_route_of(template) for _method, template, _table in MATRIX + extra_rows}


def test_every_route_is_in_the_access_matrix():
    assert EXTRA_ROUTE_MODULES  # the domains' tables are read too
    missing = sorted(site_routes() - matrix_routes() - KNOWN_GAPS)
    assert missing == [], "add these routes to the access matrix (tests/<domain>/access_routes.py)"


def test_the_list_of_known_gaps_only_shrinks():
    closed = sorted(KNOWN_GAPS & matrix_routes())
    assert closed == [], "these routes have their rows now: remove them from KNOWN_GAPS"


def test_the_normalisation_matches_patterns_and_templates():
    assert _normal("registry/<slug:slug>/imports/<str:job_id>/") == "registry/{}/imports/{}/"
    assert _normal("/registry/{program}/imports/{job}/?x=1") == "registry/{}/imports/{}/"
    assert _normal("api/v1/audits/cap/<item>/verify") == "api/v1/audits/cap/{}/verify"

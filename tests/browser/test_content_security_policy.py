"""With JavaScript on, the pages work under the Content-Security-Policy: no violation is reported
on the worker form, the public pages or a staff page that polls with htmx."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from tests.factories import TEST_PASSWORD
from wsr.registry.models import ImportJob

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _watch(page: Any) -> list[str]:
    """Collect CSP violations (the DOM event and Chromium's console report)."""
    seen: list[str] = []
    page.on("console", lambda m: seen.append(m.text) if "Content Security Policy" in m.text else None)
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => "
        "console.error('Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI));"
    )
    return seen


def test_pages_raise_no_policy_violation_with_javascript_on(personas, live_server, chromium, settings):
    settings.WSR_REQUIRE_2FA = False
    job = ImportJob.objects.create(
        program=personas.program, filename="list.csv", sha256="0" * 64, status="running", created_at=timezone.now()
    )
    context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="en")
    page = context.new_page()
    page.set_default_timeout(15_000)
    violations = _watch(page)
    try:
        for path in ("/", f"/p/{personas.program.slug}/", f"/report/{personas.program.slug}/"):
            response = page.goto(f"{live_server.url}{path}")
            assert response is not None and "default-src 'self'" in response.headers["content-security-policy"]
        # the worker form still moves on with JavaScript on
        page.click("form button.big")
        page.wait_for_selector(f"input[name=facility][value={personas.facility_x.public_id}]")

        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", "council-admin")
        page.fill("input[name=password]", TEST_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/home/")
        page.goto(f"{live_server.url}/registry/{personas.program.slug}/imports/{job.public_id}/")
        # htmx polls the progress every 2 s: wait for one poll to have been answered
        with page.expect_response(lambda r: "/progress/" in r.url):
            pass
    finally:
        context.close()
    assert violations == []

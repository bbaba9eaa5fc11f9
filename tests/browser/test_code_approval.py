"""A worker-organisation user approves a proposed Code version through the real pages; once it
is adopted, the public Code page shows it in Spanish."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot
from tests.factories import TEST_PASSWORD
from tests.standards.conftest import build_code
from wsr.core.models import Event, TransparencyEntry
from wsr.core.transparency import transparency_verify

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_worker_org_approves_and_adopts_then_the_public_reads_it_in_spanish(personas, live_server, page, settings):
    settings.WSR_REQUIRE_2FA = False
    version = build_code(personas, "proposed")
    user = personas.worker_org_staff

    # the public page says nothing is adopted yet
    page.goto(f"{live_server.url}/p/fair-harvest/code/?lang=es")
    assert page.get_by_test_id("no-code").is_visible()

    # given the worker organisation's staff member signs in through the login page
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/home/")

    # when they approve the proposed version
    page.goto(f"{live_server.url}/standards/fair-harvest/v/{version.public_id}/")
    assert page.get_by_test_id("approval").inner_text() == "Not approved"
    page.get_by_role("link", name="Approve").click()
    page.fill("#id_note", "Approved by the worker assembly")
    page.get_by_role("button", name="Approve this version").click()
    page.wait_for_url(f"**/v/{version.public_id}/")
    assert "Approved by" in page.get_by_test_id("approval").inner_text()

    # and adopt it (the worker organisation holds ADOPT_CODE too)
    page.get_by_role("link", name="Adopt").click()
    page.get_by_role("button", name="Adopt this version").click()
    page.wait_for_url(f"**/v/{version.public_id}/")
    assert page.get_by_test_id("version-status").inner_text() == "In force"  # adopted, in force today
    screenshot(page, "code-version-adopted")

    # then the state, the events and the public log agree
    version.refresh_from_db()
    assert version.status == "adopted" and version.approved_by == user
    assert Event.objects.filter(object_public_id=version.public_id, verb="code_version_approved").count() == 1
    assert TransparencyEntry.objects.filter(kind="code_adopted", payload__code_version=version.public_id).exists()
    assert all(r.ok for r in transparency_verify())

    # and anyone reads the Code in Spanish
    page.goto(f"{live_server.url}/p/fair-harvest/code/?lang=es")
    text = page.get_by_test_id("code-text")
    assert text.get_attribute("lang") == "es"
    assert "Prohibido el trabajo forzoso" in text.inner_text()
    assert "Sombra y agua fresca cerca de cada área de trabajo." in text.inner_text()
    assert page.get_by_role("link", name="Kreyòl ayisyen").is_visible()
    screenshot(page, "code-public-es")

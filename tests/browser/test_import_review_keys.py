"""The review queue by keyboard (c / n choose, Enter saves) and, with JavaScript off, by mouse."""

from __future__ import annotations

import pytest

from tests.factories import TEST_PASSWORD
from tests.registry.test_import_review import _review_job
from wsr.core.models import Event
from wsr.registry.models import ImportRow, Resolution

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, live_server, user):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/home/")


def test_a_reviewer_decides_a_page_with_the_keyboard(personas, live_server, chromium, settings):
    settings.WSR_REQUIRE_2FA = False
    job = _review_job(personas.program)
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en")
    page = context.new_page()
    page.set_default_timeout(15_000)
    _sign_in(page, live_server, personas.council_admin)
    page.goto(f"{live_server.url}/registry/{personas.program.slug}/imports/{job.public_id}/review/")

    page.keyboard.press("c")  # line 2: same facility, then the next row
    page.keyboard.press("n")  # line 3: new facility
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Nothing waits for a decision.")

    rows = {r.line: r.resolution for r in ImportRow.objects.filter(job=job)}
    assert rows == {2: Resolution.CONFIRMED, 3: Resolution.NEW}
    assert Event.objects.filter(verb="import_row_resolved").count() == 2
    context.close()


def test_the_review_page_works_without_javascript(personas, live_server, chromium, settings):
    settings.WSR_REQUIRE_2FA = False
    job = _review_job(personas.program)
    context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="en", java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15_000)
    _sign_in(page, live_server, personas.council_admin)
    page.goto(f"{live_server.url}/registry/{personas.program.slug}/imports/{job.public_id}/review/")

    page.locator("#line-2 input[value=confirm]").check()
    page.get_by_role("button", name="Save the decisions on this page").click()
    page.wait_for_selector("text=1 row waits for a decision.")

    assert ImportRow.objects.get(job=job, line=2).resolution == Resolution.CONFIRMED
    assert ImportRow.objects.get(job=job, line=3).resolution == ""
    context.close()

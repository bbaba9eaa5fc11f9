"""In a browser: a garment worker (Bengali, JavaScript off) reports a locked fire exit and is told
to leave and call the emergency number; a farm worker does the same in Spanish; the investigator
on call sees the alert first on the home page and acknowledges it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.alerts.conftest import ON_CALL_PHONE
from tests.browser.conftest import screenshot
from tests.browser.fixtures import ARTIFACTS
from tests.factories import TEST_PASSWORD
from wsr.accounts.selectors import actor_for_user
from wsr.alerts.models import DangerAlert
from wsr.alerts.services.roster import on_call_add

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEXT = "button[name=action][value=next]"
KEEP = Path("/tmp/danger")


def _shot(page, name: str) -> None:
    screenshot(page, name)
    if KEEP.is_dir():
        shutil.copy(ARTIFACTS / f"{name}.png", KEEP / f"{name}.png")


def _report_danger(chromium, live_server, program, facility, topic: str, lang: str) -> None:
    context = chromium.new_context(viewport={"width": 390, "height": 844}, locale=lang, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(f"{live_server.url}/report/{program.slug}/?lang={lang}")
        page.click("form button.big")
        page.check(f"input[name=facility][value={facility.public_id}]")
        page.click(NEXT)
        page.check(f"input[name=category][value={topic}]")
        page.click(NEXT)
        page.fill("textarea[name=description]", "The emergency exit is locked with a chain.")
        page.check("input[name=danger][value=yes]")
        page.click(NEXT)
        page.check("input[name=privacy][value=anonymous]")
        page.click(NEXT)
        page.click("button[name=action][value=send]")

        assert page.locator("html").get_attribute("lang") == lang
        danger = page.get_by_test_id("danger-now")
        assert danger.is_visible()
        assert page.get_by_test_id("emergency-phone").get_attribute("href") == f"tel:{program.emergency_phone}"
        _shot(page, f"alerts-worker-danger-{lang}")
    finally:
        context.close()


def test_workers_in_danger_are_told_what_to_do_now_and_the_on_call_staff_acknowledge(
    personas, live_server, chromium, settings
):
    settings.WSR_REQUIRE_2FA = False
    for program, number in ((personas.other_program, "+880 9612 000911"), (personas.program, "+1 239 555 0199")):
        program.emergency_phone = number
        program.save()
    on_call_add(
        actor=actor_for_user(personas.council_admin),
        program=personas.program,
        user=personas.investigator,
        phone=ON_CALL_PHONE,
    )

    _report_danger(chromium, live_server, personas.other_program, personas.facility_elsewhere, "fire", "bn")
    _report_danger(chromium, live_server, personas.program, personas.facility_x, "health_safety", "es")
    assert DangerAlert.objects.filter(status="open").count() == 2

    context = chromium.new_context(viewport={"width": 1100, "height": 900}, locale="en")
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", personas.investigator.username)
        page.fill("#id_password", TEST_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{live_server.url}/home/")
        first = page.locator("[data-testid=todos] li").first
        assert first.get_attribute("data-testid") == "todo-danger_alerts"
        first.locator("a").click()
        _shot(page, "alerts-staff-list")
        page.locator("[data-testid=open-alerts] a").first.click()
        assert page.get_by_test_id("alert-status").inner_text().strip() == "Waiting for acknowledgement"
        assert personas.facility_x.name in page.get_by_test_id("alert-place").inner_text()
        page.fill("textarea[name=note]", "Calling the farm manager and the fire service.")
        _shot(page, "alerts-staff-alert-open")
        page.get_by_test_id("acknowledge").click()
        assert page.get_by_test_id("alert-status").inner_text().strip() == "Acknowledged"
        _shot(page, "alerts-staff-alert-acknowledged")
        page.goto(f"{live_server.url}/alerts/{personas.program.slug}/on-call/")
        _shot(page, "alerts-staff-roster")
    finally:
        context.close()
    alert = DangerAlert.objects.get(program=personas.program)
    assert (alert.status, alert.acknowledged_by) == ("acknowledged", personas.investigator)

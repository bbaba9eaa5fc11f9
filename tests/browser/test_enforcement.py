"""The investigator substantiates a zero-tolerance complaint, the monitor suspends the farm, brand A
sees the notice on its home and acknowledges it, the worker organisation sees the decision."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot
from tests.complaints.staff_helpers import advance, file_case
from tests.factories import TEST_PASSWORD
from tests.standards.conftest import build_code
from tests.standing.conftest import activate_agreement, admit
from wsr.core.models import Event
from wsr.programs.models import Program
from wsr.standing.models import FacilityStanding, Notice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, live_server, user):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/home/")


def _sign_out(page):
    page.locator("form[action$='/logout/'] button").click()


def test_a_zero_tolerance_complaint_leads_to_a_suspension_every_party_sees(
    personas, live_server, chromium, settings, tmp_path
):
    settings.WSR_REQUIRE_2FA = False
    settings.MEDIA_ROOT = str(tmp_path / "media")
    # given both farms participating, brand A under an active agreement sourcing from farm X, a
    # program whose rule lets the monitor decide (immediate remedy allowed within 24 h), and a
    # forced-labour complaint at farm X under investigation
    build_code(personas)
    admit(personas, personas.facility_x, personas.facility_y)
    activate_agreement(personas, personas.brand_a)
    Program.objects.filter(pk=personas.program.pk).update(zero_tolerance_remedy_hours=24)
    complaint = advance(
        personas, file_case(personas, category="forced_labour").complaint, "investigating", refs=["1.1"]
    )
    slug = personas.program.slug
    context = chromium.new_context(viewport={"width": 1000, "height": 900}, locale="en")
    page = context.new_page()
    page.set_default_timeout(15_000)

    # the investigator records a substantiated finding
    _sign_in(page, live_server, personas.investigator)
    page.goto(f"{live_server.url}/complaints/{slug}/cases/{complaint.public_id}/")
    action = page.locator("details", has=page.locator("summary", has_text="Record the finding"))
    action.locator("summary").click()
    action.locator("select[name=outcome]").select_option("substantiated")
    action.locator("textarea[name=summary]").fill("Passports held by the labour contractor: confirmed.")
    action.get_by_role("button", name="Record the finding").click()
    assert Event.objects.filter(verb="zero_tolerance_finding_confirmed").count() == 1
    _sign_out(page)

    # the monitor sees the violation waiting on the enforcement page and suspends the farm
    _sign_in(page, live_server, personas.council_admin)
    assert page.get_by_test_id("todo-zero_tolerance").count() == 1
    page.goto(f"{live_server.url}/standing/{slug}/")
    page.get_by_test_id("open-cases").get_by_role("link", name=personas.facility_x.name).click()
    page.fill("#id_text", "Forced labour confirmed at farm X: suspended.")
    page.get_by_test_id("suspend").click()
    page.wait_for_url(f"{live_server.url}/standing/{slug}/")
    assert personas.facility_x.name in page.get_by_test_id("suspended").inner_text()
    screenshot(page, "enforcement-dashboard-after-suspension")
    standing = FacilityStanding.objects.get(program=personas.program, facility=personas.facility_x)
    assert standing.status == "suspended"
    assert Event.objects.get(verb="standing_suspended").actor_user == personas.council_admin
    _sign_out(page)

    # brand A sees the notice on its home, opens and acknowledges it
    _sign_in(page, live_server, personas.brand_a)
    page.get_by_test_id("todo-notices_to_acknowledge").get_by_role("link").click()
    page.get_by_test_id("notices").get_by_role("link", name="Suspension").click()
    assert personas.facility_x.name in page.get_by_test_id("notice").inner_text()
    page.get_by_test_id("acknowledge").click()
    assert page.get_by_test_id("delivery").inner_text().startswith("acknowledged")
    screenshot(page, "enforcement-notice-acknowledged")
    notice = Notice.objects.get(organisation=personas.brand_a.organisation)
    assert notice.acknowledged_by == personas.brand_a and notice.opened_at is not None
    assert not Notice.objects.filter(organisation=personas.brand_b.organisation).exists()
    _sign_out(page)

    # the worker organisation sees the decision on its home
    _sign_in(page, live_server, personas.worker_org_staff)
    decisions = page.get_by_test_id("recent-decisions").inner_text()
    assert "Suspended" in decisions and personas.facility_x.name in decisions
    screenshot(page, "enforcement-worker-org-home")
    context.close()

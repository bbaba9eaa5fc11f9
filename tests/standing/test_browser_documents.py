"""In Chromium: brand A opens its suspension notice and downloads the PDF (named by the notice's
public id); it registers a webhook endpoint on its page and sees the secret once; the monitor
closes a zero-tolerance case at an applicant facility from the case page."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.browser.fixtures import screenshot
from tests.complaints.staff_helpers import advance, file_case
from tests.factories import TEST_PASSWORD
from tests.standards.conftest import build_code
from tests.standing.conftest import activate_agreement, actor, admit
from wsr.core.models import Event
from wsr.standing.models import Notice, WebhookEndpoint, ZeroToleranceCase
from wsr.standing.services import standing_decide, standing_notices_send
from wsr.standing.transitions import Grounds, Standing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("WSR_SCREENSHOTS")  # also save the screenshots there (a helper's review)


def _shot(page: Any, name: str) -> None:
    screenshot(page, name)
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def _sign_in(page: Any, live_server: Any, user: Any) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/home/")


def test_notice_pdf_webhook_page_and_closing_an_applicants_case(
    personas: Any, live_server: Any, chromium: Any, settings: Any, tmp_path: Path
) -> None:
    settings.WSR_REQUIRE_2FA = False
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.WSR_WEBHOOK_ALLOW_LOCAL = False
    build_code(personas)
    admit(personas, personas.facility_x)  # facility Y stays an applicant
    activate_agreement(personas, personas.brand_a)
    decision = standing_decide(
        actor=actor(personas.investigator),
        program=personas.program,
        facilities=[personas.facility_x],
        target=Standing.SUSPENDED,
        grounds=Grounds.ZERO_TOLERANCE,
        grounds_ref="cmp-1",
        reason="Forced labour confirmed: passports held by the labour contractor.",
    )
    standing_notices_send.call(decision=decision.public_id)
    notice = Notice.objects.get(organisation=personas.brand_a.organisation)
    slug = personas.program.slug
    context = chromium.new_context(viewport={"width": 1000, "height": 900}, locale="en", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)

    _sign_in(page, live_server, personas.brand_a)
    page.goto(f"{live_server.url}/standing/notices/{notice.public_id}/")
    assert personas.facility_x.name in page.get_by_test_id("notice-facility").inner_text()
    _shot(page, "notice-page")
    with page.expect_download() as download_info:
        page.get_by_test_id("notice-pdf").click()
    download = download_info.value
    assert download.suggested_filename == f"{notice.public_id}.pdf"
    saved = tmp_path / download.suggested_filename
    download.save_as(str(saved))
    assert saved.read_bytes().startswith(b"%PDF-")
    if SHOTS:
        Path(SHOTS, "notice.pdf").write_bytes(saved.read_bytes())

    page.goto(f"{live_server.url}/standing/{slug}/eligibility/")
    page.get_by_test_id("webhooks-link").click()
    page.fill("#id_url", "https://93.184.216.34/wsr/hooks")
    page.get_by_test_id("webhook-add").click()
    secret = page.get_by_test_id("webhook-secret").inner_text()
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.secret_hint in secret and "whsec_" in secret
    _shot(page, "webhooks-page")
    context.close()

    # the monitor closes a zero-tolerance case at applicant facility Y
    complaint = file_case(personas, category="forced_labour", facility=personas.facility_y).complaint
    advance(personas, complaint, "finding", refs=["1.1"])
    case = ZeroToleranceCase.objects.get(facility=personas.facility_y)
    context = chromium.new_context(viewport={"width": 1000, "height": 900}, locale="en")
    page = context.new_page()
    page.set_default_timeout(15_000)
    _sign_in(page, live_server, personas.council_admin)
    page.goto(f"{live_server.url}/standing/{slug}/cases/{case.public_id}/")
    assert page.get_by_test_id("suspend").count() == 0
    page.fill("#id_text", "Admission refused until a new onboarding audit finds no forced labour.")
    _shot(page, "case-applicant")
    page.get_by_test_id("close-case").click()
    page.wait_for_url(f"{live_server.url}/standing/{slug}/")
    case.refresh_from_db()
    assert case.status == "closed"
    assert Event.objects.filter(verb="zero_tolerance_closed").count() == 1
    context.close()

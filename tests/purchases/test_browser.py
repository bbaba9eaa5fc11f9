"""Brand A reports purchases from its home: a file with a bad line is refused with the line and
column named, the corrected file is recorded; the investigator sees the breach it contained."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.browser.fixtures import screenshot
from tests.factories import TEST_PASSWORD
from tests.purchases.conftest import HEADER, agreement_with_terms, at, standing_history
from wsr.purchases.models import PurchaseLine, PurchaseUpload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, live_server, user):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/home/")


def test_a_brand_reports_purchases_and_the_monitor_sees_the_breach(personas, live_server, chromium, settings, tmp_path):
    settings.WSR_REQUIRE_2FA = False
    settings.MEDIA_ROOT = str(tmp_path / "media")
    agreement_with_terms(personas, personas.brand_a, percent_bp=50)
    fx = personas.facility_x.public_id
    standing_history(
        personas,
        personas.facility_x,
        (at(dt.date(2025, 6, 1)), "participating"),
        (at(dt.date(2026, 6, 1)), "suspended"),
    )
    bad = tmp_path / "june.csv"
    rows = [f"J1,{fx},2026-05-30,tomatoes,32000,lb,16000.00,USD", f"J2,{fx},2026-06-03,tomatoes,500,kg,400.005,USD"]
    bad.write_text("\n".join([HEADER, *rows]) + "\n")
    context = chromium.new_context(viewport={"width": 1000, "height": 900}, locale="en")
    page = context.new_page()
    page.set_default_timeout(15_000)

    _sign_in(page, live_server, personas.brand_a)
    page.get_by_role("link", name="Report purchases").click()
    page.set_input_files("#id_file", str(bad))
    page.get_by_role("button", name="Upload the report").click()
    assert page.get_by_test_id("upload-status").inner_text() == "Refused: nothing recorded"
    assert "At most 2 decimal places." in page.get_by_test_id("errors").inner_text()
    screenshot(page, "purchases-refused")
    page.screenshot(path="/tmp/purchases/refused.png", full_page=True)
    assert PurchaseLine.objects.count() == 0

    bad.write_text(bad.read_text().replace("400.005", "400.01"))
    page.get_by_role("link", name="All purchase reports").click()
    page.set_input_files("#id_file", str(bad))
    page.get_by_role("button", name="Upload the report").click()
    assert page.get_by_test_id("upload-status").inner_text() == "Recorded"
    assert page.get_by_test_id("added").inner_text() == "2"
    page.screenshot(path="/tmp/purchases/recorded.png", full_page=True)
    page.get_by_role("link", name="All purchase reports").click()
    assert (
        page.get_by_test_id("premium-owed").inner_text() == "331.02 USD"
    )  # 32,000 lb + 500 kg (1,102.31 lb) at 1 cent
    page.screenshot(path="/tmp/purchases/brand.png", full_page=True)
    assert PurchaseUpload.objects.filter(status="done").count() == 1
    context.close()

    context = chromium.new_context(viewport={"width": 1000, "height": 900}, locale="en")
    page = context.new_page()
    _sign_in(page, live_server, personas.investigator)
    page.goto(f"{live_server.url}/purchases/{personas.program.slug}/monitor/")
    assert "Supplier X Farm One" in page.get_by_test_id("breaches").inner_text()
    screenshot(page, "purchases-monitor")
    page.screenshot(path="/tmp/purchases/monitor.png", full_page=True)
    context.close()

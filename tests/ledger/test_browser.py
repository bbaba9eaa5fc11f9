"""In Chromium: the monitor's reconciliation page draws the premium-per-season chart from the same
figures as its table (the vendored chart.js runs under the Content-Security-Policy), and with
JavaScript off the table alone carries them; the supplier confirms a payment from its statement."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.browser.fixtures import screenshot
from tests.factories import TEST_PASSWORD
from tests.ledger.conftest import agreement, line, pay
from wsr.core import clock
from wsr.ledger.models import Payment, PaymentStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page: Any, live_server: Any, user: Any) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/home/")


def test_chart_and_table_agree_and_a_supplier_confirms_a_payment(personas: Any, live_server: Any, chromium: Any,
                                                                  settings: Any) -> None:  # fmt: skip
    settings.WSR_REQUIRE_2FA = False
    today = clock.today()
    p = personas
    agreement(p, p.brand_a)
    p.program.seasons.create(name="This season", starts_on=today - dt.timedelta(days=200), ends_on=today)
    line(p, p.brand_a, p.facility_x, on=today - dt.timedelta(days=60), premium=12_345)
    pay(p, p.brand_a, p.facility_x, amount=10_000, on=today - dt.timedelta(days=30), confirm=False)
    slug = p.program.slug

    errors: list[str] = []
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en")
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    _sign_in(page, live_server, p.council_admin)
    page.goto(f"{live_server.url}/ledger/{slug}/reconciliation/")
    page.wait_for_function(
        "document.getElementById('premium-chart') && !document.getElementById('premium-chart').hidden"
    )
    drawn = page.evaluate("Chart.getChart('premium-chart').data.datasets.map(d => d.data)")
    assert drawn == [[123.45], [0], [0]]  # owed, paid (not confirmed yet), distributed
    assert "123.45 USD" in page.get_by_test_id("season-table").inner_text()
    assert not errors
    screenshot(page, "ledger-reconciliation-chart")
    context.close()

    no_js = chromium.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900}, locale="en")
    page = no_js.new_page()
    _sign_in(page, live_server, p.supplier_x)
    page.goto(f"{live_server.url}/ledger/{slug}/statement/")
    assert page.locator("#premium-chart").is_hidden()
    assert "123.45 USD" in page.get_by_test_id("season-table").inner_text()
    payment = Payment.objects.get()
    page.get_by_test_id("to-confirm").get_by_role("link").click()
    page.get_by_role("button", name="Confirm: we received it").click()
    page.wait_for_url(f"{live_server.url}/ledger/{slug}/payments/{payment.public_id}/")
    assert "Confirmed received by the supplier" in page.get_by_test_id("payment-status").inner_text()
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.CONFIRMED and payment.posting is not None
    screenshot(page, "ledger-payment-confirmed-no-js")
    no_js.close()

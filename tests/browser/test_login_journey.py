"""Log in as each role through the real pages and land on the right home page."""

from __future__ import annotations

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.browser.conftest import screenshot
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXPECTED = {
    # persona: (role tag shown, organisation line contains, sees the program's staff link)
    "council_admin": ("Program admin", "Monitoring body", True),
    "investigator": ("Investigator", "Monitoring body", True),
    "auditor": ("Auditor", "Audit firm", True),
    "worker_org_staff": ("Worker organisation staff", "Worker organisation", True),
    "brand_a": ("Brand user", "Brand A Foods", False),
    "supplier_x": ("Supplier user", "Supplier X Growers", False),
}


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"


@pytest.mark.parametrize("persona", list(EXPECTED))
def test_each_role_logs_in_and_sees_its_home(personas, live_server, page, settings, persona):
    settings.WSR_REQUIRE_2FA = True
    user = getattr(personas, persona)
    needs_code = persona in ("council_admin", "investigator")  # monitoring body: TOTP required
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True) if needs_code else None

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    if device is not None:
        page.wait_for_url("**/accounts/two-factor/**")
        page.fill("#id_code", _code(device))
        page.get_by_role("button", name="Verify").click()

    page.wait_for_url(f"{live_server.url}/home/")
    role, org_line, staff_link = EXPECTED[persona]
    assert page.get_by_test_id("role").first.inner_text() == role
    assert org_line in page.get_by_test_id("home-org").inner_text()
    program_link = page.locator("[data-testid=program-card] h2 a").first
    href = program_link.get_attribute("href") or ""
    assert href.startswith("/programs/") is staff_link
    screenshot(page, f"home-{persona}")

    # The facility list shows exactly what the role may see.
    page.goto(f"{live_server.url}/registry/facilities/")
    text = page.locator("main").inner_text()
    sees_x = "Supplier X Farm One" in text
    sees_y = "Supplier Y Farm One" in text
    if persona in ("brand_a", "supplier_x"):
        assert (sees_x, sees_y) == (True, False)
    else:
        assert (sees_x, sees_y) == (True, True)


def test_a_wrong_password_keeps_the_visitor_on_the_login_page(personas, live_server, page):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", personas.brand_a.username)
    page.fill("#id_password", "not the password")
    page.get_by_role("button", name="Sign in").click()
    assert "/accounts/login/" in page.url
    assert page.locator("[role=alert]").count() >= 1

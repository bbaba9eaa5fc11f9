"""A supplier reports a corrective action fixed with a photo; the monitor (signing in with a
second factor) verifies it; the facility's remediation page shows the new progress %."""

from __future__ import annotations

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.audits.conftest import item_in_state, record_finding, started_audit
from tests.browser.conftest import screenshot
from tests.factories import TEST_PASSWORD
from tests.standards.conftest import build_code
from wsr.audits.models import CapItem
from wsr.demo.audits import demo_png

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, live_server, user, device=None):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    if device is not None:
        page.wait_for_url("**/accounts/two-factor/**")
        code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
        page.fill("#id_code", f"{code:0{device.digits}d}")
        page.get_by_role("button", name="Verify").click()
    page.wait_for_url(f"{live_server.url}/home/")


def _sign_out(page):
    page.locator("form[action$='/logout/'] button").click()


def test_supplier_reports_a_fix_with_a_photo_and_the_monitor_verifies_it(
    personas, live_server, chromium, settings, tmp_path
):
    settings.WSR_REQUIRE_2FA = True
    settings.MEDIA_ROOT = str(tmp_path / "media")
    # given facility X with two corrective actions, one verified and one in progress (50 %)
    build_code(personas)
    finding = record_finding(personas, started_audit(personas))
    item_in_state(personas, finding, "verified_fixed", action="Put up shade at field 12")
    item = item_in_state(personas, finding, "in_progress", action="Water runner for every crew")
    photo = tmp_path / "fix.png"
    photo.write_bytes(demo_png((30, 110, 200), size=64))
    slug, fx = personas.program.slug, personas.facility_x.public_id
    context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="en")
    page = context.new_page()
    page.set_default_timeout(15_000)

    # the supplier reports the item fixed, with a photo
    _sign_in(page, live_server, personas.supplier_x)
    page.goto(f"{live_server.url}/audits/{slug}/facilities/{fx}/")
    assert page.get_by_test_id("progress-percent").inner_text() == "50%"
    page.get_by_role("link", name="Water runner for every crew").click()
    page.get_by_role("link", name="Report fixed").click()
    page.set_input_files("#id_photo", str(photo))
    page.fill("#id_note", "Runner hired for every crew; refill log at the gate.")
    page.get_by_role("button", name="Report fixed").click()
    assert page.get_by_test_id("cap-state").inner_text() == "Reported fixed"
    assert page.get_by_test_id("evidence-photo").count() == 1
    screenshot(page, "cap-reported-by-supplier")
    _sign_out(page)

    # the monitor signs in with a second factor, sees the photo and verifies
    device = TOTPDevice.objects.create(user=personas.council_admin, name="phone", confirmed=True)
    _sign_in(page, live_server, personas.council_admin, device)
    page.goto(f"{live_server.url}/audits/{slug}/cap/{item.public_id}/")
    page.get_by_role("link", name="Verify fixed").click()
    assert page.get_by_test_id("evidence-photo").count() == 1
    img = page.get_by_test_id("evidence-photo")
    img.scroll_into_view_if_needed()
    natural_width = img.evaluate(
        "img => img.complete && img.naturalWidth ? img.naturalWidth"
        " : new Promise(done => { img.onload = () => done(img.naturalWidth); })"
    )
    assert natural_width == 64  # the stored photo is served back
    page.fill("#id_note", "Seen on site: runner and log in place.")
    page.get_by_role("button", name="Verify fixed").click()
    assert page.get_by_test_id("cap-state").inner_text() == "Verified fixed"

    # then the facility's remediation page shows the new progress %
    page.goto(f"{live_server.url}/audits/{slug}/facilities/{fx}/")
    assert page.get_by_test_id("progress-percent").inner_text() == "100%"
    screenshot(page, "cap-facility-after-verification")
    item.refresh_from_db()
    assert item.state == "verified_fixed" and item.verified_by == personas.council_admin
    assert CapItem.objects.get(pk=item.pk).evidence.get().content_type == "image/png"
    # and so does the public page, without signing in
    _sign_out(page)
    page.goto(f"{live_server.url}/audits/public/{fx}/")
    assert page.get_by_test_id("progress-percent").first.inner_text() == "100%"
    context.close()

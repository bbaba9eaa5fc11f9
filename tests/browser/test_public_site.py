"""Acceptance (issue 12): a visitor finds the suspended factory of the demo story by its Bengali
name, sees it on the map and its enforcement history, follows the log link (the browser checks
the entry against the signed tree), and downloads the CSV. No sign-in, Chromium, the demo loaded."""

from __future__ import annotations

import csv
import io
from io import StringIO

import pytest
from django.core.management import call_command

from tests.browser.conftest import screenshot
from wsr.core.models import TransparencyEntry
from wsr.programs.models import ReportingSeason
from wsr.registry.models import Facility
from wsr.standing.models import StandingChange

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

NAME = "Gazipur Denim Mills – Unit 1"
BENGALI = "গাজীপুর ডেনিম মিলস – ইউনিট 1"


def test_a_visitor_finds_the_suspended_factory_by_its_bengali_name(live_server, chromium, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.MEDIA_ROOT = str(tmp_path / "media")
    call_command("load_demo", stdout=StringIO())
    factory = Facility.objects.get(name=NAME)
    assert factory.name_local == BENGALI
    context = chromium.new_context(viewport={"width": 1100, "height": 900}, locale="en", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.add_init_script(  # a CSP violation (inline code or style, a foreign origin) is a problem too
        "document.addEventListener('securitypolicyviolation', e => "
        "console.error('Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI));"
    )

    # she searches the public site by the factory's Bengali name
    page.goto(f"{live_server.url}/search/")
    page.get_by_test_id("q").fill(BENGALI)
    page.get_by_role("button", name="Search").click()
    card = page.get_by_test_id("facility").filter(has=page.get_by_role("link", name=NAME, exact=True))
    assert "Suspended" in card.inner_text()
    screenshot(page, "public-search-bengali")
    card.get_by_role("link", name=NAME, exact=True).click()

    # the facility page: suspended, and the enforcement history behind it
    page.wait_for_url(f"{live_server.url}/facilities/{factory.public_id}/*")
    assert page.get_by_test_id("local-name").inner_text() == BENGALI
    block = page.get_by_test_id("program-garment-safety")
    assert block.get_by_test_id("standing").inner_text() == "Suspended"
    history = block.get_by_test_id("history").inner_text()
    assert "Suspended" in history and "Confirmed zero-tolerance violation" in history
    screenshot(page, "public-facility-suspended")
    suspension = (
        TransparencyEntry.objects.filter(kind="standing_changed", payload__facility=factory.public_id)
        .order_by("-seq")
        .first()
    )
    assert suspension is not None and suspension.payload["standing"] == "suspended"
    facility_url = page.url

    # on the program's map: the factory is a red point (no tile server: the shipped outlines)
    page.goto(f"{live_server.url}/p/garment-safety/map/")
    page.wait_for_selector("#facility-map[data-ready]")
    page.wait_for_selector("path.map-country", state="attached")
    assert page.locator("#facility-map .leaflet-tile").count() == 0
    points = page.evaluate("JSON.parse(document.getElementById('map-points').textContent)")
    assert {"id": factory.public_id, "standing": "suspended", "local": BENGALI}.items() <= next(
        p for p in points if p["id"] == factory.public_id
    ).items()
    assert page.locator(".marker-cluster-bad, path.std-suspended").count() >= 1
    row = page.locator(f"#f-{factory.public_id}")
    assert "Suspended" in row.inner_text() and BENGALI in row.inner_text()
    screenshot(page, "public-map-outlines")

    # she follows the log link of the suspension; her browser checks it against the signed tree
    page.goto(facility_url)
    page.get_by_test_id("program-garment-safety").get_by_test_id("history").locator(
        f"a[href='/p/garment-safety/log/{suspension.seq}/']"
    ).click()
    page.wait_for_url(f"{live_server.url}/p/garment-safety/log/{suspension.seq}/")
    assert factory.public_id in page.get_by_test_id("bytes").inner_text()
    verify = page.locator("[data-testid=verify][data-result]")
    verify.wait_for()
    assert verify.get_attribute("data-result") == "verify-ok", verify.inner_text()
    screenshot(page, "public-log-entry-verified")

    # and downloads the program's facilities as CSV: the factory is there, suspended
    page.goto(f"{live_server.url}/open-data/")
    with page.expect_download() as download_info:
        page.get_by_test_id("open-data-garment-safety").get_by_role("link", name="facilities.csv").click()
    text = download_info.value.path().read_text(encoding="utf-8-sig")
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(text))}
    assert rows[factory.public_id]["standing"] == "suspended"
    assert rows[factory.public_id]["name"] == NAME

    # the program's report of the season: the suspension among the enforcement actions, figures as CSV
    page.goto(f"{live_server.url}/p/garment-safety/report/")
    effective = StandingChange.objects.get(facility=factory, after="suspended").effective_at
    season = ReportingSeason.objects.get(
        program__slug="garment-safety", starts_on__lte=effective.date(), ends_on__gte=effective.date()
    ).name
    page.get_by_test_id("seasons").get_by_role("link", name=season, exact=True).click()
    actions = page.get_by_test_id("enforcement")
    assert NAME in actions.inner_text()
    assert actions.locator(f"a[href='/p/garment-safety/log/{suspension.seq}/']").count() == 1
    screenshot(page, "public-report-season")
    with page.expect_download() as download_info:
        page.get_by_test_id("report-csv").click()
    figures = list(csv.reader(io.StringIO(download_info.value.path().read_text(encoding="utf-8"))))
    suspensions = [
        r for r in figures if r[:5] == ["garment-safety", season, "enforcement", "standing_changes_to", "suspended"]
    ]
    assert len(suspensions) == 1 and int(suspensions[0][5]) >= 1
    assert problems == []
    context.close()

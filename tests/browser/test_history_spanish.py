"""A program admin reads the program's History in Spanish: translated labels and object names,
no internal codes or ids (issue 9)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot
from tests.factories import TEST_PASSWORD
from tests.standards.conftest import build_code
from wsr.accounts.selectors import actor_for_user
from wsr.programs.services import program_rules_update

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_history_page_speaks_spanish(personas, live_server, page, settings):
    settings.WSR_REQUIRE_2FA = False
    code = build_code(personas)
    program_rules_update(
        actor=actor_for_user(personas.council_admin),
        program=personas.program,
        changes={"sla_resolve_days": 10},
        reason="Asamblea de trabajadores",
    )

    # given the program admin signs in and chooses Spanish with the language switcher
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", personas.council_admin.username)
    page.fill("#id_password", TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/home/")
    page.goto(f"{live_server.url}/programs/{personas.program.slug}/history/")
    page.select_option("#lang-select", "es")
    page.locator("form.lang button").click()
    page.wait_for_load_state()

    # then the History reads in Spanish, with names instead of codes
    table = page.locator("table").inner_text()
    screenshot(page, "history-es")
    assert "Reglas del programa cambiadas" in table
    assert "Versión del Código adoptada" in table
    assert "Test Code" in table
    for internal in ("program_rules_changed", "code_version_adopted", code.public_id):
        assert internal not in table

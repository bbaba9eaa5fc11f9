"""A worker files a complaint in Haitian Creole with JavaScript disabled, gets a case code and a
secret, and later reads the investigator's reply with them."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot
from wsr.accounts.selectors import actor_for_user
from wsr.complaints.models import Complaint
from wsr.complaints.services import complaint_message_send

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEXT = "button[name=action][value=next]"


def test_worker_files_in_creole_without_javascript_and_reads_the_reply(personas, live_server, chromium):
    context = chromium.new_context(viewport={"width": 360, "height": 740}, locale="ht", java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(f"{live_server.url}/report/{personas.program.slug}/?lang=ht")
        assert page.locator("html").get_attribute("lang") == "ht"
        screenshot(page, "worker-report-start-ht")
        page.click("form button.big")

        page.check(f"input[name=facility][value={personas.facility_x.public_id}]")
        page.click(NEXT)
        page.check("input[name=category][value=wages_hours]")
        screenshot(page, "worker-report-topic-ht")
        page.click(NEXT)
        page.fill("textarea[name=description]", "Patwon an pa peye nou pou de jou travay.")
        page.click(NEXT)
        page.check("input[name=privacy][value=anonymous]")
        page.click(NEXT)
        assert "Patwon an pa peye nou pou de jou travay." in page.locator("main").inner_text()
        page.click("button[name=action][value=send]")

        code = page.get_by_test_id("case-code").get_attribute("aria-label")
        secret = page.get_by_test_id("secret").get_attribute("aria-label")
        assert page.locator("html").get_attribute("lang") == "ht"
        screenshot(page, "worker-report-done-ht")
        complaint = Complaint.objects.get()
        assert (complaint.case_code, complaint.language, complaint.channel) == (code, "ht", "web")

        complaint_message_send(
            actor=actor_for_user(personas.investigator),
            complaint=complaint,
            text="Nou resevwa plent ou. N ap vizite fèm nan semèn pwochèn.",
        )

        page.goto(f"{live_server.url}/report/status/?lang=ht")
        page.fill("input[name=case_code]", code.replace("-", " "))
        page.fill("input[name=secret]", secret.lower())
        page.click("form button.big")
        assert page.locator("html").get_attribute("lang") == "ht"
        messages = page.get_by_test_id("messages").inner_text()
        assert "N ap vizite fèm nan semèn pwochèn." in messages
        assert page.get_by_test_id("status").inner_text().strip()
        screenshot(page, "worker-case-ht")

        page.fill("textarea[name=text]", "Mèsi. M ap tann.")
        page.click("form[action='/report/status/reply/'] button")
        assert "Mèsi. M ap tann." in page.get_by_test_id("messages").inner_text()
    finally:
        context.close()

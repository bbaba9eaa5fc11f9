"""A worker follows a link to the Code in Kreyòl with JavaScript off: the category headings and
tier badges are in Kreyòl too, and the public program page opened with ?lang=bn is in Bengali."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot
from tests.standards.conftest import build_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_kreyol_code_page_reads_in_kreyol(personas, live_server, chromium):
    build_code(personas, "adopted")
    context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="en", java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/p/{personas.program.slug}/code/?lang=ht")
        text = page.get_by_test_id("code-text").inner_text()
        screenshot(page, "code-kreyol")

        assert page.locator("#cat-forced_labour").inner_text() == "Travay fòse"
        assert "Tolerans zewo" in text
        assert "Forced labour" not in text and "Zero tolerance" not in text

        page.goto(f"{live_server.url}/p/{personas.other_program.slug}/?lang=bn")
        assert page.get_by_role("heading", name="অংশগ্রহণকারী ব্র্যান্ড").is_visible()
    finally:
        context.close()

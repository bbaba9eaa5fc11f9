"""A participating brand without a signed agreement is listed publicly with that said."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def _brand_line(html: str, name: str) -> str:
    start = html.index(f"<li>{name}")
    return html[start : html.index("</li>", start)]


def test_demo_brand_without_signed_agreement_says_so(settings, tmp_path, client):
    settings.VAR_DIR = tmp_path
    settings.WSR_DEMO_PASSWORD = "demo-pass-for-tests"
    call_command("load_demo", stdout=StringIO())

    html = client.get("/p/fair-harvest/").content.decode()
    kreyol = client.get("/p/fair-harvest/?lang=ht").content.decode()

    assert "agreement not yet signed" in _brand_line(html, "Fresh Fork Restaurants")
    assert "agreement not yet signed" not in _brand_line(html, "Harvest Table Foods")
    assert "agreement signed" in _brand_line(html, "Harvest Table Foods")
    assert "agreement not yet signed" not in kreyol  # translated
    assert 'data-testid="unsigned"' in _brand_line(kreyol, "Fresh Fork Restaurants")

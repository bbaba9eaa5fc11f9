"""/p/<program>/?lang=bn renders the page body in Bengali, not only the header's switcher."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_public_program_page_honours_lang(personas, client):
    html = client.get(f"/p/{personas.other_program.slug}/?lang=bn").content.decode()

    assert "অংশগ্রহণকারী ব্র্যান্ড" in html  # "Participating brands"
    assert "Participating brands" not in html
    assert '<html lang="bn"' in html


def test_an_unknown_lang_keeps_the_default(personas, client):
    html = client.get(f"/p/{personas.other_program.slug}/?lang=xx").content.decode()
    assert "Participating brands" in html

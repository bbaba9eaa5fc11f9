"""The public Code read in Kreyòl: headings and tier badges in Kreyòl too, not only the text."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_kreyol_code_page_translates_categories_and_tiers(personas, client, code_builder):
    code_builder("adopted")

    html = client.get(f"/p/{personas.program.slug}/code/?lang=ht").content.decode()

    assert "Pa gen travay fòse" in html  # the provision's own Kreyòl text
    assert "Travay fòse" in html.replace("Pa gen travay fòse", "")  # the category heading
    assert "Tolerans zewo" in html  # the tier badge
    assert "Forced labour" not in html
    assert "Zero tolerance" not in html
    assert '<html lang="ht"' in html


def test_code_page_follows_the_interface_language_without_lang(personas, client, code_builder):
    code_builder("adopted")
    client.cookies["django_language"] = "es"

    html = client.get(f"/p/{personas.program.slug}/code/").content.decode()

    assert "Prohibido el trabajo forzoso" in html

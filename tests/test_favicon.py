"""Browsers ask for /favicon.ico on every site: it answers with the vendored SVG icon."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_favicon_ico_is_served(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert b"<svg" in b"".join(response.streaming_content)
    assert "max-age=86400" in response["Cache-Control"]


def test_pages_link_the_icon(client):
    assert 'rel="icon"' in client.get("/").content.decode()

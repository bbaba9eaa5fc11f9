"""The demo fills the public site: a suspended Bangladesh factory found by its Bengali name, with
its enforcement history linked to the log, on the map's coordinates, in the open data."""

from __future__ import annotations

import csv
import io
from io import StringIO

import pytest
from django.core.management import call_command

from wsr.demo.disclosure import SUSPENDED_FACTORY
from wsr.disclosure.search import SearchQuery, search
from wsr.registry.models import Facility
from wsr.standing.models import FacilityStanding

pytestmark = pytest.mark.django_db


def test_demo_public_site_is_populated(settings, tmp_path, client):
    settings.VAR_DIR = tmp_path
    settings.WSR_DEMO_PASSWORD = "demo-pass-for-tests"
    call_command("load_demo", stdout=StringIO())

    page = search(SearchQuery(q="গাজীপুর ডেনিম"))
    first = page.cards[0]
    assert first.facility.name == SUSPENDED_FACTORY
    assert [s.status for s in first.standings] == ["suspended"]
    assert not Facility.objects.filter(program_links__isnull=False, lat__isnull=True).exists()
    assert FacilityStanding.objects.filter(program__slug="garment-safety", status="participating").count() == 23

    html = client.get(f"/facilities/{first.facility.public_id}/").content.decode()
    assert "গাজীপুর ডেনিম মিলস" in html
    assert "/p/garment-safety/log/" in html
    response = client.get("/open-data/garment-safety/facilities.csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    suspended = [r for r in rows if r["standing"] == "suspended"]
    assert [r["name"] for r in suspended] == [SUSPENDED_FACTORY]
    assert suspended[0]["name_local"].startswith("গাজীপুর")

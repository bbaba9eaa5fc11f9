"""The public map page: every covered facility in the table (the page without JavaScript), the
located ones as map points in a JSON element, coloured by standing; the tile server only when
configured, and then allowed by the page's CSP."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest

from tests.factories import FacilityFactory, ProgramFacilityFactory
from wsr.core import clock
from wsr.registry.models import Facility
from wsr.standing.models import FacilityStanding

pytestmark = pytest.mark.django_db


def _points(html: str) -> list[dict[str, object]]:
    found = re.search(r'<script id="map-points" type="application/json">(.*?)</script>', html, re.S)
    assert found
    return json.loads(found.group(1))


def _locate(facility: Facility, lat: str, lng: str) -> None:
    Facility.objects.filter(pk=facility.pk).update(lat=Decimal(lat), lng=Decimal(lng))


def test_map_lists_every_facility_and_maps_the_located_ones(personas, client):
    fx, fy = personas.facility_x, personas.facility_y
    _locate(fx, "26.640000", "-81.870000")
    Facility.objects.filter(pk=fy.pk).update(lat=None, lng=None)
    FacilityStanding.objects.create(program=personas.program, facility=fx, status="suspended", since=clock.now())

    response = client.get(f"/p/{personas.program.slug}/map/")

    assert response.status_code == 200
    html = response.content.decode()
    table = html.split('data-testid="map-list"', 1)[1]
    assert fx.name in table and fy.name in table  # no JavaScript: the table says everything
    assert "Suspended" in table and "Applicant" in table
    assert personas.facility_elsewhere.name not in html  # another program's facility
    points = _points(html)
    assert [(p["id"], p["standing"], p["lat"], p["lng"]) for p in points] == [
        (fx.public_id, "suspended", 26.64, -81.87)
    ]
    assert "1 has no map location yet" in html
    assert points[0]["url"] == f"/facilities/{fx.public_id}/"  # the public facility page
    assert f'<a href="/facilities/{fy.public_id}/">' in table
    assert "vendor/leaflet/leaflet.js" in html and "js/public-map.js" in html
    assert "countries-110m.geojson" in html


def test_map_point_json_is_escaped(personas, client):
    Facility.objects.filter(program_links__program=personas.program).update(lat=None, lng=None)
    evil = FacilityFactory(name="</script><script>alert(1)</script>", lat=Decimal("23.8"), lng=Decimal("90.4"))
    ProgramFacilityFactory(program=personas.program, facility=evil)

    html = client.get(f"/p/{personas.program.slug}/map/").content.decode()

    assert "<script>alert(1)</script>" not in html
    assert [p["name"] for p in _points(html)] == [evil.name]


def test_local_name_is_shown_beside_the_name(personas, client):
    fe = personas.facility_elsewhere
    Facility.objects.filter(pk=fe.pk).update(name_local="ঢাকা নিট কম্পোজিট", lat=Decimal("23.9"), lng=Decimal("90.3"))

    html = client.get(f"/p/{personas.other_program.slug}/map/?lang=bn").content.decode()

    assert "ঢাকা নিট কম্পোজিট" in html
    assert _points(html)[0]["local"] == "ঢাকা নিট কম্পোজিট"
    assert '<html lang="bn"' in html


def test_outlines_only_by_default_and_the_policy_stays_strict(personas, client):
    response = client.get(f"/p/{personas.program.slug}/map/")

    assert 'data-tiles=""' in response.content.decode()
    policy = response["Content-Security-Policy"]
    assert "img-src 'self' data:;" in policy + ";"
    assert "unsafe-inline" not in policy


def test_a_configured_tile_server_is_used_and_allowed_for_images_only(personas, client, settings):
    settings.WSR_MAP_TILE_URL = "https://{s}.tiles.example.org/{z}/{x}/{y}.png"
    settings.WSR_MAP_TILE_ATTRIBUTION = "© Example tiles"

    response = client.get(f"/p/{personas.program.slug}/map/")

    html = response.content.decode()
    assert 'data-tiles="https://{s}.tiles.example.org/{z}/{x}/{y}.png"' in html
    policy = response["Content-Security-Policy"]
    img = next(part for part in policy.split(";") if part.strip().startswith("img-src"))
    assert "https://*.tiles.example.org" in img
    script = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert "example.org" not in script


def test_unknown_program_is_404(client):
    assert client.get("/p/no-such-program/map/").status_code == 404


def test_facility_include_shows_the_location(personas):
    from django.template.loader import render_to_string

    fx = personas.facility_x
    _locate(fx, "26.640000", "-81.870000")
    fx.refresh_from_db()

    html = render_to_string("disclosure/_facility_map.html", {"facility": fx, "standing": "suspended"})

    assert 'data-standing="suspended"' in html
    assert 'data-lat="26.640000"' in html
    assert "26.6400, -81.8700" in html
    assert "js/public-map.js" in html
    fy = personas.facility_y
    fy.lat = fy.lng = None
    assert "No map location yet." in render_to_string("disclosure/_facility_map.html", {"facility": fy})

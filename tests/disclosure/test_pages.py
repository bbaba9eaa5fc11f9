"""The public pages: program, facility, brand, complaint log, statistics, search, open data and
the log page's labels; every body in ?lang=; no login."""

from __future__ import annotations

import pytest

from tests.disclosure.conftest import BENGALI_Y
from wsr.core.models import TransparencyEntry

pytestmark = pytest.mark.django_db


def test_program_page_lists_suppliers_facilities_and_their_standing(world, client):
    html = client.get(f"/p/{world.program.slug}/").content.decode()

    assert "Participating suppliers" in html
    assert "Supplier Y Farm One" in html and BENGALI_Y in html
    assert "Suspended" in html and "Participating" in html
    assert f"/p/{world.program.slug}/code/" in html
    assert f"/facilities/{world.facility_y.public_id}/" in html


def test_program_page_body_in_bengali(world, client):
    html = client.get(f"/p/{world.program.slug}/?lang=bn").content.decode()

    assert '<html lang="bn"' in html
    assert "Participating suppliers" not in html or "অংশগ্রহণকারী" in html
    assert "Participating brands" not in html


def test_facility_page_shows_history_enforcement_and_log_links(world, client):
    entry = TransparencyEntry.objects.filter(
        stream=world.program.log_stream, kind="standing_changed", payload__standing="suspended"
    ).get()

    html = client.get(f"/facilities/{world.facility_y.public_id}/").content.decode()

    assert BENGALI_Y in html
    assert 'data-testid="standing">Suspended' in html
    assert "Confirmed zero-tolerance violation" in html
    assert f"/p/{world.program.slug}/log/{entry.seq}/" in html
    assert "Initial" in html  # the onboarding audit's kind and dates


def test_an_unknown_or_uncovered_facility_is_404(world, client):
    assert client.get("/facilities/fac_nope/").status_code == 404


def test_log_page_shows_translated_kind_labels(world, client):
    html = client.get(f"/p/{world.program.slug}/log/").content.decode()

    assert ">standing_changed<" not in html
    assert ">Standing changed<" in html


def test_brand_page_lists_the_facilities_it_sources_from(world, client):
    org = world.brand_a.organisation
    html = client.get(f"/p/{world.program.slug}/brands/{org.public_id}/").content.decode()

    assert org.name in html
    assert "Supplier X Farm One" in html
    assert "Supplier Y Farm One" not in html  # brand B's


def test_a_brand_of_another_program_is_404(world, client):
    org = world.brand_a.organisation
    assert client.get(f"/p/{world.other_program.slug}/brands/{org.public_id}/").status_code == 404


def test_search_page_finds_by_bengali_name_and_pages_without_js(world, client):
    html = client.get("/search/", {"q": "ওয়াই খামার"}).content.decode()

    assert "Supplier Y Farm One" in html
    assert "Supplier X Farm One" not in html


def test_statistics_and_open_data_pages(world, client):
    stats = client.get(f"/p/{world.program.slug}/statistics/").content.decode()
    data = client.get("/open-data/").content.decode()

    assert "Suspended" in stats
    assert f"/open-data/{world.program.slug}/facilities.csv" in data
    assert "Creative Commons Attribution 4.0 International" in data

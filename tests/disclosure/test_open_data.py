"""Open data: stable URLs, Open Supply Hub columns, | for several values, licence and log head
in every file, streamed."""

from __future__ import annotations

import csv
import io
import json

import pytest

from wsr.core import log_tree
from wsr.disclosure.open_data import FACILITY_COLUMNS

pytestmark = pytest.mark.django_db


def _body(response) -> str:
    assert response.streaming
    return b"".join(response.streaming_content).decode()


def _url(world, tail: str) -> str:
    return f"/open-data/{world.program.slug}/{tail}"


def test_facilities_csv_has_the_columns_pipes_and_provenance_headers(world, client):
    world.facility_x.sectors = ["Agriculture", "Packing"]
    world.facility_x.save(update_fields=["sectors"])
    head = log_tree.signed_head(world.program.log_stream)

    response = client.get(_url(world, "facilities.csv"))
    rows = list(csv.DictReader(io.StringIO(_body(response))))

    assert list(rows[0]) == list(FACILITY_COLUMNS)
    for column in ("id", "name", "address", "country_code", "lat", "lng", "sector", "number_of_workers"):
        assert column in rows[0]
    by_id = {r["id"]: r for r in rows}
    assert set(by_id) == {world.facility_x.public_id, world.facility_y.public_id}
    y = by_id[world.facility_y.public_id]
    assert (y["standing"], y["lat"], y["lng"]) == ("suspended", "24.001200", "90.412300")
    assert by_id[world.facility_x.public_id]["sector"] == "Agriculture|Packing"
    assert response["X-Licence"] == "CC-BY-4.0"
    assert 'rel="license"' in response["Link"] and "facilities.csv-metadata.json" in response["Link"]
    assert int(response["X-Log-Tree-Size"]) == head.tree_size
    assert response["X-Log-Root-Hash"] == head.as_json()["root_hash"]


def test_csvw_sidecar_carries_licence_head_and_separator(world, client):
    meta = client.get(_url(world, "facilities.csv-metadata.json")).json()

    assert meta["dc:license"]["@id"] == "https://creativecommons.org/licenses/by/4.0/"
    assert meta["log_head"]["tree_size"] == log_tree.signed_head(world.program.log_stream).tree_size
    sector = next(c for c in meta["tableSchema"]["columns"] if c["name"] == "sector")
    assert sector["separator"] == "|"


def test_json_and_geojson_carry_licence_and_head(world, client):
    data = json.loads(_body(client.get(_url(world, "facilities.json"))))
    geo = json.loads(_body(client.get(_url(world, "facilities.geojson"))))

    assert data["licence"]["id"] == "CC-BY-4.0" and data["log_head"]["tree_size"] > 0
    assert {f["id"] for f in data["facilities"]} == {world.facility_x.public_id, world.facility_y.public_id}
    assert geo["type"] == "FeatureCollection" and geo["licence"]["id"] == "CC-BY-4.0"
    y = next(f for f in geo["features"] if f["id"] == world.facility_y.public_id)
    assert y["geometry"] == {"type": "Point", "coordinates": [90.4123, 24.0012]}
    assert y["properties"]["standing"] == "suspended"


def test_standing_brands_caps_complaints_and_statistics(world, client):
    standing = list(csv.DictReader(io.StringIO(_body(client.get(_url(world, "standing.csv"))))))
    brands = list(csv.DictReader(io.StringIO(_body(client.get(_url(world, "brands.csv"))))))
    complaints = _body(client.get(_url(world, "complaints.csv")))
    caps = _body(client.get(_url(world, "caps.csv")))
    stats = client.get(_url(world, "statistics.json")).json()

    assert [(r["facility_id"], r["standing"]) for r in standing][-1] == (world.facility_y.public_id, "suspended")
    assert standing[-1]["grounds"] == "zero_tolerance"
    assert {r["name"] for r in brands} == {world.brand_a.organisation.name, world.brand_b.organisation.name}
    assert complaints.splitlines()[0] == "month,facility_id,facility_name,category,status,outcome"
    assert caps.splitlines()[0].startswith("facility_id,facility_name,category")
    assert stats["facilities_by_standing"]["suspended"] == 1
    assert stats["licence"]["id"] == "CC-BY-4.0"


def test_a_program_may_name_its_own_licence(world, client, settings):
    settings.WSR_OPEN_DATA_LICENCES = {
        world.program.slug: {
            "id": "ODbL-1.0",
            "name": "Open Database License",
            "url": "https://opendatacommons.org/licenses/odbl/1-0/",
        }
    }
    response = client.get(_url(world, "brands.csv"))
    assert response["X-Licence"] == "ODbL-1.0"


@pytest.mark.parametrize("tail", ["nope.csv", "brands.geojson", "facilities.xml", "nope.csv-metadata.json"])
def test_unknown_files_are_404(world, client, tail):
    assert client.get(_url(world, tail)).status_code == 404


def test_an_unknown_program_is_404(client, personas):
    assert client.get("/open-data/no-such-program/facilities.csv").status_code == 404


def test_statistics_older_than_five_minutes_are_served_while_a_thread_recomputes(world, client, monkeypatch):
    from wsr.disclosure import open_data

    first = client.get(_url(world, "statistics.json")).json()
    clock = [open_data.time.monotonic() + open_data.STATISTICS_SECONDS + 1]
    monkeypatch.setattr(open_data.time, "monotonic", lambda: clock[0])
    started = []
    monkeypatch.setattr(open_data, "_refresh_in_background", lambda pk, key: started.append(key))

    stale = client.get(_url(world, "statistics.json")).json()

    assert stale["as_of"] == first["as_of"]  # served at once, not recomputed in the request
    assert started == [f"wsr:public-statistics-json:{world.program.public_id}"]

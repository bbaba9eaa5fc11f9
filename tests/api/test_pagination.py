"""Every paginated API endpoint bounds ``limit`` and ``offset``: out-of-range values are a 422
naming the parameter, never a 500 (``OverflowError`` from the database driver)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.conftest import login
from wsr.api.api import api
from wsr.api.pagination import MAX_LIMIT, MAX_OFFSET

pytestmark = pytest.mark.django_db


def _paginated_paths() -> list[str]:
    """GET operations whose query parameters include limit and offset (from the OpenAPI schema, so
    an endpoint added later is covered without editing this test)."""
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    found = []
    for path, operations in schema["paths"].items():
        get = operations.get("get")
        if not get:
            continue
        names = {p["name"] for p in get.get("parameters", []) if p.get("in") == "query"}
        if {"limit", "offset"} <= names:
            found.append(path)
    return sorted(found)


PATHS = _paginated_paths()


def test_the_paginated_endpoints_are_found():
    assert "/api/v1/registry/facilities" in PATHS


def _url(path: str, personas: Any) -> str:
    # Path parameters of paginated endpoints get a value the staff persona may read.
    return path.format(program=personas.program.slug)


BAD: list[tuple[str, str]] = [
    ("offset", "9223372036854775808"),
    ("offset", str(MAX_OFFSET + 1)),
    ("offset", "-1"),
    ("offset", "abc"),
    ("limit", "0"),
    ("limit", "-5"),
    ("limit", str(MAX_LIMIT + 1)),
    ("limit", str(10**30)),
    ("limit", "1.5"),
]


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize(("param", "value"), BAD)
def test_an_out_of_range_page_is_a_422_naming_the_parameter(personas, path, param, value):
    client = login(Client(), personas.council_admin)
    response = client.get(_url(path, personas), {param: value})
    assert response.status_code == 422, response.content
    errors = response.json()["detail"]
    assert [e["loc"][-1] for e in errors] == [param]
    assert errors[0]["msg"]


@pytest.mark.parametrize("path", PATHS)
def test_the_bounds_themselves_are_accepted(personas, path):
    client = login(Client(), personas.council_admin)
    last = client.get(_url(path, personas), {"offset": MAX_OFFSET, "limit": MAX_LIMIT})
    first = client.get(_url(path, personas), {"offset": 0, "limit": 1})
    assert last.status_code == 200
    assert last.json()["items"] == []
    assert first.status_code == 200
    assert len(first.json()["items"]) == 1
    assert first.json()["count"] >= 1

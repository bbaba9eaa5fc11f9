"""Helpers for access-matrix tables (tests/test_access_matrix.py and tests/<domain>/access_routes.py)."""

from __future__ import annotations

from tests.conftest import PERSONA_NAMES

STAFF = ("council_admin", "investigator", "auditor", "worker_org_staff")
OUTSIDERS = ("brand_a", "brand_b", "supplier_x", "supplier_y")


def expect(default: int, public: int | None = None, **overrides: int) -> dict[str, int]:
    table = {name: default for name in PERSONA_NAMES}
    if public is not None:
        table["public"] = public
    table.update(overrides)
    return table


def only(
    allowed: tuple[str, ...], *, others: int, public: int = 302, ok: int = 200, **overrides: int
) -> dict[str, int]:
    table = {name: (ok if name in allowed else others) for name in PERSONA_NAMES}
    table["public"] = public
    table.update(overrides)
    return table

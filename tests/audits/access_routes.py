"""Access-matrix rows for this domain's pages and endpoints (joined by tests/test_access_matrix.py)."""

from __future__ import annotations

from typing import Any

ROUTES: list[tuple[str, str, dict[str, int]]] = []
BODIES: dict[tuple[str, str], Any] = {}


def placeholders(personas: Any) -> dict[str, str]:
    return {}

"""Access-matrix rows for the public transparency log (joined by tests/test_access_matrix.py):
every page and endpoint is public, the same for everyone, signed in or not."""

from __future__ import annotations

from typing import Any

from tests.access import expect
from wsr.core.transparency import transparency_append

LOG = "/api/v1/public/programs/{program}/log/"

ROUTES: list[tuple[str, str, dict[str, int]]] = [
    ("GET", "/p/{program}/log/", expect(200)),
    ("GET", "/p/{program}/log/{log_seq}/", expect(200)),
    ("GET", "/p/{other_program}/log/", expect(200)),
    ("GET", "/api/v1/public/log/key", expect(200)),
    ("GET", LOG + "head", expect(200)),
    ("GET", LOG + "entries?start=0&end=0", expect(200)),
    ("GET", LOG + "proof/inclusion?index=0&size=1", expect(200)),
    ("GET", LOG + "proof/consistency?first=0&second=1", expect(200)),
    ("GET", LOG + "export", expect(200)),
]


def placeholders(personas: Any) -> dict[str, str]:
    entry = transparency_append(stream=personas.program.log_stream, kind="matrix_fact", payload={"n": 1})
    return {"log_seq": str(entry.seq)}

"""Complaint intake throughput next to the bare Argon2id hash rate of the same parameters.

``run(requests)`` works on the currently configured (throwaway) database. It posts ``requests``
complaints to the real JSON endpoint (``POST /api/v1/intake/complaints``: the whole middleware
stack, schema parsing, guessing limits, the intake service with its encryption, event row and
Argon2id hash of the new secret) with Django's test client, then as many case-status look-ups
(``POST /api/v1/intake/status``: one Argon2id verification each). In the same run it measures the
bare ``argon2-cffi`` hash and verify rates with the parameters the case secrets use
(``wsr.complaints.case_codes``), so the ratios say how much the rest of a request costs next to
the hash that must be there. Goal: both ratios >= 0.9 on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Callable

Row = tuple[str, float, str]
_CHUNK = 10  # requests timed between two baseline chunks of the same size

# Generous limits for the bench: it is one client posting as fast as it can.
_LIMITS = {
    "WSR_INTAKE_CLIENT_CAPACITY": 10**9,
    "WSR_CASE_ACCESS_CLIENT_CAPACITY": 10**9,
    "WSR_CASE_ACCESS_CHANNEL_CAPACITY": 10**9,
}


def _program():  # type: ignore[no-untyped-def]
    from wsr.accounts.models import Organisation
    from wsr.programs.models import Program

    worker_org = Organisation.objects.create(name="Bench Farmworkers' Coalition", kind="worker_org", country="US")
    council = Organisation.objects.create(name="Bench Fair Food Council", kind="monitoring_body", country="US")
    return Program.objects.create(
        slug=f"bench-intake-{secrets.token_hex(4)}",
        name="Bench intake program",
        sector="agriculture",
        countries=["US"],
        languages=["en", "es", "ht"],
        currency="USD",
        worker_organisation=worker_org,
        monitoring_body=council,
    )


def _bare_hasher():  # type: ignore[no-untyped-def]
    from argon2 import PasswordHasher, Type

    from wsr.complaints.case_codes import OWASP_MIN_MEMORY_KIB, OWASP_MIN_TIME_COST

    return PasswordHasher(
        time_cost=OWASP_MIN_TIME_COST,
        memory_cost=OWASP_MIN_MEMORY_KIB,
        parallelism=1,
        hash_len=32,
        salt_len=16,
        type=Type.ID,
    )


def _interleaved(chunks: list[list[Callable[[], object]]], baseline: Callable[[int], None]) -> tuple[float, float]:
    """Seconds spent in the requests and in the baseline, alternating chunk by chunk so both see
    the same machine load (other processes come and go during a run)."""
    t_requests = t_baseline = 0.0
    for chunk in chunks:
        start = time.perf_counter()
        for call in chunk:
            call()
        t_requests += time.perf_counter() - start
        start = time.perf_counter()
        baseline(len(chunk))
        t_baseline += time.perf_counter() - start
    return t_requests, t_baseline


def run(requests: int = 200) -> list[Row]:
    from django.test import Client
    from django.test.utils import override_settings

    program = _program()
    languages = ["en", "es", "ht"]
    categories = ["wages_hours", "health_safety", "housing", "retaliation", "other"]
    bodies = [
        json.dumps(
            {
                "program": program.slug,
                "facility": None,
                "facility_name": f"Bench Ranch {i % 37}",
                "category": categories[i % len(categories)],
                "description": f"Bench report {i}: the crew leader kept part of our pay for the week.",
                "language": languages[i % len(languages)],
                "anonymous": i % 3 != 0,
                "contact": "" if i % 3 else "through the worker centre",
            }
        )
        for i in range(requests)
    ]
    client = Client()
    hasher = _bare_hasher()
    inputs = [secrets.token_bytes(32) for _ in range(_CHUNK)]
    stored = [hasher.hash(value) for value in inputs]  # also warms up the allocator

    def bare_hash(n: int) -> None:
        for value in inputs[:n]:
            hasher.hash(value)

    def bare_verify(n: int) -> None:
        for digest, value in zip(stored[:n], inputs[:n], strict=True):
            hasher.verify(digest, value)

    receipts: list[bytes] = []

    def intake(body: str) -> Callable[[], object]:
        def call() -> None:
            response = client.post("/api/v1/intake/complaints", data=body, content_type="application/json")
            if response.status_code != 201:
                raise RuntimeError(f"intake answered {response.status_code}: {response.content[:200]!r}")
            receipts.append(response.content)

        return call

    def status(index: int) -> Callable[[], object]:
        def call() -> None:
            response = client.post("/api/v1/intake/status", data=receipts[index], content_type="application/json")
            if response.status_code != 200:
                raise RuntimeError(f"status answered {response.status_code}")

        return call

    with override_settings(**_LIMITS):
        intake(bodies[0])()  # warm up the request path
        receipts.clear()
        calls = [intake(body) for body in bodies]
        t_intake, t_hash = _interleaved([calls[i : i + _CHUNK] for i in range(0, requests, _CHUNK)], bare_hash)
        calls = [status(i) for i in range(requests)]
        t_status, t_verify = _interleaved([calls[i : i + _CHUNK] for i in range(0, requests, _CHUNK)], bare_verify)

    intake_rate, hash_rate = requests / t_intake, requests / t_hash
    status_rate, verify_rate = requests / t_status, requests / t_verify
    return [
        ("complaint intake, POST /api/v1/intake/complaints", intake_rate, "requests/s"),
        ("  baseline: bare Argon2id hash, same parameters (19 MiB, t=2, p=1)", hash_rate, "hashes/s"),
        ("  intake / bare hash (goal >= 0.9)", intake_rate / hash_rate, "ratio"),
        ("case status look-up, POST /api/v1/intake/status", status_rate, "requests/s"),
        ("  baseline: bare Argon2id verify, same parameters", verify_rate, "verifies/s"),
        ("  status look-up / bare verify (goal >= 0.9)", status_rate / verify_rate, "ratio"),
    ]

"""Content-Security-Policy on every page, no inline script or style in any template, HSTS when
the site is served over HTTPS."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import timezone

from tests.test_access_matrix import MATRIX, _extra, _format
from wsr.registry.models import ImportJob

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_DIRS = [ROOT / "templates", *sorted((ROOT / "wsr").glob("*/templates"))]
EXPECTED = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "frame-ancestors": "'none'",
}


def _policy(header: str) -> dict[str, str]:
    parts = (p.strip().split(" ", 1) for p in header.split(";") if p.strip())
    return {p[0]: (p[1] if len(p) > 1 else "") for p in parts}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["council_admin", "supplier_x", "public"])
def test_every_route_of_the_access_matrix_carries_the_policy(personas, client_as, persona):
    client = client_as(persona)
    job = ImportJob.objects.create(
        program=personas.program, filename="list.csv", sha256="0" * 64, status="done", created_at=timezone.now()
    )
    extra_rows, modules = _extra()
    placeholders: dict[str, str] = {}
    for module in modules:
        placeholders.update(module.placeholders(personas))
    missing, weak = [], []
    checked = 0
    for method, template, _table in MATRIX + extra_rows:
        if method != "GET":
            continue
        url = _format(template, personas, job.public_id, placeholders)
        response = client.get(url)
        checked += 1
        header = response.get("Content-Security-Policy")
        if not header:
            missing.append(f"{url} ({response.status_code})")
        elif response.get("Content-Type", "").startswith("text/html"):
            policy = _policy(header)
            if any(policy.get(name) != value for name, value in EXPECTED.items()):
                weak.append(f"{url}: {header}")
    assert checked > 100
    assert missing == []
    assert weak == []


def test_no_template_holds_inline_script_or_style():
    pattern = re.compile(
        r"<script(?![^>]*\bsrc=)[^>]*>"  # a script element without src (inline code)
        r"|<style\b"  # a style element
        r"|\sstyle\s*="  # a style attribute
        r"|\son[a-z]+\s*="  # an event-handler attribute (onclick=...)
        r"|javascript:",
        re.IGNORECASE,
    )
    offenders = []
    for directory in TEMPLATE_DIRS:
        for path in directory.rglob("*.html"):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if pattern.search(line):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:100]}")
    assert offenders == []


def _settings_in_subprocess(**env: str) -> dict[str, object]:
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({k: getattr(s, k, None) for k in ('SECURE_HSTS_SECONDS', "
        "'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_PROXY_SSL_HEADER', 'SESSION_COOKIE_SECURE')}))"
    )
    base = {k: v for k, v in os.environ.items() if not k.startswith(("WSR_HSTS", "WSR_HTTPS", "WSR_SECURE"))}
    base.pop("WSR_TRUSTED_PROXIES", None)
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**base, "DJANGO_SETTINGS_MODULE": "config.settings", "WSR_GENERATE_SECRETS": "1", **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    loaded: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    return loaded


def test_hsts_is_off_for_plain_http_and_on_for_https():
    plain = _settings_in_subprocess()
    https = _settings_in_subprocess(WSR_SECURE_COOKIES="1")
    proxied = _settings_in_subprocess(WSR_HTTPS="1", WSR_TRUSTED_PROXIES="1", WSR_HSTS_SECONDS="600")

    assert plain["SECURE_HSTS_SECONDS"] == 0
    assert https["SECURE_HSTS_SECONDS"] == 31536000 and https["SESSION_COOKIE_SECURE"] is True
    assert proxied["SECURE_HSTS_SECONDS"] == 600
    assert proxied["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


@pytest.mark.django_db
def test_an_https_response_carries_hsts(settings, client):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000"

"""Production refuses to start without its secrets; only a demo or development machine generates
them into var/ (decision 0013)."""

from __future__ import annotations

import base64
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings import SECRET_NAMES, load_secrets

ROOT = Path(__file__).resolve().parents[2]
GIVEN = {
    "SECRET_KEY": "k" * 50,
    "WSR_MASTER_KEY": "bWFzdGVyLWtleS0zMi1ieXRlcy1sb25nLWZvci10ZXN0cw==",
    "WSR_PEPPER": "p" * 32,
}


def _start(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Load the settings as a production process would (no pytest, no DEBUG, no demo flag)."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {*SECRET_NAMES, "WSR_LOG_SIGNING_KEY", "PYTEST_VERSION", "DJANGO_DEBUG", "WSR_GENERATE_SECRETS"}
    }
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "WSR_SECRETS_FILE": str(tmp_path / "secrets.json"),
            "WSR_LOG_SIGNING_KEY_FILE": str(tmp_path / "log-signing-key"),
            **env,
        },
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def test_production_refuses_to_start_without_secrets_and_names_them(tmp_path):
    result = _start(tmp_path, SECRET_KEY=GIVEN["SECRET_KEY"])

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "WSR_MASTER_KEY, WSR_PEPPER" in result.stderr
    assert "WSR_GENERATE_SECRETS=1" in result.stderr
    assert not (tmp_path / "secrets.json").exists()


def test_production_starts_with_secrets_from_the_environment_and_writes_none(tmp_path):
    result = _start(tmp_path, **GIVEN, WSR_LOG_SIGNING_KEY=base64.b64encode(bytes(range(32))).decode())

    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout
    assert not (tmp_path / "secrets.json").exists()


@pytest.mark.parametrize("flag", [{"WSR_GENERATE_SECRETS": "1"}, {"DJANGO_DEBUG": "1"}])
def test_a_demo_or_debug_machine_generates_them_once_into_var(tmp_path, flag):
    first = _start(tmp_path, **flag)
    stored = json.loads((tmp_path / "secrets.json").read_text())
    second = _start(tmp_path, **flag)

    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    assert set(stored) == set(SECRET_NAMES)
    assert stat.S_IMODE((tmp_path / "secrets.json").stat().st_mode) == 0o600
    assert json.loads((tmp_path / "secrets.json").read_text()) == stored


def test_the_loader_prefers_the_environment_and_refuses_without_a_flag(tmp_path):
    path = tmp_path / "secrets.json"
    assert load_secrets(GIVEN, path=path, generate=False) == GIVEN
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY, WSR_MASTER_KEY, WSR_PEPPER"):
        load_secrets({}, path=path, generate=False)
    assert not path.exists()
    generated = load_secrets({"SECRET_KEY": "from-env"}, path=path, generate=True)
    assert generated["SECRET_KEY"] == "from-env"
    assert generated["WSR_PEPPER"] == json.loads(path.read_text())["WSR_PEPPER"]

"""The public log shows a label, never an internal code, for every kind a service publishes."""

from __future__ import annotations

import re
from pathlib import Path

from django.utils import translation

from wsr.disclosure.log_kinds import kind_label

ROOT = Path(__file__).resolve().parents[2] / "wsr"


def _published_kinds() -> set[str]:
    kinds: set[str] = set()
    for path in ROOT.rglob("*.py"):
        kinds |= set(re.findall(r'public_kind="([a-z_]+)"', path.read_text(encoding="utf-8")))
    return kinds


def test_every_published_kind_has_a_label():
    kinds = _published_kinds()
    assert "standing_changed" in kinds  # the scan sees the services
    with translation.override("en"):
        unlabelled = sorted(k for k in kinds if kind_label(k) == k)
    assert not unlabelled


def test_the_label_follows_the_language():
    with translation.override("bn"):
        bengali = kind_label("standing_changed")
    with translation.override("en"):
        assert kind_label("standing_changed") == "Standing changed"
    assert bengali  # translated by the lead's catalogue run; never the code
    assert bengali != "standing_changed"

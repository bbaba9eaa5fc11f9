"""Builders for Code versions, going through the real services."""

from __future__ import annotations

from typing import Any

import pytest

from wsr.accounts.selectors import actor_for_user
from wsr.standards.models import CodeVersion
from wsr.standards.services import (
    code_version_adopt,
    code_version_approve,
    code_version_create,
    code_version_propose,
    provision_add,
)

DRAFT_CANARY = "CANARY-DRAFT-TEXT-7f3a"

PROVISIONS: list[tuple[str, str, str, dict[str, dict[str, str]]]] = [
    (
        "1.1",
        "forced_labour",
        "zero_tolerance",
        {
            "en": {"title": "No forced labour", "text": "No one is made to work against their will."},
            "es": {"title": "Prohibido el trabajo forzoso", "text": "Nadie trabaja contra su voluntad."},
            "ht": {"title": "Pa gen travay fòse", "text": "Pèsonn pa travay kont volonte yo."},
        },
    ),
    (
        "2.1",
        "health_safety",
        "serious",
        {
            "en": {"title": "Shade and water", "text": "Shade and cool water near every work area."},
            "es": {"title": "Sombra y agua", "text": "Sombra y agua fresca cerca de cada área de trabajo."},
        },
    ),
    (
        "3.1",
        "wages_hours",
        "minor",
        {"en": {"title": "Clear payslips", "text": "Each payslip shows hours and premium."}},
    ),
]


def add_provisions(actor: Any, version: CodeVersion, rows: Any = PROVISIONS) -> None:
    for ref, category, tier, texts in rows:
        provision_add(actor=actor, version=version, ref=ref, category=category, tier=tier, texts=texts)


def build_code(personas: Any, upto: str = "adopted", based_on: CodeVersion | None = None) -> CodeVersion:
    """A Code version of the fair-harvest program, moved up to ``upto``
    (draft, proposed, approved, adopted)."""
    worker_org = actor_for_user(personas.worker_org_staff)
    admin = actor_for_user(personas.council_admin)
    version = code_version_create(actor=admin, program=personas.program, title="Test Code", based_on=based_on)
    if based_on is None:
        add_provisions(admin, version)
    if upto == "draft":
        return version
    version = code_version_propose(actor=admin, version=version)
    if upto == "proposed":
        return version
    version = code_version_approve(actor=worker_org, version=version, note="assembly vote")
    if upto == "approved":
        return version
    return code_version_adopt(actor=admin, version=version)


@pytest.fixture
def code_builder(personas: Any) -> Any:
    def make(upto: str = "adopted", based_on: CodeVersion | None = None) -> CodeVersion:
        return build_code(personas, upto, based_on)

    return make

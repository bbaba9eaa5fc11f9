"""Fixtures for agreements: documents stored in a temporary MEDIA_ROOT, ready-to-sign drafts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from wsr.accounts.selectors import actor_for_user
from wsr.agreements.models import Agreement
from wsr.agreements.services import agreement_document_attach, agreement_draft_create, agreement_signatory_save
from wsr.demo.agreements import demo_pdf

CANARY = "CANARY-7f3a-Zebulon-Quixote"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


def pdf(text: str = "Agreement") -> bytes:
    return demo_pdf(text, ["Signed copy"])


def make_draft(personas: Any, *, brand_user: Any = None, **fields: Any) -> Agreement:
    actor = actor_for_user(personas.council_admin)
    brand = (brand_user or personas.brand_a).organisation
    values = {"title": f"Agreement with {brand.name}", "effective_from": dt.date(2026, 1, 1), **fields}
    return agreement_draft_create(actor=actor, program=personas.program, brand=brand, **values)


def make_ready(personas: Any, *, signer: str = "Ana Signer", **fields: Any) -> Agreement:
    """A draft with a document and both parties' signatories filled in."""
    actor = actor_for_user(personas.council_admin)
    agreement = make_draft(personas, **fields)
    for org, name in ((personas.program.worker_organisation, "Wanda Worker"), (agreement.brand, signer)):
        agreement_signatory_save(
            actor=actor,
            agreement=agreement,
            organisation=org,
            signatory_name=name,
            signatory_title="Director",
            signed_on=dt.date(2025, 12, 1),
        )
    agreement_document_attach(actor=actor, agreement=agreement, filename="signed.pdf", content=pdf(agreement.title))
    agreement.refresh_from_db()
    return agreement


@pytest.fixture
def admin_actor(personas: Any) -> Any:
    return actor_for_user(personas.council_admin)

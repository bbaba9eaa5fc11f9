"""PII and commercial canary: a non-public agreement's terms and signatory names never reach the
public pages, the public API, the transparency log or another brand's pages."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client

from tests.agreements.conftest import CANARY, make_draft, make_ready, pdf
from tests.conftest import login
from wsr.accounts.selectors import actor_for_user
from wsr.agreements.models import SignatoryRole
from wsr.agreements.services import (
    agreement_amend,
    agreement_document_attach,
    agreement_sign,
    agreement_signatory_save,
    agreement_term_add,
    agreement_terminate,
)
from wsr.core.models import TransparencyEntry

pytestmark = pytest.mark.django_db


def test_the_canary_never_appears_in_public_or_other_brands_views(personas):
    # given a signed, private agreement of brand A whose terms and signatory names carry the canary
    actor = actor_for_user(personas.council_admin)
    agreement = make_draft(personas, remediation_terms=f"Fund {CANARY}", fund_remediation=True)
    agreement_term_add(
        actor=actor,
        agreement=agreement,
        kind="per_unit",
        amount_minor_per_unit=7,
        unit=f"crate {CANARY}",
        products=[f"Tomatoes {CANARY}"],
        currency="USD",
    )
    for org, role in (
        (personas.program.worker_organisation, SignatoryRole.PARTY),
        (personas.brand_a.organisation, SignatoryRole.PARTY),
        (personas.program.monitoring_body, SignatoryRole.WITNESS),
    ):
        agreement.refresh_from_db()
        agreement_signatory_save(
            actor=actor,
            agreement=agreement,
            organisation=org,
            role=role,
            signatory_name=f"Name {CANARY}",
            signatory_title=f"Title {CANARY}",
            signed_on=dt.date(2025, 12, 1),
        )
    agreement.refresh_from_db()
    agreement_document_attach(actor=actor, agreement=agreement, filename="c.pdf", content=pdf())
    agreement.refresh_from_db()
    agreement_sign(actor=actor, agreement=agreement)
    agreement.refresh_from_db()
    amendment = agreement_amend(actor=actor, agreement=agreement, reason=f"why {CANARY}")
    ended = make_ready(personas, signer=f"Signer {CANARY}", title="Ended")
    agreement_sign(actor=actor, agreement=ended)
    agreement_terminate(actor=actor, agreement=ended, cause="other", reason=f"because {CANARY}")

    # when the public, brand B and a supplier read everything they can reach
    public_urls = [
        "/",
        "/p/fair-harvest/",
        "/p/garment-safety/",
        "/api/v1/programs",
        "/api/v1/programs/fair-harvest/log",
        "/api/v1/programs/garment-safety/log",
    ]
    seen = []
    anonymous = Client()
    for path in public_urls:
        response = anonymous.get(path)
        assert response.status_code == 200, path
        seen.append((f"public {path}", response.content.decode()))
    for persona in (personas.brand_b, personas.supplier_x):
        client = login(Client(), persona)
        for path in [
            "/home/",
            "/agreements/fair-harvest/",
            "/agreements/fair-harvest/obligations/",
            f"/agreements/fair-harvest/{agreement.public_id}/",
            f"/agreements/fair-harvest/{amendment.public_id}/",
            "/api/v1/agreements?program=fair-harvest",
            "/api/v1/agreements/obligations?program=fair-harvest",
            f"/api/v1/agreements/{agreement.public_id}",
            *public_urls,
        ]:
            seen.append((f"{persona.username} {path}", client.get(path).content.decode()))
    # then the canary appears nowhere, nor in the transparency log
    leaks = [where for where, body in seen if CANARY in body]
    assert not leaks, leaks
    assert CANARY not in json.dumps(list(TransparencyEntry.objects.values_list("payload", flat=True)))
    # and the public page does list the agreement (the check above really looked at it)
    program_page = dict(seen)["public /p/fair-harvest/"]
    assert agreement.document_sha256 in program_page
    assert "Commercial terms not public" in program_page
    assert TransparencyEntry.objects.filter(kind="agreement_terminated").count() == 1


def test_brand_a_itself_sees_its_canary_terms(client, personas):
    # the control: the canary is really there for those allowed to see it
    actor = actor_for_user(personas.council_admin)
    agreement = make_draft(personas)
    agreement_term_add(
        actor=actor, agreement=agreement, kind="percent", basis_points=10, products=[CANARY], currency="USD"
    )
    login(client, personas.brand_a)
    assert CANARY in client.get(f"/agreements/fair-harvest/{agreement.public_id}/").content.decode()

"""Selectors and services raise the domain's ``NotFound`` (never Django's ``Http404``); pages turn
it into the 404 page and the API into a JSON 404, never a 400 or a form error."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tests.conftest import login
from wsr.accounts.selectors import actor_for_user
from wsr.agreements import selectors as agreements
from wsr.audits import selectors as audits
from wsr.core.errors import DomainError, NotFound
from wsr.core.models import Event
from wsr.education import selectors as education
from wsr.programs import selectors as programs
from wsr.programs.capabilities import ProgramCapability
from wsr.registry import selectors as registry
from wsr.standards import selectors as standards

pytestmark = pytest.mark.django_db


def _lookups(p: Any) -> dict[str, Callable[[], object]]:
    actor = actor_for_user(p.council_admin)
    program = p.program
    return {
        "program for actor": lambda: programs.program_get_for_actor(
            actor=actor, slug="nope", capability=ProgramCapability.VIEW
        ),
        "program outside scope": lambda: programs.program_get_for_actor(
            actor=actor, slug=p.other_program.slug, capability=ProgramCapability.VIEW
        ),
        "public program": lambda: programs.program_get_public(slug="nope"),
        "education program": lambda: education.education_program(actor=actor, slug="nope"),
        "education season": lambda: education.season_pick(program, "1999"),
        "education session": lambda: education.session_get_for_actor(actor=actor, program=program, public_id="x"),
        "education material": lambda: education.material_get_for_actor(actor=actor, program=program, public_id="x"),
        "published material": lambda: education.published_version_get(program=program, public_id="x"),
        "agreement": lambda: agreements.agreement_get_for_actor(actor=actor, slug=program.slug, public_id="x"),
        "agreement by id": lambda: agreements.agreement_by_public_id_for_actor(actor=actor, public_id="x"),
        "code version": lambda: standards.code_version_get_for_actor(
            actor=actor, slug=program.slug, public_id="x", capability=ProgramCapability.VIEW
        ),
        "audits program": lambda: audits.audits_program_for_actor(actor=actor, slug="nope"),
        "audited facility": lambda: audits.facility_get_for_actor(actor=actor, program=program, public_id="x"),
        "cap item": lambda: audits.cap_item_get_for_actor(actor=actor, program=program, public_id="x"),
        "finding": lambda: audits.finding_get_for_actor(actor=actor, program=program, public_id="x"),
        "audit": lambda: audits.audit_get_for_actor(actor=actor, program=program, public_id="x"),
        "roster entry": lambda: audits.roster_entry_get(actor=actor, program=program, public_id="x"),
        "evidence": lambda: audits.evidence_get_for_actor(actor=actor, program=program, public_id="x"),
        "public remediation": lambda: audits.facility_remediation_public("x"),
        "registry facility": lambda: registry.facility_get_for_actor(actor=actor, public_id="x"),
        "registry facility outside scope": lambda: registry.facility_get_for_actor(
            actor=actor, public_id=p.facility_elsewhere.public_id
        ),
        "organisation": lambda: registry.organisation_get_for_actor(actor=actor, public_id="x"),
    }


NAMES = [
    "program for actor",
    "program outside scope",
    "public program",
    "education program",
    "education season",
    "education session",
    "education material",
    "published material",
    "agreement",
    "agreement by id",
    "code version",
    "audits program",
    "audited facility",
    "cap item",
    "finding",
    "audit",
    "roster entry",
    "evidence",
    "public remediation",
    "registry facility",
    "registry facility outside scope",
    "organisation",
]


@pytest.mark.parametrize("name", NAMES)
def test_a_missing_object_raises_the_domain_not_found(personas, name):
    # Given a look-up of something that does not exist for the actor
    lookup = _lookups(personas)[name]
    # When it runs, then the domain's NotFound comes out (not Django's Http404), with a stable code
    with pytest.raises(NotFound) as raised:
        lookup()
    assert raised.value.code == "not_found"
    assert not isinstance(raised.value, DomainError)  # refusal handlers must not swallow it


def test_a_page_answers_404_for_a_missing_object(personas):
    client = login(Client(), personas.council_admin)
    response = client.get("/programs/nope/")
    assert response.status_code == 404


def test_the_api_answers_a_json_404_not_a_400(personas):
    client = login(Client(), personas.council_admin)
    events = Event.objects.count()
    response = client.patch(
        "/api/v1/programs/nope/rules",
        data={"changes": {"sla_resolve_days": 13}, "reason": "x"},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert response.json() == {"detail": "No such program.", "code": "not_found"}
    assert Event.objects.count() == events

"""Builders for the staff-side complaint tests: cases moved through the real services."""

from __future__ import annotations

from typing import Any

from wsr.accounts.selectors import actor_for_user
from wsr.complaints import services
from wsr.complaints.models import Complaint
from wsr.core.permissions import Actor
from wsr.standards.models import CodeVersion
from wsr.standards.services import (
    code_version_adopt,
    code_version_approve,
    code_version_create,
    code_version_propose,
    provision_add,
)

NAME_CANARY = "CANARY-NAME-Zq81"
PHONE_CANARY = "+15559990123"
CONTACT_CANARY = "CANARY-CONTACT-Wx52"
NARRATIVE_CANARY = "CANARY-NARRATIVE-Kp44"

PROVISIONS = [
    ("1.1", "forced_labour", "zero_tolerance"),
    ("2.1", "health_safety", "serious"),
    ("3.1", "wages_hours", "minor"),
    ("4.1", "retaliation", "serious"),
    ("5.1", "sexual_harassment", "zero_tolerance"),
]


def adopt_code(personas: Any, program: Any = None) -> CodeVersion:
    """An adopted Code version for the program (fair-harvest by default), in force since 2000."""
    import datetime as dt

    program = program or personas.program
    admin = actor_for_user(personas.council_admin)
    worker_org = actor_for_user(personas.worker_org_staff)
    version = code_version_create(actor=admin, program=program, title="Test Code")
    for ref, category, tier in PROVISIONS:
        provision_add(
            actor=admin,
            version=version,
            ref=ref,
            category=category,
            tier=tier,
            texts={"en": {"title": f"Provision {ref}", "text": f"Text of {ref}."}},
        )
    version = code_version_propose(actor=admin, version=version)
    version = code_version_approve(actor=worker_org, version=version, note="vote")
    version = code_version_adopt(actor=admin, version=version)
    # Backdated so cases received "in the past" (time-travel tests) find it in force.
    CodeVersion.objects.filter(pk=version.pk).update(effective_from=dt.date(2000, 1, 1))
    version.refresh_from_db()
    return version


def actor(user: Any) -> Actor:
    return actor_for_user(user)


def file_case(personas: Any, **overrides: Any) -> services.IntakeReceipt:
    kwargs: dict[str, Any] = {
        "actor": Actor.anonymous("complainant"),
        "program": personas.program,
        "channel": "web",
        "facility": personas.facility_x,
        "facility_name": "",
        "category": "health_safety",
        "description": "No water in the field all day.",
        "language": "en",
        "anonymous": False,
    }
    kwargs.update(overrides)
    return services.complaint_intake(**kwargs)


def advance(
    personas: Any, complaint: Complaint, upto: str, *, refs: list[str] | None = None, outcome: str = "substantiated"
) -> Complaint:
    """Move a case along the happy path up to ``upto`` (a CaseState value)."""
    import datetime as dt

    from wsr.core import clock

    inv = actor(personas.investigator)
    admin = actor(personas.council_admin)
    steps = [
        ("acknowledged", lambda c: services.complaint_acknowledge(actor=inv, complaint=c)),
        (
            "triaged_in_scope",
            lambda c: services.complaint_triage_in_scope(actor=inv, complaint=c, provision_refs=refs or ["2.1"]),
        ),
        (
            "investigating",
            lambda c: services.complaint_investigation_start(
                actor=inv,
                complaint=services.complaint_assign(actor=admin, complaint=c, investigators=[personas.investigator]),
            ),
        ),
        (
            "finding",
            lambda c: services.complaint_finding_record(actor=inv, complaint=c, outcome=outcome, summary="Seen."),
        ),
        (
            "remedy_directed",
            lambda c: services.complaint_remedy_direct(
                actor=inv,
                complaint=c,
                what="Water stations",
                who="Supplier X",
                due=clock.today() + dt.timedelta(days=7),
            ),
        ),
        ("remedy_verified", lambda c: services.complaint_remedy_verify(actor=inv, complaint=c, note="Checked")),
        ("closed", lambda c: services.complaint_close(actor=inv, complaint=c)),
    ]
    for state, step in steps:
        if state == "remedy_directed" and outcome == "unsubstantiated":
            complaint = services.complaint_close(actor=inv, complaint=complaint)
            break
        complaint = step(complaint)
        if state == upto:
            break
    return complaint

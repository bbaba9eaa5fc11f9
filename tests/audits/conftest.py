"""Builders for audits, findings and CAP items, going through the real services."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.standards.conftest import build_code
from wsr.accounts.selectors import actor_for_user
from wsr.audits import services as s
from wsr.audits.models import Audit, AuditorRosterEntry, CapItem, Finding
from wsr.core import clock
from wsr.demo.audits import demo_png

CANARY = "CANARY-INTERNAL-9d2c-Obadiah"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


def actor(user: Any) -> Any:
    return actor_for_user(user)


def rostered(personas: Any) -> AuditorRosterEntry:
    """The auditor persona, proposed by the program admin and approved by the worker organisation."""
    entry = s.roster_propose(actor=actor(personas.council_admin), program=personas.program, user=personas.auditor)
    return s.roster_decide(actor=actor(personas.worker_org_staff), entry=entry, approve=True, note="assembly")


def started_audit(personas: Any, facility: Any = None, **plan: Any) -> Audit:
    """An audit of facility X (or ``facility``), the auditor persona on its team, fieldwork started today."""
    entry = AuditorRosterEntry.objects.filter(program=personas.program, user=personas.auditor).first()
    entry = entry or rostered(personas)
    admin = actor(personas.council_admin)
    audit = s.audit_plan(
        actor=admin,
        program=personas.program,
        facility=facility or personas.facility_x,
        kind=plan.pop("kind", "periodic"),
        planned_on=plan.pop("planned_on", clock.today()),
        **plan,
    )
    s.audit_auditor_assign(actor=admin, audit=audit, auditor=entry, lead=True)
    return s.audit_start(actor=actor(personas.auditor), audit=audit, performed_on=clock.today())


def record_finding(personas: Any, audit: Audit, ref: str = "2.1", internal: str = "") -> Finding:
    return s.finding_record(
        actor=actor(personas.auditor),
        program=personas.program,
        facility=audit.facility,
        source="audit",
        audit=audit,
        provision_ref=ref,
        internal_text=internal or f"Internal: crew 7 had no shade. {CANARY}",
        public_summary="Shade was missing near one crew's work area.",
    )


def item_in_state(personas: Any, finding: Finding, state: str, **fields: Any) -> CapItem:
    """A CAP item of ``finding`` moved through the services up to ``state``."""
    admin, monitor = actor(personas.council_admin), actor(personas.investigator)
    supplier = actor(personas.supplier_x if finding.facility == personas.facility_x else personas.supplier_y)
    values = {"action": "Install shade structures", "owner": "Field manager", "payer": "supplier", **fields}
    values.setdefault("due_on", clock.today() + dt.timedelta(days=30))
    item = s.cap_item_draft(actor=admin, finding=finding, **values)
    path = ["agreed", "in_progress", "reported_fixed", "verified_fixed"]
    target = "reported_fixed" if state == "reopened" else state
    for step in path[: path.index(target) + 1] if target in path else []:
        if step == "agreed":
            s.cap_item_agree(actor=admin, item=item)
        elif step == "in_progress":
            s.cap_item_start(actor=supplier, item=item)
        elif step == "reported_fixed":
            s.cap_item_report_fixed(actor=supplier, item=item, note="done", photo=demo_png())
        else:
            s.cap_item_verify(actor=monitor, item=item, note="seen")
    if state == "reopened":
        s.cap_item_reopen(actor=monitor, item=item, reason="still missing")
    item.refresh_from_db()
    return item


@pytest.fixture
def code(personas: Any) -> Any:
    return build_code(personas)


@pytest.fixture
def audit(personas: Any, code: Any) -> Audit:
    return started_audit(personas)


@pytest.fixture
def finding(personas: Any, audit: Audit) -> Finding:
    return record_finding(personas, audit)

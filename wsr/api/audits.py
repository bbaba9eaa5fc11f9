"""Audits API (scoped like the pages): CAP items for staff, buying brands and the owning supplier;
audits and internal finding text for program staff only; public remediation progress for anyone.
Routers stay thin: parse, authorise (selectors), call one service."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile

from wsr.api.security import api_actor, bearer_or_session
from wsr.audits import selectors as sel
from wsr.audits import services
from wsr.audits.capabilities import AuditCapability as AU
from wsr.audits.models import Audit, CapItem, Finding
from wsr.audits.selectors import Remediation
from wsr.audits.services.findings import evidence_max_bytes
from wsr.core.errors import DomainError

router = Router(auth=bearer_or_session())


class ProgressOut(Schema):
    verified: int
    total: int
    percent: int | None


class CategoryProgressOut(Schema):
    category: str
    verified: int
    total: int
    percent: int | None


class SeriesPointOut(Schema):
    date: str
    percent: int


class RemediationOut(Schema):
    program: str
    facility: str
    overall: ProgressOut
    by_category: list[CategoryProgressOut]
    series: list[SeriesPointOut]


class PublicFindingOut(Schema):
    finding: str
    observed_on: str
    category: str
    severity: str
    provision: str
    public_summary: str
    items_total: int
    items_verified: int


class PublicProgramOut(Schema):
    remediation: RemediationOut
    findings: list[PublicFindingOut]


class PublicFacilityOut(Schema):
    facility: str
    name: str
    country: str
    programs: list[PublicProgramOut]


class FindingOut(Schema):
    public_id: str
    facility: str
    audit: str | None
    source: str
    provision: str
    code_version: str
    category: str
    severity: str
    observed_on: str
    public_summary: str
    internal_text: str | None  # program staff only


class CapItemOut(Schema):
    public_id: str
    facility: str
    facility_name: str
    finding: str
    category: str
    action: str
    owner: str
    due_on: str | None
    payer: str
    state: str
    overdue: bool
    reported_at: str | None
    verified_at: str | None


class AuditOut(Schema):
    public_id: str
    facility: str
    kind: str
    announced: bool
    state: str
    planned_on: str
    performed_on: str | None
    workforce_on_day: int | None
    workers_interviewed: int | None
    interview_share_percent: int | None
    interview_norm_percent: int
    interview_norm_met: bool | None
    managers_interviewed: int | None
    documents_reviewed: list[str]
    team: list[str]


class NoteIn(Schema):
    note: str = ""


class ReasonIn(Schema):
    reason: str


def _remediation(program_public_id: str, facility_public_id: str, r: Remediation) -> dict[str, Any]:
    return {
        "program": program_public_id,
        "facility": facility_public_id,
        "overall": {"verified": r.overall.verified, "total": r.overall.total, "percent": r.overall.percent},
        "by_category": [
            {
                "category": c.category,
                "verified": c.progress.verified,
                "total": c.progress.total,
                "percent": c.progress.percent,
            }
            for c in r.by_category
        ],
        "series": [{"date": d.isoformat(), "percent": p} for d, p in r.series],
    }


def _item(item: CapItem) -> dict[str, Any]:
    return {
        "public_id": item.public_id,
        "facility": item.facility.public_id,
        "facility_name": item.facility.name,
        "finding": item.finding.public_id,
        "category": item.category,
        "action": item.action,
        "owner": item.owner,
        "due_on": item.due_on.isoformat() if item.due_on else None,
        "payer": item.payer,
        "state": item.state,
        "overdue": item.is_overdue,
        "reported_at": item.reported_at.isoformat() if item.reported_at else None,
        "verified_at": item.verified_at.isoformat() if item.verified_at else None,
    }


def _finding(finding: Finding, staff: bool) -> dict[str, Any]:
    return {
        "public_id": finding.public_id,
        "facility": finding.facility.public_id,
        "audit": finding.audit.public_id if finding.audit else None,
        "source": finding.source,
        "provision": finding.provision_ref,
        "code_version": finding.code_version.public_id,
        "category": finding.category,
        "severity": finding.severity,
        "observed_on": finding.observed_on.isoformat(),
        "public_summary": finding.public_summary,
        "internal_text": finding.internal_text if staff else None,
    }


def _audit(audit: Audit) -> dict[str, Any]:
    coverage = sel.interview_coverage(audit)
    return {
        "public_id": audit.public_id,
        "facility": audit.facility.public_id,
        "kind": audit.kind,
        "announced": audit.announced,
        "state": audit.state,
        "planned_on": audit.planned_on.isoformat(),
        "performed_on": audit.performed_on.isoformat() if audit.performed_on else None,
        "workforce_on_day": audit.workforce_on_day,
        "workers_interviewed": audit.workers_interviewed,
        "interview_share_percent": coverage.share_percent,
        "interview_norm_percent": coverage.norm_percent,
        "interview_norm_met": coverage.met,
        "managers_interviewed": audit.managers_interviewed,
        "documents_reviewed": list(audit.documents_reviewed),
        "team": [m.auditor.public_id for m in audit.team.all()],
    }


@router.get(
    "/public/facilities/{facility}",
    response=PublicFacilityOut,
    auth=None,
    summary="A facility's public remediation progress and finding summaries (no login)",
)
def public_facility(request: HttpRequest, facility: str) -> dict[str, Any]:
    """Progress % (overall, per Code category, over time) and the public summaries of findings,
    per program. Never internal text, evidence or names."""
    fac, programs = sel.facility_remediation_public(facility)
    return {
        "facility": fac.public_id,
        "name": fac.name,
        "country": fac.country,
        "programs": [
            {
                "remediation": _remediation(p.program.public_id, fac.public_id, p.remediation),
                "findings": [
                    {
                        "finding": f.public_id,
                        "observed_on": f.observed_on.isoformat(),
                        "category": f.category,
                        "severity": f.severity,
                        "provision": f.provision_ref,
                        "public_summary": f.public_summary,
                        "items_total": f.items_total,
                        "items_verified": f.items_verified,
                    }
                    for f in p.findings
                ],
            }
            for p in programs
        ],
    }


@router.get("/cap", response=list[CapItemOut], summary="CAP items you may see in a program (scoped by role)")
def list_cap_items(request: HttpRequest, program: str, facility: str = "", state: str = "") -> list[dict[str, Any]]:
    actor = api_actor(request)
    prog = sel.audits_program_for_actor(actor=actor, slug=program)
    fac = sel.facility_get_for_actor(actor=actor, program=prog, public_id=facility) if facility else None
    return [_item(i) for i in sel.cap_items_for_actor(actor=actor, program=prog, facility=fac, state=state)]


@router.get("/cap/{item}", response=CapItemOut, summary="One CAP item (scoped by role)")
def get_cap_item(request: HttpRequest, program: str, item: str) -> dict[str, Any]:
    actor = api_actor(request)
    prog = sel.audits_program_for_actor(actor=actor, slug=program)
    return _item(sel.cap_item_get_for_actor(actor=actor, program=prog, public_id=item))


@router.post("/cap/{item}/start", response=CapItemOut, summary="Supplier: start work on an agreed item")
def start_cap_item(request: HttpRequest, program: str, item: str) -> dict[str, Any]:
    actor = api_actor(request)
    prog = sel.audits_program_for_actor(actor=actor, slug=program)
    obj = sel.cap_item_get_for_actor(actor=actor, program=prog, public_id=item, capability=AU.CAP_REPORT_FIXED)
    return _item(services.cap_item_start(actor=actor, item=obj))


@router.post("/cap/{item}/report-fixed", response=CapItemOut, summary="Supplier: report an item fixed, with a photo")
def report_cap_item(
    request: HttpRequest, program: str, item: str, note: Form[str], photo: File[UploadedFile]
) -> dict[str, Any]:
    actor = api_actor(request)
    prog = sel.audits_program_for_actor(actor=actor, slug=program)
    obj = sel.cap_item_get_for_actor(actor=actor, program=prog, public_id=item, capability=AU.CAP_REPORT_FIXED)
    if photo.size and photo.size > evidence_max_bytes():
        raise DomainError("The file is too large.")
    return _item(services.cap_item_report_fixed(actor=actor, item=obj, note=note, photo=photo.read()))


@router.post("/cap/{item}/verify", response=CapItemOut, summary="Monitor: verify a reported fix")
def verify_cap_item(request: HttpRequest, program: str, item: str, body: NoteIn) -> dict[str, Any]:
    actor = api_actor(request)
    prog = sel.audits_program_for_actor(actor=actor, slug=program)
    obj = sel.cap_item_get_for_actor(actor=actor, program=prog, public_id=item, capability=AU.CAP_VERIFY)
    return _item(services.cap_item_verify(actor=actor, item=obj, note=body.note))


@router.post("/cap/{item}/reopen", response=CapItemOut, summary="Monitor: reopen a reported fix, with a reason")
def reopen_cap_item(request: HttpRequest, program: str, item: str, body: ReasonIn) -> dict[str, Any]:
    actor = api_actor(request)
    prog = sel.audits_program_for_actor(actor=actor, slug=program)
    obj = sel.cap_item_get_for_actor(actor=actor, program=prog, public_id=item, capability=AU.CAP_VERIFY)
    return _item(services.cap_item_reopen(actor=actor, item=obj, reason=body.reason))


@router.get("/findings", response=list[FindingOut], summary="Findings you may see (internal text: staff only)")
def list_findings(request: HttpRequest, program: str, facility: str = "") -> list[dict[str, Any]]:
    actor = api_actor(request)
    prog = sel.audits_program_for_actor(actor=actor, slug=program)
    fac = sel.facility_get_for_actor(actor=actor, program=prog, public_id=facility) if facility else None
    staff = sel.is_staff(actor, prog)
    return [_finding(f, staff) for f in sel.findings_for_actor(actor=actor, program=prog, facility=fac)]


@router.get("/audits", response=list[AuditOut], summary="Audits of a program (program staff)")
def list_audits(request: HttpRequest, program: str) -> list[dict[str, Any]]:
    actor = api_actor(request)
    prog = sel.audits_program_for_actor(actor=actor, slug=program, capability=AU.VIEW_ALL)
    return [_audit(a) for a in sel.audits_for_actor(actor=actor, program=prog)]


@router.get("/facilities/{facility}/remediation", response=RemediationOut, summary="A facility's remediation progress")
def facility_remediation(request: HttpRequest, program: str, facility: str) -> dict[str, Any]:
    actor = api_actor(request)
    prog = sel.audits_program_for_actor(actor=actor, slug=program)
    fac = sel.facility_get_for_actor(actor=actor, program=prog, public_id=facility)
    return _remediation(prog.public_id, fac.public_id, sel.facility_remediation(prog, fac))

"""Staff complaints API (scoped): the investigator queue and a case summary.

Never a complainant's identity, never the narrative, messages or notes: those stay on the case
page, behind the same checks. GBVH cases exist only for their named investigators (404 otherwise).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from wsr.api.security import api_actor, bearer_or_session
from wsr.complaints import selectors
from wsr.complaints.capabilities import ComplaintCapability as C
from wsr.complaints.models import Complaint
from wsr.complaints.sla import SlaReport
from wsr.programs.selectors import program_get_for_actor

router = Router(auth=bearer_or_session())


class ClockOut(Schema):
    name: str
    state: str
    running: bool
    paused: bool
    deadline: str
    percent_used: int


class CaseOut(Schema):
    public_id: str
    program: str
    status: str
    category: str
    channel: str
    language: str
    facility: str | None
    priority: bool
    severe: bool
    restricted: bool
    awaiting_complainant: bool
    received_at: str
    closed_at: str | None
    urgency: str
    next_deadline: str | None
    assigned: list[str]
    clocks: list[ClockOut]


class CaseSummaryOut(CaseOut):
    provisions: list[str]
    code_version: str | None
    tier: str
    finding: str
    remedy_due: str | None
    forwarded_to: str
    reopened: int


def _clocks(complaint: Complaint, report: SlaReport) -> list[dict[str, Any]]:
    return [
        {
            "name": str(c.name),
            "state": str(c.state),
            "running": c.running,
            "paused": c.paused,
            "deadline": c.deadline.isoformat(),
            "percent_used": int(c.percent_used),
        }
        for c in selectors.relevant_clocks(complaint, report)
    ]


def _out(row: selectors.QueueRow) -> dict[str, Any]:
    c = row.complaint
    return {
        "public_id": c.public_id,
        "program": c.program.slug,
        "status": c.status,
        "category": c.category,
        "channel": c.channel,
        "language": c.language,
        "facility": c.facility.public_id if c.facility else None,
        "priority": c.priority,
        "severe": c.severe,
        "restricted": c.gbvh,
        "awaiting_complainant": c.awaiting_complainant,
        "received_at": c.received_at.isoformat(),
        "closed_at": c.closed_at.isoformat() if c.closed_at else None,
        "urgency": str(row.urgency),
        "next_deadline": row.next_deadline.isoformat() if row.next_deadline else None,
        "assigned": row.assigned,
        "clocks": _clocks(c, row.report),
    }


@router.get("/queue", response=list[CaseOut], summary="The investigator queue of a program, most urgent first")
def queue(
    request: HttpRequest,
    program: str,
    status: str = "",
    category: str = "",
    channel: str = "",
    mine: bool = False,
    overdue: bool = False,
) -> list[dict[str, Any]]:
    """Open cases (or those of ``status``) with their SLA clocks; no identity, no narrative."""
    actor = api_actor(request)
    prog = program_get_for_actor(actor=actor, slug=program, capability=C.VIEW_QUEUE)
    filters = selectors.QueueFilters(status=status, category=category, channel=channel, mine=mine, overdue=overdue)
    return [_out(r) for r in selectors.complaint_queue(actor=actor, program=prog, filters=filters)]


@router.get("/cases/{public_id}", response=CaseSummaryOut, summary="A case's summary (for staff who may see it)")
def case_summary(request: HttpRequest, public_id: str) -> dict[str, Any]:
    actor = api_actor(request)
    found = Complaint.objects.filter(public_id=public_id).select_related("program").first()
    slug = found.program.slug if found else ""
    complaint = selectors.complaint_get_for_actor(actor=actor, slug=slug, public_id=public_id, capability=C.VIEW_CASE)
    report = selectors.sla_report(complaint)
    urgency, deadline = selectors.queue_urgency(complaint, report)
    row = selectors.QueueRow(
        complaint=complaint,
        report=report,
        urgency=urgency,
        next_deadline=deadline,
        assigned=sorted(complaint.assignments.values_list("investigator__username", flat=True)),
    )
    return {
        **_out(row),
        "provisions": sorted(complaint.provisions.values_list("ref", flat=True)),
        "code_version": complaint.code_version.public_id if complaint.code_version else None,
        "tier": complaint.tier,
        "finding": complaint.finding_outcome,
        "remedy_due": complaint.remedy_due.isoformat() if complaint.remedy_due else None,
        "forwarded_to": complaint.forwarded_to,
        "reopened": complaint.reopened_count,
    }

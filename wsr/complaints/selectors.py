"""Reads about complaints, always scoped to the actor.

Case files (narrative, timeline, notes) need VIEW_CASE; a GBVH case exists only for its named
investigators (404 for everyone else, and it is left out of their queue). Identities are never read
here: see ``services.disclosure.complaint_identity_reveal``. Statistics and counts carry no case
content and are aggregated in the database every time (nothing is stored).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, DurationField, ExpressionWrapper, F, Prefetch, Q, QuerySet
from django.db.models.functions import Cast, TruncMonth
from django.utils.translation import gettext_lazy

from wsr.complaints.capabilities import ComplaintCapability as C
from wsr.complaints.events import ComplaintEvent as E
from wsr.complaints.models import (
    Assignment,
    AssignmentProposal,
    Complaint,
    DisclosureRequest,
    DisclosureStatus,
    Evidence,
    Interview,
    Message,
)
from wsr.complaints.services import common, vault
from wsr.complaints.sla import CaseEvent, ClockName, ClockState, SlaReport, SlaRules, compute_sla
from wsr.complaints.transitions import CaseState
from wsr.core import clock
from wsr.core.errors import NotFound
from wsr.core.models import Event
from wsr.core.permissions import Actor
from wsr.programs.models import Program

OPEN = [s.value for s in CaseState if s not in (CaseState.CLOSED, CaseState.FORWARDED)]
URGENCY_ORDER = {
    ClockState.BREACHED: 0,
    ClockState.WARNING_90: 1,
    ClockState.WARNING_75: 2,
    ClockState.WARNING_50: 3,
    ClockState.OK: 4,
    ClockState.MET: 5,
}


# --- access ----------------------------------------------------------------------------------------


def visible_cases_q(actor: Actor, program: Program) -> Q:
    """Non-GBVH cases, plus GBVH cases the actor is named on (and may handle)."""
    q = Q(gbvh=False)
    if actor.user is not None and actor.can(C.VIEW_GBVH, program.pk):
        q |= Q(gbvh=True, assignments__investigator=actor.user)
    return q


def complaints_for_actor(*, actor: Actor, program: Program) -> QuerySet[Complaint]:
    if not actor.can(C.VIEW_QUEUE, program.pk) and not actor.can(C.VIEW_CASE, program.pk):
        return Complaint.objects.none()
    ids = Complaint.objects.filter(visible_cases_q(actor, program), program=program).values("pk")
    return Complaint.objects.filter(pk__in=ids).select_related("program", "facility")


def complaint_get_for_actor(*, actor: Actor, slug: str, public_id: str, capability: str = "") -> Complaint:
    """404 outside the actor's programs and for GBVH cases they are not named on; 403 without
    VIEW_CASE (or ``capability``)."""
    complaint = (
        Complaint.objects.filter(public_id=public_id, program__slug=slug).select_related("program", "facility").first()
    )
    if complaint is None or complaint.program_id not in actor.program_ids:
        raise NotFound("complaint")
    common.require_case(actor, complaint, capability)
    return complaint


def complaint_for_assignment(*, actor: Actor, slug: str, public_id: str) -> Complaint:
    """For ASSIGN holders, even on a GBVH case they may not read (they only name investigators)."""
    complaint = Complaint.objects.filter(public_id=public_id, program__slug=slug).select_related("program").first()
    if complaint is None or complaint.program_id not in actor.program_ids:
        raise NotFound("complaint")
    actor.require(C.ASSIGN, complaint.program_id)
    return complaint


# --- SLA -------------------------------------------------------------------------------------------


def _content_type() -> ContentType:
    return ContentType.objects.get_for_model(Complaint)


def events_by_case(complaints: Iterable[Complaint], verbs: Iterable[str]) -> dict[int, list[Event]]:
    ids = [str(c.pk) for c in complaints]
    out: dict[int, list[Event]] = defaultdict(list)
    if not ids:
        return out
    rows = Event.objects.filter(object_type=_content_type(), object_id__in=ids, verb__in=list(verbs)).order_by(
        "occurred_at", "id"
    )
    for event in rows:
        out[int(event.object_id)].append(event)
    return out


def sla_events(events: Iterable[Event]) -> list[CaseEvent]:
    return [
        CaseEvent(common.SLA_KIND_BY_VERB[e.verb], e.occurred_at) for e in events if e.verb in common.SLA_KIND_BY_VERB
    ]


def sla_report(
    complaint: Complaint, events: Iterable[Event] | None = None, now: dt.datetime | None = None
) -> SlaReport:
    """The case's clocks under its program's current rules, replayed from its events."""
    if events is None:
        events = events_by_case([complaint], common.SLA_KIND_BY_VERB)[complaint.pk]
    return compute_sla(
        SlaRules.from_program(complaint.program), sla_events(events), severe=complaint.severe, now=now or clock.now()
    )


def relevant_clocks(complaint: Complaint, report: SlaReport) -> list[Any]:
    """Clocks that matter for this case: an out-of-scope case is not investigated."""
    skip = {ClockName.INVESTIGATE} if complaint.status == CaseState.TRIAGED_OUT_OF_SCOPE else set()
    return [c for name, c in report.clocks.items() if name not in skip]


# --- queue -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueFilters:
    status: str = ""
    category: str = ""
    channel: str = ""
    mine: bool = False
    overdue: bool = False
    include_closed: bool = False


@dataclass
class QueueRow:
    complaint: Complaint
    report: SlaReport
    urgency: ClockState
    next_deadline: dt.datetime | None
    clocks: list[Any] = field(default_factory=list)
    assigned: list[str] = field(default_factory=list)

    @property
    def overdue(self) -> bool:
        return self.urgency == ClockState.BREACHED


def queue_urgency(complaint: Complaint, report: SlaReport) -> tuple[ClockState, dt.datetime | None]:
    running = [c for c in relevant_clocks(complaint, report) if c.running]
    if not running:
        return ClockState.MET, None
    worst = min((c.state for c in running), key=lambda s: URGENCY_ORDER[ClockState(s)])
    return ClockState(worst), min(c.deadline for c in running)


def complaint_queue(*, actor: Actor, program: Program, filters: QueueFilters | None = None) -> list[QueueRow]:
    """Open cases (no identity, no narrative), most urgent first: breached, then by the earliest
    running deadline; priority cases before others at the same urgency."""
    filters = filters or QueueFilters()
    qs = complaints_for_actor(actor=actor, program=program).prefetch_related(
        Prefetch("assignments", queryset=Assignment.objects.select_related("investigator"))
    )  # one query for the investigators, whether any case has one or not
    if not filters.include_closed and not filters.status:
        qs = qs.filter(status__in=OPEN)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.category:
        qs = qs.filter(category=filters.category)
    if filters.channel:
        qs = qs.filter(channel=filters.channel)
    if filters.mine:
        qs = qs.filter(assignments__investigator=actor.user) if actor.user is not None else qs.none()
    cases = list(qs)
    events = events_by_case(cases, common.SLA_KIND_BY_VERB)
    now = clock.now()
    rows = []
    for complaint in cases:
        report = sla_report(complaint, events.get(complaint.pk, []), now)
        urgency, deadline = queue_urgency(complaint, report)
        rows.append(
            QueueRow(
                complaint=complaint,
                report=report,
                urgency=urgency,
                next_deadline=deadline,
                clocks=relevant_clocks(complaint, report),
                assigned=sorted(a.investigator.username for a in complaint.assignments.all()),
            )
        )
    if filters.overdue:
        rows = [r for r in rows if r.overdue]
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    rows.sort(
        key=lambda r: (
            URGENCY_ORDER[r.urgency] if r.urgency == ClockState.BREACHED else 1,
            r.next_deadline or far,
            not r.complaint.priority,
            r.complaint.received_at,
        )
    )
    return rows


def gbvh_awaiting_assignment(*, actor: Actor, program: Program) -> QuerySet[Complaint]:
    """GBVH cases nobody is named on yet: shown to assigners as a bare id and date, nothing else."""
    if not actor.can(C.ASSIGN, program.pk):
        return Complaint.objects.none()
    return Complaint.objects.filter(program=program, gbvh=True, status__in=OPEN, assignments__isnull=True).order_by(
        "received_at"
    )


def assignment_proposals_to_decide(*, actor: Actor, program: Program) -> QuerySet[AssignmentProposal]:
    """Investigators proposed for restricted cases, for a second person to approve (never the
    proposer's own): the case id and the names only, no case content."""
    if actor.user is None or not (
        actor.can(C.APPROVE_IDENTITY_DISCLOSURE, program.pk) and actor.can(C.VIEW_GBVH, program.pk)
    ):
        return AssignmentProposal.objects.none()
    return (
        AssignmentProposal.objects.filter(complaint__program=program, status=DisclosureStatus.PENDING)
        .exclude(proposed_by=actor.user)
        .select_related("complaint", "proposed_by")
        .prefetch_related("investigators")
        .order_by("proposed_at")
    )


def disclosure_requests_to_decide(*, actor: Actor, program: Program) -> QuerySet[DisclosureRequest]:
    if not actor.can(C.APPROVE_IDENTITY_DISCLOSURE, program.pk) or actor.user is None:
        return DisclosureRequest.objects.none()
    return (
        DisclosureRequest.objects.filter(complaint__program=program, status=DisclosureStatus.PENDING)
        .exclude(requested_by=actor.user)
        .select_related("complaint", "requested_by")
        .order_by("requested_at")
    )


# --- one case --------------------------------------------------------------------------------------


def complaint_narrative(complaint: Complaint) -> str:
    return vault.open_(vault.case_key(complaint), complaint, "complaint", "narrative", complaint.narrative)


@dataclass(frozen=True)
class TimelineItem:
    at: dt.datetime
    kind: str  # "event", "message_in", "message_out", "note", "interview", "evidence"
    who: str
    verb: str = ""
    before: str = ""
    after: str = ""
    reason: str = ""
    text: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    ref: str = ""

    @property
    def label(self) -> str:
        return str(VERB_LABELS.get(self.verb, self.verb))


VERB_LABELS: dict[str, Any] = {
    E.RECEIVED: gettext_lazy("Complaint received"),
    E.ACKNOWLEDGED: gettext_lazy("Acknowledged"),
    E.TRIAGED_IN_SCOPE: gettext_lazy("Triaged in scope"),
    E.TRIAGED_OUT_OF_SCOPE: gettext_lazy("Triaged out of scope"),
    E.FORWARDED: gettext_lazy("Forwarded"),
    E.ASSIGNED: gettext_lazy("Investigators assigned"),
    E.INVESTIGATION_STARTED: gettext_lazy("Investigation started"),
    E.FINDING_RECORDED: gettext_lazy("Finding recorded"),
    E.ZERO_TOLERANCE_CONFIRMED: gettext_lazy("Zero-tolerance violation confirmed"),
    E.REMEDY_DIRECTED: gettext_lazy("Remedy directed"),
    E.REMEDY_VERIFIED: gettext_lazy("Remedy verified"),
    E.CLOSED: gettext_lazy("Closed"),
    E.REOPENED: gettext_lazy("Reopened"),
    E.AWAITING_STARTED: gettext_lazy("Waiting for the worker: clocks paused"),
    E.AWAITING_ENDED: gettext_lazy("Clocks running again"),
    E.EVIDENCE_ADDED: gettext_lazy("Evidence added"),
    E.EVIDENCE_DOWNLOADED: gettext_lazy("Evidence downloaded"),
    E.SECRET_CHANGED: gettext_lazy("The worker chose a new secret"),
    E.DISCLOSURE_REQUESTED: gettext_lazy("Identity disclosure requested"),
    E.DISCLOSURE_APPROVED: gettext_lazy("Identity disclosure approved"),
    E.DISCLOSURE_REFUSED: gettext_lazy("Identity disclosure refused"),
    E.IDENTITY_VIEWED: gettext_lazy("Identity viewed"),
    E.SLA_WARNING: gettext_lazy("SLA warning"),
    E.SLA_BREACHED: gettext_lazy("SLA breached"),
}

_CONTENT_VERBS = {E.MESSAGE_SENT, E.MESSAGE_RECEIVED, E.NOTE_ADDED, E.INTERVIEW_RECORDED}


def case_timeline(complaint: Complaint) -> list[TimelineItem]:
    """Events, messages, notes, interviews and evidence, oldest first (decrypted for the case page;
    call only after ``complaint_get_for_actor``)."""
    key = vault.case_key(complaint)
    items: list[TimelineItem] = []
    for e in Event.objects.filter(object_type=_content_type(), object_id=str(complaint.pk)).select_related(
        "actor_user"
    ):
        if e.verb in _CONTENT_VERBS:
            continue  # shown with their content below
        items.append(
            TimelineItem(
                at=e.occurred_at,
                kind="event",
                who=e.actor_label,
                verb=e.verb,
                before=e.before,
                after=e.after,
                reason=e.reason,
                data=e.data,
            )
        )
    for m in Message.objects.filter(complaint=complaint).select_related("author"):
        items.append(
            TimelineItem(
                at=m.sent_at,
                kind="message_out" if m.direction == "to_complainant" else "message_in",
                who=(m.author.get_full_name() or m.author.username) if m.author else common.COMPLAINANT,
                text=vault.open_(key, complaint, "message", "body", m.body, m.public_id),
                data={"channel": m.channel},
            )
        )
    for n in complaint.notes.select_related("author"):
        items.append(
            TimelineItem(
                at=n.created_at,
                kind="note",
                who=n.author.get_full_name() or n.author.username,
                text=vault.open_(key, complaint, "note", "body", n.body, n.public_id),
            )
        )
    for i in Interview.objects.filter(complaint=complaint).select_related("interviewer"):
        items.append(
            TimelineItem(
                at=i.created_at,
                kind="interview",
                who=i.interviewer.get_full_name() or i.interviewer.username,
                text=vault.open_(key, complaint, "interview", "notes", i.notes, i.public_id),
                data={"role": i.get_interviewee_role_display(), "held_on": i.held_on.isoformat()},
            )
        )
    for ev in Evidence.objects.filter(complaint=complaint).select_related("uploaded_by"):
        items.append(
            TimelineItem(
                at=ev.uploaded_at,
                kind="evidence",
                who=ev.uploaded_by.get_full_name() or ev.uploaded_by.username,
                text=vault.open_(key, complaint, "evidence", "filename", ev.filename, ev.public_id),
                data={"kind": ev.kind, "size": ev.size},
                ref=ev.public_id,
            )
        )
    items.sort(key=lambda item: item.at)
    return items


# --- statistics ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ComplaintStatistics:
    total: int
    open: int
    by_category: list[tuple[str, int]]
    by_channel: list[tuple[str, int]]
    by_outcome: list[tuple[str, int]]
    by_status: list[tuple[str, int]]
    resolved: int
    resolved_within: dict[int, int]  # days -> percent (whole number) of cases in scope
    median_days_to_resolution: float | None
    sla_breaches: int
    in_scope: int


RESOLUTION_DAYS = (7, 14, 30)


def complaint_statistics(
    *, program: Program, since: dt.date | None = None, until: dt.date | None = None
) -> ComplaintStatistics:
    """Counts by category, channel, outcome and status; % of cases (excluding those found out of
    scope or forwarded) resolved within 7, 14 and 30 days of receipt; the median days to
    resolution; SLA breaches recorded. Aggregated in the database: four queries whatever the
    number of cases (the median reads the one or two middle durations by OFFSET)."""
    qs = Complaint.objects.filter(program=program)
    if since:
        qs = qs.filter(received_at__date__gte=since)
    if until:
        qs = qs.filter(received_at__date__lte=until)
    in_scope = ~Q(status__in=[CaseState.TRIAGED_OUT_OF_SCOPE, CaseState.FORWARDED])
    resolved = in_scope & Q(resolved_at__isnull=False)
    totals = qs.aggregate(
        total=Count("pk"),
        open=Count("pk", filter=Q(status__in=OPEN)),
        in_scope=Count("pk", filter=in_scope),
        resolved=Count("pk", filter=resolved),
        **{
            f"within_{days}": Count(
                "pk", filter=resolved & Q(resolved_at__lte=F("received_at") + dt.timedelta(days=days))
            )
            for days in RESOLUTION_DAYS
        },
    )
    groups = list(qs.values_list("category", "channel", "finding_outcome", "status").annotate(n=Count("pk")).order_by())
    breaches = Event.objects.filter(
        object_type=_content_type(),
        object_id__in=qs.annotate(pk_text=Cast("pk", output_field=CharField())).values("pk_text"),
        verb=E.SLA_BREACHED,
    ).count()

    def counted(position: int) -> list[tuple[str, int]]:
        counter: Counter[str] = Counter()
        for row in groups:
            if row[position]:
                counter[str(row[position])] += row[-1]
        return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))

    n_in_scope, n_resolved = totals["in_scope"], totals["resolved"]
    return ComplaintStatistics(
        total=totals["total"],
        open=totals["open"],
        by_category=counted(0),
        by_channel=counted(1),
        by_outcome=counted(2),
        by_status=counted(3),
        resolved=n_resolved,
        resolved_within={
            days: round(100 * totals[f"within_{days}"] / n_in_scope) if n_in_scope else 0 for days in RESOLUTION_DAYS
        },
        median_days_to_resolution=_median_days(qs.filter(resolved), n_resolved),
        sla_breaches=breaches,
        in_scope=n_in_scope,
    )


def _median_days(resolved: QuerySet[Complaint], count: int) -> float | None:
    """The median time from receipt to resolution, in days (one decimal): the database orders the
    durations and returns only the middle one (odd count) or two (even count)."""
    if not count:
        return None
    middle = (count - 1) // 2
    durations = list(
        resolved.annotate(took=ExpressionWrapper(F("resolved_at") - F("received_at"), output_field=DurationField()))
        .order_by("took")
        .values_list("took", flat=True)[middle : middle + (1 if count % 2 else 2)]
    )
    days = [d.total_seconds() / 86400 for d in durations]
    return round(sum(days) / len(days), 1)


def complaint_counts(
    *,
    program: Program,
    by: tuple[str, ...] = ("facility", "category"),
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> list[dict[str, Any]]:
    """Complaint counts for scorecards: grouped by any of ``facility`` (public id), ``category``
    and ``month`` (first day, ISO); no case content."""
    allowed = {"facility": "facility__public_id", "category": "category", "month": "month"}
    if not by or any(b not in allowed for b in by):
        raise ValueError("by must name facility, category and/or month")
    qs = Complaint.objects.filter(program=program)
    if since:
        qs = qs.filter(received_at__date__gte=since)
    if until:
        qs = qs.filter(received_at__date__lte=until)
    if "month" in by:
        qs = qs.annotate(month=TruncMonth("received_at"))
    fields = [allowed[b] for b in by]
    out = []
    for row in qs.values(*fields).annotate(count=Count("pk")).order_by(*fields):
        item: dict[str, Any] = {"count": row["count"]}
        for b, f in zip(by, fields, strict=True):
            value = row[f]
            item[b] = value.date().isoformat() if b == "month" and value is not None else value
        out.append(item)
    return out

"""Staff complaint pages: queue, case, operator intake, statistics.

Each view parses input, checks the actor's scope (``program_get_for_actor`` /
``complaint_get_for_actor``) and calls exactly one service; a refused action (``DomainError``)
comes back as an error on the page. Worker-facing pages live in ``worker_views``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from wsr.accounts.models import User
from wsr.accounts.roles import ROLE_CAPABILITIES, Role
from wsr.accounts.selectors import actor_for_request
from wsr.complaints import forms as f
from wsr.complaints import selectors, services
from wsr.complaints.capabilities import ComplaintCapability as C
from wsr.complaints.models import AssignmentProposal, Complaint, DisclosureRequest, DisclosureStatus, Evidence
from wsr.complaints.services.assignment import adds_people
from wsr.complaints.services.common import can_see_case, is_assigned
from wsr.complaints.transitions import CaseState, allowed_targets
from wsr.core.permissions import Actor
from wsr.core.views import run_service
from wsr.programs.models import Program
from wsr.programs.selectors import program_get_for_actor
from wsr.registry.models import Facility
from wsr.standards.models import Category
from wsr.standards.selectors import code_version_in_force, language_name

S = CaseState


# --- queue -----------------------------------------------------------------------------------------


@login_required
def queue(request: HttpRequest, slug: str) -> HttpResponse:
    actor = actor_for_request(request)
    program = program_get_for_actor(actor=actor, slug=slug, capability=C.VIEW_QUEUE)
    form = f.QueueFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    filters = selectors.QueueFilters(
        status=data.get("status") or "",
        category=data.get("category") or "",
        channel=data.get("channel") or "",
        mine=bool(data.get("mine")),
        overdue=bool(data.get("overdue")),
    )
    return render(
        request,
        "complaints/staff/queue.html",
        {
            "program": program,
            "form": form,
            "rows": selectors.complaint_queue(actor=actor, program=program, filters=filters),
            "gbvh_waiting": selectors.gbvh_awaiting_assignment(actor=actor, program=program),
            "to_decide": selectors.disclosure_requests_to_decide(actor=actor, program=program),
            "assignments_to_decide": selectors.assignment_proposals_to_decide(actor=actor, program=program),
            "can_enter": actor.can(C.ENTER_ON_BEHALF, program.pk),
            "can_stats": actor.can(C.VIEW_STATS, program.pk),
        },
    )


# --- operator intake -------------------------------------------------------------------------------


def _intake_form(program: Program, data: Any = None) -> f.OperatorIntakeForm:
    facilities = [
        (fac.public_id, f"{fac.name} ({fac.country})")
        for fac in Facility.objects.filter(program_links__program=program).order_by("name")
    ]
    languages = [(code, language_name(code)) for code in program.languages or ["en"]]
    return f.OperatorIntakeForm(data, facilities=facilities, languages=languages)


@never_cache
@login_required
def intake(request: HttpRequest, slug: str) -> HttpResponse:
    """An operator enters a complaint for a worker; the receipt (code + secret) is shown once, in
    the response to the POST, and is never stored or shown again."""
    actor = actor_for_request(request)
    program = program_get_for_actor(actor=actor, slug=slug, capability=C.ENTER_ON_BEHALF)
    form = _intake_form(program, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        facility = Facility.objects.filter(public_id=data["facility"]).first() if data["facility"] else None
        outcome = run_service(
            lambda: services.complaint_intake(
                actor=actor,
                program=program,
                channel=data["channel"],
                facility=facility,
                facility_name=data["facility_name"],
                category=data["category"],
                description=data["description"],
                language=data["language"],
                anonymous=data["anonymous"],
                contact=data["contact"],
                name=data["name"],
                phone=data["phone"],
                imminent_danger=data["imminent_danger"],
            ),
            form=form,
        )
        if outcome.ok:
            receipt = outcome.value
            return render(
                request,
                "complaints/staff/receipt.html",
                {
                    "program": program,
                    "receipt": receipt,
                    "can_view": can_see_case(actor, receipt.complaint),
                },
            )
    return render(
        request,
        "complaints/staff/intake.html",
        # The way back is the queue for those who may see it, else the program's page (auditors and
        # worker-organisation staff enter complaints but have no queue).
        {"program": program, "form": form, "can_queue": actor.can(C.VIEW_QUEUE, program.pk)},
    )


# --- statistics ------------------------------------------------------------------------------------


CATEGORY_LABELS = dict(Category.choices)


@login_required
def statistics(request: HttpRequest, slug: str) -> HttpResponse:
    actor = actor_for_request(request)
    program = program_get_for_actor(actor=actor, slug=slug, capability=C.VIEW_STATS)
    form = f.PeriodForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    stats = selectors.complaint_statistics(program=program, since=data.get("since"), until=data.get("until"))
    from wsr.complaints.models import OUTCOME_LABELS, STATE_LABELS, Channel

    channel_labels = dict(Channel.choices)
    return render(
        request,
        "complaints/staff/statistics.html",
        {
            "program": program,
            "form": form,
            "stats": stats,
            "by_category": [(CATEGORY_LABELS.get(k, k), n) for k, n in stats.by_category],
            "by_channel": [(channel_labels.get(k, k), n) for k, n in stats.by_channel],
            "by_outcome": [(OUTCOME_LABELS.get(k, k), n) for k, n in stats.by_outcome],  # type: ignore[call-overload]
            "by_status": [(STATE_LABELS.get(k, k), n) for k, n in stats.by_status],  # type: ignore[call-overload]
            "within": sorted(stats.resolved_within.items()),
            "can_queue": actor.can(C.VIEW_QUEUE, program.pk),
        },
    )


# --- one case ----------------------------------------------------------------------------------


def _provision_choices(complaint: Complaint) -> list[tuple[str, str]]:
    version = code_version_in_force(complaint.program, complaint.received_at.date())
    if version is None:
        return []
    out = []
    for p in version.provisions.prefetch_related("texts").order_by("order", "ref"):
        title = next((t.title for t in p.texts.all() if t.language == "en" and t.title), "") or next(
            (t.title for t in p.texts.all() if t.title), ""
        )
        out.append((p.ref, f"{p.ref} {title} · {p.get_tier_display()}"))
    return out


def _investigator_choices(program: Program, gbvh: bool) -> list[tuple[str, str]]:
    wanted = C.VIEW_GBVH if gbvh else C.INVESTIGATE
    roles = [r.value for r in Role if wanted in ROLE_CAPABILITIES[r] and C.INVESTIGATE in ROLE_CAPABILITIES[r]]
    users = (
        User.objects.filter(memberships__program=program, memberships__role__in=roles).distinct().order_by("username")
    )
    return [(str(u.pk), u.get_full_name() or u.username) for u in users]


@dataclass(frozen=True)
class Action:
    """A POST action on a case: its form, and the one service call it makes."""

    form: Callable[[Complaint, Any], Any]
    run: Callable[[Actor, Complaint, dict[str, Any], HttpRequest], Any]
    done: Any


def _form(cls: type) -> Callable[[Complaint, Any], Any]:
    return lambda complaint, data: cls(data)


ACTIONS: dict[str, Action] = {
    "acknowledge": Action(
        _form(f.EmptyForm),
        lambda a, c, d, r: services.complaint_acknowledge(actor=a, complaint=c),
        gettext_lazy("Acknowledged."),
    ),
    "triage_in": Action(
        lambda c, data: f.TriageInScopeForm(data, provisions=_provision_choices(c), initial={"category": c.category}),
        lambda a, c, d, r: services.complaint_triage_in_scope(
            actor=a,
            complaint=c,
            provision_refs=d["provision_refs"],
            category=d["category"],
            imminent_danger=d["imminent_danger"],
            priority=d["priority"],
            reason=d["reason"],
        ),
        gettext_lazy("Triaged in scope."),
    ),
    "triage_out": Action(
        _form(f.ReasonForm),
        lambda a, c, d, r: services.complaint_triage_out_of_scope(actor=a, complaint=c, reason=d["reason"]),
        gettext_lazy("Triaged out of scope."),
    ),
    "forward": Action(
        _form(f.ForwardForm),
        lambda a, c, d, r: services.complaint_forward(
            actor=a, complaint=c, forwarded_to=d["forwarded_to"], reason=d["reason"]
        ),
        gettext_lazy("Forwarded."),
    ),
    "investigate": Action(
        _form(f.EmptyForm),
        lambda a, c, d, r: services.complaint_investigation_start(actor=a, complaint=c),
        gettext_lazy("Investigation started."),
    ),
    "finding": Action(
        _form(f.FindingForm),
        lambda a, c, d, r: services.complaint_finding_record(
            actor=a, complaint=c, outcome=d["outcome"], summary=d["summary"]
        ),
        gettext_lazy("Finding recorded."),
    ),
    "remedy": Action(
        _form(f.RemedyForm),
        lambda a, c, d, r: services.complaint_remedy_direct(
            actor=a, complaint=c, what=d["what"], who=d["who"], due=d["due"]
        ),
        gettext_lazy("Remedy directed."),
    ),
    "verify": Action(
        _form(f.OptionalReasonForm),
        lambda a, c, d, r: services.complaint_remedy_verify(actor=a, complaint=c, note=d["reason"]),
        gettext_lazy("Remedy verified."),
    ),
    "close": Action(
        _form(f.OptionalReasonForm),
        lambda a, c, d, r: services.complaint_close(actor=a, complaint=c, reason=d["reason"]),
        gettext_lazy("Case closed."),
    ),
    "reopen": Action(
        _form(f.ReasonForm),
        lambda a, c, d, r: services.complaint_reopen(actor=a, complaint=c, reason=d["reason"]),
        gettext_lazy("Case reopened."),
    ),
    "message": Action(
        _form(f.TextForm),
        lambda a, c, d, r: services.complaint_message_send(actor=a, complaint=c, text=d["text"]),
        gettext_lazy("Message sent. The worker reads it with the case code."),
    ),
    "await_start": Action(
        _form(f.ReasonForm),
        lambda a, c, d, r: services.complaint_awaiting_start(actor=a, complaint=c, reason=d["reason"]),
        gettext_lazy("Waiting for the complainant: the clocks are paused."),
    ),
    "await_end": Action(
        _form(f.EmptyForm),
        lambda a, c, d, r: services.complaint_awaiting_end(actor=a, complaint=c),
        gettext_lazy("The clocks run again."),
    ),
    "note": Action(
        _form(f.TextForm),
        lambda a, c, d, r: services.complaint_note_add(actor=a, complaint=c, text=d["text"]),
        gettext_lazy("Note added."),
    ),
    "interview": Action(
        _form(f.InterviewForm),
        lambda a, c, d, r: services.complaint_interview_record(
            actor=a, complaint=c, held_on=d["held_on"], interviewee_role=d["interviewee_role"], notes=d["notes"]
        ),
        gettext_lazy("Interview recorded."),
    ),
    "evidence": Action(
        lambda c, data: f.EvidenceForm(data[0], data[1]) if data else f.EvidenceForm(),
        lambda a, c, d, r: services.complaint_evidence_add(
            actor=a, complaint=c, filename=d["file"].name, content=d["file"].read()
        ),
        gettext_lazy("Evidence stored (encrypted)."),
    ),
    "disclosure": Action(
        _form(f.ReasonForm),
        lambda a, c, d, r: services.complaint_disclosure_request(actor=a, complaint=c, reason=d["reason"]),
        gettext_lazy("Request recorded. A second staff member must approve it."),
    ),
}

ACTION_LABELS = {
    "acknowledge": gettext_lazy("Acknowledge"),
    "triage_in": gettext_lazy("Triage: in scope"),
    "triage_out": gettext_lazy("Triage: out of scope"),
    "forward": gettext_lazy("Forward to another body"),
    "investigate": gettext_lazy("Start the investigation"),
    "finding": gettext_lazy("Record the finding"),
    "remedy": gettext_lazy("Direct a remedy"),
    "verify": gettext_lazy("Verify the remedy"),
    "close": gettext_lazy("Close the case"),
    "reopen": gettext_lazy("Reopen (recurrence)"),
    "message": gettext_lazy("Message the worker"),
    "await_start": gettext_lazy("Wait for the worker (pause the clocks)"),
    "await_end": gettext_lazy("Stop waiting for the worker"),
    "note": gettext_lazy("Add an internal note"),
    "interview": gettext_lazy("Record an interview"),
    "evidence": gettext_lazy("Add evidence"),
    "disclosure": gettext_lazy("Ask to see who complained"),
}

# Which actions follow a workflow move (offered only when allowed_targets has the target).
MOVE_ACTIONS = {
    "acknowledge": S.ACKNOWLEDGED,
    "triage_in": S.TRIAGED_IN_SCOPE,
    "triage_out": S.TRIAGED_OUT_OF_SCOPE,
    "forward": S.FORWARDED,
    "investigate": S.INVESTIGATING,
    "finding": S.FINDING,
    "remedy": S.REMEDY_DIRECTED,
    "verify": S.REMEDY_VERIFIED,
    "close": S.CLOSED,
}


def _available(actor: Actor, complaint: Complaint) -> list[str]:
    held = frozenset(actor.grants.get(complaint.program_id, frozenset()))
    targets = set(
        allowed_targets(complaint.status, held, category=complaint.category, outcome=complaint.finding_outcome or None)
    )
    names = [name for name, target in MOVE_ACTIONS.items() if target in targets]
    if complaint.status == S.CLOSED and S.INVESTIGATING in targets:
        names = [n for n in names if n != "investigate"] + ["reopen"]
    assigned = is_assigned(actor, complaint)
    if actor.can(C.MESSAGE_COMPLAINANT, complaint.program_id) and complaint.status != S.FORWARDED:
        names.append("message")
        if complaint.is_open:
            names.append("await_end" if complaint.awaiting_complainant else "await_start")
    if actor.can(C.INVESTIGATE, complaint.program_id):
        names += ["note", "interview"]
        if assigned:
            names.append("evidence")
    if assigned and actor.can(C.REQUEST_IDENTITY_DISCLOSURE, complaint.program_id):
        names.append("disclosure")
    return names


def _case_page(
    request: HttpRequest,
    actor: Actor,
    complaint: Complaint,
    *,
    bound: tuple[str, Any] | None = None,
    identity: Any = None,
    status: int = 200,
) -> HttpResponse:
    names = _available(actor, complaint)
    action_forms = {name: ACTIONS[name].form(complaint, None) for name in names}
    if bound is not None:
        action_forms[bound[0]] = bound[1]
    actions = [
        {
            "name": name,
            "label": ACTION_LABELS[name],
            "form": form,
            "move": name in MOVE_ACTIONS or name == "reopen",
            "open": bound is not None and bound[0] == name,
        }
        for name, form in action_forms.items()
    ]
    report = selectors.sla_report(complaint)
    disclosed = services.identity_disclosed_to(actor, complaint)
    return render(
        request,
        "complaints/staff/case.html",
        {
            "program": complaint.program,
            "complaint": complaint,
            "narrative": selectors.complaint_narrative(complaint),
            "timeline": selectors.case_timeline(complaint),
            "clocks": selectors.relevant_clocks(complaint, report),
            "report": report,
            "actions": actions,
            "provisions": list(complaint.provisions.order_by("ref")),
            "assigned": [a.investigator for a in complaint.assignments.select_related("investigator")],
            "is_assigned": is_assigned(actor, complaint),
            "can_assign": actor.can(C.ASSIGN, complaint.program_id) and complaint.is_open,
            "disclosed": disclosed,
            "identity": identity,
            "requests": list(complaint.disclosure_requests.select_related("requested_by", "decided_by")),
            "evidence": list(Evidence.objects.filter(complaint=complaint)),
            "category_label": CATEGORY_LABELS.get(complaint.category, complaint.category),
        },
        status=status,
    )


@never_cache
@login_required
def case(request: HttpRequest, slug: str, public_id: str) -> HttpResponse:
    actor = actor_for_request(request)
    complaint = selectors.complaint_get_for_actor(actor=actor, slug=slug, public_id=public_id, capability=C.VIEW_CASE)
    return _case_page(request, actor, complaint)


@never_cache
@login_required
@require_POST
def case_action(request: HttpRequest, slug: str, public_id: str, action: str) -> HttpResponse:
    actor = actor_for_request(request)
    complaint = selectors.complaint_get_for_actor(actor=actor, slug=slug, public_id=public_id, capability=C.VIEW_CASE)
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404("No such action")
    data = (request.POST, request.FILES) if action == "evidence" else request.POST
    form = spec.form(complaint, data)
    if form.is_valid() and run_service(lambda: spec.run(actor, complaint, form.cleaned_data, request), form=form).ok:
        messages.success(request, str(spec.done))
        return redirect("complaints:case", slug=slug, public_id=public_id)
    complaint.refresh_from_db()
    return _case_page(request, actor, complaint, bound=(action, form))


@never_cache
@login_required
@require_POST
def identity_reveal(request: HttpRequest, slug: str, public_id: str) -> HttpResponse:
    """Shows the identity on the case page (no redirect, nothing cached); each viewing is an event."""
    actor = actor_for_request(request)
    complaint = selectors.complaint_get_for_actor(actor=actor, slug=slug, public_id=public_id, capability=C.VIEW_CASE)
    outcome = run_service(lambda: services.complaint_identity_reveal(actor=actor, complaint=complaint), request=request)
    if not outcome.ok:
        return redirect("complaints:case", slug=slug, public_id=public_id)
    return _case_page(request, actor, complaint, identity=outcome.value)


@login_required
def evidence_download(request: HttpRequest, slug: str, public_id: str, evidence_id: str) -> HttpResponse:
    actor = actor_for_request(request)
    complaint = selectors.complaint_get_for_actor(actor=actor, slug=slug, public_id=public_id, capability=C.VIEW_CASE)
    evidence = Evidence.objects.filter(complaint=complaint, public_id=evidence_id).first()
    if evidence is None:
        raise Http404("No such file")
    outcome = run_service(lambda: services.complaint_evidence_read(actor=actor, evidence=evidence), request=request)
    if not outcome.ok:
        return redirect("complaints:case", slug=slug, public_id=public_id)
    got = outcome.value
    response = HttpResponse(got.content, content_type=got.content_type)
    response["Content-Disposition"] = f'attachment; filename="{evidence.public_id}.{evidence.kind}"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@never_cache
@login_required
def assign(request: HttpRequest, slug: str, public_id: str) -> HttpResponse:
    """Name a case's investigators. Works on GBVH cases the admin may not read (no content shown)."""
    actor = actor_for_request(request)
    complaint = selectors.complaint_for_assignment(actor=actor, slug=slug, public_id=public_id)
    people = _investigator_choices(complaint.program, complaint.gbvh)
    current = [str(pk) for pk in complaint.assignments.values_list("investigator_id", flat=True)]
    form = f.AssignForm(request.POST or None, people=people, initial={"investigators": current})
    if request.method == "POST" and form.is_valid():
        chosen = list(User.objects.filter(pk__in=[int(pk) for pk in form.cleaned_data["investigators"]]))
        # New people on a restricted case need a second person's approval: a proposal, not a change.
        propose = complaint.gbvh and adds_people(complaint, chosen)
        service = services.complaint_assignment_propose if propose else services.complaint_assign
        if run_service(lambda: service(actor=actor, complaint=complaint, investigators=chosen), form=form).ok:
            if propose:
                messages.success(request, _("Proposal recorded. A second staff member must approve it."))
                return redirect("complaints:queue", slug=slug)
            messages.success(request, _("Investigators assigned."))
            if can_see_case(actor, complaint):
                return redirect("complaints:case", slug=slug, public_id=public_id)
            return redirect("complaints:queue", slug=slug)
    return render(
        request,
        "complaints/staff/assign.html",
        {"program": complaint.program, "complaint": complaint, "form": form},
    )


@login_required
@require_POST
def disclosure_decide(request: HttpRequest, slug: str, request_id: str) -> HttpResponse:
    actor = actor_for_request(request)
    program = program_get_for_actor(actor=actor, slug=slug, capability=C.APPROVE_IDENTITY_DISCLOSURE)
    disclosure = (
        DisclosureRequest.objects.filter(
            public_id=request_id, complaint__program=program, status=DisclosureStatus.PENDING
        )
        .select_related("complaint", "requested_by")
        .first()
    )
    if disclosure is None:
        raise Http404("No such request")
    return _four_eyes_decision(
        request,
        slug,
        approve=lambda note: services.complaint_disclosure_approve(actor=actor, request=disclosure, note=note),
        refuse=lambda note: services.complaint_disclosure_refuse(actor=actor, request=disclosure, note=note),
    )


def _four_eyes_decision(
    request: HttpRequest, slug: str, *, approve: Callable[[str], Any], refuse: Callable[[str], Any]
) -> HttpResponse:
    """The second person's approve / refuse form (identity disclosure, restricted-case assignment)."""
    form = f.DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose approve or refuse."))
        return redirect("complaints:queue", slug=slug)
    decide = approve if form.cleaned_data["decision"] == "approve" else refuse
    if run_service(lambda: decide(form.cleaned_data["note"]), request=request).ok:
        messages.success(request, _("Decision recorded."))
    return redirect("complaints:queue", slug=slug)


@login_required
@require_POST
def assignment_decide(request: HttpRequest, slug: str, proposal_id: str) -> HttpResponse:
    """A second person approves or refuses investigators proposed for a restricted case."""
    actor = actor_for_request(request)
    program = program_get_for_actor(actor=actor, slug=slug, capability=C.APPROVE_IDENTITY_DISCLOSURE)
    proposal = (
        AssignmentProposal.objects.filter(
            public_id=proposal_id, complaint__program=program, status=DisclosureStatus.PENDING
        )
        .select_related("complaint", "proposed_by")
        .first()
    )
    if proposal is None:
        raise Http404("No such proposal")
    return _four_eyes_decision(
        request,
        slug,
        approve=lambda note: services.complaint_assignment_approve(actor=actor, proposal=proposal, note=note),
        refuse=lambda note: services.complaint_assignment_refuse(actor=actor, proposal=proposal, note=note),
    )

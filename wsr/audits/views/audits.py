"""Pages for the roster, commercial ties, audits and findings (program staff).

Each view parses input, checks the actor's scope (selectors raise 404 outside it, 403 without the
capability), and calls exactly one service; a refused action comes back as a form error.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from wsr.accounts.models import Organisation, User
from wsr.accounts.roles import OrgKind, Role
from wsr.accounts.selectors import actor_for_request
from wsr.audits import selectors as sel
from wsr.audits import services
from wsr.audits.capabilities import AuditCapability as AU
from wsr.audits.forms import (
    AssignForm,
    AuditPlanForm,
    CommercialTieForm,
    ConfirmForm,
    EvidenceForm,
    FieldworkForm,
    FindingForm,
    ReasonForm,
    RosterDecideForm,
    RosterProposeForm,
    StartForm,
)
from wsr.audits.models import Audit
from wsr.audits.services.audits import cooling_off_months
from wsr.audits.transitions import AUDIT_TEAM_EDITABLE, AuditState
from wsr.audits.views._common import _action, _brands, _finding
from wsr.core import clock
from wsr.core.errors import CapabilityMissing
from wsr.core.events import events_for_object
from wsr.core.permissions import Actor
from wsr.core.views import run_service
from wsr.programs.models import Program
from wsr.standards.selectors import code_version_in_force

# --- overview ------------------------------------------------------------------------------------


@login_required
def home(request: HttpRequest, slug: str) -> HttpResponse:
    actor = actor_for_request(request)
    program = sel.audits_program_for_actor(actor=actor, slug=slug)
    staff = sel.is_staff(actor, program)
    return render(
        request,
        "audits/home.html",
        {
            "program": program,
            "staff": staff,
            "rows": sel.facility_rows_for_actor(actor=actor, program=program),
            "audits": list(sel.audits_for_actor(actor=actor, program=program)[:10]) if staff else [],
            "can_plan": actor.can(AU.PLAN, program.pk),
            "can_record": actor.can(AU.PERFORM, program.pk) or actor.can(AU.CAP_EDIT, program.pk),
            "can_export": actor.can(AU.EXPORT, program.pk),
        },
    )


# --- roster and ties -----------------------------------------------------------------------------


@login_required
def roster(request: HttpRequest, slug: str) -> HttpResponse:
    actor = actor_for_request(request)
    program = sel.audits_program_for_actor(actor=actor, slug=slug, capability=AU.VIEW_ALL)
    return render(
        request,
        "audits/roster.html",
        {
            "program": program,
            "entries": sel.roster_for_program(actor=actor, program=program),
            "can_propose": actor.can(AU.MANAGE_ROSTER, program.pk),
            "can_decide": actor.can(AU.APPROVE_ROSTER, program.pk),
        },
    )


@login_required
def roster_new(request: HttpRequest, slug: str) -> HttpResponse:
    actor = actor_for_request(request)
    program = sel.audits_program_for_actor(actor=actor, slug=slug, capability=AU.MANAGE_ROSTER)
    users = User.objects.filter(memberships__program=program, memberships__role=Role.AUDITOR).exclude(
        roster_entries__program=program
    )
    firms = Organisation.objects.filter(kind__in=[OrgKind.AUDIT_FIRM, OrgKind.MONITORING_BODY]).order_by("name")
    form = RosterProposeForm(request.POST or None, users=users.order_by("username"), organisations=firms)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            lambda: services.roster_propose(actor=actor, program=program, **form.cleaned_data), form=form
        )
        if outcome.ok:
            messages.success(request, _("Auditor proposed. The worker organisation decides on the roster."))
            return redirect("audits:roster", slug=slug)
    return _action(
        request,
        program,
        form,
        heading=_("Propose an auditor"),
        intro=_("Only auditors the worker organisation approves can be assigned to audits."),
        back=reverse("audits:roster", args=[slug]),
        submit=_("Propose"),
    )


@login_required
def roster_decide(request: HttpRequest, slug: str, entry_id: str) -> HttpResponse:
    actor = actor_for_request(request)
    program = sel.audits_program_for_actor(actor=actor, slug=slug, capability=AU.VIEW_ALL)
    entry = sel.roster_entry_get(actor=actor, program=program, public_id=entry_id, capability=AU.APPROVE_ROSTER)
    form = RosterDecideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            lambda: services.roster_decide(
                actor=actor,
                entry=entry,
                approve=form.cleaned_data["decision"] == "approve",
                note=form.cleaned_data["note"],
            ),
            form=form,
        )
        if outcome.ok:
            messages.success(request, _("Decision recorded."))
            return redirect("audits:roster", slug=slug)
    return _action(
        request,
        program,
        form,
        heading=_("Decide on an auditor"),
        intro=f"{entry.name} · {entry.organisation.name}",
        back=reverse("audits:roster", args=[slug]),
        submit=_("Record the decision"),
    )


@login_required
def ties(request: HttpRequest, slug: str) -> HttpResponse:
    actor = actor_for_request(request)
    program = sel.audits_program_for_actor(actor=actor, slug=slug, capability=AU.VIEW_ALL)
    return render(
        request,
        "audits/ties.html",
        {
            "program": program,
            "ties": sel.commercial_ties(actor=actor, program=program),
            "cooling_off": cooling_off_months(),
            "can_edit": actor.can(AU.MANAGE_ROSTER, program.pk),
        },
    )


@login_required
def tie_new(request: HttpRequest, slug: str) -> HttpResponse:
    actor = actor_for_request(request)
    program = sel.audits_program_for_actor(actor=actor, slug=slug, capability=AU.MANAGE_ROSTER)
    firms = Organisation.objects.filter(kind__in=[OrgKind.AUDIT_FIRM, OrgKind.MONITORING_BODY]).order_by("name")
    form = CommercialTieForm(request.POST or None, firms=firms, brands=_brands(program))
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            lambda: services.commercial_tie_add(actor=actor, program=program, **form.cleaned_data), form=form
        )
        if outcome.ok:
            messages.success(request, _("Commercial tie recorded."))
            return redirect("audits:ties", slug=slug)
    return _action(
        request,
        program,
        form,
        heading=_("Record a commercial tie"),
        intro=_("Auditors of a firm tied to a brand that buys from a facility cannot audit that facility."),
        back=reverse("audits:ties", args=[slug]),
        submit=_("Record"),
    )


# --- audits --------------------------------------------------------------------------------------


@login_required
def audit_list(request: HttpRequest, slug: str) -> HttpResponse:
    actor = actor_for_request(request)
    program = sel.audits_program_for_actor(actor=actor, slug=slug, capability=AU.VIEW_ALL)
    return render(
        request,
        "audits/audit_list.html",
        {
            "program": program,
            "audits": sel.audits_for_actor(actor=actor, program=program),
            "can_plan": actor.can(AU.PLAN, program.pk),
        },
    )


@login_required
def audit_new(request: HttpRequest, slug: str) -> HttpResponse:
    actor = actor_for_request(request)
    program = sel.audits_program_for_actor(actor=actor, slug=slug, capability=AU.PLAN)
    form = AuditPlanForm(
        request.POST or None,
        facilities=sel.facilities_for_actor(actor=actor, program=program),
        brands=_brands(program),
    )
    if request.method == "POST" and form.is_valid():
        outcome = run_service(lambda: services.audit_plan(actor=actor, program=program, **form.cleaned_data), form=form)
        if outcome.ok:
            audit = outcome.value
            messages.success(request, _("Audit planned. Assign auditors from the approved roster."))
            return redirect("audits:audit", slug=slug, audit_id=audit.public_id)
    return _action(
        request,
        program,
        form,
        heading=_("Plan an audit"),
        back=reverse("audits:audit_list", args=[slug]),
        submit=_("Plan the audit"),
    )


def _audit(request: HttpRequest, slug: str, audit_id: str, capability: str = "") -> tuple[Actor, Program, Audit]:
    actor = actor_for_request(request)
    program = sel.audits_program_for_actor(actor=actor, slug=slug, capability=AU.VIEW_ALL)
    return (
        actor,
        program,
        sel.audit_get_for_actor(actor=actor, program=program, public_id=audit_id, capability=capability),
    )


@login_required
def audit_detail(request: HttpRequest, slug: str, audit_id: str) -> HttpResponse:
    actor, program, audit = _audit(request, slug, audit_id)
    on_team = actor.user is not None and audit.team.filter(auditor__user_id=actor.user.pk).exists()
    perform = actor.can(AU.PERFORM, program.pk) and on_team
    return render(
        request,
        "audits/audit_detail.html",
        {
            "program": program,
            "audit": audit,
            "team": list(audit.team.select_related("auditor__organisation")),
            "decisions": list(audit.independence_decisions.select_related("auditor")),
            "coverage": sel.interview_coverage(audit),
            "findings": list(audit.findings.all()),
            "can_assign": actor.can(AU.PLAN, program.pk) and audit.state in AUDIT_TEAM_EDITABLE,
            "can_cancel": actor.can(AU.PLAN, program.pk)
            and audit.state in (AuditState.PLANNED, AuditState.IN_PROGRESS),
            "can_start": perform and audit.state == AuditState.PLANNED,
            "can_fieldwork": perform and audit.state in (AuditState.IN_PROGRESS, AuditState.COMPLETED),
            "can_complete": perform and audit.state == AuditState.IN_PROGRESS,
            "can_find": perform and audit.state in (AuditState.IN_PROGRESS, AuditState.COMPLETED),
            "events": events_for_object(audit)[:30],
        },
    )


def _audit_done(request: HttpRequest, audit: Audit, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("audits:audit", slug=audit.program.slug, audit_id=audit.public_id)


@login_required
def audit_assign(request: HttpRequest, slug: str, audit_id: str) -> HttpResponse:
    actor, program, audit = _audit(request, slug, audit_id, AU.PLAN)
    form = AssignForm(request.POST or None, roster=sel.roster_approved(program))
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            lambda: services.audit_auditor_assign(actor=actor, audit=audit, **form.cleaned_data), form=form
        )
        if outcome.ok:
            return _audit_done(request, audit, _("Auditor assigned: no conflict of interest found."))
    return _action(
        request,
        program,
        form,
        heading=_("Assign an auditor"),
        intro=_(
            "Each assignment is checked for independence: commercial ties with brands buying from the facility, "
            "and audits of this facility for a brand during the cooling-off period. Every decision is recorded."
        ),
        back=reverse("audits:audit", args=[slug, audit_id]),
        submit=_("Check and assign"),
    )


@login_required
def audit_start(request: HttpRequest, slug: str, audit_id: str) -> HttpResponse:
    actor, program, audit = _audit(request, slug, audit_id, AU.PERFORM)
    form = StartForm(request.POST or None, initial={"performed_on": clock.today()})
    if request.method == "POST" and form.is_valid():
        outcome = run_service(lambda: services.audit_start(actor=actor, audit=audit, **form.cleaned_data), form=form)
        if outcome.ok:
            return _audit_done(request, audit, _("Fieldwork started."))
    return _action(request, program, form, heading=_("Start the fieldwork"), back=audit_url(audit), submit=_("Start"))


def audit_url(audit: Audit) -> str:
    return reverse("audits:audit", args=[audit.program.slug, audit.public_id])


@login_required
def audit_fieldwork(request: HttpRequest, slug: str, audit_id: str) -> HttpResponse:
    actor, program, audit = _audit(request, slug, audit_id, AU.PERFORM)
    initial = {
        "workforce_on_day": audit.workforce_on_day or audit.facility.worker_count,
        "workers_interviewed": audit.workers_interviewed,
        "managers_interviewed": audit.managers_interviewed,
        "documents_reviewed": audit.documents_reviewed,
        "ended_on": audit.ended_on,
        "notes": audit.notes,
    }
    form = FieldworkForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            lambda: services.audit_fieldwork_record(actor=actor, audit=audit, **form.cleaned_data), form=form
        )
        if outcome.ok:
            return _audit_done(request, audit, _("Fieldwork recorded."))
    return _action(
        request,
        program,
        form,
        heading=_("Fieldwork"),
        intro=_("The program's norm: interview at least %(n)s%% of the workforce.")
        % {"n": program.interview_norm_percent},
        back=audit_url(audit),
        submit=_("Save"),
    )


@login_required
def audit_complete(request: HttpRequest, slug: str, audit_id: str) -> HttpResponse:
    actor, program, audit = _audit(request, slug, audit_id, AU.PERFORM)
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(lambda: services.audit_complete(actor=actor, audit=audit), form=form)
        if outcome.ok:
            return _audit_done(request, audit, _("Audit completed and published in the program's log."))
    return _action(
        request,
        program,
        form,
        heading=_("Complete the audit"),
        intro=_("The dates, the workforce and the interview coverage are published (no names, no notes)."),
        back=audit_url(audit),
        submit=_("Complete"),
    )


@login_required
def audit_cancel(request: HttpRequest, slug: str, audit_id: str) -> HttpResponse:
    actor, program, audit = _audit(request, slug, audit_id, AU.PLAN)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            lambda: services.audit_cancel(actor=actor, audit=audit, reason=form.cleaned_data["reason"]), form=form
        )
        if outcome.ok:
            return _audit_done(request, audit, _("Audit cancelled."))
    return _action(
        request, program, form, heading=_("Cancel the audit"), back=audit_url(audit), submit=_("Cancel"), danger=True
    )


# --- findings ------------------------------------------------------------------------------------


def _provision_choices(program: Program, on: Any) -> list[tuple[str, str]]:
    version = code_version_in_force(program, on)
    if version is None:
        return []
    choices = []
    for p in version.provisions.prefetch_related("texts").order_by("order", "ref"):
        titles = {t.language: t.title for t in p.texts.all()}
        title = titles.get("en") or next(iter(titles.values()), "")
        choices.append((p.ref, f"§{p.ref} {title} ({p.get_tier_display()})"))
    return choices


def _finding_form(request: HttpRequest, actor: Actor, program: Program, audit: Audit | None) -> HttpResponse:
    on = audit.audit_date if audit else clock.today()
    form = FindingForm(
        request.POST or None,
        request.FILES or None,
        facilities=sel.facilities_for_actor(actor=actor, program=program),
        provisions=_provision_choices(program, on),
        audit=audit,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = run_service(
            lambda: services.finding_record(
                actor=actor,
                program=program,
                facility=audit.facility if audit else data["facility"],
                source="audit" if audit else data["source"],
                audit=audit,
                provision_ref=data["provision_ref"],
                internal_text=data["internal_text"],
                public_summary=data["public_summary"],
                complaint_public_id=data.get("complaint_public_id", ""),
                observed_on=data.get("observed_on"),
                evidence=data["evidence"] or None,
                evidence_note=data["evidence_note"],
                danger=data.get("danger", ""),
            ),
            form=form,
        )
        if outcome.ok:
            finding = outcome.value
            messages.success(request, _("Finding recorded. Draft its corrective actions."))
            return redirect("audits:finding", slug=program.slug, finding_id=finding.public_id)
    return _action(
        request,
        program,
        form,
        heading=_("Record a finding"),
        intro=_("The finding cites the Code in force on %(date)s; its severity is the provision's tier.")
        % {"date": on.isoformat()},
        back=audit_url(audit) if audit else reverse("audits:home", args=[program.slug]),
        submit=_("Record the finding"),
        multipart=True,
    )


@login_required
def finding_new_for_audit(request: HttpRequest, slug: str, audit_id: str) -> HttpResponse:
    actor, program, audit = _audit(request, slug, audit_id, AU.PERFORM)
    return _finding_form(request, actor, program, audit)


@login_required
def finding_new(request: HttpRequest, slug: str) -> HttpResponse:
    actor = actor_for_request(request)
    program = sel.audits_program_for_actor(actor=actor, slug=slug)
    if not (actor.can(AU.PERFORM, program.pk) or actor.can(AU.CAP_EDIT, program.pk)):
        raise CapabilityMissing(AU.CAP_EDIT)
    return _finding_form(request, actor, program, None)


@login_required
def finding_detail(request: HttpRequest, slug: str, finding_id: str) -> HttpResponse:
    actor = actor_for_request(request)
    program = sel.audits_program_for_actor(actor=actor, slug=slug)
    finding = sel.finding_get_for_actor(actor=actor, program=program, public_id=finding_id)
    staff = sel.is_staff(actor, program)
    return render(
        request,
        "audits/finding_detail.html",
        {
            "program": program,
            "finding": finding,
            "staff": staff,
            "evidence": list(finding.evidence.filter(cap_item__isnull=True)) if staff else [],
            "items": list(sel.cap_items_for_actor(actor=actor, program=program).filter(finding=finding)),
            "can_draft": actor.can(AU.CAP_EDIT, program.pk),
            "can_add_evidence": staff and (actor.can(AU.PERFORM, program.pk) or actor.can(AU.CAP_EDIT, program.pk)),
            "events": events_for_object(finding)[:20] if staff else [],
        },
    )


@login_required
def finding_evidence(request: HttpRequest, slug: str, finding_id: str) -> HttpResponse:
    actor, program, finding = _finding(request, slug, finding_id)
    if not (actor.can(AU.PERFORM, program.pk) or actor.can(AU.CAP_EDIT, program.pk)):
        raise CapabilityMissing(AU.PERFORM)
    form = EvidenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            lambda: services.finding_evidence_add(
                actor=actor, finding=finding, content=form.cleaned_data["file"] or None, note=form.cleaned_data["note"]
            ),
            form=form,
        )
        if outcome.ok:
            messages.success(request, _("Evidence added."))
            return redirect("audits:finding", slug=slug, finding_id=finding_id)
    return _action(
        request,
        program,
        form,
        heading=_("Add evidence"),
        intro=_("Internal: seen by program staff only."),
        back=reverse("audits:finding", args=[slug, finding_id]),
        submit=_("Add"),
        multipart=True,
    )

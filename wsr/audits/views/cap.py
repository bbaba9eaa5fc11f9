"""Corrective action pages: lists, CSV export, drafting, and each step of the workflow.

Each view parses input, checks the actor's scope (selectors raise 404 outside it, 403 without the
capability), and calls exactly one service; a refused action comes back as a form error.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wsr.accounts.models import Organisation
from wsr.accounts.selectors import actor_for_request
from wsr.audits import selectors as sel
from wsr.audits import services
from wsr.audits.capabilities import AuditCapability as AU
from wsr.audits.forms import (
    CapItemForm,
    ReasonForm,
    ReportFixedForm,
    VerifyForm,
)
from wsr.audits.models import CAP_STATE_LABELS, CapItem
from wsr.audits.transitions import CAP_EDITABLE, CapState, allowed_cap_targets
from wsr.audits.views._common import _action, _finding
from wsr.core.csv_export import CsvWriter
from wsr.core.events import events_for_object
from wsr.core.permissions import Actor
from wsr.core.views import run_service
from wsr.programs.models import Program
from wsr.registry.models import SourcingRelation

CSV_HEADER = [
    "cap_item",
    "facility",
    "facility_name",
    "finding",
    "provision",
    "category",
    "severity",
    "action",
    "owner",
    "due_on",
    "payer",
    "funding",
    "state",
    "overdue",
    "reported_at",
    "verified_at",
]


# --- CAP items -----------------------------------------------------------------------------------


def _funding(data: dict[str, Any], facility: Any) -> list[services.FundingLine]:
    lines = []
    if data.get("supplier_amount_minor") is not None and facility.supplier is not None:
        lines.append(services.FundingLine(facility.supplier, data["supplier_amount_minor"], data["currency"]))
    if data.get("brand_amount_minor") is not None and data.get("brand") is not None:
        lines.append(services.FundingLine(data["brand"], data["brand_amount_minor"], data["currency"]))
    return lines


def _facility_brands(program: Program, facility: Any) -> Any:
    ids = SourcingRelation.objects.filter(program=program, facility=facility).values("brand_id")
    return Organisation.objects.filter(pk__in=ids).order_by("name")


@login_required
def cap_new(request: HttpRequest, slug: str, finding_id: str) -> HttpResponse:
    actor, program, finding = _finding(request, slug, finding_id)
    actor.require(AU.CAP_EDIT, program.pk)
    form = CapItemForm(
        request.POST or None,
        brands=_facility_brands(program, finding.facility),
        initial={"currency": program.currency},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = run_service(
            lambda: services.cap_item_draft(
                actor=actor,
                finding=finding,
                action=data["action"],
                owner=data["owner"],
                due_on=data["due_on"],
                payer=data["payer"],
                funding=_funding(data, finding.facility),
            ),
            form=form,
        )
        if outcome.ok:
            item = outcome.value
            messages.success(request, _("Corrective action drafted."))
            return redirect("audits:cap", slug=slug, cap_id=item.public_id)
    return _action(
        request,
        program,
        form,
        heading=_("Draft a corrective action"),
        intro=finding.public_summary,
        back=reverse("audits:finding", args=[slug, finding_id]),
        submit=_("Draft"),
    )


@login_required
def cap_list(request: HttpRequest, slug: str) -> HttpResponse:
    actor = actor_for_request(request)
    program = sel.audits_program_for_actor(actor=actor, slug=slug)
    state = request.GET.get("state", "")
    if state not in CapState.__members__.values():
        state = ""
    items = sel.cap_items_for_actor(actor=actor, program=program, state=state)
    return render(
        request,
        "audits/cap_list.html",
        {
            "program": program,
            "items": items,
            "state": state,
            "states": list(CAP_STATE_LABELS.items()),
            "can_export": actor.can(AU.EXPORT, program.pk),
        },
    )


@login_required
def cap_export(request: HttpRequest, slug: str) -> HttpResponse:
    actor = actor_for_request(request)
    program = sel.audits_program_for_actor(actor=actor, slug=slug, capability=AU.EXPORT)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="cap-{program.slug}.csv"'
    writer = CsvWriter(response)
    writer.writerow(CSV_HEADER)
    for item in sel.cap_items_for_actor(actor=actor, program=program).prefetch_related("funding__organisation"):
        funding = "|".join(f"{f.organisation.name}: {f.money.format()}" for f in item.funding.all())
        writer.writerow(
            (
                item.public_id,
                item.facility.public_id,
                item.facility.name,
                item.finding.public_id,
                item.finding.provision_ref,
                item.category,
                item.finding.severity,
                item.action,
                item.owner,
                item.due_on.isoformat() if item.due_on else "",
                item.payer,
                funding,
                item.state,
                "yes" if item.is_overdue else "no",
                item.reported_at.isoformat() if item.reported_at else "",
                item.verified_at.isoformat() if item.verified_at else "",
            )
        )
    return response


def _cap(request: HttpRequest, slug: str, cap_id: str, capability: str = "") -> tuple[Actor, Program, CapItem]:
    actor = actor_for_request(request)
    program = sel.audits_program_for_actor(actor=actor, slug=slug)
    return (
        actor,
        program,
        sel.cap_item_get_for_actor(actor=actor, program=program, public_id=cap_id, capability=capability),
    )


def _cap_done(request: HttpRequest, item: CapItem, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("audits:cap", slug=item.program.slug, cap_id=item.public_id)


@login_required
def cap_detail(request: HttpRequest, slug: str, cap_id: str) -> HttpResponse:
    actor, program, item = _cap(request, slug, cap_id)
    staff = sel.is_staff(actor, program)
    own = item.facility.supplier_id is not None and item.facility.supplier_id == actor.organisation_id
    targets = allowed_cap_targets(item.state)
    return render(
        request,
        "audits/cap_detail.html",
        {
            "program": program,
            "item": item,
            "finding": item.finding,
            "staff": staff,
            "funding": list(item.funding.select_related("organisation")),
            "evidence": list(item.evidence.all()) if (staff or own) else [],
            "can_edit": actor.can(AU.CAP_EDIT, program.pk) and item.state in CAP_EDITABLE,
            "can_agree": actor.can(AU.CAP_EDIT, program.pk) and CapState.AGREED in targets,
            "can_start": own and actor.can(AU.CAP_REPORT_FIXED, program.pk) and CapState.IN_PROGRESS in targets,
            "can_report": own and actor.can(AU.CAP_REPORT_FIXED, program.pk) and CapState.REPORTED_FIXED in targets,
            "can_verify": actor.can(AU.CAP_VERIFY, program.pk)
            and CapState.VERIFIED_FIXED in targets
            and item.reported_by_organisation_id != actor.organisation_id,
            "events": events_for_object(item)[:30] if staff else [],
        },
    )


@login_required
def cap_edit(request: HttpRequest, slug: str, cap_id: str) -> HttpResponse:
    actor, program, item = _cap(request, slug, cap_id, AU.CAP_EDIT)
    funding = {f.organisation_id: f for f in item.funding.select_related("organisation")}
    supplier_line = funding.pop(item.facility.supplier_id, None) if item.facility.supplier_id else None
    brand_line = next(iter(funding.values()), None)
    initial = {
        "action": item.action,
        "owner": item.owner,
        "due_on": item.due_on,
        "payer": item.payer,
        "currency": line.currency if (line := supplier_line or brand_line) is not None else program.currency,
        "supplier_amount_minor": supplier_line.amount_minor if supplier_line else None,
        "brand": brand_line.organisation.public_id if brand_line else None,
        "brand_amount_minor": brand_line.amount_minor if brand_line else None,
    }
    form = CapItemForm(request.POST or None, brands=_facility_brands(program, item.facility), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = run_service(
            lambda: services.cap_item_update(
                actor=actor,
                item=item,
                action=data["action"],
                owner=data["owner"],
                due_on=data["due_on"],
                payer=data["payer"],
                funding=_funding(data, item.facility),
            ),
            form=form,
        )
        if outcome.ok:
            return _cap_done(request, item, _("Corrective action saved."))
    return _action(
        request,
        program,
        form,
        heading=_("Edit the corrective action"),
        back=reverse("audits:cap", args=[slug, cap_id]),
        submit=_("Save"),
    )


@login_required
@require_POST
def cap_agree(request: HttpRequest, slug: str, cap_id: str) -> HttpResponse:
    actor, _program, item = _cap(request, slug, cap_id, AU.CAP_EDIT)
    outcome = run_service(lambda: services.cap_item_agree(actor=actor, item=item), request=request)
    if not outcome.ok:
        return redirect("audits:cap", slug=slug, cap_id=cap_id)
    return _cap_done(request, item, _("The corrective action is agreed."))


@login_required
@require_POST
def cap_start(request: HttpRequest, slug: str, cap_id: str) -> HttpResponse:
    actor, _program, item = _cap(request, slug, cap_id, AU.CAP_REPORT_FIXED)
    outcome = run_service(lambda: services.cap_item_start(actor=actor, item=item), request=request)
    if not outcome.ok:
        return redirect("audits:cap", slug=slug, cap_id=cap_id)
    return _cap_done(request, item, _("Work on the corrective action has started."))


@login_required
def cap_report(request: HttpRequest, slug: str, cap_id: str) -> HttpResponse:
    actor, program, item = _cap(request, slug, cap_id, AU.CAP_REPORT_FIXED)
    form = ReportFixedForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            lambda: services.cap_item_report_fixed(
                actor=actor, item=item, note=form.cleaned_data["note"], photo=form.cleaned_data["photo"]
            ),
            form=form,
        )
        if outcome.ok:
            return _cap_done(request, item, _("Reported fixed. The monitor will verify it."))
    return _action(
        request,
        program,
        form,
        heading=_("Report the item fixed"),
        intro=item.action,
        back=reverse("audits:cap", args=[slug, cap_id]),
        submit=_("Report fixed"),
        multipart=True,
    )


@login_required
def cap_verify(request: HttpRequest, slug: str, cap_id: str) -> HttpResponse:
    actor, program, item = _cap(request, slug, cap_id, AU.CAP_VERIFY)
    form = VerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            lambda: services.cap_item_verify(actor=actor, item=item, note=form.cleaned_data["note"]), form=form
        )
        if outcome.ok:
            return _cap_done(request, item, _("Verified fixed."))
    return _action(
        request,
        program,
        form,
        heading=_("Verify the fix"),
        intro=item.action,
        back=reverse("audits:cap", args=[slug, cap_id]),
        submit=_("Verify fixed"),
        evidence=list(item.evidence.all()),
    )


@login_required
def cap_reopen(request: HttpRequest, slug: str, cap_id: str) -> HttpResponse:
    actor, program, item = _cap(request, slug, cap_id, AU.CAP_VERIFY)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            lambda: services.cap_item_reopen(actor=actor, item=item, reason=form.cleaned_data["reason"]), form=form
        )
        if outcome.ok:
            return _cap_done(request, item, _("Reopened: the supplier has to fix it again."))
    return _action(
        request,
        program,
        form,
        heading=_("Reopen: not fixed"),
        intro=item.action,
        back=reverse("audits:cap", args=[slug, cap_id]),
        submit=_("Reopen"),
        danger=True,
    )


@login_required
def evidence_download(request: HttpRequest, slug: str, evidence_id: str) -> FileResponse:
    actor = actor_for_request(request)
    program = sel.audits_program_for_actor(actor=actor, slug=slug)
    evidence = sel.evidence_get_for_actor(actor=actor, program=program, public_id=evidence_id)
    if not evidence.file:
        from django.http import Http404

        raise Http404("No file")
    response = FileResponse(evidence.file.open("rb"), content_type=evidence.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'"
    return response

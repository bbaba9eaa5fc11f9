"""Standing pages: the program's enforcement dashboard, each facility's standing history, the
monitor's decisions, enforcement notices (the HTML document each addressee opens, acknowledges or
answers), escalations and the worker organisation's objections. Each view: parse, authorise,
call one service."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wsr.accounts.selectors import actor_for_request
from wsr.core import clock
from wsr.core.errors import DomainError, NotFound
from wsr.core.pdf import render_pdf
from wsr.core.permissions import Actor
from wsr.core.views import run_service
from wsr.programs.models import Program
from wsr.programs.selectors import program_get_for_actor
from wsr.registry.selectors import facility_get_for_actor
from wsr.standing import selectors as sel
from wsr.standing import services, webhooks
from wsr.standing.capabilities import StandingCapability as SC
from wsr.standing.forms import DecisionForm, MeetingForm, RespondForm, StageForm, TextForm, WebhookForm
from wsr.standing.models import STAGE_LABELS, STANDING_LABELS, FacilityStanding, Objection, WebhookEndpoint
from wsr.standing.transitions import Standing, case_outcomes


def _program(request: HttpRequest, slug: str, capability: str) -> tuple[Actor, Program]:
    actor = actor_for_request(request)
    return actor, program_get_for_actor(actor=actor, slug=slug, capability=capability)


def _viewer_program(request: HttpRequest, slug: str) -> tuple[Actor, Program]:
    """Staff and the worker organisation (VIEW_ALL), a supplier (VIEW_OWN) or a brand (VIEW_NOTICES)."""
    actor = actor_for_request(request)
    for capability in (SC.VIEW_ALL, SC.VIEW_OWN, SC.VIEW_NOTICES):
        if actor.program_ids_with(capability):
            return actor, program_get_for_actor(actor=actor, slug=slug, capability=capability)
    return actor, program_get_for_actor(actor=actor, slug=slug, capability=SC.VIEW_ALL)


def _action(
    request: HttpRequest, program: Program, form: Any, *, heading: str, back: str, **extra: Any
) -> HttpResponse:
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "standing/action.html",
        {"program": program, "form": form, "heading": heading, "back": back, "submit": _("Save"), **extra},
        status=status,
    )


@login_required
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    actor, program = _program(request, slug, SC.VIEW_ALL)
    return render(
        request,
        "standing/dashboard.html",
        {
            "program": program,
            "board": sel.enforcement_dashboard(actor=actor, program=program),
            "decisions": sel.decisions_for_actor(actor=actor, program=program)[:50],
            "standings": sel.standings_for_actor(actor=actor, program=program),
            "can_decide": actor.can(SC.DECIDE, program.pk),
            "can_object": actor.can(SC.OBJECT, program.pk),
            "can_answer": actor.can(SC.ANSWER_OBJECTION, program.pk),
        },
    )


def _facility_standing(actor: Actor, program: Program, facility_id: str) -> tuple[Any, FacilityStanding | None]:
    if actor.can(SC.VIEW_ALL, program.pk):
        facility = facility_get_for_actor(actor=actor, public_id=facility_id)
        if not facility.program_links.filter(program=program).exists():
            raise NotFound("facility")
        return facility, FacilityStanding.objects.filter(program=program, facility=facility).first()
    standing = sel.standing_get_for_actor(actor=actor, program=program, facility_public_id=facility_id)
    return standing.facility, standing


@login_required
def facility(request: HttpRequest, slug: str, facility_id: str) -> HttpResponse:
    actor, program = _viewer_program(request, slug)
    found, standing = _facility_standing(actor, program, facility_id)
    return render(
        request,
        "standing/facility.html",
        {
            "program": program,
            "facility": found,
            "standing": standing,
            "status_label": standing.status_label if standing else _("Applicant"),
            "history": sel.standing_history(standing) if standing else [],
            "escalations": sel.escalations_for_actor(actor=actor, program=program).filter(facility=found),
            "can_decide": actor.can(SC.DECIDE, program.pk),
            "can_escalate": actor.can(SC.ESCALATE, program.pk),
            "can_object": actor.can(SC.OBJECT, program.pk),
        },
    )


@login_required
def eligibility(request: HttpRequest, slug: str) -> HttpResponse:
    """A brand's facilities and whether it may buy from each now (staff see every facility)."""
    actor, program = _viewer_program(request, slug)
    return render(
        request,
        "standing/eligibility.html",
        {
            "program": program,
            "standings": sel.standings_for_actor(actor=actor, program=program),
            "can_webhooks": bool(actor.organisation_id) and actor.can(SC.ACKNOWLEDGE_NOTICE, program.pk),
        },
    )


@login_required
def decide(request: HttpRequest, slug: str, facility_id: str) -> HttpResponse:
    actor, program = _program(request, slug, SC.DECIDE)
    found, standing = _facility_standing(actor, program, facility_id)
    current = standing.status if standing else Standing.APPLICANT
    form = DecisionForm(request.POST or None, current=current)
    back = reverse("standing:facility", args=[slug, facility_id])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        facilities = [found]
        if data["whole_supplier"] and found.supplier_id:
            facilities = services.supplier_facilities(program=program, supplier_id=found.supplier_id)
        done = run_service(
            lambda: services.standing_decide(
                actor=actor,
                program=program,
                facilities=facilities,
                target=data["target"],
                grounds=data["grounds"],
                grounds_ref=data["grounds_ref"],
                reason=data["reason"],
                supplier_id=found.supplier_id if data["whole_supplier"] else None,
            ),
            form=form,
        )
        if done.ok:
            return redirect(back)
    return _action(request, program, form, heading=_("Standing decision: %(name)s") % {"name": found.name}, back=back)


@login_required
def decision(request: HttpRequest, slug: str, decision_id: str) -> HttpResponse:
    actor, program = _program(request, slug, SC.VIEW_ALL)
    found = sel.decision_get_for_actor(actor=actor, program=program, public_id=decision_id)
    return render(
        request,
        "standing/decision.html",
        {
            "program": program,
            "decision": found,
            "objections": found.objections.order_by("lodged_at"),
            "can_object": actor.can(SC.OBJECT, program.pk),
        },
    )


@login_required
def object_to(request: HttpRequest, slug: str, decision_id: str) -> HttpResponse:
    actor, program = _program(request, slug, SC.OBJECT)
    found = sel.decision_get_for_actor(actor=actor, program=program, public_id=decision_id)
    form = TextForm(request.POST or None)
    form.fields["text"].label = _("Your objection")
    back = reverse("standing:decision", args=[slug, decision_id])
    if request.method == "POST" and form.is_valid():
        done = run_service(
            lambda: services.objection_lodge(
                actor=actor,
                program=program,
                kind=Objection.Kind.OBJECTION,
                decision=found,
                text=form.cleaned_data["text"],
            ),
            form=form,
        )
        if done.ok:
            return redirect(back)
    return _action(request, program, form, heading=_("Object to decision %(id)s") % {"id": found.public_id}, back=back)


@login_required
def request_escalation(request: HttpRequest, slug: str, facility_id: str) -> HttpResponse:
    actor, program = _program(request, slug, SC.OBJECT)
    found, _standing = _facility_standing(actor, program, facility_id)
    form = TextForm(request.POST or None)
    form.fields["text"].label = _("Why the facility should be escalated")
    back = reverse("standing:facility", args=[slug, facility_id])
    if request.method == "POST" and form.is_valid():
        done = run_service(
            lambda: services.objection_lodge(
                actor=actor,
                program=program,
                kind=Objection.Kind.ESCALATION_REQUEST,
                facility=found,
                text=form.cleaned_data["text"],
            ),
            form=form,
        )
        if done.ok:
            return redirect(back)
    return _action(request, program, form, heading=_("Ask for escalation: %(name)s") % {"name": found.name}, back=back)


@login_required
def answer(request: HttpRequest, slug: str, objection_id: str) -> HttpResponse:
    actor, program = _program(request, slug, SC.ANSWER_OBJECTION)
    found = sel.objection_get_for_actor(actor=actor, public_id=objection_id)
    if found.program_id != program.pk:
        raise NotFound("objection")
    form = TextForm(request.POST or None)
    form.fields["text"].label = _("Your answer")
    back = reverse("standing:dashboard", args=[slug])
    if request.method == "POST" and form.is_valid():
        done = run_service(
            lambda: services.objection_answer(actor=actor, objection=found, answer=form.cleaned_data["text"]),
            form=form,
        )
        if done.ok:
            return redirect(back)
    return _action(request, program, form, heading=_("Answer the worker organisation"), back=back, objection=found)


@login_required
def notice_list(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    return render(request, "standing/notice_list.html", {"notices": sel.notices_for_actor(actor=actor)[:200]})


@login_required
def notice(request: HttpRequest, notice_id: str) -> HttpResponse:
    actor = actor_for_request(request)
    found = services.notice_open(actor=actor, notice=sel.notice_get_for_actor(actor=actor, public_id=notice_id))
    is_addressee = actor.organisation_id == found.organisation_id
    return render(
        request,
        "standing/notice.html",
        {
            "notice": found,
            "can_acknowledge": is_addressee and found.addressee == "brand" and not found.acknowledged_at,
            "can_respond": is_addressee and found.addressee == "supplier" and not found.responded_at,
            "respond_form": RespondForm(),
        },
    )


@login_required
def notice_pdf(request: HttpRequest, notice_id: str) -> HttpResponse:
    """The notice as a PDF document (same content as its page, in the viewer's language), for
    exactly those who may see the notice; downloading it opens it (delivery record)."""
    actor = actor_for_request(request)
    found = services.notice_open(actor=actor, notice=sel.notice_get_for_actor(actor=actor, public_id=notice_id))
    html = render_to_string("standing/notice_pdf.html", {"notice": found, "generated_at": clock.now()}, request=request)
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{found.public_id}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def notice_acknowledge(request: HttpRequest, notice_id: str) -> HttpResponse:
    actor = actor_for_request(request)
    found = sel.notice_get_for_actor(actor=actor, public_id=notice_id)
    actor.require(SC.ACKNOWLEDGE_NOTICE, found.program_id)
    try:
        services.notice_acknowledge(actor=actor, notice=found)
    except DomainError as exc:
        return render(request, "standing/notice.html", {"notice": found, "error": exc.message}, status=400)
    return redirect("standing:notice", notice_id)


@login_required
@require_POST
def notice_respond(request: HttpRequest, notice_id: str) -> HttpResponse:
    actor = actor_for_request(request)
    found = sel.notice_get_for_actor(actor=actor, public_id=notice_id)
    actor.require(SC.RESPOND_NOTICE, found.program_id)
    form = RespondForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.notice_respond(
                actor=actor, notice=found, text=form.cleaned_data["text"], appeal=form.cleaned_data["appeal"]
            )
        except DomainError as exc:
            error = str(exc.message)
        else:
            return redirect("standing:notice", notice_id)
    context = {"notice": found, "respond_form": form, "can_respond": True, "error": error}
    return render(request, "standing/notice.html", context, status=400)


@login_required
def case(request: HttpRequest, slug: str, case_id: str) -> HttpResponse:
    actor, program = _program(request, slug, SC.DECIDE)
    found = sel.zero_tolerance_case_get(actor=actor, public_id=case_id)
    if found.program_id != program.pk:
        raise NotFound("case")
    standing = FacilityStanding.objects.filter(program=program, facility=found.facility).first()
    current = standing.status if standing else Standing.APPLICANT
    outcomes = [str(o) for o in case_outcomes(standing=current, remedy_hours=program.zero_tolerance_remedy_hours)]
    form = TextForm(request.POST or None)
    form.fields["text"].label = (
        _("Reason (suspension) or the immediate remedy taken")
        if "suspended" in outcomes
        else _("Reason for closing the case")
    )
    if request.method == "POST" and form.is_valid():
        text, outcome = form.cleaned_data["text"], request.POST.get("outcome", "suspend")
        services_for = {
            "remedy": lambda: services.zero_tolerance_remedy(actor=actor, case=found, remedy=text),
            "close": lambda: services.zero_tolerance_close(actor=actor, case=found, reason=text),
        }
        call = services_for.get(outcome, lambda: services.zero_tolerance_suspend(actor=actor, case=found, reason=text))
        done = run_service(call, form=form)
        if done.ok:
            return redirect("standing:dashboard", slug)
    status = 400 if request.method == "POST" else 200
    context = {
        "program": program,
        "case": found,
        "form": form,
        "outcomes": outcomes,
        "standing_label": STANDING_LABELS[Standing(current)],
    }
    return render(request, "standing/case.html", context, status=status)


@login_required
def escalate(request: HttpRequest, slug: str, facility_id: str) -> HttpResponse:
    actor, program = _program(request, slug, SC.ESCALATE)
    found, _standing = _facility_standing(actor, program, facility_id)
    form = TextForm(request.POST or None)
    form.fields["text"].label = _("Reason for the stage 1 notice")
    back = reverse("standing:facility", args=[slug, facility_id])
    if request.method == "POST" and form.is_valid():
        done = run_service(
            lambda: services.escalation_open(
                actor=actor, program=program, facility=found, reason=form.cleaned_data["text"]
            ),
            form=form,
        )
        if done.ok:
            return redirect(back)
    return _action(request, program, form, heading=_("Open an escalation: %(name)s") % {"name": found.name}, back=back)


@login_required
def escalation(request: HttpRequest, slug: str, escalation_id: str) -> HttpResponse:
    actor, program = _viewer_program(request, slug)
    found = sel.escalation_get_for_actor(actor=actor, public_id=escalation_id)
    if found.program_id != program.pk:
        raise NotFound("escalation")
    can_escalate = actor.can(SC.ESCALATE, program.pk)
    stage_form = StageForm(request.POST if "to" in request.POST else None, current=found.status, labels=STAGE_LABELS)
    meeting_form = MeetingForm(request.POST if "held_on" in request.POST else None)
    status = 200
    if request.method == "POST":
        actor.require(SC.ESCALATE, program.pk)
        status = 400
        try:
            if "to" in request.POST and stage_form.is_valid():
                services.escalation_move(
                    actor=actor,
                    escalation=found,
                    to=stage_form.cleaned_data["to"],
                    reason=stage_form.cleaned_data["reason"],
                )
                return redirect("standing:escalation", slug, escalation_id)
            if "held_on" in request.POST and meeting_form.is_valid():
                services.escalation_meeting_record(
                    actor=actor,
                    escalation=found,
                    held_on=meeting_form.cleaned_data["held_on"],
                    note=meeting_form.cleaned_data["note"],
                )
                return redirect("standing:escalation", slug, escalation_id)
        except DomainError as exc:
            stage_form.add_error(None, exc.message)
    notices = sel.notices_for_actor(actor=actor, program=program).filter(subject_ref__startswith=found.public_id)
    return render(
        request,
        "standing/escalation.html",
        {
            "program": program,
            "escalation": found,
            "notices": notices,
            "can_escalate": can_escalate,
            "stage_form": stage_form,
            "meeting_form": meeting_form,
        },
        status=status,
    )


@login_required
def webhook_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The brand's webhook endpoints in the program, their recent deliveries, and a form to add
    one; the new endpoint's secret is shown on the answer to that POST only."""
    actor, program = _program(request, slug, SC.ACKNOWLEDGE_NOTICE)
    form = WebhookForm(request.POST or None)
    created: tuple[WebhookEndpoint, str] | None = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            done = run_service(
                lambda: webhooks.webhook_endpoint_create(
                    actor=actor, program=program, url=form.cleaned_data["url"], events=form.cleaned_data["events"]
                ),
                form=form,
                field="url",
            )
            if done.ok:
                created, status, form = done.value, 201, WebhookForm()
    endpoints = [
        (endpoint, webhooks.deliveries_for(endpoint))
        for endpoint in webhooks.endpoints_for_actor(actor=actor, program=program)
    ]
    return render(
        request,
        "standing/webhooks.html",
        {
            "program": program,
            "form": form,
            "endpoints": endpoints,
            "created": created,
            "event_labels": webhooks.EVENTS,
        },
        status=status,
    )


@login_required
@require_POST
def webhook_disable(request: HttpRequest, slug: str, endpoint_id: str) -> HttpResponse:
    actor, program = _program(request, slug, SC.ACKNOWLEDGE_NOTICE)
    found = webhooks.endpoints_for_actor(actor=actor, program=program).filter(public_id=endpoint_id).first()
    if found is None:
        raise NotFound("webhook endpoint")
    run_service(lambda: webhooks.webhook_endpoint_disable(actor=actor, endpoint=found), request=request)
    return redirect("standing:webhooks", slug)

"""Alert pages: the program's imminent-danger alerts (open ones first), one alert with its
acknowledgement, the on-call roster, and every user's choice of to-do e-mails. Each view: parse,
authorise, call one service."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from wsr.accounts.selectors import actor_for_request
from wsr.alerts import selectors as sel
from wsr.alerts.capabilities import AlertCapability as AC
from wsr.alerts.errors import AlertErrorCode
from wsr.alerts.forms import AcknowledgeForm, NotificationForm, OnCallAddForm, OnCallSetForm
from wsr.alerts.models import DangerAlert, OnCall
from wsr.alerts.services.danger import danger_alert_acknowledge
from wsr.alerts.services.notify import notification_preference_set
from wsr.alerts.services.roster import on_call_add, on_call_set
from wsr.core.errors import NotFound
from wsr.core.events import events_for_object
from wsr.core.permissions import Actor
from wsr.core.views import run_service
from wsr.programs.models import Program
from wsr.programs.selectors import program_get_for_actor


def _program(request: HttpRequest, slug: str, capability: str) -> tuple[Actor, Program]:
    actor = actor_for_request(request)
    return actor, program_get_for_actor(actor=actor, slug=slug, capability=capability)


@login_required
def alert_list(request: HttpRequest, slug: str) -> HttpResponse:
    actor, program = _program(request, slug, AC.VIEW)
    alerts = sel.alerts_for_program(program=program)
    return render(
        request,
        "alerts/list.html",
        {
            "program": program,
            "open": alerts.filter(status="open").order_by("raised_at"),
            "done": alerts.exclude(status="open")[:50],
            "on_call": sel.on_call_now(program=program),
            "me_on_call": sel.is_on_call(program=program, user=request.user),
            "can_manage": actor.can(AC.MANAGE_ROSTER, program.pk),
        },
    )


def _alert_page(
    request: HttpRequest,
    actor: Actor,
    program: Program,
    alert: DangerAlert,
    *,
    form: AcknowledgeForm,
    status: int = 200,
) -> HttpResponse:
    on_call = sel.is_on_call(program=program, user=request.user)
    return render(
        request,
        "alerts/alert.html",
        {
            "program": program,
            "alert": alert,
            "form": form,
            "can_acknowledge": alert.is_open and on_call and actor.can(AC.ACKNOWLEDGE, program.pk),
            "on_call": on_call,
            "events": events_for_object(alert)[:50],
        },
        status=status,
    )


@login_required
def alert(request: HttpRequest, slug: str, alert_id: str) -> HttpResponse:
    actor, program = _program(request, slug, AC.VIEW)
    found = sel.alert_get_for_actor(actor=actor, program=program, public_id=alert_id)
    return _alert_page(request, actor, program, found, form=AcknowledgeForm())


@login_required
@require_POST
def acknowledge(request: HttpRequest, slug: str, alert_id: str) -> HttpResponse:
    actor, program = _program(request, slug, AC.ACKNOWLEDGE)
    found = sel.alert_get_for_actor(actor=actor, program=program, public_id=alert_id)
    form = AcknowledgeForm(request.POST)
    if form.is_valid():
        done = run_service(
            lambda: danger_alert_acknowledge(actor=actor, alert=found, note=form.cleaned_data["note"]), form=form
        )
        if done.ok:
            return redirect("alerts:alert", slug, alert_id)
        # Someone who is not on call is refused (403); any other refusal is a bad request.
        status = 403 if done.error is not None and done.error.code == AlertErrorCode.NOT_ON_CALL else 400
        return _alert_page(request, actor, program, found, form=form, status=status)
    return _alert_page(request, actor, program, found, form=form, status=400)


def _staff_choices(program: Program) -> list[tuple[str, str]]:
    return [(str(u.pk), u.get_full_name() or u.username) for u in sel.eligible_staff(program=program)]


@login_required
def roster(request: HttpRequest, slug: str) -> HttpResponse:
    actor, program = _program(request, slug, AC.VIEW)
    can_manage = actor.can(AC.MANAGE_ROSTER, program.pk)
    form = OnCallAddForm(request.POST or None, staff=_staff_choices(program))
    status = 200
    if request.method == "POST":
        actor.require(AC.MANAGE_ROSTER, program.pk)
        status = 400
        if form.is_valid():
            user = sel.eligible_staff(program=program).filter(pk=form.cleaned_data["user"]).first()
            if user is None:
                raise NotFound("staff member")
            done = run_service(
                lambda: on_call_add(actor=actor, program=program, user=user, phone=form.cleaned_data["phone"]),
                form=form,
            )
            if done.ok:
                return redirect("alerts:roster", slug)
    return render(
        request,
        "alerts/roster.html",
        {"program": program, "rows": sel.on_call_roster(program=program), "form": form, "can_manage": can_manage},
        status=status,
    )


@login_required
@require_POST
def roster_set(request: HttpRequest, slug: str, row_id: str) -> HttpResponse:
    actor, program = _program(request, slug, AC.MANAGE_ROSTER)
    row = OnCall.objects.filter(program=program, public_id=row_id).select_related("user", "program").first()
    if row is None:
        raise NotFound("on-call row")
    form = OnCallSetForm(request.POST)
    if form.is_valid():
        done = run_service(
            lambda: on_call_set(
                actor=actor, row=row, phone=form.cleaned_data["phone"], active=form.cleaned_data["active"]
            ),
            request=request,
        )
        if done.ok:
            return redirect("alerts:roster", slug)
    add = OnCallAddForm(staff=_staff_choices(program))
    return render(
        request,
        "alerts/roster.html",
        {"program": program, "rows": sel.on_call_roster(program=program), "form": add, "can_manage": True},
        status=400,
    )


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    current = sel.notification_mode(request.user)  # type: ignore[arg-type]
    form = NotificationForm(request.POST or None, initial={"mode": current})
    saved = False
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            done = run_service(
                lambda: notification_preference_set(actor=actor, mode=form.cleaned_data["mode"]), form=form
            )
            if done.ok:
                return redirect(f"{request.path}?saved=1")
    saved = request.GET.get("saved") == "1"
    return render(request, "alerts/notifications.html", {"form": form, "saved": saved}, status=status)

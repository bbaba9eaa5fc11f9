"""Ledger pages: the brand's obligations (owed, paid, overdue) and its payments, the supplier's
premium statement (confirm payments, record distributions, upload a payroll summary), the
monitor's reconciliation with drill-down to lines and auditors' exports. Each view: parse,
authorise, call one service or read selectors. Charts are drawn from the same figures as the
table beside them (the table is the page; the chart is an addition for readers with JavaScript)."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wsr.accounts.models import Organisation
from wsr.accounts.selectors import actor_for_request
from wsr.core.csv_export import csv_lines
from wsr.core.errors import DomainError, NotFound
from wsr.core.permissions import Actor
from wsr.core.views import run_service
from wsr.ledger import exports, services
from wsr.ledger import selectors as sel
from wsr.ledger.capabilities import LedgerCapability as LC
from wsr.ledger.forms import ConfirmForm, DistributionForm, NoteForm, PaymentForm, PayrollUploadForm, ReasonForm
from wsr.ledger.journal import journal_verify
from wsr.ledger.models import DistributionSource, FindingStatus, PaymentStatus
from wsr.ledger.reconcile import reconciliation_run, reconciliation_table
from wsr.programs.models import Program
from wsr.programs.selectors import program_get_for_actor
from wsr.registry.models import Facility


def _program(request: HttpRequest, slug: str, capability: str) -> tuple[Actor, Program]:
    actor = actor_for_request(request)
    return actor, program_get_for_actor(actor=actor, slug=slug, capability=capability)


def _viewer(request: HttpRequest, slug: str) -> tuple[Actor, Program]:
    """Anyone with a ledger view in the program (staff, the brand, the supplier)."""
    actor = actor_for_request(request)
    for capability in (LC.VIEW_ALL, LC.VIEW_BRAND, LC.VIEW_SUPPLIER):
        if actor.program_ids_with(capability):
            try:
                return actor, program_get_for_actor(actor=actor, slug=slug, capability=capability)
            except DomainError:
                continue
    return actor, program_get_for_actor(actor=actor, slug=slug, capability=LC.VIEW_ALL)


def _chart(points: list[sel.SeasonPoint]) -> dict[str, Any]:
    """The figures of the chart: the same numbers the table shows (in major units for the axis)."""
    from wsr.core.money import exponent

    scale = 10 ** exponent(points[0].currency) if points else 100
    return {
        "labels": [p.name for p in points],
        "currency": points[0].currency if points else "",
        "series": [
            {"label": str(_("Owed")), "data": [p.owed / scale for p in points]},
            {"label": str(_("Paid")), "data": [p.paid / scale for p in points]},
            {"label": str(_("Distributed to workers")), "data": [p.distributed / scale for p in points]},
        ],
    }


def _form_page(
    request: HttpRequest, program: Program, form: Any, *, heading: str, back: str, **extra: Any
) -> HttpResponse:
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "ledger/form.html",
        {"program": program, "form": form, "heading": heading, "back": back, **extra},
        status=status,
    )


# --- brand ----------------------------------------------------------------------------------------


@login_required
def obligations(request: HttpRequest, slug: str) -> HttpResponse:
    actor, program = _program(request, slug, LC.VIEW_BRAND)
    rows = sel.key_totals(actor=actor, program=program)
    points = sel.season_series(actor=actor, program=program)
    return render(
        request,
        "ledger/obligations.html",
        {
            "program": program,
            "rows": rows,
            "totals": _sum(rows),
            "findings": sel.findings_for_actor(actor=actor, program=program),
            "payments": sel.payments_for_actor(actor=actor, program=program)[:50],
            "points": points,
            "chart": _chart(points),
            "can_pay": actor.can(LC.RECORD_PAYMENT, program.pk),
        },
    )


def _sum(rows: list[sel.KeyTotals]) -> dict[str, Any]:
    currency = rows[0].currency if rows else ""
    same = [r for r in rows if r.currency == currency]
    return {
        "currency": currency,
        "owed": sum(r.owed for r in same),
        "paid": sum(r.paid for r in same),
        "pending": sum(r.pending for r in same),
        "unpaid": sum(r.unpaid for r in same),
        "distributed": sum(r.distributed for r in same),
        "admin_share": sum(r.admin_share for r in same),
        "undistributed": sum(r.undistributed for r in same),
    }


def _brand_facilities(actor: Actor, program: Program) -> list[tuple[str, str]]:
    found = Facility.objects.filter(
        sourcing__program=program, sourcing__brand_id=actor.organisation_id, supplier__isnull=False
    ).distinct()
    return [(f.public_id, f.display_name) for f in found.order_by("name")]


@login_required
def payment_new(request: HttpRequest, slug: str) -> HttpResponse:
    actor, program = _program(request, slug, LC.RECORD_PAYMENT)
    form = PaymentForm(request.POST or None, request.FILES or None, facilities=_brand_facilities(actor, program))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        brand = Organisation.objects.filter(pk=actor.organisation_id or 0).first()
        currency = services.premium_currency(program, brand) if brand else program.currency
        proof = data["proof"].read(services.PROOF_MAX_BYTES + 1) if data["proof"] else None

        def call() -> Any:
            return services.payment_record(
                actor=actor,
                program=program,
                facility=data["facility"],
                amount_minor=services.to_minor(data["amount"], currency),
                currency=currency,
                paid_on=data["paid_on"],
                period=data["period"],
                reference=data["reference"],
                proof=proof,
            )

        outcome = run_service(call, form=form)
        if outcome.ok:
            return redirect("ledger:payment", program.slug, outcome.value.public_id)
    return _form_page(
        request, program, form, heading=_("Record a premium payment"),
        back=reverse("ledger:obligations", args=[program.slug]), multipart=True,
    )  # fmt: skip


# --- payments (brand, supplier, staff) -----------------------------------------------------------


@login_required
def payment(request: HttpRequest, slug: str, payment_id: str) -> HttpResponse:
    actor, program = _viewer(request, slug)
    found = sel.payment_get_for_actor(actor=actor, program=program, public_id=payment_id)
    is_receiver = found.supplier_id == actor.organisation_id and actor.can(LC.CONFIRM_PAYMENT, program.pk)
    return render(
        request,
        "ledger/payment.html",
        {
            "program": program,
            "payment": found,
            "can_confirm": is_receiver and found.status == PaymentStatus.RECORDED,
            "can_reverse": actor.can(LC.REVERSE, program.pk) and found.status != PaymentStatus.REVERSED,
            "confirm_form": ConfirmForm(),
        },
    )


@login_required
def payment_proof(request: HttpRequest, slug: str, payment_id: str) -> FileResponse:
    actor, program = _viewer(request, slug)
    found = sel.payment_get_for_actor(actor=actor, program=program, public_id=payment_id)
    if not found.proof:
        raise NotFound("proof")
    return FileResponse(found.proof.open("rb"), as_attachment=True, filename=found.proof.name.rsplit("/", 1)[-1])


@login_required
@require_POST
def payment_confirm(request: HttpRequest, slug: str, payment_id: str) -> HttpResponse:
    actor, program = _program(request, slug, LC.CONFIRM_PAYMENT)
    found = sel.payment_get_for_actor(actor=actor, program=program, public_id=payment_id)
    form = ConfirmForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    run_service(lambda: services.payment_confirm(actor=actor, payment=found, note=note), request=request)
    return redirect("ledger:payment", program.slug, found.public_id)


@login_required
def payment_dispute(request: HttpRequest, slug: str, payment_id: str) -> HttpResponse:
    actor, program = _program(request, slug, LC.CONFIRM_PAYMENT)
    found = sel.payment_get_for_actor(actor=actor, program=program, public_id=payment_id)
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        note = form.cleaned_data["note"]
        if run_service(lambda: services.payment_dispute(actor=actor, payment=found, note=note), form=form).ok:
            return redirect("ledger:payment", program.slug, found.public_id)
    back = reverse("ledger:payment", args=[program.slug, found.public_id])
    return _form_page(request, program, form, heading=_("Dispute this payment"), back=back)


@login_required
def payment_reverse(request: HttpRequest, slug: str, payment_id: str) -> HttpResponse:
    actor, program = _program(request, slug, LC.REVERSE)
    found = sel.payment_get_for_actor(actor=actor, program=program, public_id=payment_id)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        if run_service(lambda: services.payment_reverse(actor=actor, payment=found, reason=reason), form=form).ok:
            return redirect("ledger:payment", program.slug, found.public_id)
    back = reverse("ledger:payment", args=[program.slug, found.public_id])
    return _form_page(request, program, form, heading=_("Reverse this payment"), back=back)


@login_required
def distribution_reverse(request: HttpRequest, slug: str, distribution_id: str) -> HttpResponse:
    actor, program = _program(request, slug, LC.REVERSE)
    found = sel.distribution_get_for_actor(actor=actor, program=program, public_id=distribution_id)
    form = ReasonForm(request.POST or None)
    back = reverse("ledger:drill", args=[program.slug, found.brand.public_id, found.facility.public_id])
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        call = lambda: services.distribution_reverse(actor=actor, distribution=found, reason=reason)  # noqa: E731
        if run_service(call, form=form).ok:
            return redirect(back)
    return _form_page(request, program, form, heading=_("Reverse this distribution"), back=back)


# --- supplier -------------------------------------------------------------------------------------


@login_required
def statement(request: HttpRequest, slug: str) -> HttpResponse:
    actor, program = _program(request, slug, LC.VIEW_SUPPLIER)
    rows = sel.key_totals(actor=actor, program=program)
    points = sel.season_series(actor=actor, program=program)
    return render(
        request,
        "ledger/statement.html",
        {
            "program": program,
            "rows": rows,
            "totals": _sum(rows),
            "to_confirm": sel.payments_for_actor(actor=actor, program=program).filter(status=PaymentStatus.RECORDED),
            "payments": sel.payments_for_actor(actor=actor, program=program)[:50],
            "distributions": sel.distributions_for_actor(actor=actor, program=program)[:50],
            "findings": sel.findings_for_actor(actor=actor, program=program),
            "points": points,
            "chart": _chart(points),
            "admin_limit": program.admin_share_max_basis_points / 100,
        },
    )


def _distribution_choices(actor: Actor, program: Program, audited: bool) -> tuple[list[Any], list[Any]]:
    facilities = Facility.objects.filter(program_links__program=program, supplier__isnull=False)
    if not audited:
        facilities = facilities.filter(supplier_id=actor.organisation_id)
    brands = Organisation.objects.filter(participations__program=program, kind="brand").distinct().order_by("name")
    return (
        [(f.public_id, f.display_name) for f in facilities.distinct().order_by("name")],
        [(b.public_id, b.name) for b in brands],
    )


@login_required
def distribution_new(request: HttpRequest, slug: str) -> HttpResponse:
    """A supplier records a pay period's premium; the monitor records a payroll as audited."""
    actor = actor_for_request(request)
    audited = bool(actor.program_ids_with(LC.RECORD_AUDITED_DISTRIBUTION))
    capability = LC.RECORD_AUDITED_DISTRIBUTION if audited else LC.RECORD_DISTRIBUTION
    program = program_get_for_actor(actor=actor, slug=slug, capability=capability)
    facilities, brands = _distribution_choices(actor, program, audited)
    form = DistributionForm(request.POST or None, facilities=facilities, brands=brands)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        brand = Organisation.objects.get(public_id=data["brand"])
        currency = services.premium_currency(program, brand)

        def call() -> Any:
            item = services.DistributionInput(
                facility=data["facility"],
                brand=data["brand"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                workers_paid=data["workers_paid"],
                distributed_minor=services.to_minor(data["distributed"], currency),
                admin_share_minor=services.to_minor(data["admin_share"] or "0", currency),
                currency=currency,
            )
            source = DistributionSource.AUDIT if audited else DistributionSource.FORM
            return services.distribution_record(actor=actor, program=program, item=item, source=source)

        if run_service(call, form=form).ok:
            return redirect("ledger:reconciliation" if audited else "ledger:statement", program.slug)
    heading = _("Record a payroll as audited") if audited else _("Record premium paid to workers")
    back = reverse("ledger:reconciliation" if audited else "ledger:statement", args=[program.slug])
    return _form_page(request, program, form, heading=heading, back=back)


@login_required
def payroll_upload(request: HttpRequest, slug: str) -> HttpResponse:
    actor, program = _program(request, slug, LC.RECORD_DISTRIBUTION)
    form = PayrollUploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        raw = form.cleaned_data["file"].read(5 * 1024 * 1024)
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            form.add_error("file", _("The file is not UTF-8 text."))
        else:
            reader = csv.DictReader(io.StringIO(text))
            header = [h.strip() for h in reader.fieldnames or []]
            rows = ({(k or "").strip(): (v or "") for k, v in row.items()} for row in reader)
            outcome = run_service(
                lambda: services.payroll_upload(actor=actor, program=program, rows=rows, header=header),
                form=form,
                field="file",
            )
            result = outcome.result
            if result is not None and not result.errors:
                return redirect("ledger:statement", program.slug)
    back = reverse("ledger:statement", args=[program.slug])
    return _form_page(
        request, program, form, heading=_("Upload a payroll summary"), back=back, multipart=True, result=result,
    )  # fmt: skip


# --- monitor ----------------------------------------------------------------------------------------


@login_required
def reconciliation(request: HttpRequest, slug: str) -> HttpResponse:
    actor, program = _program(request, slug, LC.VIEW_ALL)
    rows = sel.key_totals(actor=actor, program=program)
    points = sel.season_series(actor=actor, program=program)
    return render(
        request,
        "ledger/reconciliation.html",
        {
            "program": program,
            "rows": rows,
            "totals": _sum(rows),
            "findings": sel.findings_for_actor(actor=actor, program=program),
            "cleared": sel.findings_for_actor(actor=actor, program=program, status=FindingStatus.CLEARED)[:20],
            "points": points,
            "chart": _chart(points),
            "chain": journal_verify(program),
            "can_run": actor.can(LC.RECONCILE, program.pk),
            "can_audit": actor.can(LC.RECORD_AUDITED_DISTRIBUTION, program.pk),
            "can_export": actor.can(LC.EXPORT, program.pk),
        },
    )


@login_required
@require_POST
def reconciliation_run_view(request: HttpRequest, slug: str) -> HttpResponse:
    actor, program = _program(request, slug, LC.RECONCILE)
    outcome = run_service(lambda: reconciliation_run(actor=actor, program=program), request=request)
    if outcome.ok:
        from django.contrib import messages

        result = outcome.value
        messages.success(
            request,
            _("Reconciliation done: %(raised)s raised, %(changed)s changed, %(cleared)s cleared.")
            % {"raised": len(result.raised), "changed": len(result.changed), "cleared": len(result.cleared)},
        )
    return redirect("ledger:reconciliation", program.slug)


@login_required
def drill(request: HttpRequest, slug: str, brand_id: str, facility_id: str) -> HttpResponse:
    actor, program = _program(request, slug, LC.VIEW_ALL)
    brand = Organisation.objects.filter(public_id=brand_id, kind="brand").first()
    facility = Facility.objects.filter(public_id=facility_id, program_links__program=program).first()
    if brand is None or facility is None:
        raise NotFound("reconciliation")
    key = (brand.pk, facility.pk)
    can_reverse = actor.can(LC.REVERSE, program.pk)
    return render(
        request,
        "ledger/drill.html",
        {
            "program": program,
            "brand": brand,
            "facility": facility,
            "periods": reconciliation_table(program, keys=[key]),
            "lines": sel.lines_for_key(program=program, brand_id=brand.pk, facility_id=facility.pk),
            "payments": sel.payments_for_actor(actor=actor, program=program).filter(brand=brand, facility=facility),
            "distributions": sel.distributions_for_actor(actor=actor, program=program).filter(
                brand=brand, facility=facility
            ),
            "findings": sel.findings_for_actor(actor=actor, program=program, status="").filter(
                brand=brand, facility=facility
            ),
            "can_reverse": can_reverse,
        },
    )


@login_required
def export_csv(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    _actor, program = _program(request, slug, LC.EXPORT)
    header, rows = exports.reconciliation_rows(program)
    response = StreamingHttpResponse(csv_lines(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="reconciliation-{program.slug}.csv"'
    return response


@login_required
def export_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    _actor, program = _program(request, slug, LC.EXPORT)
    response = HttpResponse(
        exports.reconciliation_xlsx(program),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="reconciliation-{program.slug}.xlsx"'
    return response

"""Pages of purchase reports: the brand's page (upload with progress, past reports, totals), one
report (progress while it runs, then its counts or its errors), and the monitors' page of
breaches and cut-and-run flags. Thin: parse, authorise, call one service or selector."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from wsr.accounts.selectors import actor_for_request
from wsr.core.errors import DomainError
from wsr.core.money import Money
from wsr.programs.selectors import program_get_for_actor
from wsr.purchases import selectors as sel
from wsr.purchases.capabilities import PurchaseCapability as PU
from wsr.purchases.errors import PurchaseErrorCode, message
from wsr.purchases.forms import UploadForm
from wsr.purchases.models import UploadStatus
from wsr.purchases.services import purchase_upload_create, upload_progress

DEFAULT_UPLOAD_MAX_BYTES = 200 * 1024 * 1024


def _money(minor: int, currency: str) -> str:
    return Money(int(minor), currency).format()


@login_required
def brand_page(request: HttpRequest, slug: str) -> HttpResponse:
    actor = actor_for_request(request)
    program = program_get_for_actor(actor=actor, slug=slug, capability=PU.VIEW_OWN)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        actor.require(PU.REPORT, program.pk)
        limit = int(getattr(settings, "WSR_PURCHASES_UPLOAD_MAX_BYTES", DEFAULT_UPLOAD_MAX_BYTES))
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > limit:
                form.add_error("file", message(PurchaseErrorCode.TOO_LARGE, {"limit": limit}))
            else:
                try:
                    created = purchase_upload_create(actor=actor, program=program, file=upload, filename=upload.name)
                except DomainError as exc:
                    form.add_error("file", exc.message)
                else:
                    messages.success(request, _("The report was received; it is being checked."))
                    return redirect("purchases:upload", slug=program.slug, upload_id=created.public_id)
    page = Paginator(sel.uploads_for_actor(actor=actor, program=program), 25).get_page(request.GET.get("page"))
    totals = [
        {
            "currency": t.currency,
            "lines": t.lines,
            "value": _money(t.value_minor, t.currency),
            "premium": _money(t.premium_minor, t.currency),
            "breaches": t.breaches,
        }
        for t in sel.brand_totals(actor=actor, program=program)
    ]
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "purchases/brand.html",
        {
            "program": program,
            "form": form,
            "page": page,
            "totals": totals,
            "can_report": actor.can(PU.REPORT, program.pk),
        },
        status=status,
    )


def _upload_context(request: HttpRequest, slug: str, upload_id: str) -> dict[str, Any]:
    actor = actor_for_request(request)
    capability = PU.VIEW_ALL if actor.program_ids_with(PU.VIEW_ALL) else PU.VIEW_OWN
    program = program_get_for_actor(actor=actor, slug=slug, capability=capability)
    upload = sel.upload_get_for_actor(actor=actor, program=program, public_id=upload_id)
    running = upload.status in (UploadStatus.QUEUED, UploadStatus.RUNNING)
    lines, percent = upload_progress(upload) if running else (upload.total_lines, 100)
    return {
        "program": program,
        "upload": upload,
        "running": running,
        "progress_lines": lines,
        "progress_percent": percent,
        "errors": sel.upload_errors(upload),
        "hidden_errors": max(0, upload.error_count - len(upload.errors or [])),
    }


@login_required
def upload_detail(request: HttpRequest, slug: str, upload_id: str) -> HttpResponse:
    return render(request, "purchases/upload.html", _upload_context(request, slug, upload_id))


@login_required
def upload_progress_fragment(request: HttpRequest, slug: str, upload_id: str) -> HttpResponse:
    """The progress fragment polled by htmx; once the report is finished, reload the whole page."""
    context = _upload_context(request, slug, upload_id)
    response = render(request, "purchases/_progress.html", context)
    if not context["running"] and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@login_required
def monitor_page(request: HttpRequest, slug: str) -> HttpResponse:
    actor = actor_for_request(request)
    program = program_get_for_actor(actor=actor, slug=slug, capability=PU.VIEW_ALL)
    breaches = [
        {"b": b, "value": _money(b.value_minor, b.currency)}
        for b in sel.breaches_for_monitor(actor=actor, program=program)
    ]
    flags = [
        {
            "view": v,
            "before": _money(v.flag.before_minor, v.flag.currency),
            "after": _money(v.flag.after_minor, v.flag.currency),
        }
        for v in sel.cut_and_run_flags_for_monitor(actor=actor, program=program)
    ]
    uploads = sel.uploads_for_actor(actor=actor, program=program)[:20]
    return render(
        request,
        "purchases/monitor.html",
        {"program": program, "breaches": breaches, "flags": flags, "uploads": uploads},
    )

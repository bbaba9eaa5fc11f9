"""Staff pages for facility-list imports: upload, progress and report, review decisions."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from wsr.accounts.selectors import actor_for_request
from wsr.core.errors import DomainError
from wsr.programs.selectors import program_get_for_actor
from wsr.registry.capabilities import RegistryCapability
from wsr.registry.importing.selectors import (
    import_brand_choices,
    import_job_get,
    import_jobs_for_program,
    import_pending_reviews,
    import_review_items,
    import_rows,
)
from wsr.registry.importing.services import (
    ImportJobRefused,
    import_job_create,
    import_row_resolve,
    import_rows_resolve_many,
)
from wsr.registry.importing.undo import import_job_undo
from wsr.registry.models import ImportJob, ImportStatus, RowOutcome

ROWS_PER_PAGE = 100
REVIEW_PER_PAGE = 25


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Facility list"),
        help_text=gettext_lazy(
            "CSV or Excel (.xlsx) with the columns country, name and address; optional: sector_product_type, "
            "facility_type_processing_type, number_of_workers, parent_company, lat, lng."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.tsv,.xlsx"}),
    )
    brand: forms.ModelChoiceField = forms.ModelChoiceField(
        label=gettext_lazy("Brand (if this is a brand's sourcing list)"),
        queryset=None,
        required=False,
        to_field_name="public_id",
    )

    accept_out_of_scope = forms.BooleanField(
        label=gettext_lazy("Import rows outside the program"),
        help_text=gettext_lazy(
            "Tick only after a warning that some rows are in countries or sectors this program does not cover."
        ),
        required=False,
    )

    def __init__(self, *args: object, brands: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["brand"].queryset = brands  # type: ignore[attr-defined]


@login_required
def import_list(request: HttpRequest, slug: str) -> HttpResponse:
    actor = actor_for_request(request)
    program = program_get_for_actor(actor=actor, slug=slug, capability=RegistryCapability.IMPORT)
    page = Paginator(import_jobs_for_program(program), 50).get_page(request.GET.get("page"))
    return render(request, "registry/import_list.html", {"program": program, "page": page})


@login_required
def import_new(request: HttpRequest, slug: str) -> HttpResponse:
    actor = actor_for_request(request)
    program = program_get_for_actor(actor=actor, slug=slug, capability=RegistryCapability.IMPORT)
    form = ImportForm(request.POST or None, request.FILES or None, brands=import_brand_choices(program))
    refused_job = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = import_job_create(
                actor=actor,
                program=program,
                data=upload.read(),
                filename=upload.name,
                brand=form.cleaned_data["brand"],
                accept_out_of_scope=form.cleaned_data["accept_out_of_scope"],
            )
        except ImportJobRefused as exc:
            form.add_error("file", exc.message)
            refused_job = exc.job
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The list was accepted and is being imported."))
            return redirect("registry:import_detail", slug=program.slug, job_id=job.public_id)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "registry/import_new.html",
        {"program": program, "form": form, "refused_job": refused_job},
        status=status,
    )


def _detail_context(request: HttpRequest, slug: str, job_id: str) -> dict[str, object]:
    actor = actor_for_request(request)
    program = program_get_for_actor(actor=actor, slug=slug, capability=RegistryCapability.IMPORT)
    job = import_job_get(program=program, public_id=job_id)
    return {
        "program": program,
        "job": job,
        "running": job.status in (ImportStatus.QUEUED, ImportStatus.RUNNING),
        "can_review": actor.can(RegistryCapability.REVIEW_MATCHES, program.pk),
    }


@login_required
def import_detail(request: HttpRequest, slug: str, job_id: str) -> HttpResponse:
    context = _detail_context(request, slug, job_id)
    job = context["job"]
    assert isinstance(job, ImportJob)
    outcome = request.GET.get("outcome", "")
    if outcome not in [*RowOutcome.values, "pending"]:
        outcome = ""
    page = Paginator(import_rows(job=job, outcome=outcome), ROWS_PER_PAGE).get_page(request.GET.get("page"))
    context.update(
        page=page,
        outcome=outcome,
        outcomes=RowOutcome.choices,
        pending=import_pending_reviews(job),
    )
    return render(request, "registry/import_detail.html", context)


@login_required
def import_progress(request: HttpRequest, slug: str, job_id: str) -> HttpResponse:
    """The progress fragment polled by htmx; once the job is finished, reload the whole page."""
    context = _detail_context(request, slug, job_id)
    response = render(request, "registry/import_progress.html", context)
    if not context["running"] and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def import_row_resolve_view(request: HttpRequest, slug: str, job_id: str, line: int) -> HttpResponse:
    actor = actor_for_request(request)
    program = program_get_for_actor(actor=actor, slug=slug, capability=RegistryCapability.REVIEW_MATCHES)
    job = import_job_get(program=program, public_id=job_id)
    try:
        row = import_row_resolve(
            actor=actor, job_public_id=job.public_id, line=line, decision=request.POST.get("decision", "")
        )
    except DomainError as exc:
        if exc.code == "forbidden":
            raise
        messages.error(request, exc.message)
    else:
        if row.resolution == "confirmed":
            messages.success(request, _("Line %(line)s linked to the existing facility.") % {"line": line})
        else:
            messages.success(request, _("Line %(line)s created as a new facility.") % {"line": line})
    back = request.POST.get("next", "")
    if back.startswith("?"):
        return redirect(f"{request.path.rsplit('/rows/', 1)[0]}/{back}")
    return redirect("registry:import_detail", slug=program.slug, job_id=job.public_id)


@login_required
@require_POST
def import_undo_view(request: HttpRequest, slug: str, job_id: str) -> HttpResponse:
    """Undo a whole import (its facilities, their links), or say why not."""
    actor = actor_for_request(request)
    program = program_get_for_actor(actor=actor, slug=slug, capability=RegistryCapability.IMPORT)
    try:
        import_job_undo(actor=actor, program=program, job_public_id=job_id)
    except DomainError as exc:
        if exc.code in ("forbidden", "not_found"):
            raise
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The import was undone: the facilities it created were removed."))
    return redirect("registry:import_detail", slug=program.slug, job_id=job_id)


@login_required
def import_review(request: HttpRequest, slug: str, job_id: str) -> HttpResponse:
    """The possible matches of one import side by side, decided one by one or a page at a time.

    Works without JavaScript (one form, a choice per row); with it, keys move between rows and
    choose (see static/js/import-review.js)."""
    actor = actor_for_request(request)
    program = program_get_for_actor(actor=actor, slug=slug, capability=RegistryCapability.REVIEW_MATCHES)
    job = import_job_get(program=program, public_id=job_id)
    if request.method == "POST":
        decisions: dict[int, str] = {}
        for key in request.POST:
            if key.startswith("decision-") and key[9:].isdigit():
                decisions[int(key[9:])] = request.POST.get(key, "")
        everything = request.POST.get("all", "")
        if everything in ("confirm", "new"):
            decisions = dict.fromkeys(decisions, everything)
        counts = import_rows_resolve_many(actor=actor, job_public_id=job.public_id, decisions=decisions)
        messages.success(
            request,
            _("%(confirmed)s linked to existing facilities, %(new)s created as new facilities, %(skipped)s skipped.")
            % counts,
        )
        return redirect("registry:import_review", slug=program.slug, job_id=job.public_id)
    page = Paginator(import_rows(job=job, outcome="pending"), REVIEW_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "registry/import_review.html",
        {
            "program": program,
            "job": job,
            "page": page,
            "items": import_review_items(page),
            "pending": import_pending_reviews(job),
        },
    )

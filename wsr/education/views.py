"""Education pages: staff record sessions and manage materials, everyone in scope sees coverage,
the public reads the published library.

Each view parses input, checks the actor's scope, and calls exactly one service; a refused action
(``DomainError``) comes back as a form error.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wsr.accounts.models import User
from wsr.accounts.selectors import actor_for_request
from wsr.core import clock
from wsr.core.events import events_for_object
from wsr.core.views import run_service
from wsr.education import selectors, services
from wsr.education.capabilities import EducationCapability as E
from wsr.education.forms import MaterialForm, RetireForm, SessionForm, VersionForm, WithdrawForm
from wsr.education.models import MaterialVersion
from wsr.education.transitions import MaterialStatus
from wsr.programs.models import Program
from wsr.programs.selectors import program_get_for_actor, program_get_public
from wsr.registry.models import Facility
from wsr.standards.selectors import language_name


def _season(request: HttpRequest, program: Program) -> Any:
    return selectors.season_pick(program, request.GET.get("season", "").strip())


def _tabs(actor: Any, program: Program) -> dict[str, bool]:
    return {
        "can_view": actor.can(E.VIEW, program.pk),
        "can_record": actor.can(E.RECORD_SESSION, program.pk),
        "can_manage": actor.can(E.MANAGE_MATERIALS, program.pk),
        "can_export": actor.can(E.EXPORT, program.pk),
    }


# --- sessions --------------------------------------------------------------------------------------


@login_required
def session_list(request: HttpRequest, slug: str) -> HttpResponse:
    actor = actor_for_request(request)
    program = selectors.education_program(actor=actor, slug=slug)
    season = _season(request, program)
    facility = request.GET.get("facility", "").strip()
    sessions = selectors.sessions_for_actor(actor=actor, program=program, season=season, facility_public_id=facility)
    return render(
        request,
        "education/session_list.html",
        {
            "program": program,
            "season": season,
            "seasons": selectors.seasons_of(program),
            "facility": facility,
            "sessions": sessions[:500],
            "staff": selectors.sees_all_sessions(actor, program),
            **_tabs(actor, program),
        },
    )


def _session_form(request: HttpRequest, program: Program) -> SessionForm:
    facilities = Facility.objects.filter(program_links__program=program, program_links__until__isnull=True).order_by(
        "name"
    )
    educators = User.objects.filter(organisation=program.worker_organisation, is_active=True).order_by(
        "first_name", "last_name", "username"
    )
    initial: dict[str, Any] = {
        "held_on": clock.today(),
        "language": program.default_language,
        "on_the_clock": True,
        "facility": request.GET.get("facility", ""),
    }
    if request.user.is_authenticated and request.user.organisation_id == program.worker_organisation_id:
        initial["educators"] = [request.user]
    return SessionForm(
        request.POST or None, initial=initial, program=program, facilities=facilities, educators=educators
    )


@login_required
def session_new(request: HttpRequest, slug: str) -> HttpResponse:
    actor = actor_for_request(request)
    program = program_get_for_actor(actor=actor, slug=slug, capability=E.RECORD_SESSION)
    form = _session_form(request, program)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        outcome = run_service(
            lambda: services.session_record(
                actor=actor, program=program, educators=list(data.pop("educators")), **data
            ),
            form=form,
        )
        if outcome.ok:
            session = outcome.value
            messages.success(request, _("Session recorded."))
            return redirect("education:session_detail", slug=program.slug, public_id=session.public_id)
    return render(request, "education/session_form.html", {"program": program, "form": form})


@login_required
def session_detail(request: HttpRequest, slug: str, public_id: str) -> HttpResponse:
    actor = actor_for_request(request)
    program = selectors.education_program(actor=actor, slug=slug)
    session = selectors.session_get_for_actor(actor=actor, program=program, public_id=public_id)
    staff = selectors.sees_all_sessions(actor, program)
    return render(
        request,
        "education/session_detail.html",
        {
            "program": program,
            "session": session,
            "staff": staff,
            "language_label": language_name(session.language),
            "educators": list(session.educators.all()) if staff else [],
            "events": events_for_object(session)[:20] if staff else [],
            **_tabs(actor, program),
        },
    )


@login_required
def session_withdraw(request: HttpRequest, slug: str, public_id: str) -> HttpResponse:
    actor = actor_for_request(request)
    program = program_get_for_actor(actor=actor, slug=slug, capability=E.RECORD_SESSION)
    session = selectors.session_get_for_actor(actor=actor, program=program, public_id=public_id)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            lambda: services.session_withdraw(actor=actor, session=session, reason=form.cleaned_data["reason"]),
            form=form,
        )
        if outcome.ok:
            messages.success(request, _("The record is withdrawn: it no longer counts towards coverage."))
            return redirect("education:session_detail", slug=program.slug, public_id=session.public_id)
    return render(
        request,
        "education/action.html",
        {
            "program": program,
            "form": form,
            "heading": _("Withdraw this session record"),
            "intro": _("Use this only for a record made in error. It stays in the history but stops counting."),
            "submit": _("Withdraw the record"),
            "back": session,
            "danger": True,
        },
    )


@login_required
def session_export(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    actor = actor_for_request(request)
    program = program_get_for_actor(actor=actor, slug=slug, capability=E.EXPORT)
    season_name = request.GET.get("season", "").strip()
    season = selectors.season_pick(program, season_name) if season_name else None
    sessions = selectors.sessions_for_actor(actor=actor, program=program, season=season)
    response = StreamingHttpResponse(selectors.sessions_csv(sessions), content_type="text/csv; charset=utf-8")
    suffix = f"-{season.name}" if season else ""
    response["Content-Disposition"] = f'attachment; filename="education-sessions-{program.slug}{suffix}.csv"'
    return response


# --- coverage --------------------------------------------------------------------------------------


@login_required
def coverage(request: HttpRequest, slug: str) -> HttpResponse:
    actor = actor_for_request(request)
    program = selectors.education_program(actor=actor, slug=slug)
    season = _season(request, program)
    rows = selectors.coverage_for_actor(actor=actor, program=program, season=season)
    return render(
        request,
        "education/coverage.html",
        {
            "program": program,
            "season": season,
            "seasons": selectors.seasons_of(program),
            "rows": rows,
            "met": sum(1 for r in rows if r.norm_met),
            **_tabs(actor, program),
        },
    )


@login_required
def below_norm(request: HttpRequest, slug: str) -> HttpResponse:
    actor = actor_for_request(request)
    program = program_get_for_actor(actor=actor, slug=slug, capability=E.VIEW)
    season = _season(request, program)
    sort = request.GET.get("sort", "gap")
    if sort not in selectors.SORTS:
        sort = "gap"
    rows = selectors.below_norm_for_actor(actor=actor, program=program, season=season, sort=sort)
    return render(
        request,
        "education/below_norm.html",
        {
            "program": program,
            "season": season,
            "seasons": selectors.seasons_of(program),
            "rows": rows,
            "sort": sort,
            "sorts": [("gap", _("largest gap first")), ("coverage", _("lowest coverage first")), ("name", _("name"))],
            **_tabs(actor, program),
        },
    )


# --- materials (staff) ---------------------------------------------------------------------------------


@login_required
def material_list(request: HttpRequest, slug: str) -> HttpResponse:
    actor = actor_for_request(request)
    program = program_get_for_actor(actor=actor, slug=slug, capability=E.VIEW)
    materials = selectors.materials_for_actor(actor=actor, program=program)
    rows = [(m, selectors.material_versions_by_language(m)) for m in materials]
    return render(
        request,
        "education/material_list.html",
        {"program": program, "rows": rows, "languages": program.languages, **_tabs(actor, program)},
    )


def _file(form: Any) -> tuple[str, bytes | None]:
    upload = form.cleaned_data.get("file")
    if not upload:
        return "", None
    return upload.name, upload.read()


@login_required
def material_new(request: HttpRequest, slug: str) -> HttpResponse:
    actor = actor_for_request(request)
    program = program_get_for_actor(actor=actor, slug=slug, capability=E.MANAGE_MATERIALS)
    form = MaterialForm(
        request.POST or None, request.FILES or None, program=program, initial={"language": program.default_language}
    )
    if request.method == "POST" and form.is_valid():
        filename, content = _file(form)
        data = form.cleaned_data
        outcome = run_service(
            lambda: services.material_create(
                actor=actor,
                program=program,
                name=data["name"],
                category=data["category"],
                language=data["language"],
                title=data["title"],
                body=data["body"],
                filename=filename,
                content=content,
            ),
            form=form,
        )
        if outcome.ok:
            version = outcome.value
            messages.success(request, _("Draft saved. Publish it when it is ready for workers."))
            return redirect("education:material_detail", slug=program.slug, public_id=version.material.public_id)
    return render(
        request,
        "education/material_form.html",
        {"program": program, "form": form, "material": None, "heading": _("New material")},
    )


@login_required
def material_detail(request: HttpRequest, slug: str, public_id: str) -> HttpResponse:
    actor = actor_for_request(request)
    program = program_get_for_actor(actor=actor, slug=slug, capability=E.VIEW)
    material = selectors.material_get_for_actor(actor=actor, program=program, public_id=public_id)
    return render(
        request,
        "education/material_detail.html",
        {
            "program": program,
            "material": material,
            "by_language": selectors.material_versions_by_language(material),
            **_tabs(actor, program),
        },
    )


@login_required
def version_new(request: HttpRequest, slug: str, public_id: str) -> HttpResponse:
    actor = actor_for_request(request)
    program = program_get_for_actor(actor=actor, slug=slug, capability=E.MANAGE_MATERIALS)
    material = selectors.material_get_for_actor(actor=actor, program=program, public_id=public_id)
    language = request.GET.get("lang", "")
    initial = {"language": language if language in program.languages else program.default_language}
    form = VersionForm(request.POST or None, request.FILES or None, program=program, initial=initial)
    if request.method == "POST" and form.is_valid():
        filename, content = _file(form)
        data = form.cleaned_data
        outcome = run_service(
            lambda: services.material_version_draft(
                actor=actor,
                material=material,
                language=data["language"],
                title=data["title"],
                body=data["body"],
                filename=filename,
                content=content,
            ),
            form=form,
        )
        if outcome.ok:
            messages.success(request, _("Draft saved. Publish it when it is ready for workers."))
            return redirect("education:material_detail", slug=program.slug, public_id=material.public_id)
    return render(
        request,
        "education/material_form.html",
        {"program": program, "form": form, "material": material, "heading": _("New version")},
    )


@login_required
def version_detail(request: HttpRequest, slug: str, public_id: str, version_id: str) -> HttpResponse:
    actor = actor_for_request(request)
    program = program_get_for_actor(actor=actor, slug=slug, capability=E.VIEW)
    material = selectors.material_get_for_actor(actor=actor, program=program, public_id=public_id)
    version = selectors.material_version_get(material=material, public_id=version_id)
    return render(
        request,
        "education/version_detail.html",
        {
            "program": program,
            "material": material,
            "version": version,
            "language_label": language_name(version.language),
            "can_publish": actor.can(E.MANAGE_MATERIALS, program.pk) and version.status == MaterialStatus.DRAFT,
            "can_retire": actor.can(E.MANAGE_MATERIALS, program.pk) and version.status != MaterialStatus.RETIRED,
            "retire_form": RetireForm(),
            "events": events_for_object(version)[:20],
            **_tabs(actor, program),
        },
    )


def _version_for_change(request: HttpRequest, slug: str, public_id: str, version_id: str) -> tuple[Any, Any]:
    actor = actor_for_request(request)
    program = program_get_for_actor(actor=actor, slug=slug, capability=E.MANAGE_MATERIALS)
    material = selectors.material_get_for_actor(actor=actor, program=program, public_id=public_id)
    return actor, selectors.material_version_get(material=material, public_id=version_id)


def _back(version: MaterialVersion) -> HttpResponse:
    material = version.material
    return redirect(
        "education:version_detail",
        slug=material.program.slug,
        public_id=material.public_id,
        version_id=version.public_id,
    )


@login_required
@require_POST
def version_publish(request: HttpRequest, slug: str, public_id: str, version_id: str) -> HttpResponse:
    actor, version = _version_for_change(request, slug, public_id, version_id)
    outcome = run_service(lambda: services.material_version_publish(actor=actor, version=version), request=request)
    if outcome.ok:
        messages.success(request, _("Published: workers and the public can now read this version."))
    return _back(version)


@login_required
@require_POST
def version_retire(request: HttpRequest, slug: str, public_id: str, version_id: str) -> HttpResponse:
    actor, version = _version_for_change(request, slug, public_id, version_id)
    form = RetireForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    outcome = run_service(
        lambda: services.material_version_retire(actor=actor, version=version, reason=reason), request=request
    )
    if outcome.ok:
        messages.success(request, _("Retired: educators no longer use this version."))
    return _back(version)


def _file_response(version: MaterialVersion) -> FileResponse:
    if not version.file:
        raise Http404("No file")
    extension = version.file.name.rsplit(".", 1)[-1]
    return FileResponse(
        version.file.open("rb"),
        content_type=version.content_type or "application/octet-stream",
        filename=f"{version.material.public_id}-{version.language}-v{version.number}.{extension}",
    )


@login_required
def version_file(request: HttpRequest, slug: str, public_id: str, version_id: str) -> FileResponse:
    actor = actor_for_request(request)
    program = program_get_for_actor(actor=actor, slug=slug, capability=E.VIEW)
    material = selectors.material_get_for_actor(actor=actor, program=program, public_id=public_id)
    return _file_response(selectors.material_version_get(material=material, public_id=version_id))


# --- the public library ---------------------------------------------------------------------------------


def library(request: HttpRequest, slug: str) -> HttpResponse:
    program = program_get_public(slug=slug)
    language = request.GET.get("lang", "")
    if language not in program.languages:
        language = ""
    versions = list(selectors.published_materials(program=program, language=language))
    return render(
        request,
        "education/library.html",
        {
            "program": program,
            "versions": versions,
            "language": language,
            "languages": [(code, language_name(code)) for code in program.languages],
        },
    )


def library_item(request: HttpRequest, slug: str, version_id: str) -> HttpResponse:
    program = program_get_public(slug=slug)
    version = selectors.published_version_get(program=program, public_id=version_id)
    others = selectors.published_materials(program=program).filter(material=version.material).exclude(pk=version.pk)
    return render(
        request,
        "education/library_item.html",
        {
            "program": program,
            "version": version,
            "language_label": language_name(version.language),
            "translations": [(v, language_name(v.language)) for v in others],
        },
    )


def library_file(request: HttpRequest, slug: str, version_id: str) -> FileResponse:
    program = program_get_public(slug=slug)
    return _file_response(selectors.published_version_get(program=program, public_id=version_id))

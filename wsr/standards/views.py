"""Code of Conduct pages. Each view parses input, checks the capability, calls one service."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wsr.accounts.selectors import actor_for_request
from wsr.core import clock
from wsr.core.events import events_for_object
from wsr.core.i18n import page_language
from wsr.core.views import run_service
from wsr.programs.selectors import program_get_for_actor, program_get_public
from wsr.standards.capabilities import StandardsCapability as S
from wsr.standards.forms import AdoptForm, ApproveForm, CodeVersionNewForm, ProvisionForm
from wsr.standards.models import CodeVersion
from wsr.standards.selectors import (
    code_completeness,
    code_localised,
    code_version_diff,
    code_version_get_for_actor,
    code_version_public,
    code_versions_for_program,
    code_versions_with_standing,
    group_by_category,
    language_name,
    provision_get,
)
from wsr.standards.services import (
    code_version_adopt,
    code_version_approve,
    code_version_create,
    code_version_propose,
    code_version_withdraw,
    provision_add,
    provision_remove,
    provision_update,
)
from wsr.standards.transitions import CodeStatus


def _languages(program_languages: list[str]) -> list[tuple[str, str]]:
    return [(code, language_name(code)) for code in program_languages]


def _pick_language(request: HttpRequest, languages: list[str]) -> str:
    lang = request.GET.get("lang", "") or get_language() or ""
    return lang if lang in languages else (languages[0] if languages else "en")


def _posted(request: HttpRequest) -> QueryDict | None:
    """Bind forms on every POST, even an empty one (an empty QueryDict is falsy)."""
    return request.POST if request.method == "POST" else None


def _to_detail(version: CodeVersion) -> HttpResponse:
    return redirect("standards:version_detail", slug=version.program.slug, public_id=version.public_id)


@login_required
def version_list(request: HttpRequest, slug: str) -> HttpResponse:
    actor = actor_for_request(request)
    program = program_get_for_actor(actor=actor, slug=slug, capability=S.VIEW_DRAFTS)
    versions = code_versions_with_standing(program, list(code_versions_for_program(program)))
    return render(
        request,
        "standards/version_list.html",
        {
            "program": program,
            "versions": versions,
            "can_edit": actor.can(S.EDIT_CODE, program.pk),
            "form": CodeVersionNewForm(),
        },
    )


@login_required
@require_POST
def version_new(request: HttpRequest, slug: str) -> HttpResponse:
    actor = actor_for_request(request)
    program = program_get_for_actor(actor=actor, slug=slug, capability=S.EDIT_CODE)
    form = CodeVersionNewForm(request.POST)
    title = form.cleaned_data["title"] if form.is_valid() else ""
    outcome = run_service(lambda: code_version_create(actor=actor, program=program, title=title), request=request)
    if not outcome.ok:
        return redirect("standards:version_list", slug=program.slug)
    version = outcome.value
    messages.success(request, _("Draft version %(n)s created.") % {"n": version.number})
    return _to_detail(version)


@login_required
def version_detail(request: HttpRequest, slug: str, public_id: str) -> HttpResponse:
    actor = actor_for_request(request)
    version = code_version_get_for_actor(actor=actor, slug=slug, public_id=public_id, capability=S.VIEW_DRAFTS)
    program = version.program
    code_versions_with_standing(program, [version])
    language = _pick_language(request, program.languages)
    status = version.code_status
    is_worker_org = actor.organisation_id == program.worker_organisation_id
    return render(
        request,
        "standards/version_detail.html",
        {
            "program": program,
            "version": version,
            "language": language,
            "languages": _languages(program.languages),
            "groups": group_by_category(code_localised(version, language)),
            "completeness": code_completeness(version),
            "events": events_for_object(version).order_by("-occurred_at")[:30],
            "can_edit": status == CodeStatus.DRAFT and actor.can(S.EDIT_CODE, program.pk),
            "can_propose": status == CodeStatus.DRAFT and actor.can(S.EDIT_CODE, program.pk),
            "can_withdraw": status == CodeStatus.PROPOSED and actor.can(S.EDIT_CODE, program.pk),
            "can_approve": status == CodeStatus.PROPOSED
            and not version.is_approved
            and is_worker_org
            and actor.can(S.APPROVE_CODE, program.pk),
            "can_adopt": status == CodeStatus.PROPOSED and version.is_approved and actor.can(S.ADOPT_CODE, program.pk),
            "can_new_draft": actor.can(S.EDIT_CODE, program.pk),
        },
    )


def _action(
    request: HttpRequest, slug: str, public_id: str, capability: str, act: Callable[..., CodeVersion], done: str
) -> HttpResponse:
    actor = actor_for_request(request)
    version = code_version_get_for_actor(actor=actor, slug=slug, public_id=public_id, capability=capability)
    outcome = run_service(lambda: act(actor=actor, version=version), request=request)
    if outcome.ok:
        messages.success(request, done)
    return _to_detail(version)


@login_required
@require_POST
def version_propose(request: HttpRequest, slug: str, public_id: str) -> HttpResponse:
    return _action(
        request,
        slug,
        public_id,
        S.EDIT_CODE,
        code_version_propose,
        _("Proposed. The worker organisation can now approve this version."),
    )


@login_required
@require_POST
def version_withdraw(request: HttpRequest, slug: str, public_id: str) -> HttpResponse:
    return _action(
        request,
        slug,
        public_id,
        S.EDIT_CODE,
        code_version_withdraw,
        _("Back to draft. Any approval was dropped: the next proposal needs a new one."),
    )


@login_required
@require_POST
def version_new_draft(request: HttpRequest, slug: str, public_id: str) -> HttpResponse:
    actor = actor_for_request(request)
    base = code_version_get_for_actor(actor=actor, slug=slug, public_id=public_id, capability=S.EDIT_CODE)
    outcome = run_service(
        lambda: code_version_create(actor=actor, program=base.program, based_on=base), request=request
    )
    if not outcome.ok:
        return _to_detail(base)
    version = outcome.value
    messages.success(
        request, _("Draft version %(n)s created from version %(m)s.") % {"n": version.number, "m": base.number}
    )
    return _to_detail(version)


@login_required
def version_approve(request: HttpRequest, slug: str, public_id: str) -> HttpResponse:
    actor = actor_for_request(request)
    version = code_version_get_for_actor(actor=actor, slug=slug, public_id=public_id, capability=S.APPROVE_CODE)
    form = ApproveForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            lambda: code_version_approve(actor=actor, version=version, note=form.cleaned_data["note"]), form=form
        )
        if outcome.ok:
            messages.success(
                request, _("Approved on behalf of %(org)s.") % {"org": version.program.worker_organisation}
            )
            return _to_detail(version)
    context = {"program": version.program, "version": version, "form": form}
    context["completeness"] = code_completeness(version)
    return render(request, "standards/version_approve.html", context)


@login_required
def version_adopt(request: HttpRequest, slug: str, public_id: str) -> HttpResponse:
    actor = actor_for_request(request)
    version = code_version_get_for_actor(actor=actor, slug=slug, public_id=public_id, capability=S.ADOPT_CODE)
    form = AdoptForm(_posted(request), initial={"effective_from": clock.today()})
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            lambda: code_version_adopt(
                actor=actor, version=version, effective_from=form.cleaned_data["effective_from"]
            ),
            form=form,
        )
        if outcome.ok:
            messages.success(request, _("Version %(n)s adopted and published.") % {"n": version.number})
            return _to_detail(version)
    return render(
        request, "standards/version_adopt.html", {"program": version.program, "version": version, "form": form}
    )


@login_required
def provision_new(request: HttpRequest, slug: str, public_id: str) -> HttpResponse:
    actor = actor_for_request(request)
    version = code_version_get_for_actor(actor=actor, slug=slug, public_id=public_id, capability=S.EDIT_CODE)
    if not version.is_draft:
        messages.error(request, _("Only a draft can be edited. Start a new draft from this version instead."))
        return _to_detail(version)
    form = ProvisionForm(_posted(request), languages=version.program.languages)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = run_service(
            lambda: provision_add(
                actor=actor,
                version=version,
                ref=data["ref"],
                category=data["category"],
                tier=data["tier"],
                order=data["order"],
                texts=form.texts(),
            ),
            form=form,
        )
        if outcome.ok:
            messages.success(request, _("Provision %(ref)s added.") % {"ref": data["ref"]})
            return _to_detail(version)
    return render(
        request,
        "standards/provision_form.html",
        {"program": version.program, "version": version, "form": form, "provision": None},
    )


@login_required
def provision_edit(request: HttpRequest, slug: str, public_id: str, provision_id: str) -> HttpResponse:
    actor = actor_for_request(request)
    version = code_version_get_for_actor(actor=actor, slug=slug, public_id=public_id, capability=S.EDIT_CODE)
    provision = provision_get(version=version, public_id=provision_id)
    if not version.is_draft:
        messages.error(request, _("Only a draft can be edited. Start a new draft from this version instead."))
        return _to_detail(version)
    form = ProvisionForm(
        _posted(request),
        languages=version.program.languages,
        editing=True,
        initial=ProvisionForm.initial_for(provision),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = run_service(
            lambda: provision_update(
                actor=actor,
                provision=provision,
                category=data["category"],
                tier=data["tier"],
                order=data["order"] if data["order"] is not None else provision.order,
                texts=form.texts(),
            ),
            form=form,
        )
        if outcome.ok:
            messages.success(request, _("Provision %(ref)s saved.") % {"ref": provision.ref})
            return _to_detail(version)
    return render(
        request,
        "standards/provision_form.html",
        {"program": version.program, "version": version, "form": form, "provision": provision},
    )


@login_required
@require_POST
def provision_remove_view(request: HttpRequest, slug: str, public_id: str, provision_id: str) -> HttpResponse:
    actor = actor_for_request(request)
    version = code_version_get_for_actor(actor=actor, slug=slug, public_id=public_id, capability=S.EDIT_CODE)
    provision = provision_get(version=version, public_id=provision_id)
    outcome = run_service(lambda: provision_remove(actor=actor, provision=provision), request=request)
    if outcome.ok:
        messages.success(request, _("Provision %(ref)s removed.") % {"ref": provision.ref})
    return _to_detail(version)


@login_required
def version_diff(request: HttpRequest, slug: str) -> HttpResponse:
    """Side by side: ?from=<version>&to=<version>; by default the latest against what it is based on."""
    actor = actor_for_request(request)
    program = program_get_for_actor(actor=actor, slug=slug, capability=S.VIEW_DRAFTS)
    versions = code_versions_with_standing(program, list(code_versions_for_program(program)))
    by_id = {v.public_id: v for v in versions}
    new = by_id.get(request.GET.get("to", "")) or (versions[0] if versions else None)
    old = by_id.get(request.GET.get("from", ""))
    if old is None and new is not None:
        older = [v for v in versions if v.number < new.number]
        old = next((v for v in versions if v.pk == new.based_on_id), None) or (older[0] if older else None)
    for v in (old, new):
        if v is not None:
            v.program = program
    rows = code_version_diff(old, new) if old is not None and new is not None else []
    return render(
        request,
        "standards/version_diff.html",
        {
            "program": program,
            "versions": versions,
            "old": old,
            "new": new,
            "rows": [r for r in rows if r.change != "same"],
            "unchanged": [r.ref for r in rows if r.change == "same"],
        },
    )


def code_public(request: HttpRequest, slug: str) -> HttpResponse:
    """The program's Code as workers and the public read it: only adopted text, never drafts."""
    program = program_get_public(slug=slug)
    version = code_version_public(program)
    if version is not None:
        code_versions_with_standing(program, [version])
    language = _pick_language(request, program.languages)
    # Headings and tier badges follow the Code's language when the site speaks it (not only the text).
    with page_language(request, language if "lang" in request.GET else None):
        provisions = code_localised(version, language) if version is not None else []
        return render(
            request,
            "standards/code_public.html",
            {
                "program": program,
                "version": version,
                "language": language,
                "language_label": language_name(language),
                "languages": _languages(program.languages),
                "groups": group_by_category(provisions),
                "in_force": version is not None and version.standing.key == "in_force",  # type: ignore[attr-defined]
            },
        )

"""Agreement pages: staff manage agreements, a brand sees its own and its obligations.

Each view parses input, checks the actor's scope, and calls exactly one service; a refused
action (``DomainError``) comes back as a form error.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wsr.accounts.models import Organisation
from wsr.accounts.selectors import actor_for_request
from wsr.agreements import services
from wsr.agreements.capabilities import AgreementCapability as A
from wsr.agreements.forms import (
    AgreementForm,
    AmendForm,
    DocumentForm,
    PremiumTermForm,
    SignatoryForm,
    SignForm,
    TerminateForm,
)
from wsr.agreements.models import Agreement
from wsr.agreements.selectors import (
    agreement_get_for_actor,
    agreement_history,
    agreements_for_actor,
    can_see_terms,
    obligations_for_brand,
)
from wsr.agreements.transitions import BINDING, EDITABLE
from wsr.core.events import events_for_object
from wsr.core.permissions import Actor
from wsr.core.views import run_service
from wsr.programs.models import Program


def _program(actor: Actor, slug: str) -> Program:
    program = Program.objects.filter(slug=slug).select_related("worker_organisation").first()
    if program is None or program.pk not in actor.program_ids:
        raise Http404("No such program")
    return program


def _brands(program: Program) -> Any:
    return (
        Organisation.objects.filter(participations__program=program, participations__kind="brand")
        .distinct()
        .order_by("name")
    )


def _done(request: HttpRequest, agreement: Agreement, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("agreements:detail", slug=agreement.program.slug, public_id=agreement.public_id)


def _action_page(request: HttpRequest, agreement: Agreement, form: Any, **context: Any) -> HttpResponse:
    return render(
        request,
        "agreements/action.html",
        {"agreement": agreement, "program": agreement.program, "form": form, **context},
    )


@login_required
def agreement_list(request: HttpRequest, slug: str) -> HttpResponse:
    actor = actor_for_request(request)
    program = _program(actor, slug)
    agreements = agreements_for_actor(actor=actor, program=program)
    return render(
        request,
        "agreements/list.html",
        {
            "program": program,
            "agreements": agreements,
            "can_edit": actor.can(A.EDIT, program.pk),
            "is_brand": not actor.can(A.VIEW_ALL, program.pk),
        },
    )


@login_required
def agreement_new(request: HttpRequest, slug: str) -> HttpResponse:
    actor = actor_for_request(request)
    program = _program(actor, slug)
    actor.require(A.EDIT, program.pk)
    form = AgreementForm(request.POST or None, brands=_brands(program))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        brand = data.pop("brand")
        outcome = run_service(
            lambda: services.agreement_draft_create(actor=actor, program=program, brand=brand, **data), form=form
        )
        if outcome.ok:
            agreement = outcome.value
            return _done(request, agreement, _("Draft agreement created. Add its terms and signatories."))
    return render(request, "agreements/form.html", {"program": program, "form": form, "agreement": None})


@login_required
def agreement_detail(request: HttpRequest, slug: str, public_id: str) -> HttpResponse:
    actor = actor_for_request(request)
    agreement = agreement_get_for_actor(actor=actor, slug=slug, public_id=public_id)
    staff = actor.can(A.VIEW_ALL, agreement.program_id)
    editable = actor.can(A.EDIT, agreement.program_id) and agreement.status in EDITABLE
    can_sign = actor.can(A.SIGN, agreement.program_id)
    signatories = list(agreement.signatories.all())
    return render(
        request,
        "agreements/detail.html",
        {
            "program": agreement.program,
            "agreement": agreement,
            "terms": list(agreement.premium_terms.all()),
            "signatories": signatories,
            "show_terms": can_see_terms(actor, agreement),
            "versions": agreement_history(agreement),
            "editable": editable,
            "can_sign": can_sign and agreement.status in EDITABLE,
            "can_terminate": can_sign and agreement.status in BINDING,
            "can_amend": actor.can(A.EDIT, agreement.program_id)
            and agreement.status in BINDING
            and not Agreement.objects.filter(previous=agreement).exists(),
            "events": events_for_object(agreement)[:30] if staff else [],
        },
    )


@login_required
def agreement_edit(request: HttpRequest, slug: str, public_id: str) -> HttpResponse:
    actor = actor_for_request(request)
    agreement = agreement_get_for_actor(actor=actor, slug=slug, public_id=public_id, capability=A.EDIT)
    initial = {name: getattr(agreement, name) for name in services.DRAFT_FIELDS}
    form = AgreementForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            lambda: services.agreement_draft_update(actor=actor, agreement=agreement, fields=form.cleaned_data),
            form=form,
        )
        if outcome.ok:
            return _done(request, agreement, _("Agreement saved."))
    return render(request, "agreements/form.html", {"program": agreement.program, "form": form, "agreement": agreement})


@login_required
def agreement_terms(request: HttpRequest, slug: str, public_id: str) -> HttpResponse:
    actor = actor_for_request(request)
    agreement = agreement_get_for_actor(actor=actor, slug=slug, public_id=public_id, capability=A.EDIT)
    form = PremiumTermForm(request.POST or None, initial={"currency": agreement.program.currency})
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            lambda: services.agreement_term_add(actor=actor, agreement=agreement, **form.cleaned_data), form=form
        )
        if outcome.ok:
            return _done(request, agreement, _("Premium term added."))
    return _action_page(
        request,
        agreement,
        form,
        heading=_("Add a premium term"),
        submit=_("Add the term"),
        terms=list(agreement.premium_terms.all()),
    )


@login_required
@require_POST
def agreement_term_remove(request: HttpRequest, slug: str, public_id: str, term_id: str) -> HttpResponse:
    actor = actor_for_request(request)
    agreement = agreement_get_for_actor(actor=actor, slug=slug, public_id=public_id, capability=A.EDIT)
    outcome = run_service(
        lambda: services.agreement_term_remove(actor=actor, agreement=agreement, term_public_id=term_id),
        request=request,
    )
    if not outcome.ok:
        return redirect("agreements:detail", slug=slug, public_id=public_id)
    return _done(request, agreement, _("Premium term removed."))


@login_required
def agreement_signatories(request: HttpRequest, slug: str, public_id: str) -> HttpResponse:
    actor = actor_for_request(request)
    agreement = agreement_get_for_actor(actor=actor, slug=slug, public_id=public_id, capability=A.EDIT)
    program = agreement.program
    organisations = (
        Organisation.objects.filter(
            Q(participations__program=program) | Q(pk=program.worker_organisation_id) | Q(pk=program.monitoring_body_id)
        )
        .distinct()
        .order_by("name")
    )
    initial: dict[str, Any] = {}
    existing = agreement.signatories.filter(public_id=request.GET.get("sig", "")).select_related("organisation").first()
    if existing is not None:
        initial = {
            "organisation": existing.organisation.public_id,
            "role": existing.role,
            "signatory_name": existing.signatory_name,
            "signatory_title": existing.signatory_title,
            "signed_on": existing.signed_on,
        }
    form = SignatoryForm(request.POST or None, initial=initial, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            lambda: services.agreement_signatory_save(actor=actor, agreement=agreement, **form.cleaned_data), form=form
        )
        if outcome.ok:
            return _done(request, agreement, _("Signatory saved."))
    return _action_page(
        request,
        agreement,
        form,
        heading=_("Signatory"),
        intro=_("Choose the organisation, then give the person who signed for it, their title and the date."),
        submit=_("Save the signatory"),
    )


@login_required
@require_POST
def agreement_signatory_remove(request: HttpRequest, slug: str, public_id: str, sig_id: str) -> HttpResponse:
    actor = actor_for_request(request)
    agreement = agreement_get_for_actor(actor=actor, slug=slug, public_id=public_id, capability=A.EDIT)
    outcome = run_service(
        lambda: services.agreement_signatory_remove(actor=actor, agreement=agreement, signatory_public_id=sig_id),
        request=request,
    )
    if not outcome.ok:
        return redirect("agreements:detail", slug=slug, public_id=public_id)
    return _done(request, agreement, _("Signatory removed."))


@login_required
def agreement_document(request: HttpRequest, slug: str, public_id: str) -> HttpResponse:
    actor = actor_for_request(request)
    agreement = agreement_get_for_actor(actor=actor, slug=slug, public_id=public_id, capability=A.EDIT)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["document"]
        outcome = run_service(
            lambda: services.agreement_document_attach(
                actor=actor, agreement=agreement, filename=upload.name, content=upload.read()
            ),
            form=form,
            field="document",
        )
        if outcome.ok:
            changed = outcome.value
            if changed:
                return _done(request, agreement, _("Document stored; its SHA-256 is recorded."))
            return _done(request, agreement, _("This is the document already on file: nothing changed."))
    return _action_page(
        request,
        agreement,
        form,
        heading=_("Signed document"),
        intro=_("Upload the agreement as signed, as one PDF. Once the agreement is signed its document is fixed."),
        submit=_("Upload"),
        multipart=True,
    )


@login_required
def agreement_document_download(request: HttpRequest, slug: str, public_id: str) -> FileResponse:
    actor = actor_for_request(request)
    agreement = agreement_get_for_actor(actor=actor, slug=slug, public_id=public_id)
    if not agreement.document or not can_see_terms(actor, agreement):
        raise Http404("No document")
    return FileResponse(
        agreement.document.open("rb"),
        content_type="application/pdf",
        filename=f"{agreement.public_id}-v{agreement.version}.pdf",
    )


@login_required
def agreement_sign(request: HttpRequest, slug: str, public_id: str) -> HttpResponse:
    actor = actor_for_request(request)
    agreement = agreement_get_for_actor(actor=actor, slug=slug, public_id=public_id, capability=A.SIGN)
    form = SignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(lambda: services.agreement_sign(actor=actor, agreement=agreement), form=form)
        if outcome.ok:
            return _done(request, agreement, _("Signature recorded and published in the program's log."))
    return _action_page(
        request,
        agreement,
        form,
        heading=_("Record the signature"),
        intro=_(
            "After this the agreement and its document cannot be changed, only amended or terminated. "
            "The signature is published: the brand, the dates and the document's SHA-256 (no names)."
        ),
        submit=_("Record the signature"),
    )


@login_required
def agreement_terminate(request: HttpRequest, slug: str, public_id: str) -> HttpResponse:
    actor = actor_for_request(request)
    agreement = agreement_get_for_actor(actor=actor, slug=slug, public_id=public_id, capability=A.SIGN)
    form = TerminateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            lambda: services.agreement_terminate(actor=actor, agreement=agreement, **form.cleaned_data), form=form
        )
        if outcome.ok:
            return _done(request, agreement, _("The agreement is terminated."))
    return _action_page(
        request,
        agreement,
        form,
        heading=_("Terminate the agreement"),
        intro=_("The termination and its cause are published; the explanation stays in the history."),
        submit=_("Terminate"),
        danger=True,
    )


@login_required
def agreement_amend(request: HttpRequest, slug: str, public_id: str) -> HttpResponse:
    actor = actor_for_request(request)
    agreement = agreement_get_for_actor(actor=actor, slug=slug, public_id=public_id, capability=A.EDIT)
    form = AmendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            lambda: services.agreement_amend(actor=actor, agreement=agreement, **form.cleaned_data), form=form
        )
        if outcome.ok:
            new = outcome.value
            return _done(request, new, _("Version %(n)s drafted. It takes effect once signed.") % {"n": new.version})
    return _action_page(
        request,
        agreement,
        form,
        heading=_("Amend the agreement"),
        intro=_(
            "An amendment is a new version with a copy of the terms and parties. The signed version stays "
            "in force until the new one is signed and takes effect."
        ),
        submit=_("Draft the new version"),
    )


@login_required
def obligations(request: HttpRequest, slug: str) -> HttpResponse:
    actor = actor_for_request(request)
    program = _program(actor, slug)
    return render(
        request,
        "agreements/obligations.html",
        {"program": program, "obligations": obligations_for_brand(actor=actor, program=program)},
    )

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from wsr.accounts.roles import ORG_KIND_LABELS
from wsr.accounts.selectors import actor_for_request
from wsr.core.events import events_for_object
from wsr.core.views import run_service
from wsr.programs.capabilities import ProgramCapability
from wsr.programs.selectors import program_get_for_actor, programs_for_actor
from wsr.registry.capabilities import RegistryCapability
from wsr.registry.forms import FacilityForm, OrganisationForm
from wsr.registry.selectors import (
    facilities_for_actor,
    facility_buyers_for_actor,
    facility_get_for_actor,
    facility_programs,
    organisation_get_for_actor,
    organisation_participations,
    organisations_for_actor,
    suppliers_in_program,
)
from wsr.registry.services import facility_create, facility_update, organisation_create, organisation_update


@login_required
def facility_list(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    programs = list(programs_for_actor(actor))
    program = next((p for p in programs if p.slug == request.GET.get("program")), None)
    query = request.GET.get("q", "").strip()[:200]
    country = request.GET.get("country", "").strip()[:2]
    qs = facilities_for_actor(actor=actor, program=program, query=query, country=country)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    editable = [p for p in programs if actor.can(RegistryCapability.EDIT, p.pk)]
    return render(
        request,
        "registry/facility_list.html",
        {
            "page": page,
            "programs": programs,
            "program": program,
            "q": query,
            "country": country,
            "editable_programs": editable,
        },
    )


@login_required
def facility_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = actor_for_request(request)
    facility = facility_get_for_actor(actor=actor, public_id=public_id)
    links = list(facility_programs(facility))
    staff = any(actor.can(ProgramCapability.VIEW_HISTORY, link.program_id) for link in links)
    can_edit = any(actor.can(RegistryCapability.EDIT, link.program_id) for link in links)
    return render(
        request,
        "registry/facility_detail.html",
        {
            "facility": facility,
            "links": links,
            "buyers": facility_buyers_for_actor(actor=actor, facility=facility),
            "events": events_for_object(facility)[:20] if staff else [],
            "can_edit": can_edit,
        },
    )


@login_required
def facility_new(request: HttpRequest, slug: str) -> HttpResponse:
    actor = actor_for_request(request)
    program = program_get_for_actor(actor=actor, slug=slug, capability=RegistryCapability.EDIT)
    form = FacilityForm(request.POST or None, suppliers=suppliers_in_program(program))
    if request.method == "POST" and form.is_valid():
        created = run_service(
            lambda: facility_create(actor=actor, program=program, fields=form.cleaned_data), form=form
        )
        if created.ok:
            facility = created.value
            messages.success(request, _("Facility added to %(program)s.") % {"program": program.name})
            return redirect("registry:facility_detail", public_id=facility.public_id)
    return render(request, "registry/facility_form.html", {"form": form, "program": program, "facility": None})


@login_required
def facility_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = actor_for_request(request)
    facility = facility_get_for_actor(actor=actor, public_id=public_id)
    program_ids = {link.program_id for link in facility_programs(facility)}
    editable = [pid for pid in program_ids if actor.can(RegistryCapability.EDIT, pid)]
    if not editable:
        actor.require(RegistryCapability.EDIT, -1)
    from wsr.accounts.models import Organisation

    suppliers = Organisation.objects.filter(
        participations__program_id__in=editable, participations__kind="supplier"
    ).distinct()
    form = FacilityForm(request.POST or None, instance=facility, suppliers=suppliers)
    if request.method == "POST" and form.is_valid():
        fields: dict[str, Any] = form.cleaned_data
        reason = request.POST.get("reason", "")
        if run_service(
            lambda: facility_update(actor=actor, facility=facility, fields=fields, reason=reason), form=form
        ).ok:
            messages.success(request, _("Facility updated."))
            return redirect("registry:facility_detail", public_id=facility.public_id)
    return render(request, "registry/facility_form.html", {"form": form, "program": None, "facility": facility})


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    if not actor.program_ids_with(RegistryCapability.VIEW_ALL):
        actor.require(RegistryCapability.VIEW_ALL, -1)
    kind = request.GET.get("kind", "")
    orgs = organisations_for_actor(
        actor=actor, kind=kind if kind in ("brand", "supplier", "worker_org", "monitoring_body", "audit_firm") else ""
    )
    editable = [p for p in programs_for_actor(actor) if actor.can(RegistryCapability.EDIT, p.pk)]
    return render(
        request,
        "registry/organisation_list.html",
        {
            "page": Paginator(orgs, 50).get_page(request.GET.get("page")),
            "kind": kind,
            "editable_programs": editable,
            "kinds": list(ORG_KIND_LABELS.items()),
        },
    )


@login_required
def organisation_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = actor_for_request(request)
    org = organisation_get_for_actor(actor=actor, public_id=public_id)
    staff_programs = actor.program_ids_with(RegistryCapability.VIEW_ALL)
    participations = organisation_participations(
        org, staff_programs | (actor.program_ids if org.pk == actor.organisation_id else set())
    )
    facilities = facilities_for_actor(actor=actor).filter(supplier=org) if org.kind == "supplier" else []
    can_edit = any(actor.can(RegistryCapability.EDIT, p.program_id) for p in participations)
    return render(
        request,
        "registry/organisation_detail.html",
        {
            "org": org,
            "participations": participations,
            "facilities": facilities,
            "can_edit": can_edit,
        },
    )


@login_required
def organisation_new(request: HttpRequest, slug: str) -> HttpResponse:
    actor = actor_for_request(request)
    program = program_get_for_actor(actor=actor, slug=slug, capability=RegistryCapability.EDIT)
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        since = data.pop("since")
        created = run_service(
            lambda: organisation_create(actor=actor, program=program, fields=data, since=since), form=form
        )
        if created.ok:
            org = created.value
            messages.success(
                request, _("%(name)s now takes part in %(program)s.") % {"name": org.name, "program": program.name}
            )
            return redirect("registry:organisation_detail", public_id=org.public_id)
    return render(request, "registry/organisation_form.html", {"form": form, "program": program, "org": None})


@login_required
def organisation_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = actor_for_request(request)
    org = organisation_get_for_actor(actor=actor, public_id=public_id)
    program_ids = set(org.participations.values_list("program_id", flat=True))
    if not any(actor.can(RegistryCapability.EDIT, pid) for pid in program_ids):
        actor.require(RegistryCapability.EDIT, -1)
    initial = {
        "name": org.name,
        "kind": org.kind,
        "country": org.country,
        "address": org.address,
        "website": org.website,
        "since": org.created_at.date(),
    }
    form = OrganisationForm(request.POST or None, initial=initial)
    form.fields["kind"].disabled = True
    form.fields["since"].required = False
    form.fields["since"].widget = form.fields["since"].hidden_widget()
    if request.method == "POST" and form.is_valid():
        updated = run_service(
            lambda: organisation_update(actor=actor, organisation=org, fields=form.cleaned_data), form=form
        )
        if updated.ok:
            messages.success(request, _("Organisation updated."))
            return redirect("registry:organisation_detail", public_id=org.public_id)
    return render(request, "registry/organisation_form.html", {"form": form, "program": None, "org": org})

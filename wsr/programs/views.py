from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from wsr.accounts.selectors import actor_for_request
from wsr.agreements.capabilities import AgreementCapability
from wsr.audits.capabilities import AuditCapability
from wsr.complaints.capabilities import ComplaintCapability
from wsr.core.errors import DomainError
from wsr.core.views import run_service
from wsr.education.capabilities import EducationCapability
from wsr.programs.capabilities import ProgramCapability
from wsr.programs.forms import ProgramRulesForm, SeasonForm
from wsr.programs.history import program_history, program_history_lines
from wsr.programs.rules import RulesInvalid
from wsr.programs.selectors import program_get_for_actor, program_overview, programs_for_actor
from wsr.programs.services import program_rules_update, program_season_add


@login_required
def program_list(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    rows = [{"program": p, "can_view": actor.can(ProgramCapability.VIEW, p.pk)} for p in programs_for_actor(actor)]
    return render(request, "programs/list.html", {"rows": rows})


@login_required
def program_detail(request: HttpRequest, slug: str) -> HttpResponse:
    actor = actor_for_request(request)
    program = program_get_for_actor(actor=actor, slug=slug, capability=ProgramCapability.VIEW)
    context = program_overview(program)
    context["can_edit_rules"] = actor.can(ProgramCapability.EDIT_RULES, program.pk)
    context["can_view_history"] = actor.can(ProgramCapability.VIEW_HISTORY, program.pk)
    context["can_view_agreements"] = actor.can(AgreementCapability.VIEW_ALL, program.pk)
    context["can_queue"] = actor.can(ComplaintCapability.VIEW_QUEUE, program.pk)
    context["can_audits"] = actor.can(AuditCapability.VIEW_ALL, program.pk)
    context["can_education"] = actor.can(EducationCapability.VIEW, program.pk)
    return render(request, "programs/detail.html", context)


@login_required
def program_rules_edit(request: HttpRequest, slug: str) -> HttpResponse:
    actor = actor_for_request(request)
    program = program_get_for_actor(actor=actor, slug=slug, capability=ProgramCapability.EDIT_RULES)
    form = ProgramRulesForm(request.POST or None, initial=program.rules())
    if request.method == "POST" and form.is_valid():
        try:
            program_rules_update(
                actor=actor, program=program, changes=form.changes(), reason=form.cleaned_data["reason"]
            )
        except RulesInvalid as exc:
            form.add_rule_errors(exc.errors)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The rules were updated and the change recorded."))
            return redirect("programs:detail", slug=program.slug)
    return render(request, "programs/rules_edit.html", {"program": program, "form": form})


@login_required
def program_history_view(request: HttpRequest, slug: str) -> HttpResponse:
    actor = actor_for_request(request)
    program = program_get_for_actor(actor=actor, slug=slug, capability=ProgramCapability.VIEW_HISTORY)
    page = Paginator(program_history(program), 50).get_page(request.GET.get("page"))
    lines = program_history_lines(page.object_list, program)
    return render(request, "programs/history.html", {"program": program, "page": page, "lines": lines})


@login_required
def program_season_new(request: HttpRequest, slug: str) -> HttpResponse:
    actor = actor_for_request(request)
    program = program_get_for_actor(actor=actor, slug=slug, capability=ProgramCapability.EDIT_RULES)
    form = SeasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        added = run_service(lambda: program_season_add(actor=actor, program=program, **form.cleaned_data), form=form)
        if added.ok:
            messages.success(request, _("Season added."))
            return redirect("programs:detail", slug=program.slug)
    return render(request, "programs/season_form.html", {"program": program, "form": form})

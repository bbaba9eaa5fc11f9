"""Each signed-in person's start page, shaped by their role."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from wsr.accounts.capabilities import AccountCapability
from wsr.accounts.roles import ROLE_LABELS, Role
from wsr.accounts.selectors import actor_for_request, memberships_for, role_grants_pending_for
from wsr.agreements.capabilities import AgreementCapability
from wsr.audits.capabilities import AuditCapability
from wsr.complaints.capabilities import ComplaintCapability
from wsr.education.capabilities import EducationCapability
from wsr.programs.capabilities import ProgramCapability
from wsr.registry.capabilities import RegistryCapability
from wsr.registry.selectors import facilities_for_actor
from wsr.standards.capabilities import StandardsCapability
from wsr.standing.capabilities import StandingCapability
from wsr.standing.selectors import decisions_for_actor
from wsr.standing.todos import todos_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    memberships = memberships_for(request.user)  # type: ignore[arg-type]
    cards = []
    for m in memberships:
        program = m.program
        cards.append(
            {
                "program": program,
                "role": ROLE_LABELS[Role(m.role)],
                "can_view": actor.can(ProgramCapability.VIEW, program.pk),
                "can_import": actor.can(RegistryCapability.IMPORT, program.pk),
                "can_edit_rules": actor.can(ProgramCapability.EDIT_RULES, program.pk),
                "can_history": actor.can(ProgramCapability.VIEW_HISTORY, program.pk),
                "can_code_drafts": actor.can(StandardsCapability.VIEW_DRAFTS, program.pk),
                "can_education": actor.can(EducationCapability.VIEW, program.pk),
                "can_queue": actor.can(ComplaintCapability.VIEW_QUEUE, program.pk),
                "can_enter_complaint": actor.can(ComplaintCapability.ENTER_ON_BEHALF, program.pk),
                "can_complaint_stats": actor.can(ComplaintCapability.VIEW_STATS, program.pk),
                "can_audits": actor.can(AuditCapability.VIEW_ALL, program.pk),
                "can_caps": actor.can(AuditCapability.VIEW_BUYER, program.pk)
                or actor.can(AuditCapability.VIEW_OWN, program.pk),
                "can_agreements": actor.can(AgreementCapability.VIEW_ALL, program.pk)
                or actor.can(AgreementCapability.VIEW_OWN, program.pk),
                "facility_count": facilities_for_actor(actor=actor, program=program).count(),
                "todos": todos_for(actor=actor, program=program),
                "can_standing": actor.can(StandingCapability.VIEW_ALL, program.pk),
                "decisions": decisions_for_actor(actor=actor, program=program)[:5],
            }
        )
    kind = actor.organisation_kind
    template = {
        "brand": "accounts/home_brand.html",
        "supplier": "accounts/home_supplier.html",
    }.get(kind, "accounts/home_staff.html")
    facilities = facilities_for_actor(actor=actor)[:25] if kind in ("brand", "supplier") else []
    return render(
        request,
        template,
        {
            "cards": cards,
            "organisation": request.user.organisation,  # type: ignore[union-attr]
            "facilities": facilities,
            "can_manage_roles": bool(actor.program_ids_with(AccountCapability.MANAGE_ROLES)),
            "pending_role_grants": role_grants_pending_for(actor).count(),
            "is_platform_admin": actor.is_platform_admin,
        },
    )

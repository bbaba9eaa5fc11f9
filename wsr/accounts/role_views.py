"""The pending role grants page: program admins confirm or refuse grants that nobody may make alone."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wsr.accounts.capabilities import AccountCapability
from wsr.accounts.role_changes import membership_grant_confirm, membership_grant_refuse
from wsr.accounts.selectors import actor_for_request, role_grants_pending_for
from wsr.core.errors import CapabilityMissing, DomainError


@login_required
def role_grant_list(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    if not actor.program_ids_with(AccountCapability.MANAGE_ROLES):
        raise CapabilityMissing(AccountCapability.MANAGE_ROLES)
    grants = role_grants_pending_for(actor)
    return render(request, "accounts/role_grants.html", {"grants": grants})


@login_required
@require_POST
def role_grant_decide(request: HttpRequest, grant_id: str, decision: str) -> HttpResponse:
    actor = actor_for_request(request)
    service = membership_grant_confirm if decision == "confirm" else membership_grant_refuse
    reason = request.POST.get("reason", "").strip()[:2000]
    try:
        service(actor=actor, grant_id=grant_id, reason=reason)
    except CapabilityMissing:
        raise
    except DomainError as exc:
        if exc.code == "not_found":
            raise
        messages.error(request, str(exc.message))
        return redirect("accounts:role_grants")
    if decision == "confirm":
        messages.success(request, _("The role grant was confirmed."))
    else:
        messages.success(request, _("The role grant was refused."))
    return redirect("accounts:role_grants")

"""Reads about users and their scope."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest

from wsr.accounts.models import Membership, RoleGrant, RoleGrantStatus, User
from wsr.accounts.roles import IDLE_TIMEOUT_ORG_KINDS, ROLE_CAPABILITIES, TWO_FACTOR_ORG_KINDS, Role
from wsr.core.permissions import Actor


def actor_for_user(user: Any) -> Actor:
    if user is None or not getattr(user, "is_authenticated", False):
        return Actor.anonymous()
    grants: dict[int, set[str]] = defaultdict(set)
    for program_id, role in Membership.objects.filter(user=user).values_list("program_id", "role"):
        grants[program_id] |= ROLE_CAPABILITIES[Role(role)]
    org = user.organisation
    return Actor(
        user=user,
        label=user.get_full_name() or user.username,
        organisation_id=org.pk if org else None,
        organisation_kind=org.kind if org else "",
        grants={pid: frozenset(caps) for pid, caps in grants.items()},
        is_platform_admin=bool(user.is_superuser),
    )


def actor_for_request(request: HttpRequest) -> Actor:
    cached = getattr(request, "_wsr_actor", None)
    if cached is None:
        cached = actor_for_user(getattr(request, "user", None))
        request._wsr_actor = cached  # type: ignore[attr-defined]
    return cached


def user_requires_two_factor(user: User) -> bool:
    if user.is_superuser:
        return True
    return bool(user.organisation and user.organisation.kind in TWO_FACTOR_ORG_KINDS)


def user_has_idle_timeout(user: User) -> bool:
    if user.is_superuser or user.is_staff:
        return True
    return bool(user.organisation and user.organisation.kind in IDLE_TIMEOUT_ORG_KINDS)


def memberships_for(user: User) -> list[Membership]:
    return list(Membership.objects.filter(user=user).select_related("program").order_by("program__name", "role"))


def role_grants_pending_for(actor: Actor) -> QuerySet[RoleGrant]:
    """Role grants waiting for a program admin of the actor's programs to confirm or refuse."""
    from wsr.accounts.capabilities import AccountCapability

    return (
        RoleGrant.objects.filter(
            status=RoleGrantStatus.PENDING, program_id__in=actor.program_ids_with(AccountCapability.MANAGE_ROLES)
        )
        .select_related("user", "user__organisation", "program")
        .order_by("requested_at", "id")
    )

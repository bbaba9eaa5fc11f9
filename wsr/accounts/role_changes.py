"""Writes for who may do what: program roles (grant, confirm, refuse, revoke), a user's
organisation, and organisations themselves. The Django admin and the pending-grants page call
these; nothing else changes a ``Membership``.

The rule (decision 0015): a program admin of a program grants roles there to other people at
once. A self-grant, or a grant by a platform superuser who is not a program admin of that program,
stays a pending ``RoleGrant`` until another program admin of the program confirms it. Every change
is an event row in the program's history and a notice in the outbox (e-mailed after commit) to
the program's admins and its worker organisation.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wsr.accounts.capabilities import AccountCapability
from wsr.accounts.errors import AccountErrorCode
from wsr.accounts.events import AccountEvent, account_event_line
from wsr.accounts.models import Membership, Organisation, RoleGrant, RoleGrantStatus, User
from wsr.accounts.roles import ORG_KIND_LABELS, ROLE_LABELS, ROLE_ORG_KINDS, OrgKind, Role
from wsr.core import clock
from wsr.core.errors import CapabilityMissing, ConcurrentChange, DomainError, NotFound
from wsr.core.events import event_record
from wsr.core.outbox import outbox_enqueue
from wsr.core.permissions import Actor
from wsr.programs.models import Program


class RoleChangeRefused(DomainError):
    pass


def _user_label(user: User) -> str:
    full = user.get_full_name()
    return f"{full} ({user.username})" if full else user.username


def _require_platform_admin(actor: Actor) -> None:
    if not actor.is_platform_admin:
        raise CapabilityMissing("platform_admin")


def _may_manage(actor: Actor, program: Program) -> bool:
    return actor.can(AccountCapability.MANAGE_ROLES, program.pk)


def _is_self(actor: Actor, user: User | None) -> bool:
    return actor.user is not None and user is not None and actor.user.pk == user.pk


# --- notification -----------------------------------------------------------------------------


def _recipients(program: Program) -> list[str]:
    admins = Membership.objects.filter(program=program, role=Role.PROGRAM_ADMIN).values_list("user__email", flat=True)
    worker_org = (
        User.objects.filter(organisation_id=program.worker_organisation_id, is_active=True).values_list(
            "email", flat=True
        )
        if program.worker_organisation_id
        else []
    )
    return sorted({e for e in [*admins, *worker_org] if e})


def _notify(*, program: Program, verb: AccountEvent, actor: Actor, data: dict[str, Any], event_id: int) -> None:
    """Tell the program's admins and worker organisation through the outbox (same transaction:
    sent only if the change commits, retried if the mail server fails)."""
    subject = gettext("Role change in %(program)s") % {"program": program.name}
    body = "\n".join(
        [
            account_event_line(verb=verb, actor_label=actor.label, data=data),
            "",
            gettext("See the program history: /programs/%(slug)s/history/") % {"slug": program.slug},
            gettext("Role grants waiting for confirmation: /accounts/role-grants/"),
        ]
    )
    for email in _recipients(program):
        outbox_enqueue(
            recipient=email,
            subject=subject,
            body=body,
            kind=str(verb),
            dedupe_key=f"{verb}:{event_id}:{email}",
            program_public_id=program.public_id,
        )


def _record(
    *,
    actor: Actor,
    obj: Any,
    program: Program,
    verb: AccountEvent,
    user: User,
    role: str,
    reason: str,
    extra: dict[str, Any] | None = None,
) -> None:
    data = {"user": _user_label(user), "role": role, **(extra or {})}
    event = event_record(
        actor=actor,
        obj=obj,
        verb=verb,
        after=role,
        reason=reason,
        data=data,
        program_public_id=program.public_id,
    )
    _notify(program=program, verb=verb, actor=actor, data=data, event_id=event.pk)


# --- grants -----------------------------------------------------------------------------------


def _check_role_fits(user: User, role: Role) -> None:
    kind = user.organisation.kind if user.organisation else ""
    if kind not in ROLE_ORG_KINDS[role]:
        allowed = ", ".join(str(ORG_KIND_LABELS[k]) for k in sorted(ROLE_ORG_KINDS[role]))
        raise RoleChangeRefused(
            _("The role %(role)s is held only by members of: %(kinds)s.")
            % {"role": ROLE_LABELS[role], "kinds": allowed},
            code=AccountErrorCode.ROLE_ORGANISATION_MISMATCH,
        )


def _program_has_admin(program: Program) -> bool:
    return Membership.objects.filter(program=program, role=Role.PROGRAM_ADMIN).exists()


def membership_grant(
    *, actor: Actor, user: User, program: Program, role: str, reason: str = ""
) -> Membership | RoleGrant:
    """Give ``user`` a role in ``program``, or open a grant another program admin must confirm.

    Returns the new ``Membership`` when it took effect, else the pending ``RoleGrant``.
    """
    try:
        role = Role(role)
    except ValueError:
        raise RoleChangeRefused(_("Unknown role."), code=AccountErrorCode.UNKNOWN_ROLE) from None
    is_manager = _may_manage(actor, program)
    if not is_manager and not actor.is_platform_admin and not actor.is_system:
        raise CapabilityMissing(AccountCapability.MANAGE_ROLES)
    _check_role_fits(user, role)
    if Membership.objects.filter(user=user, program=program, role=role).exists():
        raise RoleChangeRefused(
            _("This person already holds that role in this program."), code=AccountErrorCode.ALREADY_HELD
        )
    self_grant = _is_self(actor, user)
    # The first program admin of a program with none can only come from a platform superuser.
    bootstrap = (
        actor.is_platform_admin and not self_grant and role == Role.PROGRAM_ADMIN and not _program_has_admin(program)
    )
    immediate = actor.is_system or (is_manager and not self_grant) or bootstrap
    with transaction.atomic():
        if immediate:
            membership = Membership.objects.create(user=user, program=program, role=role)
            _record(
                actor=actor,
                obj=user,
                program=program,
                verb=AccountEvent.MEMBERSHIP_GRANTED,
                user=user,
                role=role,
                reason=reason,
                extra={"bootstrap": True} if bootstrap and not is_manager else None,
            )
            return membership
        try:
            with transaction.atomic():
                grant = RoleGrant.objects.create(
                    user=user,
                    program=program,
                    role=role,
                    reason=reason,
                    requested_by=actor.user,
                    requested_label=actor.label,
                    requested_at=clock.now(),
                )
        except IntegrityError:
            raise RoleChangeRefused(
                _("A grant of this role to this person is already waiting for confirmation."),
                code=AccountErrorCode.ALREADY_PENDING,
            ) from None
        _record(
            actor=actor,
            obj=grant,
            program=program,
            verb=AccountEvent.MEMBERSHIP_GRANT_REQUESTED,
            user=user,
            role=role,
            reason=reason,
            extra={"grant": grant.public_id, "self_grant": self_grant},
        )
    return grant


def _pending_grant(grant_id: str) -> RoleGrant:
    grant = RoleGrant.objects.select_related("user", "program", "requested_by").filter(public_id=grant_id).first()
    if grant is None:
        raise NotFound("role grant")
    return grant


def _decide(*, actor: Actor, grant_id: str, to: RoleGrantStatus, reason: str) -> RoleGrant:
    grant = _pending_grant(grant_id)
    if grant.program_id not in actor.program_ids and not actor.is_platform_admin:
        raise NotFound("role grant")  # outside the actor's programs it does not exist for them
    if not _may_manage(actor, grant.program):
        raise CapabilityMissing(AccountCapability.MANAGE_ROLES)
    if grant.status != RoleGrantStatus.PENDING:
        raise RoleChangeRefused(_("This grant was already decided."), code=AccountErrorCode.ALREADY_DECIDED)
    if to == RoleGrantStatus.CONFIRMED and (_is_self(actor, grant.user) or _is_self(actor, grant.requested_by)):
        raise RoleChangeRefused(
            _("Another program admin must confirm this grant: you asked for it or would receive it."),
            code=AccountErrorCode.CONFIRM_OWN_GRANT,
        )
    now = clock.now()
    with transaction.atomic():
        moved = RoleGrant.objects.filter(pk=grant.pk, status=RoleGrantStatus.PENDING).update(
            status=to, decided_by=actor.user, decided_label=actor.label, decided_at=now
        )
        if moved != 1:
            raise ConcurrentChange("role grant")
        if to == RoleGrantStatus.CONFIRMED:
            _check_role_fits(grant.user, Role(grant.role))
            Membership.objects.get_or_create(user=grant.user, program=grant.program, role=grant.role)
        _record(
            actor=actor,
            obj=grant,
            program=grant.program,
            verb=(
                AccountEvent.MEMBERSHIP_GRANT_CONFIRMED
                if to == RoleGrantStatus.CONFIRMED
                else AccountEvent.MEMBERSHIP_GRANT_REFUSED
            ),
            user=grant.user,
            role=grant.role,
            reason=reason,
            extra={"grant": grant.public_id, "requested_by": grant.requested_label},
        )
    grant.refresh_from_db()
    return grant


def membership_grant_confirm(*, actor: Actor, grant_id: str, reason: str = "") -> RoleGrant:
    """Another program admin of the program confirms a pending grant: the role takes effect."""
    return _decide(actor=actor, grant_id=grant_id, to=RoleGrantStatus.CONFIRMED, reason=reason)


def membership_grant_refuse(*, actor: Actor, grant_id: str, reason: str = "") -> RoleGrant:
    """A program admin of the program refuses a pending grant: no role is given."""
    return _decide(actor=actor, grant_id=grant_id, to=RoleGrantStatus.REFUSED, reason=reason)


def membership_revoke(*, actor: Actor, membership_id: int, reason: str = "") -> None:
    """Take a role away. A program keeps at least one program admin."""
    membership = Membership.objects.select_related("user", "program").filter(pk=membership_id).first()
    if membership is None:
        raise NotFound("membership")
    program = membership.program
    if not _may_manage(actor, program) and not actor.is_platform_admin:
        raise CapabilityMissing(AccountCapability.MANAGE_ROLES)
    with transaction.atomic():
        _revoke(actor=actor, membership=membership, reason=reason)


def _revoke(*, actor: Actor, membership: Membership, reason: str) -> None:
    program = membership.program
    if (
        membership.role == Role.PROGRAM_ADMIN
        and not Membership.objects.filter(program=program, role=Role.PROGRAM_ADMIN).exclude(pk=membership.pk).exists()
    ):
        raise RoleChangeRefused(
            _("%(program)s would have no program admin left: grant the role to someone else first.")
            % {"program": program.name},
            code=AccountErrorCode.LAST_PROGRAM_ADMIN,
        )
    deleted, _rows = Membership.objects.filter(pk=membership.pk).delete()
    if not deleted:
        raise ConcurrentChange("membership")
    _record(
        actor=actor,
        obj=membership.user,
        program=program,
        verb=AccountEvent.MEMBERSHIP_REVOKED,
        user=membership.user,
        role=membership.role,
        reason=reason,
    )


# --- users and organisations ------------------------------------------------------------------


def user_organisation_change(
    *, actor: Actor, user: User, organisation: Organisation | None, reason: str = ""
) -> list[str]:
    """Move a user to another organisation (platform superusers only).

    Roles the new organisation cannot hold are revoked; the move is a line in the history of
    every program where the user holds a role. Returns the roles revoked.
    """
    _require_platform_admin(actor)
    before = user.organisation
    if (before.pk if before else None) == (organisation.pk if organisation else None):
        return []
    revoked: list[str] = []
    with transaction.atomic():
        moved = User.objects.filter(pk=user.pk, organisation=before).update(organisation=organisation)
        if moved != 1:
            raise ConcurrentChange("user")
        user.organisation = organisation
        data = {
            "user": _user_label(user),
            "before_org": before.name if before else "",
            "after_org": organisation.name if organisation else "",
        }
        event_record(
            actor=actor,
            obj=user,
            verb=AccountEvent.USER_ORGANISATION_CHANGED,
            before=(before.public_id if before else ""),
            after=(organisation.public_id if organisation else ""),
            reason=reason,
            data=data,
        )
        memberships = list(Membership.objects.filter(user=user).select_related("program"))
        new_kind = organisation.kind if organisation else ""
        for program in {m.program for m in memberships}:
            event = event_record(
                actor=actor,
                obj=user,
                verb=AccountEvent.USER_ORGANISATION_CHANGED,
                reason=reason,
                data=data,
                program_public_id=program.public_id,
            )
            _notify(
                program=program, verb=AccountEvent.USER_ORGANISATION_CHANGED, actor=actor, data=data, event_id=event.pk
            )
        for m in memberships:
            if new_kind not in ROLE_ORG_KINDS[Role(m.role)]:
                _revoke(actor=actor, membership=m, reason=gettext("The user moved to another organisation."))
                revoked.append(m.role)
    return revoked


_ORG_FIELDS = ("name", "country", "address", "website")


def organisation_create(
    *, actor: Actor, name: str, kind: str, country: str = "", address: str = "", website: str = ""
) -> Organisation:
    """A new organisation (platform superusers; registry pages have their own program-scoped path)."""
    _require_platform_admin(actor)
    try:
        kind = OrgKind(kind)
    except ValueError:
        raise RoleChangeRefused(_("Unknown kind of organisation."), code=AccountErrorCode.UNKNOWN_KIND) from None
    name = name.strip()
    if not name:
        raise RoleChangeRefused(_("Give the organisation a name."), code=AccountErrorCode.NAME_MISSING)
    with transaction.atomic():
        if Organisation.objects.filter(kind=kind, name=name).exists():
            raise RoleChangeRefused(
                _("An organisation of this kind with this name exists."), code=AccountErrorCode.DUPLICATE
            )
        org = Organisation.objects.create(
            name=name, kind=kind, country=country.upper(), address=address, website=website
        )
        event_record(actor=actor, obj=org, verb=AccountEvent.ORGANISATION_CREATED, after=kind, data={"name": name})
    return org


def organisation_update(*, actor: Actor, organisation: Organisation, changes: dict[str, Any]) -> Organisation:
    """Change an organisation's name or contact details (its kind never changes: roles hang on it)."""
    _require_platform_admin(actor)
    unknown = set(changes) - set(_ORG_FIELDS)
    if unknown:
        raise RoleChangeRefused(_("These fields cannot be changed here."), code=AccountErrorCode.FIELD_NOT_EDITABLE)
    current = Organisation.objects.get(pk=organisation.pk)
    diff = {k: {"before": getattr(current, k), "after": v} for k, v in changes.items() if getattr(current, k) != v}
    if not diff:
        return current
    with transaction.atomic():
        Organisation.objects.filter(pk=current.pk).update(**{k: v["after"] for k, v in diff.items()})
        current.refresh_from_db()
        event_record(
            actor=actor,
            obj=current,
            verb=AccountEvent.ORGANISATION_CHANGED,
            data={"name": current.name, "changes": diff},
        )
    return current

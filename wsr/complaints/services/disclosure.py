"""Seeing who complained: four eyes, time-limited, every step an event.

An assigned investigator records a request with a reason; a *second* staff member holding
APPROVE_IDENTITY_DISCLOSURE in the program approves or refuses it (never the requester: the
service refuses it and a database constraint backs that up). An approval lets the requester, while
still assigned, see the identity for ``DISCLOSURE_DAYS``; each viewing is an event.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from wsr.complaints.capabilities import ComplaintCapability as C
from wsr.complaints.errors import ComplaintErrorCode
from wsr.complaints.events import ComplaintEvent as E
from wsr.complaints.models import Complaint, ComplaintIdentity, DisclosureRequest, DisclosureStatus
from wsr.complaints.services import common, vault
from wsr.core import clock
from wsr.core.errors import DomainError, NotFound
from wsr.core.permissions import Actor
from wsr.core.workflow import conditional_update

DISCLOSURE_DAYS = 7


@dataclass(frozen=True)
class IdentityView:
    name: str
    phone: str
    contact: str
    anonymous: bool


def complaint_disclosure_request(*, actor: Actor, complaint: Complaint, reason: str) -> DisclosureRequest:
    common.require_case(actor, complaint, C.REQUEST_IDENTITY_DISCLOSURE)
    if not common.is_assigned(actor, complaint):
        raise DomainError(
            _("Only an investigator assigned to this case can ask to see who complained."),
            code=ComplaintErrorCode.NOT_ASSIGNED,
        )
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why you need to know who complained."), code=ComplaintErrorCode.REASON_REQUIRED)
    if complaint.disclosure_requests.filter(requested_by=actor.user, status=DisclosureStatus.PENDING).exists():
        raise DomainError(
            _("You already have a request waiting for approval."), code=ComplaintErrorCode.ALREADY_REQUESTED
        )
    user: Any = actor.user
    with transaction.atomic():
        request = DisclosureRequest.objects.create(
            complaint=complaint, requested_by=user, reason=reason[:2000], requested_at=clock.now()
        )
        common.record(
            actor, complaint, E.DISCLOSURE_REQUESTED, reason=reason[:2000], data={"request": request.public_id}
        )
    return request


def _decide(actor: Actor, request: DisclosureRequest, status: str, note: str) -> DisclosureRequest:
    complaint = request.complaint
    if complaint.program_id not in actor.program_ids:
        raise NotFound("request")
    actor.require(C.APPROVE_IDENTITY_DISCLOSURE, complaint.program_id)
    if actor.user is None or actor.user.pk == request.requested_by_id:
        raise DomainError(
            _("A second person must decide: you cannot decide on your own request."), code=ComplaintErrorCode.FOUR_EYES
        )
    if request.status != DisclosureStatus.PENDING:
        raise DomainError(_("This request was already decided."), code=ComplaintErrorCode.ALREADY_DECIDED)
    now = clock.now()
    expires = now + dt.timedelta(days=DISCLOSURE_DAYS) if status == DisclosureStatus.APPROVED else None
    with transaction.atomic():
        conditional_update(
            request,
            expect={"status": DisclosureStatus.PENDING},
            changes={"status": status, "decided_by": actor.user, "decided_at": now, "expires_at": expires},
            what="disclosure request",
        )
        verb = E.DISCLOSURE_APPROVED if status == DisclosureStatus.APPROVED else E.DISCLOSURE_REFUSED
        common.record(
            actor,
            complaint,
            verb,
            reason=(note or "").strip()[:2000],
            data={"request": request.public_id, "requested_by": request.requested_by.username},
        )
    request.refresh_from_db()
    return request


def complaint_disclosure_approve(*, actor: Actor, request: DisclosureRequest, note: str = "") -> DisclosureRequest:
    return _decide(actor, request, DisclosureStatus.APPROVED, note)


def complaint_disclosure_refuse(*, actor: Actor, request: DisclosureRequest, note: str = "") -> DisclosureRequest:
    return _decide(actor, request, DisclosureStatus.REFUSED, note)


def identity_disclosed_to(actor: Actor, complaint: Complaint) -> bool:
    """True while the actor is assigned and holds an approved, unexpired request of their own."""
    if actor.user is None or not common.is_assigned(actor, complaint):
        return False
    return complaint.disclosure_requests.filter(
        requested_by=actor.user, status=DisclosureStatus.APPROVED, expires_at__gt=clock.now()
    ).exists()


def complaint_identity_reveal(*, actor: Actor, complaint: Complaint) -> IdentityView:
    """Decrypt the identity for an investigator it was disclosed to; the viewing is an event."""
    common.require_case(actor, complaint, C.VIEW_CASE)
    if not identity_disclosed_to(actor, complaint):
        raise DomainError(_("The identity has not been disclosed to you."), code=ComplaintErrorCode.NOT_DISCLOSED)
    identity = ComplaintIdentity.objects.filter(complaint=complaint).first()
    common.record(actor, complaint, E.IDENTITY_VIEWED)
    if identity is None:
        return IdentityView(name="", phone="", contact="", anonymous=complaint.anonymous)
    key = vault.case_key(complaint)
    return IdentityView(
        name=vault.open_(key, complaint, "identity", "name", identity.name),
        phone=vault.open_(key, complaint, "identity", "phone", identity.phone),
        contact=vault.open_(key, complaint, "identity", "contact", identity.contact),
        anonymous=complaint.anonymous,
    )

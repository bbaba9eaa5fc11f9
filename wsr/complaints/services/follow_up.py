"""The complainant's side of a case: status, messages and the secret, with the case code only.

Every call performs exactly one Argon2id verification whatever went wrong (unknown code,
malformed code, wrong secret), and every failure is the same ``CaseAccessRefused``, so neither
the answer nor its timing tells which part of the pair was wrong. Callers throttle guessing first
(``wsr.complaints.guard``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wsr.complaints.case_codes import MalformedCaseCode, hash_secret, new_secret, normalise_case_code, verify_secret
from wsr.complaints.models import Channel, Complaint, Direction, Message
from wsr.complaints.services import common, vault
from wsr.complaints.services.intake import storable_text
from wsr.complaints.transitions import CaseState
from wsr.core import clock
from wsr.core.errors import DomainError
from wsr.core.permissions import Actor
from wsr.core.workflow import workflow_step

MAX_MESSAGE_CHARS = 5000

# Plain words for the worker (short sentences; translated).
STATUS_TEXT = {
    CaseState.RECEIVED: gettext_lazy("We have your complaint. Someone will look at it soon."),
    CaseState.ACKNOWLEDGED: gettext_lazy("We read your complaint. We are deciding what to do next."),
    CaseState.TRIAGED_IN_SCOPE: gettext_lazy("Your complaint is accepted. An investigator will look into it."),
    CaseState.TRIAGED_OUT_OF_SCOPE: gettext_lazy(
        "This problem is not covered by the program. We will tell you who can help."
    ),
    CaseState.FORWARDED: gettext_lazy("We sent your complaint to another organisation that can help."),
    CaseState.INVESTIGATING: gettext_lazy("An investigator is looking into your complaint."),
    CaseState.FINDING: gettext_lazy("The investigation is finished. We are deciding what must change."),
    CaseState.REMEDY_DIRECTED: gettext_lazy("The employer was told what to fix, and by when."),
    CaseState.REMEDY_VERIFIED: gettext_lazy("We checked that the problem was fixed."),
    CaseState.CLOSED: gettext_lazy("Your case is closed. If the problem comes back, write to us."),
}


@dataclass(frozen=True)
class MessageView:
    direction: str  # "to_you" (from the monitoring body) or "from_you"
    text: str
    sent_at: dt.datetime


@dataclass(frozen=True)
class CaseStatusView:
    case_code: str
    status: str  # CaseState value
    status_text: str  # plain words in the active language
    messages: list[MessageView]
    must_change_secret: bool


class CaseAccessRefused(DomainError):
    """One error for an unknown code, a malformed code and a wrong secret."""

    def __init__(self) -> None:
        super().__init__(
            _("This case code and secret do not match. Check both and try again."), code="case_access_refused"
        )


# What the complainant's status page reads of a case (a look-up does not load the whole row).
_STATUS_FIELDS = (
    "id",
    "public_id",
    "case_code",
    "program_id",
    "status",
    "secret_hash",
    "must_change_secret",
    "wrapped_key",
)


def complaint_for_code(case_code: str, secret: str, *, for_writing: bool = True) -> Complaint:
    """The case if the pair matches, else ``CaseAccessRefused`` after one full verification.
    ``for_writing=False`` loads only what the status page shows (the worker waits on it)."""
    try:
        canonical: str | None = normalise_case_code(case_code)
    except MalformedCaseCode:
        canonical = None
    complaint = None
    if canonical:
        found = Complaint.objects.filter(case_code=canonical).order_by()  # unique: no ordering to compile
        found = found.select_related("program") if for_writing else found.only(*_STATUS_FIELDS)
        complaint = next(iter(found[:1]), None)
    ok = verify_secret(complaint.secret_hash if complaint is not None else None, secret or "")
    if complaint is None or not ok:
        raise CaseAccessRefused()
    return complaint


def status_view_for(complaint: Complaint) -> CaseStatusView:
    """What the complainant sees. Until an operator-entered case gets the worker's own secret, the
    messages stay hidden (the operator knew the first secret)."""
    messages: list[MessageView] = []
    if not complaint.must_change_secret:
        key = vault.case_key(complaint)
        rows = Message.objects.filter(complaint=complaint).order_by("sent_at", "id")
        for m in rows.only("public_id", "direction", "body", "sent_at"):
            messages.append(
                MessageView(
                    direction="to_you" if m.direction == Direction.TO_COMPLAINANT else "from_you",
                    text=vault.open_(key, complaint, "message", "body", m.body, m.public_id),
                    sent_at=m.sent_at,
                )
            )
    return CaseStatusView(
        case_code=complaint.case_code,
        status=complaint.status,
        status_text=str(STATUS_TEXT[CaseState(complaint.status)]),
        messages=messages,
        must_change_secret=complaint.must_change_secret,
    )


def complaint_status_view(*, case_code: str, secret: str) -> CaseStatusView:
    return status_view_for(complaint_for_code(case_code, secret, for_writing=False))


def append_complainant_message(complaint: Complaint, text: str, *, channel: str) -> None:
    """Store a message from the complainant; it ends a wait for the complainant."""
    actor = Actor.anonymous(common.COMPLAINANT)
    key = vault.case_key(complaint)
    now = clock.now()
    with transaction.atomic():
        message = Message(
            complaint=complaint, direction=Direction.FROM_COMPLAINANT, channel=channel, author=None, sent_at=now
        )
        message.body = vault.seal(key, complaint, "message", "body", text, message.public_id)
        message.save()
        common.record(actor, complaint, common.MESSAGE_RECEIVED, data={"channel": channel})
        if complaint.awaiting_complainant:
            # Through the one workflow step, guarded on nothing but the row: a worker's message is
            # never refused because staff changed the case meanwhile.
            workflow_step(
                actor=actor,
                obj=complaint,
                event=common.AWAITING_ENDED,
                program=complaint.program,
                state_field=None,
                changes={"awaiting_complainant": False},
                reason="The complainant wrote.",
                what="complaint",
            )


def complaint_message_post(*, case_code: str, secret: str, text: str, channel: str = Channel.WEB) -> CaseStatusView:
    """A message from the complainant, recorded with the channel it came through (web page, API)."""
    if channel not in Channel.values:
        raise DomainError(_("Unknown channel."), code="bad_channel")
    complaint = complaint_for_code(case_code, secret)
    text = storable_text((text or "").strip(), code="message_bad_characters")
    if complaint.must_change_secret:
        raise DomainError(_("Please choose your own secret first."), code="must_change_secret")
    if not text:
        raise DomainError(_("Please write a message."), code="message_required")
    if len(text) > MAX_MESSAGE_CHARS:
        raise DomainError(
            _("Please keep it shorter: at most %(n)s characters.") % {"n": MAX_MESSAGE_CHARS},
            code="message_too_long",
        )
    if not complaint.is_open:
        raise DomainError(
            _("This case is closed. To report the problem again, please file a new complaint."), code="case_closed"
        )
    append_complainant_message(complaint, text, channel=channel)
    return status_view_for(complaint)


def complaint_secret_change(*, case_code: str, secret: str) -> str:
    """Check the pair, replace the secret with a new random one, return it (shown once)."""
    complaint = complaint_for_code(case_code, secret)
    fresh = new_secret()
    fresh_hash = hash_secret(fresh)
    with transaction.atomic():
        moved = Complaint.objects.filter(pk=complaint.pk, secret_hash=complaint.secret_hash).update(
            secret_hash=fresh_hash, must_change_secret=False
        )
        if moved != 1:
            raise CaseAccessRefused()
        common.record(Actor.anonymous(common.COMPLAINANT), complaint, common.SECRET_CHANGED)
    return fresh

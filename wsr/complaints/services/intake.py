"""Opening a case: the worker's own channels (web, API, SMS) and operators on a worker's behalf.

Two halves, so that nothing slow runs while the database's write lock is held (SQLite has one
writer at a time): ``intake_prepare`` checks the input and does the slow work (the Argon2id hash of
the new secret, the case key, the encryption of the narrative and identity) without touching the
database's write side; ``intake_save`` then writes the case, its identity and its event in one short
transaction. ``complaint_intake`` runs both; a caller that must claim something in the same
transaction (the web form's one-time token, an SMS message id) passes ``claim``, so an error
anywhere leaves the claim unspent along with everything else.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from wsr.alerts.hazards import Hazard
from wsr.alerts.services.danger import danger_alert_for_complaint
from wsr.complaints.capabilities import ComplaintCapability as C
from wsr.complaints.case_codes import hash_secret, new_case_code, new_secret
from wsr.complaints.models import OPERATOR_CHANNELS, Channel, Complaint, ComplaintIdentity
from wsr.complaints.services import common, vault
from wsr.complaints.sla import is_severe
from wsr.complaints.transitions import CaseState, triage_rules
from wsr.core import clock
from wsr.core.errors import DomainError
from wsr.core.permissions import Actor
from wsr.programs.models import Program
from wsr.registry.models import Facility, ProgramFacility
from wsr.standards.models import Category

logger = logging.getLogger(__name__)

MAX_DESCRIPTION_CHARS = 5000
MAX_FACILITY_NAME_CHARS = 300
MAX_IDENTITY_CHARS = 300
GBVH = "sexual_harassment"
_CODE_ATTEMPTS = 5


@dataclass(frozen=True)
class IntakeReceipt:
    case_code: str  # formatted for people: "1234-5678-9012-3456-7"
    secret: str  # shown once, never stored in clear
    complaint: Complaint


@dataclass
class PreparedIntake:
    """A case ready to be written: rows built and sealed, the secret hashed; nothing stored yet."""

    actor: Actor
    complaint: Complaint
    identity: ComplaintIdentity | None
    secret: str
    event_data: dict[str, Any] = field(default_factory=dict)


def storable_text(value: str, *, code: str) -> str:
    """``value`` if it can be stored and encrypted, else a ``DomainError`` naming the problem.

    Refuses what JSON can carry but no database or cipher should take: a lone surrogate (``\\udfff``,
    not valid Unicode, cannot be encoded as UTF-8) and the NUL character (PostgreSQL refuses it)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        valid = False
    else:
        valid = "\x00" not in value
    if not valid:
        raise DomainError(
            _(
                "This text contains a character that cannot be stored (an invalid or empty character). "
                "Please type it again."
            ),
            code=code,
        )
    return value


def _validate(
    *,
    program: Program,
    channel: str,
    facility: Facility | None,
    facility_name: str,
    category: str,
    description: str,
    language: str,
    name: str,
    phone: str,
    contact: str,
    hazard: str = "",
) -> None:
    if channel not in Channel.values:
        raise DomainError(_("Unknown channel."), code="bad_channel")
    storable_text(description, code="description_bad_characters")
    storable_text(facility_name, code="facility_name_bad_characters")
    for value in (name, phone, contact):
        storable_text(value, code="identity_bad_characters")
    if not description:
        raise DomainError(_("Please say what happened."), code="description_required")
    if len(description) > MAX_DESCRIPTION_CHARS:
        raise DomainError(
            _("Please keep it shorter: at most %(n)s characters.") % {"n": MAX_DESCRIPTION_CHARS},
            code="description_too_long",
        )
    if category not in Category.values:
        raise DomainError(_("Please choose what the problem is about."), code="bad_category")
    if hazard and hazard not in Hazard.values:
        raise DomainError(_("Please choose what the problem is about."), code="bad_category")
    if language not in (program.languages or ["en"]):
        raise DomainError(_("This program does not work in that language."), code="bad_language")
    if facility is not None:
        if not ProgramFacility.objects.filter(program=program, facility=facility).exists():
            raise DomainError(_("This workplace is not in this program."), code="bad_facility")
    elif not facility_name and channel != Channel.SMS:
        raise DomainError(_("Please say where you work."), code="facility_required")
    if len(facility_name) > MAX_FACILITY_NAME_CHARS:
        raise DomainError(_("The workplace name is too long."), code="facility_name_too_long")
    if any(len(value) > MAX_IDENTITY_CHARS for value in (name, phone, contact)):
        raise DomainError(_("Your name or contact is too long."), code="identity_too_long")


def intake_prepare(
    *,
    actor: Actor,
    program: Program,
    channel: str,
    facility: Facility | None,
    facility_name: str,
    category: str,
    description: str,
    language: str,
    anonymous: bool,
    contact: str = "",
    name: str = "",
    phone: str = "",
    imminent_danger: bool = False,
    hazard: str = "",
) -> PreparedIntake:
    """Check the input and do the slow work; writes nothing.

    Operator channels (hotline, in person, worker organisation, auditor) need ENTER_ON_BEHALF in
    the program; such a case must get a new secret at the worker's first own use. An anonymous
    complaint keeps no identity at all (a name, phone or contact given with it is dropped), except
    an SMS sender's number, which is kept (encrypted) so the case can be answered; the SMS reply
    tells the worker so.
    """
    description = (description or "").strip()
    facility_name = (facility_name or "").strip() if facility is None else ""
    name, phone, contact = (name or "").strip(), (phone or "").strip(), (contact or "").strip()
    _validate(
        program=program,
        channel=channel,
        facility=facility,
        facility_name=facility_name,
        category=category,
        description=description,
        language=language,
        name=name,
        phone=phone,
        contact=contact,
        hazard=hazard,
    )
    operator = channel in OPERATOR_CHANNELS
    if operator:
        actor.require(C.ENTER_ON_BEHALF, program.pk)
    if anonymous:
        name, contact = "", ""
        if channel != Channel.SMS:
            phone = ""
    rules = triage_rules(category)
    moment = clock.now()
    secret = new_secret()
    key, wrapped = vault.new_case_key()
    complaint = Complaint(
        case_code=new_case_code(),
        program=program,
        facility=facility,
        facility_name=facility_name,
        category=category,
        channel=channel,
        language=language,
        anonymous=anonymous,
        status=CaseState.RECEIVED,
        priority=rules.priority,
        severe=is_severe(tier=None, category=category, imminent_danger=imminent_danger),
        imminent_danger=imminent_danger,
        hazard=hazard,
        gbvh=category == GBVH,
        received_at=moment,
        updated_at=moment,
        secret_hash=hash_secret(secret),
        must_change_secret=operator,
        wrapped_key=wrapped,
        entered_by=actor.user if operator else None,
    )
    complaint.narrative = vault.seal(key, complaint, "complaint", "narrative", description)
    identity = None
    if name or phone or contact:
        identity = ComplaintIdentity(
            complaint=complaint,
            name=vault.seal(key, complaint, "identity", "name", name),
            phone=vault.seal(key, complaint, "identity", "phone", phone),
            contact=vault.seal(key, complaint, "identity", "contact", contact),
            phone_hmac=vault.phone_hmac(phone) if phone else "",
        )
    return PreparedIntake(
        actor=actor,
        complaint=complaint,
        identity=identity,
        secret=secret,
        event_data={
            "channel": channel,
            "category": category,
            "language": language,
            "anonymous": anonymous,
            "operator": operator,
        },
    )


def intake_save(prepared: PreparedIntake) -> IntakeReceipt:
    """Write a prepared case, its identity and its event (one transaction, or a savepoint inside
    the caller's). A case-code collision (1 in 10**16 per pair) draws another code."""
    complaint = prepared.complaint
    for _attempt in range(_CODE_ATTEMPTS):
        try:
            with transaction.atomic():
                complaint.save(force_insert=True)
                if prepared.identity is not None:
                    prepared.identity.complaint = complaint
                    prepared.identity.save(force_insert=True)
                common.record(
                    prepared.actor, complaint, common.RECEIVED, after=CaseState.RECEIVED, data=prepared.event_data
                )
                # Someone is in danger now: the on-call staff are alerted in this same transaction.
                danger_alert_for_complaint(complaint, actor=prepared.actor)
            break
        except IntegrityError:
            complaint.pk = None
            complaint.case_code = new_case_code()
    else:
        raise DomainError(_("The complaint could not be saved. Please try again."), code="intake_failed")
    return IntakeReceipt(case_code=complaint.case_code, secret=prepared.secret, complaint=complaint)


def complaint_intake(
    *,
    actor: Actor,
    program: Program,
    channel: str,
    facility: Facility | None,
    facility_name: str,
    category: str,
    description: str,
    language: str,
    anonymous: bool,
    contact: str = "",
    name: str = "",
    phone: str = "",
    imminent_danger: bool = False,
    hazard: str = "",
    claim: Callable[[], None] | None = None,
) -> IntakeReceipt:
    """Open a case and give the complainant a case code and secret (the secret is never stored).

    ``claim`` runs first inside the write transaction (e.g. spending the web form's one-time
    token): if it refuses, or anything after it fails, nothing is written and the claim is unspent.
    """
    prepared = intake_prepare(
        actor=actor,
        program=program,
        channel=channel,
        facility=facility,
        facility_name=facility_name,
        category=category,
        description=description,
        language=language,
        anonymous=anonymous,
        contact=contact,
        name=name,
        phone=phone,
        imminent_danger=imminent_danger,
        hazard=hazard,
    )
    if claim is None:
        receipt = intake_save(prepared)
    else:
        with transaction.atomic():
            claim()
            receipt = intake_save(prepared)
    logger.info("complaint received program=%s channel=%s", program.slug, channel)
    return receipt

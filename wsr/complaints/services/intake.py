"""Opening a case: the worker's own channels (web, API, SMS) and operators on a worker's behalf."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

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
) -> None:
    if channel not in Channel.values:
        raise DomainError(_("Unknown channel."), code="bad_channel")
    if not description:
        raise DomainError(_("Please say what happened."), code="description_required")
    if len(description) > MAX_DESCRIPTION_CHARS:
        raise DomainError(
            _("Please keep it shorter: at most %(n)s characters.") % {"n": MAX_DESCRIPTION_CHARS},
            code="description_too_long",
        )
    if category not in Category.values:
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
) -> IntakeReceipt:
    """Open a case and give the complainant a case code and secret (the secret is never stored).

    Operator channels (hotline, in person, worker organisation, auditor) need ENTER_ON_BEHALF in
    the program; such a case must get a new secret at the worker's first own use. An anonymous
    complainant leaves no name or contact (given ones are dropped); an SMS sender's number is kept
    (encrypted) so the case can be answered.
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
    )
    operator = channel in OPERATOR_CHANNELS
    if operator:
        actor.require(C.ENTER_ON_BEHALF, program.pk)
    if anonymous:
        name, contact = "", ""
    rules = triage_rules(category)
    moment = clock.now()
    secret = new_secret()
    secret_hash = hash_secret(secret)
    key, wrapped = vault.new_case_key()
    for _attempt in range(_CODE_ATTEMPTS):
        try:
            with transaction.atomic():
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
                    gbvh=category == GBVH,
                    received_at=moment,
                    updated_at=moment,
                    secret_hash=secret_hash,
                    must_change_secret=operator,
                    wrapped_key=wrapped,
                    entered_by=actor.user if operator else None,
                )
                complaint.narrative = vault.seal(key, complaint, "complaint", "narrative", description)
                complaint.save()
                if name or phone or contact:
                    ComplaintIdentity.objects.create(
                        complaint=complaint,
                        name=vault.seal(key, complaint, "identity", "name", name),
                        phone=vault.seal(key, complaint, "identity", "phone", phone),
                        contact=vault.seal(key, complaint, "identity", "contact", contact),
                        phone_hmac=vault.phone_hmac(phone) if phone else "",
                    )
                common.record(
                    actor,
                    complaint,
                    common.RECEIVED,
                    after=CaseState.RECEIVED,
                    data={
                        "channel": channel,
                        "category": category,
                        "language": language,
                        "anonymous": anonymous,
                        "operator": operator,
                    },
                )
            break
        except IntegrityError:
            # A case-code collision (1 in 10**16 per pair): draw another code.
            continue
    else:
        raise DomainError(_("The complaint could not be saved. Please try again."), code="intake_failed")
    logger.info("complaint received program=%s channel=%s", program.slug, channel)
    return IntakeReceipt(case_code=complaint.case_code, secret=secret, complaint=complaint)

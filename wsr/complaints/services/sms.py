"""SMS intake: a text opens a case, or (when it starts with a case code and secret) joins one.

The sender's number is identity: stored encrypted on the case (plus a keyed HMAC for matching)
and never logged; the reply tells the sender it is kept, and why. The ``SmsInbound`` row makes a
gateway's retries harmless: a (gateway, message id) pair is processed once.

The slow work (the Argon2id check of a code and secret, or the hash of a new case's secret and
its encryption) runs before the write transaction, which only claims the message id and writes.
"""

from __future__ import annotations

import datetime as dt
import logging
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wsr.alerts.advice import worker_danger_advice
from wsr.complaints.case_codes import CROCKFORD, damm_is_valid, format_case_code, normalise_secret
from wsr.complaints.models import Channel, Complaint, SmsInbound
from wsr.complaints.services import vault
from wsr.complaints.services.follow_up import CaseAccessRefused, append_complainant_message, complaint_for_code
from wsr.complaints.services.intake import (
    MAX_DESCRIPTION_CHARS,
    IntakeReceipt,
    PreparedIntake,
    intake_prepare,
    intake_save,
    storable_text,
)
from wsr.core import clock
from wsr.core.errors import DomainError
from wsr.core.permissions import Actor
from wsr.programs.models import Program

logger = logging.getLogger(__name__)

_SEPARATORS = frozenset("-.\u2010\u2011\u2012\u2013\u2014\u2212_/")
_ALIASES = {"O": "0", "I": "1", "L": "1"}

# The first word of a text that reports someone in danger now (the program's languages).
DANGER_WORDS = frozenset({"danger", "peligro", "danje", "বিপদ"})

# Told to every sender whose text opened a case (translated when the reply is made).
PHONE_KEPT = gettext_noop(
    "We keep your phone number, encrypted, only to answer you. Only the investigators of your case can see it."
)


@dataclass(frozen=True)
class SmsResult:
    created: bool  # a new case was opened
    case_code: str | None  # formatted code of the new or existing case
    secret: str | None  # only when a new case was opened (sent back by SMS once)
    reply: str  # the text to send back, in the program's default language
    duplicate: bool  # this (gateway, message_id) was already processed


def program_for_number(gateway: str, to: str) -> Program:
    config = (getattr(settings, "WSR_SMS_GATEWAYS", {}) or {}).get(gateway) or {}
    wanted = vault.normalise_phone(to)
    for number, slug in (config.get("numbers") or {}).items():
        if vault.normalise_phone(number) == wanted:
            program = Program.objects.filter(slug=slug).first()
            if program is not None:
                return program
    raise DomainError("This number does not belong to a program.", code="unknown_number")


def split_code_and_secret(text: str) -> tuple[str, str, str] | None:
    """``"1234 5678 9012 3456 7 7K3M-9Q2X-W4R8 more news"`` -> (code, secret, rest); None when the
    text does not start with a well-formed case code followed by 12 secret characters."""
    chars = unicodedata.normalize("NFKC", text).strip()
    digits: list[str] = []
    i = 0
    while i < len(chars) and len(digits) < 17:
        ch = chars[i]
        value = unicodedata.decimal(ch, None)
        if value is not None:
            digits.append(str(value))
        elif not (ch.isspace() or ch in _SEPARATORS):
            return None
        i += 1
    if len(digits) != 17 or not damm_is_valid("".join(digits)):
        return None
    secret_chars: list[str] = []
    while i < len(chars) and len(secret_chars) < 12:
        ch = chars[i].upper()
        ch = _ALIASES.get(ch, ch)
        if ch in CROCKFORD:
            secret_chars.append(ch)
        elif not (ch.isspace() or ch in _SEPARATORS):
            return None
        i += 1
    if len(secret_chars) != 12:
        return None
    secret = normalise_secret("".join(secret_chars))
    return format_case_code("".join(digits)), secret, chars[i:].strip()


def _claim(gateway: str, message_id: str, received_at: dt.datetime) -> SmsInbound | None:
    """The inbound row, or None if this message was processed before."""
    try:
        with transaction.atomic():
            return SmsInbound.objects.create(
                gateway=gateway, message_id=message_id, received_at=received_at, processed_at=clock.now()
            )
    except IntegrityError:
        return None


def _replayed(earlier: SmsInbound) -> SmsResult:
    """The first answer again (a gateway retries when it lost it); sealed when it belongs to a case."""
    case = earlier.complaint
    reply = earlier.reply
    if reply and case is not None:
        reply = vault.open_(vault.case_key(case), case, "sms_inbound", "reply", reply, row=str(earlier.pk))
    return SmsResult(
        created=False, case_code=case.case_code if case else None, secret=None, reply=reply, duplicate=True
    )


@dataclass
class _Plan:
    """What a text will do, decided (slow checks included) before anything is written."""

    reply: str
    case: Complaint | None = None  # an existing case the text is about
    message: str = ""  # appended to ``case``
    intake: PreparedIntake | None = None  # a new case to write


def _reply(text: str, *, case: Complaint | None = None) -> _Plan:
    return _Plan(reply=text, case=case)


def _too_long() -> str:
    return _("Your message is too long: at most %(n)s characters. Please send a shorter message.") % {
        "n": MAX_DESCRIPTION_CHARS
    }


def _plan(program: Program, sender: str, text: str) -> _Plan:
    storable_text(text, code="message_bad_characters")
    parsed = split_code_and_secret(text)
    if parsed is not None:
        code, secret, rest = parsed
        try:
            complaint = complaint_for_code(code, secret)  # one Argon2id verification
        except CaseAccessRefused:
            return _reply(_("This case code and secret do not match. Check both and try again."))
        if not rest:
            return _reply(_("Write your message after your case code and secret."), case=complaint)
        if not complaint.is_open:
            return _reply(_("This case is closed. To report the problem again, send a new message."), case=complaint)
        if len(rest) > MAX_DESCRIPTION_CHARS:
            return _reply(_too_long(), case=complaint)
        return _Plan(reply=_("Thank you. Your message was added to your case."), case=complaint, message=rest)
    if not text:
        return _reply(_("Please write what happened at work."))
    if len(text) > MAX_DESCRIPTION_CHARS:
        return _reply(_too_long())
    prepared = intake_prepare(  # the Argon2id hash of the new secret and the encryption
        actor=Actor.anonymous("complainant"),
        program=program,
        channel=Channel.SMS,
        facility=None,
        facility_name="",
        category="other",
        description=text,
        language=program.default_language,
        anonymous=False,
        phone=sender,
        imminent_danger=starts_with_danger_word(text),
    )
    return _Plan(reply="", intake=prepared)


def starts_with_danger_word(text: str) -> bool:
    """A text that starts with DANGER (or PELIGRO, DANJE, বিপদ) reports someone in danger now."""
    words = unicodedata.normalize("NFKC", text).split(maxsplit=1)
    return bool(words) and words[0].strip("!.:,;-").casefold() in DANGER_WORDS


def _new_case_reply(receipt: IntakeReceipt) -> str:
    reply = _(
        "We received your complaint. Case code: %(code)s Secret: %(secret)s Keep them safe and "
        "private. To add news, send the code, the secret and your message."
    ) % {"code": receipt.case_code, "secret": receipt.secret}
    if receipt.complaint.imminent_danger:
        reply = f"{worker_danger_advice(receipt.complaint.program)} {reply}"
    return f"{reply} {_(PHONE_KEPT)}"


def complaint_sms_receive(
    *, gateway: str, message_id: str, sender: str, to: str, text: str, received_at: dt.datetime
) -> SmsResult:
    """Idempotent on (gateway, message_id): a repeated delivery gets the same reply again."""
    program = program_for_number(gateway, to)
    text = (text or "").strip()
    earlier = SmsInbound.objects.select_related("complaint").filter(gateway=gateway, message_id=message_id).first()
    if earlier is not None:
        return _replayed(earlier)
    with translation.override(program.default_language):
        plan = _plan(program, sender, text)
        with transaction.atomic():
            inbound = _claim(gateway, message_id, received_at)
            if inbound is None:  # the same message delivered twice at once: the first one answers
                return _replayed(
                    SmsInbound.objects.select_related("complaint").get(pk=_inbound_pk(gateway, message_id))
                )
            receipt = intake_save(plan.intake) if plan.intake is not None else None
            reply = _new_case_reply(receipt) if receipt is not None else plan.reply
            linked = receipt.complaint if receipt is not None else (plan.case if plan.message else None)
            if plan.message and linked is not None:
                append_complainant_message(linked, plan.message, channel=Channel.SMS)
            stored = reply
            if linked is not None:
                stored = vault.seal(vault.case_key(linked), linked, "sms_inbound", "reply", reply, row=str(inbound.pk))
            SmsInbound.objects.filter(pk=inbound.pk).update(
                complaint=linked, created_case=receipt is not None, reply=stored
            )
    if receipt is not None:
        logger.info("sms complaint received program=%s", program.slug)
    case = receipt.complaint if receipt is not None else plan.case
    return SmsResult(
        created=receipt is not None,
        case_code=case.case_code if case is not None else None,
        secret=receipt.secret if receipt is not None else None,
        reply=reply,
        duplicate=False,
    )


def _inbound_pk(gateway: str, message_id: str) -> int:
    return SmsInbound.objects.values_list("pk", flat=True).get(gateway=gateway, message_id=message_id)

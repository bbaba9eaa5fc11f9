"""SMS intake: a text opens a case, or (when it starts with a case code and secret) joins one.

The sender's number is identity: stored encrypted on the case (plus a keyed HMAC for matching)
and never logged. The ``SmsInbound`` row makes a gateway's retries harmless: a (gateway, message
id) pair is processed once.
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

from wsr.complaints.case_codes import CROCKFORD, damm_is_valid, format_case_code, normalise_secret
from wsr.complaints.models import Channel, SmsInbound
from wsr.complaints.services import vault
from wsr.complaints.services.follow_up import CaseAccessRefused, append_complainant_message, complaint_for_code
from wsr.complaints.services.intake import MAX_DESCRIPTION_CHARS, complaint_intake
from wsr.core import clock
from wsr.core.errors import DomainError
from wsr.core.permissions import Actor
from wsr.programs.models import Program

logger = logging.getLogger(__name__)

_SEPARATORS = frozenset("-.\u2010\u2011\u2012\u2013\u2014\u2212_/")
_ALIASES = {"O": "0", "I": "1", "L": "1"}


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


def _remember(gateway: str, message_id: str, reply: str) -> None:
    """Keep the answer so a repeated delivery gets the same one (sealed when it belongs to a case)."""
    inbound = SmsInbound.objects.select_related("complaint").get(gateway=gateway, message_id=message_id)
    case = inbound.complaint
    stored = (
        vault.seal(vault.case_key(case), case, "sms_inbound", "reply", reply, row=str(inbound.pk))
        if case is not None
        else reply
    )
    SmsInbound.objects.filter(pk=inbound.pk).update(reply=stored)


def _replayed(earlier: SmsInbound) -> str:
    if not earlier.reply or earlier.complaint is None:
        return earlier.reply
    case = earlier.complaint
    return vault.open_(vault.case_key(case), case, "sms_inbound", "reply", earlier.reply, row=str(earlier.pk))


def complaint_sms_receive(
    *, gateway: str, message_id: str, sender: str, to: str, text: str, received_at: dt.datetime
) -> SmsResult:
    """Idempotent on (gateway, message_id): a repeated delivery gets the same reply again."""
    with transaction.atomic():
        result = _sms_receive(
            gateway=gateway, message_id=message_id, sender=sender, to=to, text=text, received_at=received_at
        )
        if not result.duplicate:
            _remember(gateway, message_id, result.reply)
    return result


def _sms_receive(
    *, gateway: str, message_id: str, sender: str, to: str, text: str, received_at: dt.datetime
) -> SmsResult:
    program = program_for_number(gateway, to)
    text = (text or "").strip()
    with transaction.atomic():
        inbound = _claim(gateway, message_id, received_at)
        if inbound is None:
            earlier = SmsInbound.objects.select_related("complaint").get(gateway=gateway, message_id=message_id)
            code = earlier.complaint.case_code if earlier.complaint else None
            reply = _replayed(earlier)
            return SmsResult(created=False, case_code=code, secret=None, reply=reply, duplicate=True)
        with translation.override(program.default_language):
            parsed = split_code_and_secret(text)
            if parsed is not None:
                code, secret, rest = parsed
                try:
                    complaint = complaint_for_code(code, secret)
                except CaseAccessRefused:
                    return SmsResult(
                        created=False,
                        case_code=None,
                        secret=None,
                        reply=_("This case code and secret do not match. Check both and try again."),
                        duplicate=False,
                    )
                if not rest:
                    return SmsResult(
                        created=False,
                        case_code=complaint.case_code,
                        secret=None,
                        reply=_("Write your message after your case code and secret."),
                        duplicate=False,
                    )
                if not complaint.is_open:
                    return SmsResult(
                        created=False,
                        case_code=complaint.case_code,
                        secret=None,
                        reply=_("This case is closed. To report the problem again, send a new message."),
                        duplicate=False,
                    )
                append_complainant_message(complaint, rest[:MAX_DESCRIPTION_CHARS], channel=Channel.SMS)
                SmsInbound.objects.filter(pk=inbound.pk).update(complaint=complaint)
                return SmsResult(
                    created=False,
                    case_code=complaint.case_code,
                    secret=None,
                    reply=_("Thank you. Your message was added to your case."),
                    duplicate=False,
                )
            if not text:
                return SmsResult(
                    created=False,
                    case_code=None,
                    secret=None,
                    reply=_("Please write what happened at work."),
                    duplicate=False,
                )
            receipt = complaint_intake(
                actor=Actor.anonymous("complainant"),
                program=program,
                channel=Channel.SMS,
                facility=None,
                facility_name="",
                category="other",
                description=text[:MAX_DESCRIPTION_CHARS],
                language=program.default_language,
                anonymous=False,
                phone=sender,
            )
            SmsInbound.objects.filter(pk=inbound.pk).update(complaint=receipt.complaint, created_case=True)
            reply = _(
                "We received your complaint. Case code: %(code)s Secret: %(secret)s Keep them safe and "
                "private. To add news, send the code, the secret and your message."
            ) % {"code": receipt.case_code, "secret": receipt.secret}
    logger.info("sms complaint received program=%s", program.slug)
    return SmsResult(created=True, case_code=receipt.case_code, secret=receipt.secret, reply=reply, duplicate=False)

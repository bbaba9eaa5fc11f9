"""Investigation records kept on a case: internal notes and interview records (both encrypted)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from wsr.complaints.capabilities import ComplaintCapability as C
from wsr.complaints.errors import ComplaintErrorCode
from wsr.complaints.events import ComplaintEvent as E
from wsr.complaints.models import Complaint, InternalNote, Interview, IntervieweeRole
from wsr.complaints.services import common, vault
from wsr.complaints.services.intake import MAX_DESCRIPTION_CHARS
from wsr.core import clock
from wsr.core.errors import DomainError
from wsr.core.permissions import Actor


def _text(text: str, what: str) -> str:
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Write the %(what)s.") % {"what": what}, code=ComplaintErrorCode.TEXT_REQUIRED)
    if len(text) > MAX_DESCRIPTION_CHARS:
        raise DomainError(
            _("Too long: at most %(n)s characters.") % {"n": MAX_DESCRIPTION_CHARS}, code=ComplaintErrorCode.TOO_LONG
        )
    return text


def complaint_note_add(*, actor: Actor, complaint: Complaint, text: str) -> InternalNote:
    """An internal note: staff only, never shown to the complainant."""
    common.require_case(actor, complaint, C.INVESTIGATE)
    text = _text(text, _("note"))
    key = vault.case_key(complaint)
    with transaction.atomic():
        note = InternalNote(complaint=complaint, author=actor.user, created_at=clock.now())
        note.body = vault.seal(key, complaint, "note", "body", text, note.public_id)
        note.save()
        common.record(actor, complaint, E.NOTE_ADDED, data={"note": note.public_id})
    return note


def complaint_interview_record(
    *, actor: Actor, complaint: Complaint, held_on: dt.date, interviewee_role: str, notes: str
) -> Interview:
    common.require_case(actor, complaint, C.INVESTIGATE)
    if interviewee_role not in IntervieweeRole.values:
        raise DomainError(_("Say who was interviewed."), code=ComplaintErrorCode.BAD_ROLE)
    if held_on is None or held_on > clock.today():
        raise DomainError(_("Give the day of the interview (not in the future)."), code=ComplaintErrorCode.BAD_DATE)
    notes = _text(notes, _("interview notes"))
    key = vault.case_key(complaint)
    with transaction.atomic():
        interview = Interview(
            complaint=complaint,
            interviewer=actor.user,
            held_on=held_on,
            interviewee_role=interviewee_role,
            created_at=clock.now(),
        )
        interview.notes = vault.seal(key, complaint, "interview", "notes", notes, interview.public_id)
        interview.save()
        common.record(
            actor,
            complaint,
            E.INTERVIEW_RECORDED,
            data={"interview": interview.public_id, "role": interviewee_role, "held_on": held_on.isoformat()},
        )
    return interview

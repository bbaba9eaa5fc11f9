"""Findings (each cites the Code provision in force on its date) and their evidence files."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from wsr.alerts.hazards import Hazard
from wsr.alerts.services.danger import danger_alert_for_finding
from wsr.audits import transitions
from wsr.audits.capabilities import AuditCapability as AU
from wsr.audits.errors import AuditErrorCode
from wsr.audits.events import AuditEvent
from wsr.audits.models import Audit, Evidence, Finding, FindingSource
from wsr.audits.services._common import publish, record, when
from wsr.core import clock
from wsr.core.errors import CapabilityMissing, DomainError
from wsr.core.files import sniff as sniff_file
from wsr.core.permissions import Actor
from wsr.programs.models import Program
from wsr.registry.models import Facility, ProgramFacility
from wsr.standards.selectors import provision_in_force

MAX_TEXT = 10_000


def evidence_max_bytes() -> int:
    return int(getattr(settings, "WSR_AUDIT_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024))


def sniff(content: bytes) -> tuple[str, str] | None:
    """(content type, extension) of an accepted evidence file (a photo or a PDF), or None."""
    found = sniff_file(content[:16])
    if found is None or found.kind not in ("image", "pdf"):
        return None
    return found.content_type, f".{found.extension}"


def finding_public(finding: Finding) -> dict[str, Any]:
    """The public fact of a finding: where, which provision, how severe. The public summary text is
    shown on the pages (it can be corrected); the log carries no free text."""
    return {
        "program": finding.program.public_id,
        "finding": finding.public_id,
        "facility": finding.facility.public_id,
        "source": finding.source,
        "provision": finding.provision_ref,
        "code_version": finding.code_version.public_id,
        "category": finding.category,
        "severity": finding.severity,
        "observed_on": finding.observed_on.isoformat(),
    }


def _require_recorder(actor: Actor, program: Program, source: str) -> None:
    if source == FindingSource.AUDIT:
        actor.require(AU.PERFORM, program.pk)
    elif not (actor.can(AU.PERFORM, program.pk) or actor.can(AU.CAP_EDIT, program.pk)):
        raise CapabilityMissing(AU.CAP_EDIT)


def finding_record(
    *,
    actor: Actor,
    program: Program,
    facility: Facility,
    source: str,
    provision_ref: str,
    internal_text: str,
    public_summary: str,
    audit: Audit | None = None,
    complaint_public_id: str = "",
    observed_on: dt.date | None = None,
    evidence: bytes | None = None,
    evidence_note: str = "",
    at: dt.datetime | None = None,
    danger: str = "",
) -> Finding:
    """Record a finding, with a first piece of evidence if given. ``danger`` (a kind of
    ``wsr.alerts.hazards.Hazard``) says workers are in danger now: the program's on-call staff
    are alerted in the same transaction.

    It cites the provision ``provision_ref`` of the Code version in force on the audit date (or
    ``observed_on`` for complaints and inspections); its severity is that provision's tier. The
    internal text and the public summary are written separately."""
    if source not in FindingSource.values:
        raise DomainError(_("Choose where the finding comes from."), code=AuditErrorCode.CHOOSE_WHERE_FINDING_COMES)
    _require_recorder(actor, program, source)
    if source == FindingSource.AUDIT:
        if audit is None:
            raise DomainError(
                _("A finding from an audit names the audit."), code=AuditErrorCode.FINDING_AUDIT_NAMES_AUDIT
            )
        if audit.program_id != program.pk or audit.facility_id != facility.pk:
            raise DomainError(
                _("The audit is of another facility or program."), code=AuditErrorCode.AUDIT_ANOTHER_FACILITY_PROGRAM
            )
        if audit.state not in transitions.AUDIT_ACCEPTS_FINDINGS:
            raise DomainError(
                _("Findings are recorded once the audit's fieldwork has started."),
                code=AuditErrorCode.FINDINGS_RECORDED_AUDIT_FIELDWORK,
            )
        if actor.user is None or not audit.team.filter(auditor__user_id=actor.user.pk).exists():
            raise DomainError(
                _("Only an auditor on this audit's team can record its findings."),
                code=AuditErrorCode.AUDITOR_AUDIT_TEAM_RECORD_2,
            )
        observed_on = audit.audit_date
    else:
        audit = None
    if source == FindingSource.COMPLAINT:
        complaint_public_id = complaint_public_id.strip()
        if not complaint_public_id:
            raise DomainError(_("Give the complaint's reference."), code=AuditErrorCode.COMPLAINT_REFERENCE)
    else:
        complaint_public_id = ""
    if danger and danger not in Hazard.values:
        raise DomainError(_("Choose the kind of danger."), code=AuditErrorCode.CHOOSE_KIND_OF_DANGER)
    if observed_on is None:
        raise DomainError(_("Give the date the finding was observed."), code=AuditErrorCode.DATE_FINDING_WAS_OBSERVED)
    if observed_on > clock.today():
        raise DomainError(_("A finding cannot be observed in the future."), code=AuditErrorCode.FINDING_OBSERVED_FUTURE)
    if not ProgramFacility.objects.filter(program=program, facility=facility).exists():
        raise DomainError(
            _("This facility is not covered by the program."), code=AuditErrorCode.FACILITY_COVERED_PROGRAM
        )
    internal_text, public_summary = internal_text.strip(), public_summary.strip()
    if not internal_text or not public_summary:
        raise DomainError(
            _("Write both the internal description and the public summary."),
            code=AuditErrorCode.WRITE_BOTH_INTERNAL_DESCRIPTION,
        )
    if len(internal_text) > MAX_TEXT or len(public_summary) > MAX_TEXT:
        raise DomainError(_("The text is too long."), code=AuditErrorCode.TEXT_TOO_LONG)
    if internal_text == public_summary:
        raise DomainError(
            _("Write the public summary separately: it must not repeat the internal description."),
            code=AuditErrorCode.WRITE_PUBLIC_SUMMARY_SEPARATELY,
        )
    provision = provision_in_force(program, provision_ref.strip(), observed_on)
    if provision is None:
        raise DomainError(
            _("The Code in force on %(date)s has no provision %(ref)s.")
            % {"date": observed_on.isoformat(), "ref": provision_ref},
            code=AuditErrorCode.CODE_FORCE_DATE_PROVISION,
        )
    stored = None
    try:
        with transaction.atomic():
            finding = Finding.objects.create(
                program=program,
                facility=facility,
                audit=audit,
                source=source,
                complaint_public_id=complaint_public_id,
                provision=provision,
                provision_ref=provision.ref,
                code_version=provision.version,
                category=provision.category,
                severity=provision.tier,
                observed_on=observed_on,
                internal_text=internal_text,
                public_summary=public_summary,
                created_by=actor.user,
                created_at=when(at),
            )
            record(
                actor,
                finding,
                AuditEvent.FINDING_RECORDED,
                program,
                at=at,
                data={"facility": facility.public_id, "provision": provision.ref, "severity": provision.tier},
            )
            if evidence or evidence_note.strip():
                stored = evidence_prepare(actor=actor, finding=finding, content=evidence, note=evidence_note, at=at)
                stored.save()
            publish(program, "finding_recorded", finding_public(finding))
            if danger:
                danger_alert_for_finding(finding, actor=actor, hazard=danger)
    except Exception:
        evidence_discard(stored)
        raise
    return finding


def evidence_prepare(
    *,
    actor: Actor,
    finding: Finding,
    content: bytes | None,
    note: str = "",
    cap_item: Any = None,
    at: dt.datetime | None = None,
) -> Evidence:
    """Check a file (type by its first bytes, size-limited) and/or a note, and store the file.
    Returns the unsaved row: the caller saves it in its transaction and, if that fails, calls
    ``evidence_discard`` so no orphan file stays behind."""
    note = note.strip()
    if not content and not note:
        raise DomainError(_("Attach a photo or PDF, or write a note."), code=AuditErrorCode.ATTACH_PHOTO_PDF_WRITE)
    kind = ext = ""
    if content:
        if len(content) > evidence_max_bytes():
            raise DomainError(
                _("The file is larger than %(mb)s MB.") % {"mb": evidence_max_bytes() // (1024 * 1024)},
                code=AuditErrorCode.FILE_LARGER,
            )
        sniffed = sniff(content)
        if sniffed is None:
            raise DomainError(
                _("Evidence must be a photo (PNG, JPEG, WebP) or a PDF."), code=AuditErrorCode.EVIDENCE_PHOTO_PNG_JPEG
            )
        kind, ext = sniffed
    evidence = Evidence(
        finding=finding,
        cap_item=cap_item,
        content_type=kind,
        size=len(content or b""),
        sha256=hashlib.sha256(content).hexdigest() if content else "",
        note=note,
        uploaded_by=actor.user,
        uploaded_by_organisation_id=actor.organisation_id,
        uploaded_at=when(at),
    )
    if content:
        evidence.file.name = default_storage.save(
            evidence.file.field.generate_filename(evidence, ext), ContentFile(content)
        )
    return evidence


def evidence_discard(evidence: Evidence | None) -> None:
    if evidence is not None and evidence.file.name:
        default_storage.delete(evidence.file.name)


def finding_evidence_add(
    *,
    actor: Actor,
    finding: Finding,
    content: bytes | None = None,
    note: str = "",
    at: dt.datetime | None = None,
) -> Evidence:
    """The monitor adds a photo, document or note to a finding (internal: staff only)."""
    if not (actor.can(AU.PERFORM, finding.program_id) or actor.can(AU.CAP_EDIT, finding.program_id)):
        raise CapabilityMissing(AU.PERFORM)
    evidence = evidence_prepare(actor=actor, finding=finding, content=content, note=note, at=at)
    try:
        with transaction.atomic():
            evidence.save()
            record(
                actor,
                finding,
                AuditEvent.FINDING_EVIDENCE_ADDED,
                finding.program,
                at=at,
                data={"evidence": evidence.public_id, "sha256": evidence.sha256, "size": evidence.size},
            )
    except Exception:
        evidence_discard(evidence)
        raise
    return evidence

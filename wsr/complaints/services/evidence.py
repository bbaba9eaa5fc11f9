"""Evidence files: type-checked by their first bytes, size-limited, stored encrypted on disk.

The file is sealed with the case key (AES-256-GCM, associated data naming the case and the
evidence row) and written under ``MEDIA_ROOT/complaints/<random name>``; its original name is
encrypted on the row. Only the case's assigned investigators can read it back, and each download
is an event. The file is stored before the rows are written and deleted again if they are not
(an error or a failed commit), so the storage never keeps a file no row points to.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from wsr.complaints.capabilities import ComplaintCapability as C
from wsr.complaints.errors import ComplaintErrorCode
from wsr.complaints.events import ComplaintEvent as E
from wsr.complaints.models import Complaint, Evidence, EvidenceKind
from wsr.complaints.services import common, vault
from wsr.core import clock
from wsr.core.errors import DomainError
from wsr.core.files import sniff as sniff_file
from wsr.core.permissions import Actor

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
STORAGE_DIR = "complaints"

CONTENT_TYPES = {
    EvidenceKind.JPEG: "image/jpeg",
    EvidenceKind.PNG: "image/png",
    EvidenceKind.PDF: "application/pdf",
    EvidenceKind.MP3: "audio/mpeg",
    EvidenceKind.M4A: "audio/mp4",
    EvidenceKind.OGG: "audio/ogg",
}


_KINDS = {
    "jpg": EvidenceKind.JPEG,
    "png": EvidenceKind.PNG,
    "pdf": EvidenceKind.PDF,
    "mp3": EvidenceKind.MP3,
    "m4a": EvidenceKind.M4A,
    "ogg": EvidenceKind.OGG,
}


def sniff(data: bytes) -> EvidenceKind | None:
    """The evidence kind from the file's first bytes (wsr.core.files), or None if not accepted."""
    found = sniff_file(data[:16])
    return _KINDS.get(found.extension) if found is not None else None


def complaint_evidence_add(*, actor: Actor, complaint: Complaint, filename: str, content: bytes) -> Evidence:
    common.require_case(actor, complaint, C.INVESTIGATE)
    if not common.is_assigned(actor, complaint):
        raise DomainError(
            _("Only the investigators assigned to this case can add evidence."), code=ComplaintErrorCode.NOT_ASSIGNED
        )
    if not content:
        raise DomainError(_("The file is empty."), code=ComplaintErrorCode.EMPTY_FILE)
    if len(content) > MAX_EVIDENCE_BYTES:
        raise DomainError(_("The file is too large: at most 10 MB."), code=ComplaintErrorCode.FILE_TOO_LARGE)
    kind = sniff(content)
    if kind is None:
        raise DomainError(
            _("This kind of file is not accepted: use JPEG, PNG, PDF, MP3, M4A or OGG."),
            code=ComplaintErrorCode.BAD_FILE_TYPE,
        )
    key = vault.case_key(complaint)
    evidence = Evidence(
        complaint=complaint,
        uploaded_by=actor.user,
        uploaded_at=clock.now(),
        kind=kind,
        size=len(content),
        storage_name=f"{STORAGE_DIR}/{secrets.token_hex(16)}.bin",
    )
    # The slow part (encrypting up to 10 MB and writing it to the storage) comes before the
    # transaction, so SQLite's single write lock is held only for the two small inserts.
    evidence.filename = vault.seal(
        key, complaint, "evidence", "filename", (filename or "file")[:200], evidence.public_id
    )
    sealed = vault.seal_bytes(key, complaint, evidence.public_id, content)
    evidence.storage_name = default_storage.save(evidence.storage_name, ContentFile(sealed))
    try:
        # durable: this block's end is the real commit, so a commit that fails lands in the except
        with transaction.atomic(durable=True):
            evidence.save(force_insert=True)
            common.record(actor, complaint, E.EVIDENCE_ADDED, data={"evidence": evidence.public_id, "kind": kind})
    except BaseException:
        default_storage.delete(evidence.storage_name)  # no row points to it: leave no orphan
        raise
    return evidence


@dataclass(frozen=True)
class EvidenceFile:
    filename: str
    content_type: str
    content: bytes


def complaint_evidence_read(*, actor: Actor, evidence: Evidence) -> EvidenceFile:
    """The decrypted file, for an assigned investigator only; the download is logged."""
    complaint = evidence.complaint
    common.require_case(actor, complaint, C.INVESTIGATE)
    if not common.is_assigned(actor, complaint):
        raise DomainError(
            _("Only the investigators assigned to this case can open evidence."), code=ComplaintErrorCode.NOT_ASSIGNED
        )
    key = vault.case_key(complaint)
    with default_storage.open(evidence.storage_name, "rb") as handle:
        blob = handle.read()
    content = vault.open_bytes(key, complaint, evidence.public_id, blob)
    filename = vault.open_(key, complaint, "evidence", "filename", evidence.filename, evidence.public_id)
    common.record(actor, complaint, E.EVIDENCE_DOWNLOADED, data={"evidence": evidence.public_id})
    return EvidenceFile(filename=filename, content_type=CONTENT_TYPES[EvidenceKind(evidence.kind)], content=content)

"""Complaint cases and everything kept about them.

Personal data never sits on a row in clear: the complainant's identity (``ComplaintIdentity``), the
narrative, messages, internal notes, interview notes and evidence files are encrypted with the
case's own data key (``Complaint.wrapped_key``, wrapped by the master key from the settings; see
``wsr.core.crypto`` and docs/decisions/0007). Encryption and decryption happen in the services
(``wsr.complaints.services.vault``); the models only hold ciphertext.

Workflow fields change only through the services (``wsr.complaints.services``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wsr.alerts.hazards import Hazard
from wsr.complaints.transitions import CaseState, FindingOutcome
from wsr.core.ids import PublicIdFactory


class Channel(models.TextChoices):
    WEB = "web", _("Web form")
    SMS = "sms", _("SMS")
    HOTLINE = "hotline", _("Hotline")
    IN_PERSON = "in_person", _("In person")
    WORKER_ORG = "worker_org", _("Worker organisation")
    AUDITOR = "auditor", _("Auditor")
    API = "api", _("API")


# Channels where a staff member types the complaint for a worker (ENTER_ON_BEHALF).
OPERATOR_CHANNELS = frozenset({Channel.HOTLINE, Channel.IN_PERSON, Channel.WORKER_ORG, Channel.AUDITOR})

STATE_LABELS = {
    CaseState.RECEIVED: _("Received"),
    CaseState.ACKNOWLEDGED: _("Acknowledged"),
    CaseState.TRIAGED_IN_SCOPE: _("In scope"),
    CaseState.TRIAGED_OUT_OF_SCOPE: _("Out of scope"),
    CaseState.FORWARDED: _("Forwarded"),
    CaseState.INVESTIGATING: _("Investigating"),
    CaseState.FINDING: _("Finding recorded"),
    CaseState.REMEDY_DIRECTED: _("Remedy directed"),
    CaseState.REMEDY_VERIFIED: _("Remedy verified"),
    CaseState.CLOSED: _("Closed"),
}

OUTCOME_LABELS = {
    FindingOutcome.SUBSTANTIATED: _("Substantiated"),
    FindingOutcome.PARTLY_SUBSTANTIATED: _("Partly substantiated"),
    FindingOutcome.UNSUBSTANTIATED: _("Unsubstantiated"),
}


class Complaint(models.Model):
    public_id = models.CharField(max_length=32, unique=True, default=PublicIdFactory("cmp"), editable=False)
    # The canonical printed form from case_codes.normalise_case_code: "1234-5678-9012-3456-7".
    case_code = models.CharField(max_length=24, unique=True, editable=False)
    program = models.ForeignKey("programs.Program", on_delete=models.PROTECT, related_name="complaints")
    facility = models.ForeignKey(
        "registry.Facility", null=True, blank=True, on_delete=models.PROTECT, related_name="complaints"
    )
    facility_name = models.CharField(_("workplace as typed"), max_length=300, blank=True)
    category = models.CharField(_("category"), max_length=32)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    language = models.CharField(_("language"), max_length=12)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    status = models.CharField(
        _("status"), max_length=24, choices=[(s.value, STATE_LABELS[s]) for s in CaseState], default=CaseState.RECEIVED
    )
    priority = models.BooleanField(_("priority"), default=False)
    severe = models.BooleanField(_("severe"), default=False)
    imminent_danger = models.BooleanField(_("imminent danger"), default=False)
    # The kind of danger when the worker chose it (the garment program's fire, electrical and
    # structural topics); a category alone says "health and safety".
    hazard = models.CharField(_("kind of danger"), max_length=16, choices=Hazard.choices, blank=True)
    gbvh = models.BooleanField(_("gender-based violence and harassment"), default=False)
    received_at = models.DateTimeField(_("received at"), db_index=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField()
    awaiting_complainant = models.BooleanField(default=False)

    # Case-code channel: only a peppered Argon2id hash of the secret.
    secret_hash = models.CharField(max_length=200, editable=False)
    must_change_secret = models.BooleanField(default=False)
    # Envelope encryption: the case's data key, wrapped by the master key.
    wrapped_key = models.CharField(max_length=200, editable=False)
    narrative = models.TextField(editable=False, help_text="Ciphertext (v1:...) of what happened.")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    # Triage: provisions cited (from the Code version in force on the day the case was received).
    code_version = models.ForeignKey(
        "standards.CodeVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    provisions = models.ManyToManyField("standards.Provision", blank=True, related_name="complaints")
    tier = models.CharField(_("severity tier"), max_length=16, blank=True)
    forwarded_to = models.CharField(_("forwarded to"), max_length=200, blank=True)
    forward_reason = models.TextField(_("reason for forwarding"), blank=True)

    assigned: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Assignment",
        through_fields=("complaint", "investigator"),
        related_name="assigned_complaints",
        blank=True,
    )

    finding_outcome = models.CharField(
        _("finding"), max_length=24, blank=True, choices=[(o.value, OUTCOME_LABELS[o]) for o in FindingOutcome]
    )
    finding_summary = models.TextField(_("finding summary"), blank=True)
    finding_at = models.DateTimeField(null=True, blank=True)
    remedy_what = models.TextField(_("remedy"), blank=True)
    remedy_who = models.CharField(_("remedy by"), max_length=200, blank=True)
    remedy_due = models.DateField(_("remedy due"), null=True, blank=True)
    remedy_verified_at = models.DateTimeField(null=True, blank=True)
    reopened_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["program", "status"]), models.Index(fields=["program", "received_at"])]

    def __str__(self) -> str:
        return self.public_id

    @property
    def status_label(self) -> str:
        return str(STATE_LABELS[CaseState(self.status)])

    @property
    def category_label(self) -> str:
        from wsr.standards.models import Category

        return str(dict(Category.choices).get(self.category, self.category))

    @property
    def outcome_label(self) -> str:
        return str(OUTCOME_LABELS[FindingOutcome(self.finding_outcome)]) if self.finding_outcome else ""

    @property
    def is_open(self) -> bool:
        return self.status not in (CaseState.CLOSED, CaseState.FORWARDED)


class Assignment(models.Model):
    """An investigator named on a case (for GBVH cases, the only people who may see it)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="assignments")
    investigator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["complaint", "investigator"], name="assignment_unique")]

    def __str__(self) -> str:
        return f"{self.complaint} → {self.investigator}"


class ComplaintIdentity(models.Model):
    """Who complained: kept apart from the case, every field encrypted with the case key."""

    complaint = models.OneToOneField(Complaint, on_delete=models.CASCADE, related_name="identity")
    name = models.TextField(blank=True, editable=False)
    phone = models.TextField(blank=True, editable=False)
    contact = models.TextField(blank=True, editable=False)
    # Keyed HMAC of the normalised phone number (key derived from WSR_PEPPER), to match SMS senders.
    phone_hmac = models.CharField(max_length=64, blank=True, db_index=True, editable=False)

    def __str__(self) -> str:
        return f"identity of {self.complaint}"


class Direction(models.TextChoices):
    TO_COMPLAINANT = "to_complainant", _("To the complainant")
    FROM_COMPLAINANT = "from_complainant", _("From the complainant")


class Message(models.Model):
    public_id = models.CharField(max_length=32, unique=True, default=PublicIdFactory("msg"), editable=False)
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="messages")
    direction = models.CharField(max_length=20, choices=Direction.choices)
    channel = models.CharField(max_length=16, choices=Channel.choices, default=Channel.WEB)
    body = models.TextField(editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["sent_at", "id"]

    def __str__(self) -> str:
        return f"{self.complaint} {self.direction} {self.sent_at:%Y-%m-%d}"


class InternalNote(models.Model):
    public_id = models.CharField(max_length=32, unique=True, default=PublicIdFactory("cnt"), editable=False)
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(editable=False)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.public_id


class IntervieweeRole(models.TextChoices):
    COMPLAINANT = "complainant", _("The complainant")
    WORKER = "worker", _("A worker")
    WITNESS = "witness", _("A witness")
    MANAGEMENT = "management", _("Management")
    OTHER = "other", _("Other")


class Interview(models.Model):
    public_id = models.CharField(max_length=32, unique=True, default=PublicIdFactory("civ"), editable=False)
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="interviews")
    interviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("held on"))
    interviewee_role = models.CharField(_("who was interviewed"), max_length=16, choices=IntervieweeRole.choices)
    notes = models.TextField(editable=False)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return self.public_id


class EvidenceKind(models.TextChoices):
    JPEG = "jpeg", "JPEG"
    PNG = "png", "PNG"
    PDF = "pdf", "PDF"
    MP3 = "mp3", "MP3"
    M4A = "m4a", "M4A"
    OGG = "ogg", "OGG"


class Evidence(models.Model):
    """A file kept encrypted on disk (under MEDIA_ROOT) with the case key; its name encrypted too."""

    public_id = models.CharField(max_length=32, unique=True, default=PublicIdFactory("evd"), editable=False)
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="evidence")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField()
    kind = models.CharField(max_length=8, choices=EvidenceKind.choices)
    size = models.PositiveIntegerField()
    filename = models.TextField(editable=False)
    storage_name = models.CharField(max_length=200, editable=False)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return self.public_id


class DisclosureStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a second person")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class DisclosureRequest(models.Model):
    """An investigator asks to see the complainant's identity; a second staff member decides."""

    public_id = models.CharField(max_length=32, unique=True, default=PublicIdFactory("dsr"), editable=False)
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="disclosure_requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"))
    requested_at = models.DateTimeField()
    status = models.CharField(max_length=12, choices=DisclosureStatus.choices, default=DisclosureStatus.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(decided_by__isnull=True) | ~models.Q(decided_by=models.F("requested_by")),
                name="disclosure_four_eyes",
            )
        ]

    def __str__(self) -> str:
        return self.public_id


class AssignmentProposal(models.Model):
    """New investigators for a restricted (GBVH) case, named by one staff member and applied only
    when a second one approves (four eyes, as for identity disclosure): nobody can give themselves,
    alone, access to a restricted case."""

    public_id = models.CharField(max_length=32, unique=True, default=PublicIdFactory("asp"), editable=False)
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="assignment_proposals")
    investigators: models.ManyToManyField[Any, Any] = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+")
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField()
    status = models.CharField(max_length=12, choices=DisclosureStatus.choices, default=DisclosureStatus.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-proposed_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(decided_by__isnull=True) | ~models.Q(decided_by=models.F("proposed_by")),
                name="assignment_proposal_four_eyes",
            )
        ]

    def __str__(self) -> str:
        return self.public_id


class SmsInbound(models.Model):
    """One processed SMS (idempotency on the gateway's message id). No number, no text here."""

    gateway = models.CharField(max_length=64)
    message_id = models.CharField(max_length=128)
    complaint = models.ForeignKey(Complaint, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    received_at = models.DateTimeField()
    processed_at = models.DateTimeField()
    created_case = models.BooleanField(default=False)
    # The answer we gave, replayed if the gateway delivers the same message again (it retries when
    # our first answer was lost). Sealed with the case key when it belongs to a case (it may carry
    # the case code and secret); otherwise a fixed text without personal data.
    reply = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["gateway", "message_id"], name="sms_inbound_unique")]

    def __str__(self) -> str:
        return f"{self.gateway}:{self.message_id}"


class SlaEscalation(models.Model):
    """A breached SLA clock reported to the program admins (one row per breach; no personal data)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="sla_escalations")
    clock = models.CharField(max_length=24)
    period_started_at = models.DateTimeField()
    deadline = models.DateTimeField()
    recorded_at = models.DateTimeField()
    notified = models.PositiveIntegerField(default=0, help_text="Program admins e-mailed.")

    class Meta:
        ordering = ["-recorded_at"]
        constraints = [
            models.UniqueConstraint(fields=["complaint", "clock", "period_started_at"], name="sla_escalation_once")
        ]

    def __str__(self) -> str:
        return f"{self.complaint} {self.clock} breached"

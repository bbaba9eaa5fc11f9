"""Supplier standing per facility per program, its history, decisions, zero-tolerance cases,
escalations, enforcement notices with their delivery record, and the worker organisation's
objections.

Workflow fields change only through ``wsr.standing.services`` (each through the one workflow
step in ``wsr.core.workflow``); the admin shows them read-only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wsr.core import clock
from wsr.core.ids import PublicIdFactory
from wsr.standing.transitions import Grounds, Stage, Standing

STANDING_LABELS = {
    Standing.APPLICANT: _("Applicant"),
    Standing.PARTICIPATING: _("Participating"),
    Standing.PROBATION: _("Probation"),
    Standing.SUSPENDED: _("Suspended"),
    Standing.TERMINATED: _("Terminated"),
    Standing.WITHDRAWN: _("Withdrawn"),
}
GROUNDS_LABELS = {
    Grounds.ONBOARDING_AUDIT: _("Passed onboarding audit"),
    Grounds.ZERO_TOLERANCE: _("Confirmed zero-tolerance violation"),
    Grounds.OVERDUE_CAP: _("Overdue serious corrective actions"),
    Grounds.ESCALATION: _("Escalation protocol"),
    Grounds.REMEDIED: _("Overdue corrective actions remedied"),
    Grounds.REENTRY_AUDIT: _("Passed re-entry audit"),
    Grounds.MONITOR_DECISION: _("Monitor's decision"),
    Grounds.SUPPLIER_LEFT: _("The supplier left the program"),
}
STAGE_LABELS = {
    Stage.STAGE_1: _("Stage 1: notice"),
    Stage.STAGE_2: _("Stage 2: warning and meeting"),
    Stage.STAGE_3: _("Stage 3: final notice"),
    Stage.TERMINATED: _("Terminated"),
    Stage.CLOSED: _("Closed (de-escalated)"),
}


class FacilityStanding(models.Model):
    """The current standing of one facility in one program (``status``), with the date the
    current suspension began. A facility with no row is an applicant."""

    public_id = models.CharField(max_length=32, unique=True, default=PublicIdFactory("std"), editable=False)
    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="standings")
    facility = models.ForeignKey("registry.Facility", on_delete=models.PROTECT, related_name="standings")
    status = models.CharField(
        _("standing"), max_length=16, choices=list(STANDING_LABELS.items()), default=Standing.APPLICANT
    )
    since = models.DateTimeField(_("since"), default=clock.now)
    suspended_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["program", "facility__name"]
        constraints = [models.UniqueConstraint(fields=["program", "facility"], name="standing_program_facility")]

    def __str__(self) -> str:
        return f"{self.facility} in {self.program}: {self.status}"

    @property
    def status_label(self) -> str:
        return str(STANDING_LABELS[Standing(self.status)])

    @property
    def is_eligible(self) -> bool:
        from wsr.standing.transitions import ELIGIBLE

        return Standing(self.status) in ELIGIBLE


class Decision(models.Model):
    """A monitor's standing decision, covering one facility or all of a supplier's facilities."""

    public_id = models.CharField(max_length=32, unique=True, default=PublicIdFactory("dec"), editable=False)
    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="standing_decisions")
    supplier = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    target = models.CharField(_("new standing"), max_length=16, choices=list(STANDING_LABELS.items()))
    grounds = models.CharField(_("grounds"), max_length=32, choices=list(GROUNDS_LABELS.items()))
    grounds_ref = models.CharField(_("grounds reference"), max_length=60, blank=True)
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    decided_by_label = models.CharField(max_length=200)
    decided_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-decided_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.public_id}: {self.target} ({self.grounds})"

    @property
    def target_label(self) -> str:
        return str(STANDING_LABELS[Standing(self.target)])

    @property
    def grounds_label(self) -> str:
        return str(GROUNDS_LABELS[Grounds(self.grounds)])


class StandingChange(models.Model):
    """One change of one facility's standing: the history ``eligibility_on`` replays. Append-only."""

    standing = models.ForeignKey(FacilityStanding, on_delete=models.CASCADE, related_name="changes")
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="changes")
    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="+")
    facility = models.ForeignKey("registry.Facility", on_delete=models.PROTECT, related_name="+")
    before = models.CharField(max_length=16)
    after = models.CharField(max_length=16)
    effective_at = models.DateTimeField()

    class Meta:
        ordering = ["effective_at", "pk"]
        indexes = [models.Index(fields=["program", "facility", "effective_at"])]

    def __str__(self) -> str:
        return f"{self.facility_id}: {self.before} -> {self.after} at {self.effective_at}"

    @property
    def after_label(self) -> str:
        return str(STANDING_LABELS[Standing(self.after)])


class ZeroToleranceCase(models.Model):
    """A confirmed zero-tolerance violation at a facility, from the event that confirmed it.
    ``status``: ``open`` until the facility is suspended (``suspended``) or, where the program
    allows it, an immediate remedy is recorded (``remedied``)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Awaiting the monitor")
        SUSPENDED = "suspended", _("Facility suspended")
        REMEDIED = "remedied", _("Remedied at once")
        CLOSED = "closed", _("Closed: the facility was not in good standing")

    public_id = models.CharField(max_length=32, unique=True, default=PublicIdFactory("ztc"), editable=False)
    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="+")
    facility = models.ForeignKey("registry.Facility", on_delete=models.PROTECT, related_name="+")
    source_event_id = models.PositiveBigIntegerField(unique=True)
    complaint_public_id = models.CharField(max_length=40, blank=True)
    finding_public_id = models.CharField(max_length=40, blank=True)
    provision_ref = models.CharField(max_length=16)
    confirmed_at = models.DateTimeField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    remedy = models.TextField(blank=True)
    # Why a monitor closed the case without a suspension (the facility was an applicant, or already
    # suspended, terminated or withdrawn): see transitions.check_case_close.
    closing_reason = models.TextField(blank=True)
    decision = models.ForeignKey(Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["confirmed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.public_id} ({self.status})"

    @property
    def grounds_ref(self) -> str:
        return self.complaint_public_id or self.finding_public_id


class Escalation(models.Model):
    """A facility's passage through the escalation protocol (``status`` is the stage)."""

    public_id = models.CharField(max_length=32, unique=True, default=PublicIdFactory("esc"), editable=False)
    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="escalations")
    facility = models.ForeignKey("registry.Facility", on_delete=models.PROTECT, related_name="escalations")
    status = models.CharField(_("stage"), max_length=16, choices=list(STAGE_LABELS.items()), default=Stage.STAGE_1)
    stage_since = models.DateField()
    meeting_held_on = models.DateField(null=True, blank=True)
    meeting_note = models.TextField(blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(default=clock.now)
    updated_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-opened_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "facility"],
                condition=models.Q(status__in=["stage_1", "stage_2", "stage_3"]),
                name="one_open_escalation_per_facility",
            )
        ]

    def __str__(self) -> str:
        return f"{self.public_id} ({self.status})"

    @property
    def status_label(self) -> str:
        return str(STAGE_LABELS[Stage(self.status)])


class Notice(models.Model):
    """An enforcement notice: a document addressed to one organisation (a brand sourcing from the
    facility, or the supplier), delivered through the outbox, with its delivery record."""

    class Kind(models.TextChoices):
        SUSPENSION = "suspension", _("Suspension")
        TERMINATION = "termination", _("Termination")
        REINSTATEMENT = "reinstatement", _("Reinstatement")
        STAGE_1 = "stage_1", _("Escalation stage 1: notice")
        STAGE_2 = "stage_2", _("Escalation stage 2: warning and mandatory meeting")
        STAGE_3 = "stage_3", _("Escalation stage 3: final notice")

    class Addressee(models.TextChoices):
        BRAND = "brand", _("Brand")
        SUPPLIER = "supplier", _("Supplier")

    public_id = models.CharField(max_length=32, unique=True, default=PublicIdFactory("ntc"), editable=False)
    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="enforcement_notices")
    facility = models.ForeignKey("registry.Facility", on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    addressee = models.CharField(max_length=16, choices=Addressee.choices)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    # What the notice is about: a decision's or an escalation stage's public id (with the stage).
    subject_ref = models.CharField(max_length=60)
    grounds = models.CharField(max_length=32, blank=True)
    body = models.TextField()
    created_at = models.DateTimeField(default=clock.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    respond_by = models.DateField(null=True, blank=True)
    response = models.TextField(blank=True)
    is_appeal = models.BooleanField(default=False)
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject_ref", "kind", "facility", "organisation"], name="one_notice_per_subject_and_addressee"
            )
        ]

    def __str__(self) -> str:
        return f"{self.public_id} ({self.kind} to {self.organisation_id})"

    @property
    def grounds_label(self) -> str:
        return str(GROUNDS_LABELS[Grounds(self.grounds)]) if self.grounds in set(Grounds) else ""

    @property
    def delivery(self) -> str:
        if self.acknowledged_at:
            return "acknowledged"
        if self.opened_at:
            return "opened"
        return "sent" if self.sent_at else "queued"


class Objection(models.Model):
    """The worker organisation's recorded objection to a decision, or its request for escalation;
    the monitoring body answers within the program's deadline."""

    class Kind(models.TextChoices):
        OBJECTION = "objection", _("Objection to a decision")
        ESCALATION_REQUEST = "escalation_request", _("Request for escalation")

    class Status(models.TextChoices):
        OPEN = "open", _("Awaiting the answer")
        ANSWERED = "answered", _("Answered")

    public_id = models.CharField(max_length=32, unique=True, default=PublicIdFactory("obj"), editable=False)
    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="standing_objections")
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    decision = models.ForeignKey(Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="objections")
    facility = models.ForeignKey("registry.Facility", on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("objection"))
    lodged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    lodged_at = models.DateTimeField(default=clock.now)
    answer_due = models.DateTimeField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["answer_due", "pk"]

    def __str__(self) -> str:
        return f"{self.public_id} ({self.status})"

    @property
    def is_overdue(self) -> bool:
        return self.status == self.Status.OPEN and clock.now() > self.answer_due


class WebhookEndpoint(models.Model):
    """A brand's HTTPS endpoint that receives the enforcement facts addressed to the brand in one
    program (signed JSON POSTs delivered through the outbox, ``wsr.standing.webhooks``). The signing
    secret is shown once at creation and kept wrapped under the master key."""

    public_id = models.CharField(max_length=32, unique=True, default=PublicIdFactory("whk"), editable=False)
    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    url = models.URLField(_("endpoint URL"), max_length=500)
    events = models.JSONField(_("events"), default=list)
    secret_wrapped = models.CharField(max_length=200, editable=False)
    secret_hint = models.CharField(max_length=16, editable=False)  # the secret's last characters, to tell them apart
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=clock.now)
    disabled_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.public_id} ({self.organisation_id}: {self.url})"

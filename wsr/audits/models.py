"""Audits, the accredited auditor roster, findings with evidence, and corrective action plan items.

Workflow fields (states, approvals, reports, verifications) change only through
``wsr.audits.services``; the admin shows them read-only. Progress percentages are computed by the
selectors, never stored.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wsr.audits.transitions import AuditState, CapState, RosterState
from wsr.core import clock
from wsr.core.ids import PublicIdFactory
from wsr.standards.models import Category, Tier

AUDIT_STATE_LABELS = {
    AuditState.PLANNED: _("Planned"),
    AuditState.IN_PROGRESS: _("In progress"),
    AuditState.COMPLETED: _("Completed"),
    AuditState.CANCELLED: _("Cancelled"),
}
CAP_STATE_LABELS = {
    CapState.DRAFTED: _("Drafted"),
    CapState.AGREED: _("Agreed"),
    CapState.IN_PROGRESS: _("In progress"),
    CapState.REPORTED_FIXED: _("Reported fixed"),
    CapState.VERIFIED_FIXED: _("Verified fixed"),
    CapState.REOPENED: _("Reopened"),
}
ROSTER_STATE_LABELS = {
    RosterState.PROPOSED: _("Proposed"),
    RosterState.APPROVED: _("Approved"),
    RosterState.REJECTED: _("Rejected"),
}


class AuditKind(models.TextChoices):
    INITIAL = "initial", _("Initial")
    PERIODIC = "periodic", _("Periodic")
    FOLLOW_UP = "follow_up", _("Follow-up")
    RE_ENTRY = "re_entry", _("Re-entry")


class DocumentKind(models.TextChoices):
    PAYROLL = "payroll", _("Payroll")
    TIME_RECORDS = "time_records", _("Time records")
    HOUSING = "housing", _("Housing")
    CONTRACTS = "contracts", _("Employment contracts")
    HEALTH_SAFETY = "health_safety", _("Health and safety records")
    TRAINING = "training", _("Training records")
    COMPLAINTS = "complaints", _("Grievance and complaint records")
    BUILDING = "building", _("Building, fire and electrical certificates")
    RECRUITMENT = "recruitment", _("Recruitment and agency records")


class FindingSource(models.TextChoices):
    AUDIT = "audit", _("Audit")
    COMPLAINT = "complaint", _("Complaint")
    INSPECTION = "inspection", _("Inspection")


class Payer(models.TextChoices):
    SUPPLIER = "supplier", _("Supplier")
    BRANDS = "brands", _("Brand(s)")
    SHARED = "shared", _("Shared")


class AuditorRosterEntry(models.Model):
    """An auditor accredited for a program: proposed by the program admin, approved (or not) by
    the worker organisation. Either a user with the auditor role, or a named person of an audit firm."""

    public_id = models.CharField(max_length=32, unique=True, default=PublicIdFactory("aur"), editable=False)
    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="auditor_roster")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="roster_entries"
    )
    name = models.CharField(_("name"), max_length=200)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="rostered_auditors", verbose_name=_("firm")
    )
    qualifications = models.TextField(_("qualifications"), blank=True)
    state = models.CharField(
        _("state"), max_length=16, choices=list(ROSTER_STATE_LABELS.items()), default=RosterState.PROPOSED
    )
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)
    proposed_at = models.DateTimeField(default=clock.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_by_organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        ordering = ["program", "name"]
        verbose_name_plural = "auditor roster entries"
        constraints = [
            models.UniqueConstraint(
                fields=["program", "user"], condition=models.Q(user__isnull=False), name="roster_program_user"
            ),
            models.UniqueConstraint(fields=["program", "organisation", "name"], name="roster_program_org_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"

    @property
    def state_label(self) -> str:
        return str(ROSTER_STATE_LABELS[RosterState(self.state)])

    @property
    def is_approved(self) -> bool:
        return self.state == RosterState.APPROVED


class CommercialTie(models.Model):
    """An audit firm's commercial relationship with a brand (paid work, ownership, ...), kept by
    program admins for the independence check."""

    public_id = models.CharField(max_length=32, unique=True, default=PublicIdFactory("cti"), editable=False)
    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="commercial_ties")
    auditor_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("auditor's organisation")
    )
    brand = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)
    description = models.CharField(_("what the tie is"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["program", "auditor_organisation__name", "-since"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(until__isnull=True) | models.Q(until__gte=models.F("since")),
                name="commercial_tie_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.auditor_organisation} ↔ {self.brand}"


class Audit(models.Model):
    public_id = models.CharField(max_length=32, unique=True, default=PublicIdFactory("aud"), editable=False)
    program = models.ForeignKey("programs.Program", on_delete=models.PROTECT, related_name="audits")
    facility = models.ForeignKey("registry.Facility", on_delete=models.PROTECT, related_name="audits")
    kind = models.CharField(_("kind"), max_length=16, choices=AuditKind.choices)
    announced = models.BooleanField(_("announced to the facility in advance"), default=False)
    commissioned_by = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("commissioned by (brand)"),
    )
    state = models.CharField(
        _("state"), max_length=16, choices=list(AUDIT_STATE_LABELS.items()), default=AuditState.PLANNED
    )
    planned_on = models.DateField(_("planned for"))
    performed_on = models.DateField(_("fieldwork started on"), null=True, blank=True)
    ended_on = models.DateField(_("fieldwork ended on"), null=True, blank=True)
    workforce_on_day = models.PositiveIntegerField(_("workforce on the day"), null=True, blank=True)
    workers_interviewed = models.PositiveIntegerField(_("workers interviewed"), null=True, blank=True)
    managers_interviewed = models.PositiveIntegerField(_("managers interviewed"), null=True, blank=True)
    documents_reviewed = models.JSONField(_("documents reviewed"), default=list, blank=True)
    notes = models.TextField(_("internal notes"), blank=True)
    cancel_reason = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=clock.now)
    updated_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-planned_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(workers_interviewed__isnull=True)
                | models.Q(workforce_on_day__isnull=True)
                | models.Q(workers_interviewed__lte=models.F("workforce_on_day")),
                name="audit_interviewed_within_workforce",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} audit of {self.facility} ({self.planned_on})"

    @property
    def state_label(self) -> str:
        return str(AUDIT_STATE_LABELS[AuditState(self.state)])

    @property
    def audit_date(self):  # type: ignore[no-untyped-def]
        """The date findings cite the Code on: the fieldwork date, or the planned date before it."""
        return self.performed_on or self.planned_on


class AuditTeamMember(models.Model):
    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="team")
    auditor = models.ForeignKey(AuditorRosterEntry, on_delete=models.PROTECT, related_name="assignments")
    lead = models.BooleanField(_("lead auditor"), default=False)
    assigned_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["audit", "-lead", "auditor__name"]
        constraints = [models.UniqueConstraint(fields=["audit", "auditor"], name="audit_team_unique")]

    def __str__(self) -> str:
        return f"{self.auditor} on {self.audit_id}"


class IndependenceDecision(models.Model):
    """Every independence check made when assigning an auditor: allowed or refused, and why."""

    public_id = models.CharField(max_length=32, unique=True, default=PublicIdFactory("ind"), editable=False)
    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="independence_decisions")
    auditor = models.ForeignKey(AuditorRosterEntry, on_delete=models.PROTECT, related_name="+")
    allowed = models.BooleanField()
    reasons = models.JSONField(default=list, blank=True)
    checked_on = models.DateField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-decided_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.auditor} {'allowed' if self.allowed else 'refused'} for {self.audit_id}"


class Finding(models.Model):
    public_id = models.CharField(max_length=32, unique=True, default=PublicIdFactory("fnd"), editable=False)
    program = models.ForeignKey("programs.Program", on_delete=models.PROTECT, related_name="findings")
    facility = models.ForeignKey("registry.Facility", on_delete=models.PROTECT, related_name="findings")
    audit = models.ForeignKey(Audit, null=True, blank=True, on_delete=models.PROTECT, related_name="findings")
    source = models.CharField(_("source"), max_length=16, choices=FindingSource.choices)
    complaint_public_id = models.CharField(_("complaint"), max_length=40, blank=True)
    provision = models.ForeignKey("standards.Provision", on_delete=models.PROTECT, related_name="+")
    provision_ref = models.CharField(_("provision"), max_length=16)
    code_version = models.ForeignKey("standards.CodeVersion", on_delete=models.PROTECT, related_name="+")
    category = models.CharField(_("category"), max_length=32, choices=Category.choices)
    severity = models.CharField(_("severity"), max_length=16, choices=Tier.choices)
    observed_on = models.DateField(_("observed on"))
    internal_text = models.TextField(_("internal description"))
    public_summary = models.TextField(_("public summary"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-observed_on", "-pk"]
        indexes = [models.Index(fields=["program", "facility", "observed_on"])]

    def __str__(self) -> str:
        return f"§{self.provision_ref} at {self.facility} ({self.observed_on})"


def evidence_path(instance: Evidence, filename: str) -> str:
    return f"audits/{instance.finding.program.public_id}/{instance.finding.public_id}/{instance.public_id}{filename}"


class Evidence(models.Model):
    """A photo, PDF or note on a finding (the monitor's) or on a CAP item's fix report (the supplier's)."""

    public_id = models.CharField(max_length=32, unique=True, default=PublicIdFactory("evd"), editable=False)
    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="evidence")
    cap_item = models.ForeignKey("CapItem", null=True, blank=True, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_path, blank=True)
    content_type = models.CharField(max_length=40, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    note = models.TextField(_("note"), blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    uploaded_by_organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return self.public_id

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class CapItem(models.Model):
    """One corrective action for a finding. ``facility``, ``program`` and ``category`` are copied
    from the finding so scoping and progress queries stay simple."""

    public_id = models.CharField(max_length=32, unique=True, default=PublicIdFactory("cap"), editable=False)
    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, related_name="cap_items")
    program = models.ForeignKey("programs.Program", on_delete=models.PROTECT, related_name="+")
    facility = models.ForeignKey("registry.Facility", on_delete=models.PROTECT, related_name="cap_items")
    category = models.CharField(_("category"), max_length=32, choices=Category.choices)
    action = models.TextField(_("corrective action"))
    owner = models.CharField(_("owner"), max_length=200, help_text=_("Who at the facility is responsible."))
    due_on = models.DateField(_("due on"), null=True, blank=True)
    payer = models.CharField(_("who pays"), max_length=16, choices=Payer.choices, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=list(CAP_STATE_LABELS.items()), default="drafted")
    agreed_at = models.DateTimeField(null=True, blank=True)
    reported_at = models.DateTimeField(null=True, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reported_by_organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    report_note = models.TextField(blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verify_note = models.TextField(blank=True)
    reopen_reason = models.TextField(blank=True)
    overdue_since = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=clock.now)
    updated_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["program", "facility", "state"]),
            models.Index(fields=["state", "due_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.public_id} ({self.state})"

    @property
    def state_label(self) -> str:
        return str(CAP_STATE_LABELS[CapState(self.state)])

    @property
    def is_overdue(self) -> bool:
        from wsr.audits.transitions import cap_is_overdue

        return cap_is_overdue(self.state, self.due_on, clock.today())


class CapFunding(models.Model):
    """Who pays what for a CAP item, once agreed: integer minor units and an ISO 4217 code."""

    cap_item = models.ForeignKey(CapItem, on_delete=models.CASCADE, related_name="funding")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    amount_minor = models.PositiveBigIntegerField(_("amount (minor units)"))
    currency = models.CharField(_("currency"), max_length=3)

    class Meta:
        ordering = ["cap_item", "pk"]
        constraints = [models.UniqueConstraint(fields=["cap_item", "organisation"], name="cap_funding_unique")]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.amount_minor} {self.currency}"

    @property
    def money(self):  # type: ignore[no-untyped-def]
        from wsr.core.money import Money

        return Money(int(self.amount_minor), self.currency)

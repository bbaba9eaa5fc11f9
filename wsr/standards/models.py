"""Code of Conduct: versions, provisions (stable ref, category, tier) and their texts per language."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wsr.core.ids import PublicIdFactory
from wsr.standards.transitions import CodeStatus


class Category(models.TextChoices):
    FORCED_LABOUR = "forced_labour", _("Forced labour")
    CHILD_LABOUR = "child_labour", _("Child labour")
    VIOLENCE = "violence", _("Violence")
    SEXUAL_HARASSMENT = "sexual_harassment", _("Sexual harassment and gender-based violence")
    HEALTH_SAFETY = "health_safety", _("Health and safety")
    WAGES_HOURS = "wages_hours", _("Wages and hours")
    FREEDOM_OF_ASSOCIATION = "freedom_of_association", _("Freedom of association")
    RETALIATION = "retaliation", _("Retaliation")
    HOUSING = "housing", _("Housing")
    DISCRIMINATION = "discrimination", _("Discrimination")
    OTHER = "other", _("Other")


class Tier(models.TextChoices):
    ZERO_TOLERANCE = "zero_tolerance", _("Zero tolerance")
    SERIOUS = "serious", _("Serious")
    MINOR = "minor", _("Minor")


STATUS_LABELS = {
    CodeStatus.DRAFT: _("Draft"),
    CodeStatus.PROPOSED: _("Proposed"),
    CodeStatus.ADOPTED: _("Adopted"),
    CodeStatus.SUPERSEDED: _("Superseded"),
}


class CodeVersion(models.Model):
    """One version of a program's Code. Workflow fields change only through the services."""

    public_id = models.CharField(max_length=32, unique=True, default=PublicIdFactory("cov"), editable=False)
    program = models.ForeignKey("programs.Program", on_delete=models.PROTECT, related_name="code_versions")
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=16, choices=[(s.value, STATUS_LABELS[s]) for s in CodeStatus], default="draft"
    )
    based_on = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="drafts", verbose_name=_("based on")
    )
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("last changed"))
    proposed_at = models.DateTimeField(_("proposed at"), null=True, blank=True)
    # The worker organisation's approval of one exact content (see content_sha256 in services).
    approved_hash = models.CharField(_("approved content SHA-256"), max_length=64, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_by_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approval_note = models.TextField(_("approval note"), blank=True)
    adopted_at = models.DateTimeField(_("adopted at"), null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    adopted_hash = models.CharField(_("adopted content SHA-256"), max_length=64, blank=True)
    effective_from = models.DateField(_("in force from"), null=True, blank=True)
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)

    class Meta:
        ordering = ["program", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["program", "number"], name="code_version_program_number"),
        ]

    def __str__(self) -> str:
        return f"{self.program.slug} v{self.number}"

    @property
    def code_status(self) -> CodeStatus:
        return CodeStatus(self.status)

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.code_status])

    @property
    def is_draft(self) -> bool:
        return self.status == CodeStatus.DRAFT

    @property
    def is_approved(self) -> bool:
        return bool(self.approved_hash)


class Provision(models.Model):
    public_id = models.CharField(max_length=32, unique=True, default=PublicIdFactory("prv"), editable=False)
    version = models.ForeignKey(CodeVersion, on_delete=models.CASCADE, related_name="provisions")
    ref = models.CharField(_("reference"), max_length=16, help_text=_("Stable across versions, e.g. 1.3"))
    category = models.CharField(_("category"), max_length=32, choices=Category.choices)
    tier = models.CharField(_("severity tier"), max_length=16, choices=Tier.choices)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["version", "order", "ref"]
        constraints = [models.UniqueConstraint(fields=["version", "ref"], name="provision_version_ref")]

    def __str__(self) -> str:
        return f"{self.version} §{self.ref}"


class ProvisionText(models.Model):
    provision = models.ForeignKey(Provision, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=12)
    title = models.CharField(_("title"), max_length=200, blank=True)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        ordering = ["provision", "language"]
        constraints = [
            models.UniqueConstraint(fields=["provision", "language"], name="provision_text_language"),
        ]

    def __str__(self) -> str:
        return f"{self.provision} [{self.language}]"

    @property
    def is_complete(self) -> bool:
        return bool(self.text.strip())

"""Binding agreements between a program's worker organisation and a brand, their parties and terms.

Workflow fields (status, dates of signature, document digest) change only through
``wsr.agreements.services``; the admin shows them read-only.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wsr.agreements.transitions import AgreementStatus
from wsr.core import clock
from wsr.core.ids import PublicIdFactory
from wsr.core.money import Money
from wsr.programs.models import PremiumKind

STATUS_LABELS = {
    AgreementStatus.DRAFT: _("Draft"),
    AgreementStatus.SIGNED: _("Signed"),
    AgreementStatus.ACTIVE: _("Active"),
    AgreementStatus.EXPIRED: _("Expired"),
    AgreementStatus.TERMINATED: _("Terminated"),
}


class ReportingCadence(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    PER_SEASON = "per_season", _("Once per season")


class TerminationReason(models.TextChoices):
    """Why an agreement ended early: public (the explanation in words stays internal)."""

    BRAND_BREACH = "brand_breach", _("The brand breached the agreement")
    BRAND_WITHDREW = "brand_withdrew", _("The brand withdrew")
    MUTUAL = "mutual", _("Ended by mutual consent")
    PROGRAM_ENDED = "program_ended", _("The program ended")
    OTHER = "other", _("Other")


class SignatoryRole(models.TextChoices):
    PARTY = "party", _("Party")
    WITNESS = "witness", _("Witness")


def document_path(instance: Agreement, filename: str) -> str:
    return f"agreements/{instance.program.public_id}/{instance.public_id}-v{instance.version}.pdf"


class Agreement(models.Model):
    public_id = models.CharField(max_length=32, unique=True, default=PublicIdFactory("agr"), editable=False)
    program = models.ForeignKey("programs.Program", on_delete=models.PROTECT, related_name="agreements")
    brand = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="agreements", verbose_name=_("brand")
    )
    title = models.CharField(_("title"), max_length=200)
    version = models.PositiveIntegerField(_("version"), default=1)
    previous = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="amendment",
        verbose_name=_("previous version"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=list(STATUS_LABELS.items()), default=AgreementStatus.DRAFT
    )
    status_reason = models.CharField(_("reason for the status"), max_length=500, blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    effective_from = models.DateField(_("effective from"))
    effective_until = models.DateField(_("effective until"), null=True, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    terms_public = models.BooleanField(
        _("commercial terms are public"),
        default=False,
        help_text=_("If ticked, the premium terms appear on the public program page."),
    )
    source_only_good_standing = models.BooleanField(_("source only from suppliers in good standing"), default=True)
    fund_remediation = models.BooleanField(_("fund remediation"), default=False)
    remediation_terms = models.TextField(_("remediation funding terms"), blank=True)
    reporting_cadence = models.CharField(
        _("purchase reporting"), max_length=16, choices=ReportingCadence.choices, default=ReportingCadence.MONTHLY
    )
    document = models.FileField(_("signed document"), upload_to=document_path, blank=True)
    document_sha256 = models.CharField(max_length=64, blank=True)
    document_size = models.PositiveBigIntegerField(null=True, blank=True)
    document_uploaded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["program", "brand__name", "-version"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(effective_until__isnull=True)
                | models.Q(effective_until__gte=models.F("effective_from")),
                name="agreement_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS.get(AgreementStatus(self.status), self.status))


class PremiumTerm(models.Model):
    """A premium obligation: an amount per unit of a product, or a share of purchase value."""

    public_id = models.CharField(max_length=32, unique=True, default=PublicIdFactory("apt"), editable=False)
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="premium_terms")
    kind = models.CharField(_("kind"), max_length=16, choices=PremiumKind.choices)
    amount_minor_per_unit = models.PositiveBigIntegerField(_("amount per unit (minor units)"), null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    basis_points = models.PositiveIntegerField(
        _("basis points of purchase value"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10000)],
    )
    currency = models.CharField(_("currency"), max_length=3)
    products = models.JSONField(_("products"), default=list, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["agreement", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="per_unit", amount_minor_per_unit__isnull=False, basis_points__isnull=True)
                    | models.Q(kind="percent", basis_points__isnull=False, amount_minor_per_unit__isnull=True)
                ),
                name="premium_term_kind_fields",
            ),
        ]

    def __str__(self) -> str:
        return self.describe()

    def describe(self) -> str:
        if self.kind == PremiumKind.PER_UNIT:
            return f"{Money(int(self.amount_minor_per_unit or 0), self.currency).format()} / {self.unit}"
        bp = int(self.basis_points or 0)
        return f"{bp // 100}.{bp % 100:02d} % ({bp} bp)"


class Signatory(models.Model):
    """An organisation's signature on an agreement (party) or a witness. Names are personal data."""

    public_id = models.CharField(max_length=32, unique=True, default=PublicIdFactory("sig"), editable=False)
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="signatories")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    role = models.CharField(_("role"), max_length=16, choices=SignatoryRole.choices, default=SignatoryRole.PARTY)
    signatory_name = models.CharField(_("signatory name"), max_length=200, blank=True)
    signatory_title = models.CharField(_("signatory title"), max_length=200, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["agreement", "role", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "organisation", "role"], name="signatory_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.role})"

    @property
    def complete(self) -> bool:
        return bool(self.signatory_name.strip() and self.signed_on)

"""A WSR program and its rule parameters."""

from __future__ import annotations

from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wsr.core.ids import PublicIdFactory
from wsr.core.money import Money


class Sector(models.TextChoices):
    AGRICULTURE = "agriculture", _("Agriculture")
    GARMENT = "garment", _("Garment and textile")
    DAIRY = "dairy", _("Dairy")
    OTHER = "other", _("Other")


class PremiumKind(models.TextChoices):
    PER_UNIT = "per_unit", _("Amount per unit")
    PERCENT = "percent", _("Percentage of purchase value")


# The rule parameters a program admin may change; each change is an event (before -> after).
RULE_FIELDS = (
    "suspension_minimum_days",
    "sla_ack_hours_severe",
    "sla_ack_hours_standard",
    "sla_investigate_days_severe",
    "sla_investigate_days_standard",
    "sla_resolve_days",
    "sla_interim_update_days",
    "escalation_stage1_days",
    "escalation_stage2_days",
    "escalation_stage3_days",
    "zero_tolerance_remedy_hours",
    "notice_response_days",
    "objection_answer_days",
    "premium_kind",
    "premium_minor_per_unit",
    "premium_unit",
    "premium_basis_points",
    "interview_norm_percent",
    "education_sessions_per_season",
    "danger_realert_minutes",
    "emergency_phone",
    "premium_payment_days",
    "distribution_max_pay_periods",
    "admin_share_max_basis_points",
    "cut_and_run_drop_percent",
    "cut_and_run_window_days",
)


def _days(label: Any, default: int, maximum: int = 3650) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(
        label, default=default, validators=[MinValueValidator(1), MaxValueValidator(maximum)]
    )


class Program(models.Model):
    public_id = models.CharField(max_length=32, unique=True, default=PublicIdFactory("prg"), editable=False)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    sector = models.CharField(_("sector"), max_length=32, choices=Sector.choices)
    description = models.TextField(_("description"), blank=True)
    countries = models.JSONField(_("countries"), default=list, help_text=_("ISO 3166-1 alpha-2 codes"))
    languages = models.JSONField(_("languages"), default=list, help_text=_("language codes, first is default"))
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    worker_organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="driven_programs",
        verbose_name=_("worker organisation"),
    )
    monitoring_body = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="monitored_programs",
        verbose_name=_("monitoring body"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # --- rules -------------------------------------------------------------------------------
    suspension_minimum_days = _days(_("minimum suspension (days)"), 90)
    sla_ack_hours_severe = models.PositiveIntegerField(
        _("acknowledge severe complaints within (hours)"), default=24, validators=[MinValueValidator(1)]
    )
    sla_ack_hours_standard = models.PositiveIntegerField(
        _("acknowledge other complaints within (hours)"), default=48, validators=[MinValueValidator(1)]
    )
    sla_investigate_days_severe = _days(_("start investigating severe complaints within (days)"), 2)
    sla_investigate_days_standard = _days(_("start investigating other complaints within (days)"), 10)
    sla_resolve_days = _days(_("resolve complaints within (days)"), 14)
    sla_interim_update_days = _days(_("update the complainant at least every (days)"), 14)
    escalation_stage1_days = _days(_("escalation stage 1 length (days)"), 182)
    escalation_stage2_days = _days(_("escalation stage 2 length (days)"), 90)
    escalation_stage3_days = _days(_("escalation stage 3 length (days)"), 60)
    zero_tolerance_remedy_hours = models.PositiveIntegerField(
        _("immediate remedy of a zero-tolerance violation allowed within (hours; 0: never)"),
        default=0,
        validators=[MaxValueValidator(168)],
    )
    notice_response_days = _days(_("supplier answers an enforcement notice within (days)"), 14, 365)
    objection_answer_days = _days(_("monitoring body answers the worker organisation within (days)"), 5, 365)
    premium_kind = models.CharField(
        _("default premium kind"), max_length=16, choices=PremiumKind.choices, default=PremiumKind.PER_UNIT
    )
    premium_minor_per_unit = models.PositiveIntegerField(_("default premium per unit (minor units)"), default=1)
    premium_unit = models.CharField(_("premium unit"), max_length=32, default="lb")
    premium_basis_points = models.PositiveIntegerField(
        _("default premium (basis points of purchase value)"),
        default=0,
        validators=[MaxValueValidator(10000)],
    )
    interview_norm_percent = models.PositiveIntegerField(
        # xgettext:no-python-format
        _("workers to interview per audit (% of workforce)"),
        default=51,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    education_sessions_per_season = models.PositiveIntegerField(
        _("on-the-clock education sessions per season"), default=2, validators=[MaxValueValidator(52)]
    )
    # Imminent danger (issue 10): an unacknowledged alert goes to the on-call staff again after this.
    danger_realert_minutes = models.PositiveIntegerField(
        _("alert the on-call staff again after (minutes without acknowledgement)"),
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(1440)],
    )
    # Shown to a worker who reports immediate danger, in their language, with "leave the danger now".
    emergency_phone = models.CharField(
        _("emergency phone number for workers in immediate danger"),
        max_length=32,
        blank=True,
        help_text=_("Answered at any hour by the program's on-call staff, e.g. +880 9612 000000."),
    )
    # The premium ledger's reconciliation rules (issue 11).
    premium_payment_days = _days(_("brands pay the premium owed within (days)"), 30, 365)
    distribution_max_pay_periods = models.PositiveIntegerField(
        _("suppliers distribute premium received within (pay periods)"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
    )
    admin_share_max_basis_points = models.PositiveIntegerField(
        _("largest administrative share a supplier may keep (basis points of premium received)"),
        default=500,
        validators=[MaxValueValidator(10000)],
    )
    cut_and_run_drop_percent = models.PositiveIntegerField(
        # xgettext:no-python-format
        _("flag a drop in a brand's orders from a facility of at least (%)"),
        default=50,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    cut_and_run_window_days = _days(
        _("compare a brand's orders before and after an enforcement event over (days)"), 90, 730
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def default_language(self) -> str:
        return self.languages[0] if self.languages else "en"

    @property
    def log_stream(self) -> str:
        return f"program:{self.public_id}"

    @property
    def premium_per_unit_display(self) -> str:
        return Money(self.premium_minor_per_unit, self.currency).format()

    def rules(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in RULE_FIELDS}


class ReportingSeason(models.Model):
    """A season (agriculture) or reporting period (garment) of a program."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="seasons")
    name = models.CharField(_("name"), max_length=80)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        ordering = ["program", "starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["program", "name"], name="season_program_name"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")), name="season_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program.slug} {self.name}"

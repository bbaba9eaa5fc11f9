"""Purchase reports of brands: one upload (a file or an API call) and its lines.

``PurchaseLine`` is append-only for amounts (contract with the ledger, issue 11): a correction is
a reversal line carrying the negated quantity, value and premium of the line it reverses, then a
new line. So ``SUM(premium_minor)`` over all rows is the premium owed now. ``current`` marks the
line a brand's ``line_id`` stands for today (reversed lines and reversal lines are not current);
a partial unique constraint keeps at most one current line per (brand, line_id): a re-upload can
never add a duplicate, even when two uploads race. Docs: docs/decisions/0032-purchase-reports.md.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from wsr.core.ids import PublicIdFactory


class UploadStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Checking and recording")
    DONE = "done", _("Recorded")
    REFUSED = "refused", _("Refused: nothing recorded")
    FAILED = "failed", _("Failed: nothing recorded")


class UploadSource(models.TextChoices):
    WEB = "web", _("File upload")
    API = "api", _("API")
    SYSTEM = "system", _("Platform")


class PurchaseUpload(models.Model):
    public_id = models.CharField(max_length=32, unique=True, default=PublicIdFactory("pup"), editable=False)
    program = models.ForeignKey("programs.Program", on_delete=models.PROTECT, related_name="purchase_uploads")
    brand = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="purchase_uploads")
    uploaded_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=16, choices=UploadSource.choices, default=UploadSource.WEB)
    filename = models.CharField(max_length=255, blank=True)
    file_format = models.CharField(max_length=8, blank=True)  # csv | xlsx | ndjson | rows
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    status = models.CharField(max_length=16, choices=UploadStatus.choices, default=UploadStatus.QUEUED)
    total_lines = models.PositiveIntegerField(default=0)
    processed_lines = models.PositiveIntegerField(default=0)
    added = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    reversed = models.PositiveIntegerField(default=0)
    breaches = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    # The first errors (line, column, code, params): rendered in the reader's language on display.
    errors = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["program", "brand", "-created_at"], name="purchase_upload_brand")]

    def __str__(self) -> str:
        return f"{self.public_id} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in {UploadStatus.DONE, UploadStatus.REFUSED, UploadStatus.FAILED}


class PurchaseLine(models.Model):
    public_id = models.CharField(max_length=32, unique=True, default=PublicIdFactory("pln"), editable=False)
    program = models.ForeignKey("programs.Program", on_delete=models.PROTECT, related_name="purchase_lines")
    brand = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="purchase_lines")
    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.PROTECT, related_name="purchase_lines")
    facility = models.ForeignKey("registry.Facility", on_delete=models.PROTECT, related_name="purchase_lines")
    upload = models.ForeignKey(PurchaseUpload, on_delete=models.PROTECT, related_name="lines")
    line_id = models.CharField(_("line id"), max_length=100)
    date = models.DateField(_("date"))
    product = models.CharField(_("product"), max_length=200)
    quantity = models.DecimalField(_("quantity"), max_digits=24, decimal_places=6)
    unit = models.CharField(_("unit"), max_length=20)
    value_minor = models.BigIntegerField(_("value (minor units)"))
    currency = models.CharField(_("currency"), max_length=3)
    premium_minor = models.BigIntegerField(_("premium owed (minor units)"))
    eligible = models.BooleanField(_("eligible"), default=True)
    reverses = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversals", verbose_name=_("reverses")
    )
    current = models.BooleanField(default=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["brand", "line_id"], condition=models.Q(current=True), name="purchase_line_current_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["program", "brand", "facility", "date"], name="purchase_line_bfd"),
            models.Index(fields=["program", "facility", "date"], name="purchase_line_fd"),
        ]

    def __str__(self) -> str:
        return f"{self.line_id} ({self.public_id})"


class CutAndRunFlag(models.Model):
    """A sharp drop in a brand's orders from a facility after an enforcement event or a complaint
    there (issue 11 item 5). Volumes are order values in minor units of the brand's agreement
    currency, over the program's window before and after the trigger. Never names a complainant:
    a complaint trigger is only "a complaint was filed at this facility on this day"."""

    class Trigger(models.TextChoices):
        ENFORCEMENT = "enforcement", _("Enforcement event")
        COMPLAINT = "complaint", _("Complaint")

    public_id = models.CharField(max_length=32, unique=True, default=PublicIdFactory("cnr"), editable=False)
    program = models.ForeignKey("programs.Program", on_delete=models.PROTECT, related_name="cut_and_run_flags")
    brand = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="cut_and_run_flags")
    facility = models.ForeignKey("registry.Facility", on_delete=models.PROTECT, related_name="cut_and_run_flags")
    trigger = models.CharField(_("trigger"), max_length=16, choices=Trigger.choices)
    trigger_key = models.CharField(max_length=64)  # stable key of the triggering fact (no personal data)
    trigger_on = models.DateField(_("trigger date"))
    window_days = models.PositiveIntegerField(_("window (days)"))
    before_minor = models.BigIntegerField(_("orders before"))
    after_minor = models.BigIntegerField(_("orders after"))
    currency = models.CharField(max_length=3)
    drop_percent = models.PositiveIntegerField(_("drop (%)"))
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "brand", "facility", "trigger_key"], name="cut_and_run_once_per_trigger"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.public_id}: -{self.drop_percent}%"

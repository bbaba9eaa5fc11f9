"""Facilities, program participation, sourcing relations and facility-list imports."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from wsr.core.ids import PublicIdFactory


class WorkerBand(models.TextChoices):
    """Transparency Pledge worker-count bands."""

    UNDER_1000 = "<1000", _("Fewer than 1,000")
    B1001_5000 = "1001-5000", _("1,001 – 5,000")
    B5001_10000 = "5001-10000", _("5,001 – 10,000")
    OVER_10000 = ">10000", _("More than 10,000")


def worker_band(count: int | None) -> str:
    if count is None:
        return ""
    if count <= 1000:
        return WorkerBand.UNDER_1000
    if count <= 5000:
        return WorkerBand.B1001_5000
    if count <= 10000:
        return WorkerBand.B5001_10000
    return WorkerBand.OVER_10000


class Facility(models.Model):
    """A farm or factory. One identity across programs and lists."""

    public_id = models.CharField(max_length=32, unique=True, default=PublicIdFactory("fac"), editable=False)
    name = models.CharField(_("name"), max_length=300)
    name_local = models.CharField(_("name in the local language"), max_length=300, blank=True)
    address = models.TextField(_("address"))
    country = models.CharField(_("country"), max_length=2, db_index=True, help_text=_("ISO 3166-1 alpha-2"))
    lat = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    lng = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    sectors = models.JSONField(_("sectors"), default=list, blank=True)
    product_types = models.JSONField(_("product types"), default=list, blank=True)
    facility_types = models.JSONField(
        _("facility / processing types"), default=list, blank=True, help_text=_("e.g. Cut and sew | Dyeing")
    )
    worker_count = models.PositiveIntegerField(_("number of workers"), null=True, blank=True)
    parent_company = models.CharField(_("parent company"), max_length=300, blank=True)
    supplier = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="facilities",
        verbose_name=_("supplier company"),
    )
    os_id = models.CharField(
        _("Open Supply Hub ID"),
        max_length=32,
        blank=True,
        db_index=True,
        help_text=_("The facility's OS ID when a list carries one (matched first, exported)."),
    )
    # Cleaned forms used for matching (see wsr.registry.matching.clean_text).
    match_key = models.CharField(max_length=700, db_index=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "facilities"

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        """How every page names the facility: the registered name, with the local-language name
        beside it where one exists ("Name (স্থানীয় নাম)")."""
        if self.name_local and self.name_local != self.name:
            return f"{self.name} ({self.name_local})"
        return self.name

    @property
    def worker_band(self) -> str:
        return worker_band(self.worker_count)


class ParticipantKind(models.TextChoices):
    BRAND = "brand", _("Brand / buyer")
    SUPPLIER = "supplier", _("Supplier")


class Participation(models.Model):
    """A brand or supplier company taking part in a program, from a date, maybe until one."""

    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="participations")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="participations")
    kind = models.CharField(max_length=16, choices=ParticipantKind.choices)
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["program", "kind", "organisation__name"]
        constraints = [models.UniqueConstraint(fields=["program", "organisation", "kind"], name="participation_unique")]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.program} ({self.kind})"


class ProgramFacility(models.Model):
    """A facility covered by a program."""

    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="program_facilities")
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="program_links")
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["program", "facility"], name="program_facility_unique")]

    def __str__(self) -> str:
        return f"{self.facility} in {self.program}"


class SourcingRelation(models.Model):
    """A brand buys from a facility in a program (from its published list or its reports)."""

    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="sourcing")
    brand = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="sourcing")
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="sourcing")
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["program", "brand", "facility"], name="sourcing_unique")]

    def __str__(self) -> str:
        return f"{self.brand} ← {self.facility}"


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Refused")
    UNDONE = "undone", _("Undone")


class ImportJob(models.Model):
    """One uploaded facility list and what became of each of its rows."""

    public_id = models.CharField(max_length=32, unique=True, default=PublicIdFactory("imp"), editable=False)
    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="imports")
    brand = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("If the list is a brand's sourcing list, the brand."),
    )
    uploaded_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    filename = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    status = models.CharField(max_length=16, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    error = models.TextField(blank=True)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    matched_count = models.PositiveIntegerField(default=0)
    review_count = models.PositiveIntegerField(default=0)
    rejected_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.status})"

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 100 if self.status in (ImportStatus.DONE, ImportStatus.FAILED) else 0
        return min(100, round(100 * self.processed_rows / self.total_rows))


class RowOutcome(models.TextChoices):
    CREATED = "created", _("Created")
    MATCHED = "matched", _("Matched")
    REVIEW = "review", _("Needs review")
    REJECTED = "rejected", _("Rejected")


class Resolution(models.TextChoices):
    PENDING = "", _("Pending")
    CONFIRMED = "confirmed", _("Confirmed as the same facility")
    NEW = "new", _("Created as a new facility")


class ImportRow(models.Model):
    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="rows")
    line = models.PositiveIntegerField(help_text=_("Line number in the file (header is line 1)"))
    data = models.JSONField(help_text=_("The cleaned row"))
    outcome = models.CharField(max_length=16, choices=RowOutcome.choices)
    reason = models.TextField(blank=True)
    facility = models.ForeignKey(Facility, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    candidate = models.ForeignKey(Facility, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    resolution = models.CharField(max_length=16, choices=Resolution.choices, blank=True, default="")
    resolved_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["job", "line"]
        indexes = [models.Index(fields=["job", "outcome"])]

    def __str__(self) -> str:
        return f"line {self.line}: {self.outcome}"

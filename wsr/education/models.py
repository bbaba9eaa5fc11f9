"""Worker education: sessions held at facilities, and the materials library per language.

No worker is identified anywhere here: a session records counts (attendees, and how many of them
were reached for the first time this season), never names or worker numbers. Workflow fields
(a material version's status, a session's withdrawal) change only through
``wsr.education.services``; the admin shows them read-only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wsr.core import clock
from wsr.core.ids import PublicIdFactory
from wsr.education.transitions import MaterialStatus
from wsr.standards.models import Category

STATUS_LABELS = {
    MaterialStatus.DRAFT: _("Draft"),
    MaterialStatus.PUBLISHED: _("Published"),
    MaterialStatus.RETIRED: _("Retired"),
}


class SessionKind(models.TextChoices):
    ORIENTATION = "orientation", _("New-hire orientation")
    PERIODIC = "periodic", _("Periodic session")


class FileKind(models.TextChoices):
    PDF = "pdf", _("PDF document")
    IMAGE = "image", _("Image")
    AUDIO = "audio", _("Audio")


class Session(models.Model):
    """One education session at a facility. Counts only: no worker names, no worker identifiers."""

    public_id = models.CharField(max_length=32, unique=True, default=PublicIdFactory("eds"), editable=False)
    program = models.ForeignKey("programs.Program", on_delete=models.PROTECT, related_name="education_sessions")
    facility = models.ForeignKey(
        "registry.Facility", on_delete=models.PROTECT, related_name="education_sessions", verbose_name=_("facility")
    )
    season = models.ForeignKey(
        "programs.ReportingSeason",
        on_delete=models.PROTECT,
        related_name="education_sessions",
        verbose_name=_("season"),
    )
    held_on = models.DateField(_("held on"))
    language = models.CharField(_("language"), max_length=12)
    kind = models.CharField(_("kind"), max_length=16, choices=SessionKind.choices)
    on_the_clock = models.BooleanField(_("on paid time"))
    topics = models.JSONField(_("Code topics"), default=list, blank=True)
    other_topics = models.JSONField(_("other topics"), default=list, blank=True)
    attendees = models.PositiveIntegerField(_("attendees"))
    new_workers = models.PositiveIntegerField(_("workers reached for the first time this season"))
    workforce = models.PositiveIntegerField(_("facility workforce when recorded"), null=True, blank=True)
    educators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="education_sessions_led", verbose_name=_("educators")
    )
    notes = models.TextField(_("internal notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=clock.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.CharField(_("why the record was withdrawn"), max_length=500, blank=True)

    class Meta:
        ordering = ["-held_on", "-recorded_at"]
        indexes = [
            models.Index(fields=["program", "season"]),
            models.Index(fields=["facility", "season"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(new_workers__lte=models.F("attendees")), name="education_session_new_le_attendees"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.facility} {self.held_on}"

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def topic_labels(self) -> list[str]:
        labels = dict(Category.choices)
        return [str(labels.get(t, t)) for t in self.topics] + list(self.other_topics)


class Material(models.Model):
    """A piece of worker-facing material (a leaflet, a poster, a recording), in versions per language."""

    public_id = models.CharField(max_length=32, unique=True, default=PublicIdFactory("edm"), editable=False)
    program = models.ForeignKey("programs.Program", on_delete=models.PROTECT, related_name="education_materials")
    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(_("Code topic"), max_length=32, choices=Category.choices, blank=True)
    created_at = models.DateTimeField(default=clock.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["program", "name"]

    def __str__(self) -> str:
        return self.name


def material_file_path(instance: MaterialVersion, filename: str) -> str:
    return (
        f"education/{instance.material.program.public_id}/{instance.material.public_id}/"
        f"{instance.public_id}.{filename.rsplit('.', 1)[-1]}"
    )


class MaterialVersion(models.Model):
    """One version of a material in one language: text and/or one file (PDF, image or audio)."""

    public_id = models.CharField(max_length=32, unique=True, default=PublicIdFactory("emv"), editable=False)
    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="versions")
    language = models.CharField(_("language"), max_length=12)
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    file = models.FileField(_("file"), upload_to=material_file_path, blank=True)
    file_kind = models.CharField(_("kind of file"), max_length=8, choices=FileKind.choices, blank=True)
    content_type = models.CharField(max_length=40, blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True)
    file_size = models.PositiveBigIntegerField(null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=list(STATUS_LABELS.items()), default=MaterialStatus.DRAFT
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=clock.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["material", "language", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["material", "language", "number"], name="material_version_number"),
            models.UniqueConstraint(
                fields=["material", "language"],
                condition=models.Q(status="published"),
                name="material_one_published_per_language",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.language} v{self.number})"

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS.get(MaterialStatus(self.status), self.status))

"""Core tables: the event log, the transparency log and throttle buckets."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models


class Event(models.Model):
    """One row per state change made by a service: who, what, from, to, why, when.

    Internal: events may reference private objects and are shown only to program staff.
    """

    occurred_at = models.DateTimeField(db_index=True)
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=120, help_text="Who acted, as shown in histories.")
    object_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    object_public_id = models.CharField(max_length=64, blank=True, db_index=True)
    program_public_id = models.CharField(max_length=64, blank=True, db_index=True)
    verb = models.CharField(max_length=64)
    before = models.CharField(max_length=64, blank=True)
    after = models.CharField(max_length=64, blank=True)
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_label} {self.verb}"


class TransparencyEntry(models.Model):
    """An append-only, hash-chained public fact. Format documented in docs/transparency-log.md."""

    stream = models.CharField(max_length=80)
    seq = models.PositiveBigIntegerField()
    recorded_at = models.DateTimeField()
    kind = models.CharField(max_length=64)
    payload = models.JSONField()
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["stream", "seq"]
        constraints = [models.UniqueConstraint(fields=["stream", "seq"], name="transparency_stream_seq")]
        verbose_name_plural = "transparency entries"

    def __str__(self) -> str:
        return f"{self.stream}#{self.seq} {self.kind}"


class TransparencyHead(models.Model):
    """The latest sequence number and hash of each stream (serialises appends)."""

    stream = models.CharField(max_length=80, primary_key=True)
    seq = models.PositiveBigIntegerField(default=0)
    head_hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"{self.stream}@{self.seq}"


class ThrottleBucket(models.Model):
    """A token bucket kept in the database, so every server process shares it."""

    key = models.CharField(max_length=200, primary_key=True)
    tokens = models.FloatField()
    updated_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.key

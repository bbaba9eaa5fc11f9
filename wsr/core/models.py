"""Core tables: the event log, the transparency log, throttle buckets, task runs and the outbox."""

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
    # The exact bytes hashed (canonical JSON): published as is, so verifying never rebuilds JSON.
    canonical = models.BinaryField(default=b"")
    # The Merkle leaf: SHA-256(0x00 || canonical); the leaf's index in the stream's tree is seq - 1.
    leaf_hash = models.BinaryField(max_length=32, default=b"")

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
    # The Merkle tree's right edge after ``seq`` leaves: one 32-byte perfect-subtree hash per set
    # bit of ``seq``, largest first (wsr.core.merkle.Frontier), so an append never reads old nodes.
    frontier = models.BinaryField(default=b"")

    def __str__(self) -> str:
        return f"{self.stream}@{self.seq}"


class TransparencyNode(models.Model):
    """The hash of a perfect Merkle subtree of a stream: leaves [index * 2**level, (index + 1) *
    2**level), level >= 1 (level 0 is TransparencyEntry.leaf_hash). Written as appends complete
    them; proofs are a few look-ups here (wsr.core.merkle)."""

    pk = models.CompositePrimaryKey("stream", "level", "index")
    stream = models.CharField(max_length=80)
    level = models.PositiveSmallIntegerField()
    index = models.PositiveBigIntegerField()
    hash = models.BinaryField(max_length=32)

    def __str__(self) -> str:
        return f"{self.stream} node {self.level}/{self.index}"


class TransparencySignedHead(models.Model):
    """A signed tree head (RFC 9162 style) of a stream: size, root, time, Ed25519 signature."""

    stream = models.CharField(max_length=80)
    tree_size = models.PositiveBigIntegerField()
    root_hash = models.BinaryField(max_length=32)
    signed_at = models.DateTimeField()
    key_id = models.CharField(max_length=64)
    signature = models.BinaryField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["stream", "tree_size"], name="transparency_sth_size")]

    def __str__(self) -> str:
        return f"{self.stream} head @{self.tree_size}"


class ThrottleBucket(models.Model):
    """A token bucket kept in the database, so every server process shares it."""

    key = models.CharField(max_length=200, primary_key=True)
    tokens = models.FloatField()
    updated_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.key


class TaskRun(models.Model):
    """One queued background task: the durable record behind a queue message (wsr.core.tasks).

    The queue (database or Redis) carries only a pointer to this row. A worker claims the row with
    a conditional update and holds a lease it renews while the task runs; a run whose lease ran
    out (its worker died) is handed to the queue again by the scheduler. A finished row is never
    run again, however many times its message is delivered.
    """

    class State(models.TextChoices):
        PENDING = "pending", "pending"
        RUNNING = "running", "running"
        DONE = "done", "done"
        FAILED = "failed", "failed"

    id = models.UUIDField(primary_key=True, editable=False)
    task_path = models.CharField(max_length=200)
    kwargs = models.JSONField(default=dict, blank=True)
    state = models.CharField(max_length=16, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(default=0, help_text="How many times a worker started it.")
    worker_id = models.CharField(max_length=120, blank=True)
    transport_id = models.CharField(max_length=64, blank=True, help_text="The queue message being run.")
    lease_until = models.DateTimeField(null=True, blank=True)
    nudged_at = models.DateTimeField(help_text="When a queue message for it was last sent.")
    created_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=200, blank=True, help_text="Exception class only: no personal data.")

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "nudged_at"], name="core_taskrun_state_nudged")]

    def __str__(self) -> str:
        return f"{self.task_path} {self.state}"


class PeriodicSlot(models.Model):
    """One row per (periodic task, period): two schedulers never enqueue the same slot twice."""

    name = models.CharField(max_length=80)
    slot_start = models.DateTimeField()
    enqueued_at = models.DateTimeField()
    run = models.ForeignKey(TaskRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-slot_start", "name"]
        constraints = [models.UniqueConstraint(fields=["name", "slot_start"], name="core_periodic_slot_once")]

    def __str__(self) -> str:
        return f"{self.name} @ {self.slot_start:%Y-%m-%d %H:%M}"


class OutboxMessage(models.Model):
    """A notice to send, written in the same transaction as the change it reports (wsr.core.outbox)."""

    class Channel(models.TextChoices):
        EMAIL = "email", "e-mail"
        SMS = "sms", "SMS"
        WEBHOOK = "webhook", "webhook"

    class Status(models.TextChoices):
        PENDING = "pending", "pending"
        SENT = "sent", "sent"
        FAILED = "failed", "failed (gave up)"

    channel = models.CharField(max_length=16, choices=Channel.choices, default=Channel.EMAIL)
    recipient = models.CharField(max_length=254)
    subject = models.CharField(max_length=300, blank=True)
    body = models.TextField()
    kind = models.CharField(max_length=64, help_text="What the notice is about, e.g. sla_breached.")
    program_public_id = models.CharField(max_length=64, blank=True, db_index=True)
    dedupe_key = models.CharField(max_length=200, unique=True, help_text="The same notice is never queued twice.")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    claimed_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="core_outbox_due")]

    def __str__(self) -> str:
        return f"{self.kind} via {self.channel} ({self.status})"


class OutboxAttempt(models.Model):
    """One delivery attempt of an outbox message: when, how it went, the error (no personal data)."""

    class Outcome(models.TextChoices):
        SENT = "sent", "sent"
        ERROR = "error", "error"

    message = models.ForeignKey(OutboxMessage, on_delete=models.CASCADE, related_name="delivery_attempts")
    attempted_at = models.DateTimeField()
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    error = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["attempted_at", "id"]

    def __str__(self) -> str:
        return f"{self.attempted_at:%Y-%m-%d %H:%M} {self.outcome}"

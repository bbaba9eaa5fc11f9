"""Imminent-danger alerts, the on-call roster of each program's monitoring body, and each user's
choice of how to get their to-do items.

Workflow fields change only through ``wsr.alerts.services`` (the alert's acknowledgement goes
through the one workflow step in ``wsr.core.workflow``); the admin shows them read-only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wsr.alerts.hazards import Hazard, hazard_label
from wsr.alerts.transitions import AlertState
from wsr.core import clock
from wsr.core.ids import PublicIdFactory

ALERT_STATE_LABELS = {AlertState.OPEN: _("Waiting for acknowledgement"), AlertState.ACKNOWLEDGED: _("Acknowledged")}


class OnCall(models.Model):
    """One staff member of the monitoring body on the program's on-call roster. ``active`` is
    whether they are on duty now; ``phone`` is where the alert's SMS goes (e-mail goes to the
    account's address)."""

    public_id = models.CharField(max_length=32, unique=True, default=PublicIdFactory("onc"), editable=False)
    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="on_call")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="on_call")
    phone = models.CharField(_("phone for SMS alerts"), max_length=32, blank=True)
    active = models.BooleanField(_("on call now"), default=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(default=clock.now)
    updated_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["program", "user__username"]
        constraints = [models.UniqueConstraint(fields=["program", "user"], name="on_call_program_user")]

    def __str__(self) -> str:
        return f"{self.user} on call for {self.program_id}"


class DangerAlert(models.Model):
    """A report of immediate danger (a worker's complaint or a monitor's finding) and its
    delivery to the on-call staff: when it was raised, how many times it was sent, when it is sent
    again, and who acknowledged it. It carries no free text of the report: the case code, the
    workplace, the category and the kind of danger only."""

    class Source(models.TextChoices):
        COMPLAINT = "complaint", _("Worker complaint")
        FINDING = "finding", _("Audit or inspection")

    public_id = models.CharField(max_length=32, unique=True, default=PublicIdFactory("dga"), editable=False)
    program = models.ForeignKey("programs.Program", on_delete=models.PROTECT, related_name="danger_alerts")
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    complaint = models.OneToOneField(
        "complaints.Complaint", null=True, blank=True, on_delete=models.PROTECT, related_name="danger_alert"
    )
    finding = models.OneToOneField(
        "audits.Finding", null=True, blank=True, on_delete=models.PROTECT, related_name="danger_alert"
    )
    facility = models.ForeignKey(
        "registry.Facility", null=True, blank=True, on_delete=models.PROTECT, related_name="danger_alerts"
    )
    category = models.CharField(_("category"), max_length=32)
    hazard = models.CharField(_("kind of danger"), max_length=16, choices=Hazard.choices, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=list(ALERT_STATE_LABELS.items()), default=AlertState.OPEN
    )
    raised_at = models.DateTimeField(_("raised at"), default=clock.now)
    rounds = models.PositiveIntegerField(_("times sent"), default=1)
    last_sent_at = models.DateTimeField(default=clock.now)
    next_send_at = models.DateTimeField(null=True, blank=True, db_index=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    acknowledgement_note = models.TextField(_("what is being done"), blank=True)
    updated_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-raised_at", "-pk"]
        indexes = [models.Index(fields=["program", "status"])]

    def __str__(self) -> str:
        return self.public_id

    @property
    def is_open(self) -> bool:
        return self.status == AlertState.OPEN

    @property
    def status_label(self) -> str:
        return str(ALERT_STATE_LABELS[AlertState(self.status)])

    @property
    def hazard_label(self) -> str:
        return hazard_label(self.hazard)

    @property
    def category_label(self) -> str:
        from wsr.standards.models import Category

        return str(dict(Category.choices).get(self.category, self.category))

    @property
    def case_code(self) -> str:
        return self.complaint.case_code if self.complaint_id and self.complaint else ""


class NotificationMode(models.TextChoices):
    AT_ONCE = "at_once", _("By e-mail at once, as each item appears")
    DAILY = "daily", _("By e-mail once a day (a digest)")
    NONE = "none", _("No e-mail: I read my home page")


class NotificationPreference(models.Model):
    """How one user gets their to-do items by e-mail. ``seen`` is what the last e-mail (or the
    first look) counted per to-do item, so that "at once" tells only what is new."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_pref")
    mode = models.CharField(_("to-do e-mails"), max_length=16, choices=NotificationMode.choices)
    seen = models.JSONField(default=dict, blank=True)
    last_digest_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(default=clock.now)

    def __str__(self) -> str:
        return f"{self.user}: {self.mode}"

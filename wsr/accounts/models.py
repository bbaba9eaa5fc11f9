"""Users, the organisations they belong to, and their role memberships per program."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from wsr.accounts.roles import ORG_KIND_LABELS, ROLE_LABELS
from wsr.core.ids import PublicIdFactory


class Organisation(models.Model):
    """A monitoring body, worker organisation, brand, supplier company or audit firm.

    One identity across programs: participation in a program is recorded separately.
    """

    public_id = models.CharField(max_length=32, unique=True, default=PublicIdFactory("org"), editable=False)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=list(ORG_KIND_LABELS.items()))
    country = models.CharField(_("country"), max_length=2, blank=True, help_text=_("ISO 3166-1 alpha-2"))
    address = models.TextField(_("address"), blank=True)
    website = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["kind", "name"], name="organisation_kind_name")]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    preferred_language = models.CharField(max_length=8, blank=True)

    class Meta:
        ordering = ["username"]


class Membership(models.Model):
    """A user holds a role in a program, on behalf of their organisation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=32, choices=list(ROLE_LABELS.items()))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "program", "role"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} {self.role} @ {self.program_id}"


class RoleGrantStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    REFUSED = "refused", _("Refused")


class RoleGrant(models.Model):
    """A program role asked for by someone who may not grant it alone (a self-grant, or a platform
    superuser without the program-admin role in that program). It becomes a ``Membership`` only
    when another program admin of the program confirms it (decision 0015)."""

    public_id = models.CharField(max_length=32, unique=True, default=PublicIdFactory("rgr"), editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(_("role"), max_length=32, choices=list(ROLE_LABELS.items()))
    reason = models.TextField(_("reason"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=RoleGrantStatus.choices, default=RoleGrantStatus.PENDING
    )
    requested_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    requested_label = models.CharField(max_length=120)
    requested_at = models.DateTimeField()
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_label = models.CharField(max_length=120, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "program", "role"],
                condition=models.Q(status="pending"),
                name="role_grant_one_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.role} @ {self.program_id} ({self.status})"


class ApiToken(models.Model):
    """A bearer token for integrations. Only its SHA-256 digest is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    prefix = models.CharField(max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

"""The premium ledger (issue 11, decision 0033).

Documents: a brand's premium ``Payment`` to a supplier (recorded by the brand, confirmed or
disputed by the supplier) and a supplier's ``Distribution`` to the workers of a facility for one
pay period (workers paid, premium paid out, administrative share kept).

Money: an append-only double-entry journal. A ``Posting`` has ``Leg`` rows on ``Account`` rows
(a brand, a supplier at a facility, the workers of a facility, the administrative share kept at a
facility) whose amounts sum to zero. Postings are never updated or deleted: a correction is a
reversal posting with the negated legs. Each posting is chained per program: ``entry_hash`` is
SHA-256 over the canonical JSON of the posting and its legs with the previous posting's hash
(``wsr.ledger.journal``), and ``journal_verify`` recomputes the chain from the stored columns.

Findings: what the reconciliation rules found (premium unpaid, undistributed, admin share over
the limit, purchases from an ineligible facility), one row per rule and subject, with events.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from wsr.core.ids import PublicIdFactory


class AccountKind(models.TextChoices):
    BRAND = "brand", _("Brand")
    SUPPLIER = "supplier", _("Supplier at a facility")
    WORKERS = "workers", _("Workers of a facility")
    ADMIN_SHARE = "admin_share", _("Administrative share kept at a facility")


class Account(models.Model):
    program = models.ForeignKey("programs.Program", on_delete=models.PROTECT, related_name="ledger_accounts")
    kind = models.CharField(max_length=16, choices=AccountKind.choices)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    facility = models.ForeignKey(
        "registry.Facility", null=True, blank=True, on_delete=models.PROTECT, related_name="ledger_accounts"
    )
    currency = models.CharField(max_length=3)
    # kind:organisation public id:facility public id:currency, the name the hash chain uses
    key = models.CharField(max_length=120)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["program", "key"], name="ledger_account_key")]

    def __str__(self) -> str:
        return self.key


class PostingKind(models.TextChoices):
    PAYMENT = "payment", _("Premium payment")
    DISTRIBUTION = "distribution", _("Distribution to workers")
    REVERSAL = "reversal", _("Reversal")


class Posting(models.Model):
    public_id = models.CharField(max_length=32, unique=True, default=PublicIdFactory("lpo"), editable=False)
    program = models.ForeignKey("programs.Program", on_delete=models.PROTECT, related_name="ledger_postings")
    seq = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=16, choices=PostingKind.choices)
    occurred_on = models.DateField()
    recorded_at = models.DateTimeField()
    document = models.CharField(max_length=32, blank=True)  # public id of the payment or distribution
    memo = models.CharField(max_length=300, blank=True)
    reverses = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by")
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["program", "seq"]
        constraints = [models.UniqueConstraint(fields=["program", "seq"], name="ledger_posting_seq")]

    def __str__(self) -> str:
        return f"{self.public_id} #{self.seq} {self.kind}"


class Leg(models.Model):
    posting = models.ForeignKey(Posting, on_delete=models.PROTECT, related_name="legs")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="legs")
    position = models.PositiveSmallIntegerField()
    amount_minor = models.BigIntegerField()

    class Meta:
        ordering = ["posting", "position"]
        constraints = [models.UniqueConstraint(fields=["posting", "position"], name="ledger_leg_position")]

    def __str__(self) -> str:
        return f"{self.posting_id}/{self.position}: {self.amount_minor}"


class JournalHead(models.Model):
    """The end of a program's chain: locked while a posting is appended, so appends serialise."""

    program = models.OneToOneField("programs.Program", on_delete=models.PROTECT, related_name="ledger_head")
    seq = models.PositiveBigIntegerField(default=0)
    head_hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"{self.program_id}#{self.seq}"


class PaymentStatus(models.TextChoices):
    RECORDED = "recorded", _("Recorded by the brand, awaiting the supplier")
    CONFIRMED = "confirmed", _("Confirmed received by the supplier")
    DISPUTED = "disputed", _("Disputed by the supplier")
    REVERSED = "reversed", _("Reversed (corrected)")


def proof_path(instance: Payment, filename: str) -> str:
    return f"ledger/payments/{instance.public_id}/proof.{filename.rsplit('.', 1)[-1]}"


class Payment(models.Model):
    public_id = models.CharField(max_length=32, unique=True, default=PublicIdFactory("pay"), editable=False)
    program = models.ForeignKey("programs.Program", on_delete=models.PROTECT, related_name="premium_payments")
    brand = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="premium_paid")
    supplier = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="premium_received")
    facility = models.ForeignKey("registry.Facility", on_delete=models.PROTECT, related_name="premium_payments")
    amount_minor = models.BigIntegerField(_("amount (minor units)"))
    currency = models.CharField(_("currency"), max_length=3)
    paid_on = models.DateField(_("paid on"))
    # The month of purchases this payment is for (its first day); null only on rows recorded
    # before the field existed, read as the month before the payment.
    period = models.DateField(_("for purchases of the month"), null=True, blank=True)
    reference = models.CharField(_("reference"), max_length=120)
    proof = models.FileField(_("proof of payment"), upload_to=proof_path, blank=True)
    proof_sha256 = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=16, choices=PaymentStatus.choices, default=PaymentStatus.RECORDED)
    status_note = models.CharField(max_length=500, blank=True)
    recorded_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField()
    posting = models.OneToOneField(Posting, null=True, blank=True, on_delete=models.PROTECT, related_name="payment")

    class Meta:
        ordering = ["-paid_on", "-pk"]
        indexes = [models.Index(fields=["program", "brand", "facility", "paid_on"], name="payment_bfd")]

    def __str__(self) -> str:
        return self.public_id


class DistributionSource(models.TextChoices):
    FORM = "form", _("Entered by the supplier")
    UPLOAD = "upload", _("Payroll summary uploaded by the supplier")
    AUDIT = "audit", _("Payroll as found by the monitoring body")


class Distribution(models.Model):
    public_id = models.CharField(max_length=32, unique=True, default=PublicIdFactory("dst"), editable=False)
    program = models.ForeignKey("programs.Program", on_delete=models.PROTECT, related_name="premium_distributions")
    supplier = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    brand = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    facility = models.ForeignKey("registry.Facility", on_delete=models.PROTECT, related_name="premium_distributions")
    period_start = models.DateField(_("pay period starts"))
    period_end = models.DateField(_("pay period ends"))
    workers_paid = models.PositiveIntegerField(_("workers paid"))
    distributed_minor = models.BigIntegerField(_("premium paid to workers (minor units)"))
    admin_share_minor = models.BigIntegerField(_("administrative share kept (minor units)"))
    currency = models.CharField(_("currency"), max_length=3)
    source = models.CharField(max_length=8, choices=DistributionSource.choices)
    recorded_at = models.DateTimeField()
    posting = models.OneToOneField(
        Posting, null=True, blank=True, on_delete=models.PROTECT, related_name="distribution"
    )
    reversed = models.BooleanField(default=False)

    class Meta:
        ordering = ["-period_end", "-pk"]
        indexes = [models.Index(fields=["program", "brand", "facility", "period_end"], name="distribution_bfd")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="distribution_period_order"
            ),
        ]

    def __str__(self) -> str:
        return self.public_id


class FindingRule(models.TextChoices):
    UNPAID = "unpaid", _("Premium unpaid past the payment deadline")
    UNDISTRIBUTED = "undistributed", _("Premium received but not distributed in time")
    ADMIN_SHARE = "admin_share", _("Administrative share over the program's limit")
    INELIGIBLE = "ineligible", _("Purchases from a facility that was not eligible")


class FindingStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLEARED = "cleared", _("Cleared")


class Finding(models.Model):
    public_id = models.CharField(max_length=32, unique=True, default=PublicIdFactory("rfd"), editable=False)
    program = models.ForeignKey("programs.Program", on_delete=models.PROTECT, related_name="ledger_findings")
    rule = models.CharField(max_length=16, choices=FindingRule.choices)
    brand = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    facility = models.ForeignKey("registry.Facility", on_delete=models.PROTECT, related_name="ledger_findings")
    status = models.CharField(max_length=8, choices=FindingStatus.choices, default=FindingStatus.OPEN)
    amount_minor = models.BigIntegerField(default=0)
    currency = models.CharField(max_length=3)
    lines = models.PositiveIntegerField(default=0)  # purchase lines concerned (ineligible rule)
    since = models.DateField()  # when the difference became overdue: its age runs from here
    raised_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    cleared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["status", "since", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "rule", "brand", "facility"],
                condition=models.Q(status="open"),
                name="ledger_finding_open_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.public_id} {self.rule}"

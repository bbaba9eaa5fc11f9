"""Writes of the premium ledger: payments (brand -> supplier), distributions (supplier -> workers),
reversals. Each service: authorise, validate, one transaction (document row, journal posting,
event). Reconciliation findings: ``wsr.ledger.reconcile.reconciliation_run``."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from wsr.accounts.models import Organisation
from wsr.accounts.roles import OrgKind
from wsr.core import clock
from wsr.core.errors import DomainError, NotFound
from wsr.core.events import event_record
from wsr.core.files import sniff
from wsr.core.money import Money, exponent
from wsr.core.permissions import Actor
from wsr.core.workflow import workflow_step
from wsr.ledger import journal, transitions
from wsr.ledger.capabilities import LedgerCapability as LC
from wsr.ledger.errors import LedgerErrorCode as E
from wsr.ledger.events import LedgerEvent
from wsr.ledger.models import (
    AccountKind,
    Distribution,
    DistributionSource,
    Payment,
    PaymentStatus,
    PostingKind,
)
from wsr.programs.models import Program
from wsr.registry.models import Facility, SourcingRelation

PROOF_MAX_BYTES = 10 * 1024 * 1024


def to_minor(text: str, currency: str) -> int:
    """``"1,234.56"`` in a currency -> integer minor units; refuses more decimals than it has."""
    cleaned = str(text).strip().replace(",", "").replace(" ", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise DomainError(_("Not an amount: %(text)s") % {"text": str(text)[:40]}, code=E.AMOUNT_NOT_POSITIVE) from None
    if not value.is_finite():
        raise DomainError(_("Not an amount: %(text)s") % {"text": str(text)[:40]}, code=E.AMOUNT_NOT_POSITIVE)
    scaled = value.scaleb(exponent(currency))
    if scaled != scaled.to_integral_value():
        raise DomainError(
            _("%(currency)s amounts have at most %(n)s decimals.") % {"currency": currency, "n": exponent(currency)},
            code=E.AMOUNT_NOT_POSITIVE,
        )
    return int(scaled)


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _program_facility(program: Program, public_id: str) -> Facility:
    facility = (
        Facility.objects.filter(public_id=public_id, program_links__program=program).select_related("supplier").first()
    )
    if facility is None or facility.supplier is None:
        raise DomainError(_("No such facility of a supplier in this program."), code=E.NOT_A_SUPPLIER_FACILITY)
    return facility


def premium_currency(program: Program, brand: Organisation) -> str:
    """The currency of the brand's premium: its latest agreement's terms (the program's if none)."""
    from wsr.agreements.models import PremiumTerm

    term = (
        PremiumTerm.objects.filter(agreement__program=program, agreement__brand=brand)
        .order_by("-agreement__effective_from", "-agreement__version")
        .first()
    )
    return term.currency if term else program.currency


def _positive(amount: int) -> None:
    if amount <= 0:
        raise DomainError(_("The amount must be more than zero."), code=E.AMOUNT_NOT_POSITIVE)


# --- payments ------------------------------------------------------------------------------------


def payment_record(
    *,
    actor: Actor,
    program: Program,
    facility: str,
    amount_minor: int,
    currency: str,
    paid_on: dt.date,
    reference: str,
    period: dt.date | None = None,
    proof: bytes | None = None,
    proof_name: str = "",
    occurred_at: dt.datetime | None = None,
) -> Payment:
    """A brand records a premium payment to the supplier of one facility for the purchases of one
    month (``period``, any day of it; the month before ``paid_on`` when not given). It awaits the
    supplier's confirmation."""
    actor.require(LC.RECORD_PAYMENT, program.pk)
    brand = Organisation.objects.filter(pk=actor.organisation_id or 0, kind=OrgKind.BRAND).first()
    if brand is None:
        raise NotFound("brand")
    found = _program_facility(program, facility)
    supplier = found.supplier
    assert supplier is not None  # _program_facility refuses a facility without one
    if not SourcingRelation.objects.filter(program=program, brand=brand, facility=found).exists():
        raise DomainError(_("Your brand does not source from this facility."), code=E.NOT_A_SUPPLIER_FACILITY)
    _positive(amount_minor)
    expected = premium_currency(program, brand)
    if currency != expected:
        raise DomainError(
            _("This brand's premium is paid in %(currency)s.") % {"currency": expected}, code=E.CURRENCY_MISMATCH
        )
    today = (occurred_at or clock.now()).date()
    if paid_on > today:
        raise DomainError(_("The payment date is in the future."), code=E.DATE_IN_FUTURE)
    month = month_of(period) if period is not None else month_of(paid_on.replace(day=1) - dt.timedelta(days=1))
    if month > today:
        raise DomainError(_("The month paid for is in the future."), code=E.DATE_IN_FUTURE)
    reference = reference.strip()
    if not reference:
        raise DomainError(
            _("Give the payment's reference (bank transfer or cheque number)."), code=E.REFERENCE_REQUIRED
        )
    kind = None
    if proof:
        if len(proof) > PROOF_MAX_BYTES:
            raise DomainError(_("The proof is larger than 10 MB."), code=E.PROOF_TOO_LARGE)
        kind = sniff(proof[:16])
        if kind is None or kind.kind not in {"pdf", "image"}:
            raise DomainError(_("The proof must be a PDF or an image."), code=E.PROOF_NOT_ACCEPTED)
    moment = occurred_at or clock.now()
    with transaction.atomic():
        payment = Payment.objects.create(
            program=program,
            brand=brand,
            supplier=supplier,
            facility=found,
            amount_minor=amount_minor,
            currency=currency,
            paid_on=paid_on,
            period=month,
            reference=reference[:120],
            recorded_at=moment,
            updated_at=moment,
        )
        if proof and kind is not None:
            payment.proof.save(f"proof.{kind.extension}", ContentFile(proof), save=False)
            payment.proof_sha256 = hashlib.sha256(proof).hexdigest()
            payment.save(update_fields=["proof", "proof_sha256"])
        event_record(
            actor=actor,
            obj=payment,
            verb=LedgerEvent.PAYMENT_RECORDED,
            after=PaymentStatus.RECORDED,
            data={
                "amount_minor": amount_minor,
                "currency": currency,
                "facility": found.public_id,
                "period": month.isoformat()[:7],
            },
            program_public_id=program.public_id,
            occurred_at=occurred_at,
        )
    return payment


def _payment_legs(payment: Payment) -> list[tuple[Any, int]]:
    brand = journal.account_for(
        program=payment.program, kind=AccountKind.BRAND, organisation=payment.brand, facility=None,
        currency=payment.currency,
    )  # fmt: skip
    supplier = journal.account_for(
        program=payment.program, kind=AccountKind.SUPPLIER, organisation=payment.supplier,
        facility=payment.facility, currency=payment.currency,
    )  # fmt: skip
    return [(brand, -payment.amount_minor), (supplier, payment.amount_minor)]


def payment_confirm(
    *, actor: Actor, payment: Payment, note: str = "", occurred_at: dt.datetime | None = None
) -> Payment:
    """The supplier confirms it received the payment: it is posted to the journal (brand -> supplier)."""
    if payment.supplier_id != actor.organisation_id:
        raise DomainError(_("Only the supplier that received a payment confirms it."), code=E.NOT_YOUR_PAYMENT)

    def post(obj: Payment) -> None:
        posting = journal.journal_post(
            program=obj.program,
            kind=PostingKind.PAYMENT,
            occurred_on=obj.paid_on,
            legs=_payment_legs(obj),
            document=obj.public_id,
            memo=obj.reference,
        )
        Payment.objects.filter(pk=obj.pk, posting__isnull=True).update(posting=posting)
        obj.posting = posting

    return workflow_step(
        actor=actor,
        obj=payment,
        event=LedgerEvent.PAYMENT_CONFIRMED,
        program=payment.program,
        to=PaymentStatus.CONFIRMED,
        rules=transitions.check_payment_move,
        changes={"confirmed_at": occurred_at or clock.now(), "status_note": note[:500]},
        reason=note,
        data={"amount_minor": payment.amount_minor, "currency": payment.currency},
        side_effects=[post],
        occurred_at=occurred_at,
        what=_("payment"),
    )


def payment_dispute(*, actor: Actor, payment: Payment, note: str) -> Payment:
    """The supplier says the payment did not arrive as recorded (nothing is posted)."""
    if payment.supplier_id != actor.organisation_id:
        raise DomainError(_("Only the supplier that received a payment disputes it."), code=E.NOT_YOUR_PAYMENT)
    if not note.strip():
        raise DomainError(_("Say what is wrong with the payment."), code=E.REASON_REQUIRED)
    return workflow_step(
        actor=actor,
        obj=payment,
        event=LedgerEvent.PAYMENT_DISPUTED,
        program=payment.program,
        to=PaymentStatus.DISPUTED,
        rules=transitions.check_payment_move,
        changes={"status_note": note[:500]},
        reason=note,
        what=_("payment"),
    )


def payment_reverse(*, actor: Actor, payment: Payment, reason: str) -> Payment:
    """The monitoring body corrects a payment: a reversal posting when it was posted, never an edit."""
    if not reason.strip():
        raise DomainError(_("Give the reason for the correction."), code=E.REASON_REQUIRED)

    def reverse(obj: Payment) -> None:
        if obj.posting_id is not None:
            journal.journal_reverse(posting=obj.posting, occurred_on=clock.now().date(), memo=reason)  # type: ignore[arg-type]

    return workflow_step(
        actor=actor,
        obj=payment,
        event=LedgerEvent.POSTING_REVERSED,
        program=payment.program,
        to=PaymentStatus.REVERSED,
        rules=transitions.check_payment_move,
        changes={"status_note": reason[:500]},
        reason=reason,
        side_effects=[reverse],
        what=_("payment"),
    )


# --- distributions -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DistributionInput:
    facility: str
    brand: str
    period_start: dt.date
    period_end: dt.date
    workers_paid: int
    distributed_minor: int
    admin_share_minor: int
    currency: str


def admin_share_allowed(program: Program, distributed_minor: int, admin_share_minor: int) -> bool:
    """The share kept, as a part of the premium paid out in the period (workers + share), within
    the program's limit in basis points (exact integers, no rounding)."""
    total = distributed_minor + admin_share_minor
    return admin_share_minor * 10_000 <= program.admin_share_max_basis_points * total


def _check_distribution(actor: Actor, program: Program, item: DistributionInput, source: str) -> tuple[Any, Any]:
    found = _program_facility(program, item.facility)
    if source == DistributionSource.AUDIT:
        actor.require(LC.RECORD_AUDITED_DISTRIBUTION, program.pk)
    else:
        actor.require(LC.RECORD_DISTRIBUTION, program.pk)
        if found.supplier_id != actor.organisation_id:
            raise NotFound("facility")
    brand = Organisation.objects.filter(
        public_id=item.brand, kind=OrgKind.BRAND, participations__program=program
    ).first()
    if brand is None:
        raise DomainError(_("No such brand in this program."), code=E.NO_AGREEMENT)
    if item.period_end < item.period_start or item.period_end > clock.now().date():
        raise DomainError(
            _("The pay period must end on or after its start, and not in the future."), code=E.PERIOD_INVALID
        )
    if item.workers_paid <= 0:
        raise DomainError(_("Say how many workers were paid."), code=E.WORKERS_REQUIRED)
    _positive(item.distributed_minor)
    if item.admin_share_minor < 0:
        raise DomainError(_("The administrative share cannot be negative."), code=E.AMOUNT_NOT_POSITIVE)
    expected = premium_currency(program, brand)
    if item.currency != expected:
        raise DomainError(
            _("This brand's premium is paid in %(currency)s.") % {"currency": expected}, code=E.CURRENCY_MISMATCH
        )
    if source != DistributionSource.AUDIT and not admin_share_allowed(
        program, item.distributed_minor, item.admin_share_minor
    ):
        raise DomainError(
            _("The administrative share kept is over the program's limit of %(percent)s%%.")
            % {"percent": Decimal(program.admin_share_max_basis_points) / 100},
            code=E.ADMIN_SHARE_OVER_LIMIT,
        )
    overlapping = Distribution.objects.filter(
        program=program,
        facility=found,
        brand=brand,
        reversed=False,
        period_start__lte=item.period_end,
        period_end__gte=item.period_start,
    ).exists()
    if overlapping:
        raise DomainError(
            _("A distribution for an overlapping pay period is already recorded."), code=E.PERIOD_OVERLAPS
        )
    return found, brand


def _distribution_create(
    *, actor: Actor, program: Program, item: DistributionInput, source: str, found: Any, brand: Any,
    occurred_at: dt.datetime | None,
) -> Distribution:  # fmt: skip
    moment = occurred_at or clock.now()
    distribution = Distribution.objects.create(
        program=program,
        supplier=found.supplier,
        brand=brand,
        facility=found,
        period_start=item.period_start,
        period_end=item.period_end,
        workers_paid=item.workers_paid,
        distributed_minor=item.distributed_minor,
        admin_share_minor=item.admin_share_minor,
        currency=item.currency,
        source=source,
        recorded_at=moment,
    )

    def account(kind: AccountKind) -> Any:
        return journal.account_for(
            program=program, kind=kind, organisation=found.supplier, facility=found, currency=item.currency
        )

    legs = [
        (account(AccountKind.SUPPLIER), -(item.distributed_minor + item.admin_share_minor)),
        (account(AccountKind.WORKERS), item.distributed_minor),
    ]
    if item.admin_share_minor:
        legs.append((account(AccountKind.ADMIN_SHARE), item.admin_share_minor))
    posting = journal.journal_post(
        program=program,
        kind=PostingKind.DISTRIBUTION,
        occurred_on=item.period_end,
        legs=legs,
        document=distribution.public_id,
        memo=f"{item.period_start.isoformat()}..{item.period_end.isoformat()}",
    )
    Distribution.objects.filter(pk=distribution.pk).update(posting=posting)
    distribution.posting = posting
    event_record(
        actor=actor,
        obj=distribution,
        verb=LedgerEvent.DISTRIBUTION_RECORDED,
        data={
            "facility": found.public_id,
            "brand": brand.public_id,
            "distributed_minor": item.distributed_minor,
            "admin_share_minor": item.admin_share_minor,
            "workers_paid": item.workers_paid,
            "source": source,
        },
        program_public_id=program.public_id,
        occurred_at=occurred_at,
    )
    return distribution


def distribution_record(
    *,
    actor: Actor,
    program: Program,
    item: DistributionInput,
    source: str = DistributionSource.FORM,
    occurred_at: dt.datetime | None = None,
) -> Distribution:
    """A supplier records premium paid to the workers of its facility for one pay period (an
    administrative share over the program's limit is refused); the monitoring body records a
    payroll as its audit found it (``source=audit``: accepted, and the reconciliation flags it)."""
    with transaction.atomic():
        found, brand = _check_distribution(actor, program, item, source)
        return _distribution_create(
            actor=actor, program=program, item=item, source=source, found=found, brand=brand, occurred_at=occurred_at
        )


PAYROLL_COLUMNS = (
    "facility",
    "brand",
    "period_start",
    "period_end",
    "workers_paid",
    "distributed",
    "admin_share",
    "currency",
)


@dataclass
class LineError:
    line: int
    column: str
    reason: str


@dataclass
class PayrollResult:
    recorded: int = 0
    errors: list[LineError] = field(default_factory=list)


def _parse_row(row: Mapping[str, str]) -> DistributionInput:
    def date(column: str) -> dt.date:
        try:
            return dt.date.fromisoformat((row.get(column) or "").strip())
        except ValueError:
            raise DomainError(_("Not a date (YYYY-MM-DD)."), code=E.PERIOD_INVALID) from None

    currency = (row.get("currency") or "").strip().upper()
    try:
        workers = int((row.get("workers_paid") or "").strip())
    except ValueError:
        raise DomainError(_("Say how many workers were paid."), code=E.WORKERS_REQUIRED) from None
    return DistributionInput(
        facility=(row.get("facility") or "").strip(),
        brand=(row.get("brand") or "").strip(),
        period_start=date("period_start"),
        period_end=date("period_end"),
        workers_paid=workers,
        distributed_minor=to_minor(row.get("distributed") or "", currency or "USD"),
        admin_share_minor=to_minor(row.get("admin_share") or "0", currency or "USD"),
        currency=currency,
    )


_CODE_COLUMN: dict[str, str] = {
    E.NOT_A_SUPPLIER_FACILITY: "facility",
    E.NO_AGREEMENT: "brand",
    E.PERIOD_INVALID: "period_end",
    E.PERIOD_OVERLAPS: "period_start",
    E.WORKERS_REQUIRED: "workers_paid",
    E.AMOUNT_NOT_POSITIVE: "distributed",
    E.ADMIN_SHARE_OVER_LIMIT: "admin_share",
    E.CURRENCY_MISMATCH: "currency",
}


class _Refused(Exception):
    pass


def payroll_upload(
    *, actor: Actor, program: Program, rows: Iterable[Mapping[str, str]], header: Iterable[str]
) -> PayrollResult:
    """A supplier's payroll summary (one distribution per line, columns ``PAYROLL_COLUMNS``):
    recorded whole or not at all; each refused line is named with its column and reason."""
    actor.require(LC.RECORD_DISTRIBUTION, program.pk)
    missing = [c for c in PAYROLL_COLUMNS if c not in set(header)]
    if missing:
        raise DomainError(
            _("The file lacks the columns: %(columns)s") % {"columns": ", ".join(missing)}, code=E.UPLOAD_INVALID
        )
    result = PayrollResult()
    try:
        with transaction.atomic():
            for number, row in enumerate(rows, start=2):
                try:
                    item = _parse_row(row)
                    with transaction.atomic():
                        found, brand = _check_distribution(actor, program, item, DistributionSource.UPLOAD)
                        _distribution_create(
                            actor=actor, program=program, item=item, source=DistributionSource.UPLOAD,
                            found=found, brand=brand, occurred_at=None,
                        )  # fmt: skip
                    result.recorded += 1
                except NotFound:
                    result.errors.append(LineError(number, "facility", _("No such facility of yours in this program.")))
                except DomainError as exc:
                    result.errors.append(LineError(number, _CODE_COLUMN.get(exc.code, ""), str(exc.message)))
            if result.errors:
                raise _Refused
    except _Refused:
        result.recorded = 0
    return result


def distribution_reverse(*, actor: Actor, distribution: Distribution, reason: str) -> Distribution:
    """The monitoring body corrects a distribution: a reversal posting, the row marked reversed."""
    actor.require(LC.REVERSE, distribution.program_id)
    if not reason.strip():
        raise DomainError(_("Give the reason for the correction."), code=E.REASON_REQUIRED)
    if distribution.reversed:
        raise DomainError(_("This distribution is already reversed."), code=E.ALREADY_REVERSED)
    with transaction.atomic():
        moved = Distribution.objects.filter(pk=distribution.pk, reversed=False).update(reversed=True)
        if moved != 1:
            raise DomainError(_("This distribution is already reversed."), code=E.ALREADY_REVERSED)
        if distribution.posting is not None:
            journal.journal_reverse(posting=distribution.posting, occurred_on=clock.now().date(), memo=reason)
        distribution.reversed = True
        event_record(
            actor=actor,
            obj=distribution,
            verb=LedgerEvent.POSTING_REVERSED,
            reason=reason,
            data={"document": distribution.public_id},
            program_public_id=distribution.program.public_id,
        )
    return distribution


def money(amount_minor: int, currency: str) -> str:
    return Money(int(amount_minor), currency).format()

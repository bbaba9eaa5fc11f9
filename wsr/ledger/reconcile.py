"""Reconciliation: owed vs paid vs distributed per brand, supplier, facility and period, and the
rules that raise findings (decision 0033).

Figures per (brand, facility), first-in first-out:

- **unpaid**: a month's premium is due ``premium_payment_days`` after the month ends. For each
  month already due: premium owed minus the payments made for that month (confirmed by the
  supplier, paid on or before today); a payment for one month never covers another. Any month
  short: a finding (the sum of the shortfalls); its age runs from the oldest short month's due date.
- **undistributed**: premium received (confirmed payments) up to ``today - N pay periods`` minus
  what the supplier paid out (to workers plus the administrative share) in pay periods ending on
  or before today; N is ``distribution_max_pay_periods`` and a pay period is as long as the
  facility's last recorded one (14 days before the first).
- **admin share over the limit**: a distribution whose share kept is more than
  ``admin_share_max_basis_points`` of what it paid out; the amount is the share above the limit.
- **ineligible purchases**: lines flagged ``eligible=False`` (bought inside a suspension), net
  of their reversals (a reversal carries the flag of the line it reverses); the finding's date is
  the first such purchase.

Everything read from the purchase lines comes from one GROUP BY per brand, facility, currency
and month (``monthly``): the rules need nothing finer.

The lines (the large table) are read by SQL (``engine="sql"``) or DuckDB (``engine="duckdb"``,
``wsr.ledger.columnar``); both give identical answers (tested).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Min, Q, Sum

from wsr.core import clock
from wsr.core.events import event_record
from wsr.core.permissions import Actor
from wsr.core.workflow import conditional_update
from wsr.ledger.capabilities import LedgerCapability as LC
from wsr.ledger.events import LedgerEvent
from wsr.ledger.models import Distribution, Finding, FindingRule, FindingStatus, Payment, PaymentStatus
from wsr.programs.models import Program

logger = logging.getLogger(__name__)
Key = tuple[int, int]  # (brand_id, facility_id)
DEFAULT_PAY_PERIOD_DAYS = 14


def _sql_monthly(program: Program, until: dt.date | None) -> list[tuple[Any, ...]]:
    from django.db.models.functions import TruncMonth

    from wsr.purchases.models import PurchaseLine

    lines = PurchaseLine.objects.filter(program=program)
    if until is not None:
        lines = lines.filter(date__lte=until)
    ineligible = Q(eligible=False)
    rows = (
        lines.annotate(month=TruncMonth("date"))
        .values_list("brand_id", "facility_id", "currency", "month")
        .annotate(
            owed=Sum("premium_minor"),
            bought=Count("id", filter=ineligible & Q(reverses__isnull=True)),
            undone=Count("id", filter=ineligible & Q(reverses__isnull=False)),
            value=Sum("value_minor", filter=ineligible),
            first=Min("date", filter=ineligible & Q(reverses__isnull=True)),
        )
        .order_by("brand_id", "facility_id", "currency", "month")
    )
    return [(b, f, c, m, o, n - u, v or 0, d) for b, f, c, m, o, n, u, v, d in rows]


def choose_engine(program: Program, engine: str) -> str:
    if engine != "auto":
        return engine
    from wsr.purchases.models import PurchaseLine

    threshold = int(getattr(settings, "WSR_LEDGER_DUCKDB_MIN_LINES", 1_000_000))
    big = PurchaseLine.objects.filter(program=program).order_by().values("id")[threshold : threshold + 1].exists()
    return "duckdb" if big else "sql"


def monthly(program: Program, *, engine: str = "auto", until: dt.date | None = None) -> list[Month]:
    """One pass over the purchase lines: per brand, facility, currency and month, the premium owed
    and the lines bought from an ineligible facility (net of reversals: a reversal carries the
    eligibility of the line it reverses), their value and the first such date."""
    raw: list[tuple[Any, ...]] | None = None
    if choose_engine(program, engine) == "duckdb":
        import duckdb

        from wsr.ledger import columnar

        try:
            raw = columnar.monthly(program.pk, until=until)
        except duckdb.Error as exc:  # e.g. another process holds the mirror's lock: SQL answers the same
            if engine == "duckdb":
                raise
            logger.warning("ledger: DuckDB mirror unavailable (%s); reading with SQL", type(exc).__name__)
    if raw is None:
        raw = _sql_monthly(program, until)
    return [
        Month(int(b), int(f), str(c), _as_date(m), int(o), int(n), int(v), _as_date(d) if d else None)
        for b, f, c, m, o, n, v, d in raw
    ]


def _as_date(value: Any) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


@dataclass(frozen=True)
class Month:
    brand_id: int
    facility_id: int
    currency: str
    month: dt.date  # its first day
    owed: int
    ineligible_lines: int
    ineligible_value: int
    ineligible_first: dt.date | None


# --- the per-period table ----------------------------------------------------------------------


@dataclass
class PeriodRow:
    brand_id: int
    facility_id: int
    period: str  # YYYY-MM
    currency: str
    owed: int = 0
    paid: int = 0
    distributed: int = 0
    admin_share: int = 0
    unpaid_balance: int = 0  # owed - paid, running up to the end of the period
    undistributed_balance: int = 0  # paid - (distributed + admin share), running


def _month(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def reconciliation_table(
    program: Program, *, engine: str = "auto", keys: Iterable[Key] | None = None
) -> list[PeriodRow]:
    """Per brand, facility and month: owed, paid, distributed, admin share, running differences."""
    wanted = set(keys) if keys is not None else None
    rows: dict[tuple[int, int, str], PeriodRow] = {}
    currencies: dict[Key, str] = {}

    def row(b: int, f: int, period: str) -> PeriodRow:
        found = rows.get((b, f, period))
        if found is None:
            found = rows[(b, f, period)] = PeriodRow(b, f, period, currencies.get((b, f), program.currency))
        return found

    for m in monthly(program, engine=engine):
        if wanted is not None and (m.brand_id, m.facility_id) not in wanted:
            continue
        currencies.setdefault((m.brand_id, m.facility_id), m.currency)
        row(m.brand_id, m.facility_id, _month(m.month)).owed += m.owed
    for b, f, month, amount in _payments(program, by="period"):
        if wanted is None or (b, f) in wanted:
            row(b, f, _month(month)).paid += amount
    for d in _distributions(program):
        if wanted is None or (d.brand_id, d.facility_id) in wanted:
            r = row(d.brand_id, d.facility_id, _month(d.period_end))
            r.distributed += d.distributed_minor
            r.admin_share += d.admin_share_minor
    ordered = sorted(rows.values(), key=lambda r: (r.brand_id, r.facility_id, r.period))
    running: dict[Key, tuple[int, int]] = {}
    for r in ordered:
        unpaid, undistributed = running.get((r.brand_id, r.facility_id), (0, 0))
        unpaid += r.owed - r.paid
        undistributed += r.paid - r.distributed - r.admin_share
        running[(r.brand_id, r.facility_id)] = (unpaid, undistributed)
        r.unpaid_balance, r.undistributed_balance = unpaid, undistributed
    return ordered


def _payments(
    program: Program, until: dt.date | None = None, *, by: str = "paid_on"
) -> list[tuple[int, int, dt.date, int]]:
    """Confirmed payments summed per (brand, facility, day paid) or, ``by="period"``, per month paid for."""
    found = Payment.objects.filter(program=program, status=PaymentStatus.CONFIRMED)
    if until is not None:
        found = found.filter(paid_on__lte=until)
    rows = (
        found.values_list("brand_id", "facility_id", "paid_on", "period")
        .annotate(s=Sum("amount_minor"))
        .order_by("brand_id", "facility_id", "paid_on")
    )
    if by == "period":
        return [(b, f, period or _previous_month(paid_on), int(a)) for b, f, paid_on, period, a in rows]
    return [(b, f, paid_on, int(a)) for b, f, paid_on, _period, a in rows]


def _previous_month(day: dt.date) -> dt.date:
    return (day.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def _month_end(first: dt.date) -> dt.date:
    following = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


class Paid(NamedTuple):
    """A distribution as the rules read it (a tuple: thousands of them are read per run)."""

    brand_id: int
    facility_id: int
    period_start: dt.date
    period_end: dt.date
    distributed_minor: int
    admin_share_minor: int
    currency: str


def _distributions(program: Program, until: dt.date | None = None) -> list[Paid]:
    found = Distribution.objects.filter(program=program, reversed=False)
    if until is not None:
        found = found.filter(period_end__lte=until)
    rows = found.order_by("brand_id", "facility_id", "period_end").values_list(*Paid._fields)
    return [Paid(*row) for row in rows]


# --- the rules ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Found:
    rule: str
    brand_id: int
    facility_id: int
    amount: int
    currency: str
    since: dt.date
    lines: int = 0


def _first_uncovered(events: list[tuple[dt.date, int]], covered: int) -> dt.date | None:
    """The date from which the running total of ``events`` exceeds ``covered`` (FIFO)."""
    running = 0
    for day, amount in events:
        running += amount
        if running > covered:
            return day
    return None


def evaluate(program: Program, *, today: dt.date, engine: str = "auto") -> list[Found]:
    """Every finding the rules raise on the program's data as of ``today``."""
    found: list[Found] = []
    pay_days = dt.timedelta(days=program.premium_payment_days)  # after the end of the month
    owed: dict[Key, dict[dt.date, int]] = defaultdict(lambda: defaultdict(int))
    currencies: dict[Key, str] = {}
    ineligible: dict[tuple[int, int, str], list[Month]] = defaultdict(list)
    for m in monthly(program, engine=engine, until=today):
        owed[(m.brand_id, m.facility_id)][m.month] += m.owed
        currencies.setdefault((m.brand_id, m.facility_id), m.currency)
        if m.ineligible_lines or m.ineligible_value:
            ineligible[(m.brand_id, m.facility_id, m.currency)].append(m)
    paid: dict[Key, list[tuple[dt.date, int]]] = defaultdict(list)
    for b, f, day, amount in _payments(program, until=today):
        paid[(b, f)].append((day, amount))
    paid_for: dict[Key, dict[dt.date, int]] = defaultdict(lambda: defaultdict(int))
    for b, f, month, amount in _payments(program, until=today, by="period"):
        paid_for[(b, f)][month] += amount
    dists: dict[Key, list[Paid]] = defaultdict(list)
    for d in _distributions(program, until=today):
        dists[(d.brand_id, d.facility_id)].append(d)
        currencies.setdefault((d.brand_id, d.facility_id), d.currency)

    for key, months in owed.items():
        paid_months = paid_for.get(key, {})
        gaps = sorted(
            (_month_end(m) + pay_days, a - paid_months.get(m, 0))
            for m, a in months.items()
            if _month_end(m) + pay_days <= today and a > paid_months.get(m, 0)
        )
        if gaps:
            short = sum(gap for _, gap in gaps)
            found.append(Found(FindingRule.UNPAID, *key, short, currencies[key], gaps[0][0]))

    for key, received in paid.items():
        periods = dists.get(key, [])
        length = (periods[-1].period_end - periods[-1].period_start).days + 1 if periods else DEFAULT_PAY_PERIOD_DAYS
        window = dt.timedelta(days=length * program.distribution_max_pay_periods)
        disbursed = sum(d.distributed_minor + d.admin_share_minor for d in periods)
        due = [(d, a) for d, a in received if d + window <= today]
        short = sum(a for _, a in due) - disbursed
        first = _first_uncovered(due, disbursed)
        if short > 0 and first is not None:
            found.append(Found(FindingRule.UNDISTRIBUTED, *key, short, currencies.get(key, ""), first + window))

    limit = program.admin_share_max_basis_points
    for key, periods in dists.items():
        over = [
            d for d in periods if d.admin_share_minor * 10_000 > limit * (d.distributed_minor + d.admin_share_minor)
        ]
        if over:
            excess = sum(
                d.admin_share_minor - (limit * (d.distributed_minor + d.admin_share_minor)) // 10_000 for d in over
            )
            found.append(
                Found(FindingRule.ADMIN_SHARE, *key, excess, over[0].currency, min(d.period_end for d in over))
            )

    for (b, f, currency), rows in ineligible.items():
        n = sum(m.ineligible_lines for m in rows)
        firsts = [m.ineligible_first for m in rows if m.ineligible_first is not None]
        if n > 0 and firsts:
            value = sum(m.ineligible_value for m in rows)
            found.append(Found(FindingRule.INELIGIBLE, b, f, value, currency, min(firsts), lines=n))
    return sorted(found, key=lambda x: (x.rule, x.brand_id, x.facility_id))


@dataclass
class RunResult:
    raised: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    cleared: list[str] = field(default_factory=list)


def reconciliation_run(
    *, actor: Actor, program: Program, today: dt.date | None = None, engine: str = "auto",
    occurred_at: dt.datetime | None = None,
) -> RunResult:  # fmt: skip
    """Apply the rules: raise new findings, update the amount of open ones, clear those gone. Each
    change is an event on the finding. ``today``/``occurred_at`` back-date a run (demo only)."""
    if not actor.is_system:
        actor.require(LC.RECONCILE, program.pk)
    moment = occurred_at or clock.now()
    today = today or moment.date()
    result = RunResult()
    current = {(f.rule, f.brand_id, f.facility_id): f for f in evaluate(program, today=today, engine=engine)}
    with transaction.atomic():
        open_ = {
            (f.rule, f.brand_id, f.facility_id): f
            for f in Finding.objects.select_for_update().filter(program=program, status=FindingStatus.OPEN)
        }
        for key, hit in current.items():
            existing = open_.get(key)
            data = {"rule": hit.rule, "amount_minor": hit.amount, "currency": hit.currency, "lines": hit.lines}
            if existing is None:
                finding = Finding.objects.create(
                    program=program, rule=hit.rule, brand_id=hit.brand_id, facility_id=hit.facility_id,
                    amount_minor=hit.amount, currency=hit.currency, lines=hit.lines, since=hit.since,
                    raised_at=moment, updated_at=moment,
                )  # fmt: skip
                event_record(
                    actor=actor, obj=finding, verb=LedgerEvent.FINDING_RAISED, after=FindingStatus.OPEN, data=data,
                    program_public_id=program.public_id, occurred_at=occurred_at,
                )  # fmt: skip
                result.raised.append(finding.public_id)
            elif (existing.amount_minor, existing.lines, existing.since) != (hit.amount, hit.lines, hit.since):
                conditional_update(
                    existing,
                    expect={"status": FindingStatus.OPEN},
                    changes={"amount_minor": hit.amount, "lines": hit.lines, "since": hit.since, "updated_at": moment},
                )
                event_record(
                    actor=actor, obj=existing, verb=LedgerEvent.FINDING_CHANGED, data=data,
                    program_public_id=program.public_id, occurred_at=occurred_at,
                )  # fmt: skip
                result.changed.append(existing.public_id)
        for key, existing in open_.items():
            if key in current:
                continue
            conditional_update(
                existing,
                expect={"status": FindingStatus.OPEN},
                changes={"status": FindingStatus.CLEARED, "cleared_at": moment, "updated_at": moment},
            )
            event_record(
                actor=actor, obj=existing, verb=LedgerEvent.FINDING_CLEARED, before=FindingStatus.OPEN,
                after=FindingStatus.CLEARED, program_public_id=program.public_id, occurred_at=occurred_at,
            )  # fmt: skip
            result.cleared.append(existing.public_id)
    return result


def reconciliation_sweep() -> int:
    """The periodic run (settings.WSR_PERIODIC_TASKS "ledger.reconcile"): every program with
    purchase lines, as the platform; returns how many findings were raised or cleared."""
    from wsr.purchases.models import PurchaseLine

    changed = 0
    for program in Program.objects.filter(pk__in=PurchaseLine.objects.values("program_id").distinct()):
        result = reconciliation_run(actor=Actor.system("reconciliation sweep"), program=program)
        changed += len(result.raised) + len(result.cleared)
    return changed

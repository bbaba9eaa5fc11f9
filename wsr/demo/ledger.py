"""Demo: a season of purchases, premium payments and distributions (Fair Harvest; issue 11).

Built through the real services (``purchases_ingest``, ``payment_record``/``payment_confirm``,
``distribution_record``, ``reconciliation_run``), dates relative to today:

- every signed brand reports ~300 days of purchases from each farm it sources from (ten lines a
  day per farm: tens of thousands of lines), except on days a farm was not in good standing
  (Sunshine Burger Co. is left out: its premium is per 32-lb bucket, a unit the purchase reports
  do not convert yet);
- Harvest Table Foods buys once from Palmetto Tomato – Homestead inside its suspension (a breach:
  the *ineligible purchases* rule);
- Harvest Table Foods' orders from Sunridge Farms – Plant City fall by 70 % after the escalation
  opened there (cut-and-run, flagged by the purchases domain);
- brands pay each month's premium ten days after it ends, confirmed by the supplier;
  GreenBasket Markets paid one month 45 days late (a finding raised, then cleared), Coastline Grocers paid
  one month 30 % short (*premium unpaid*, open);
- suppliers pay it to workers in 14-day pay periods keeping a 3 % administrative share; Carolina
  Sweet's payroll, as the monitor's audit found it, kept 12 % (*admin share over the limit*);
  Eastern Shore Harvest stopped distributing two months ago (*undistributed*);
- the reconciliation ran every two weeks through the season (findings raised and cleared in time).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from typing import Any

from wsr.accounts.models import Organisation, User
from wsr.accounts.selectors import actor_for_user
from wsr.agreements.models import Agreement
from wsr.core import clock
from wsr.core.permissions import Actor
from wsr.ledger.capabilities import LedgerCapability as LC
from wsr.ledger.models import DistributionSource
from wsr.ledger.reconcile import reconciliation_run
from wsr.ledger.services import DistributionInput, distribution_record, payment_confirm, payment_record
from wsr.programs.models import Program
from wsr.purchases.models import PurchaseLine
from wsr.purchases.services import purchases_ingest
from wsr.purchases.units import canonical
from wsr.registry.models import Facility, SourcingRelation
from wsr.standing import transitions
from wsr.standing.selectors import history_of

SEASON_DAYS = 300
LINES_PER_DAY = 10
PAY_PERIOD = 14
ADMIN_BP = 300  # 3 % kept by suppliers (the program allows 5 %)

LATE_BRAND, LATE_FARM = "GreenBasket Markets", "Palmetto Tomato – Ruskin"
SHORT_BRAND, SHORT_FARM = "Coastline Grocers", "Valle Verde – Salinas"
GREEDY_BRAND, GREEDY_FARM = "GreenBasket Markets", "Carolina Sweet – Faison"
IDLE_BRAND, IDLE_FARM = "Coastline Grocers", "Eastern Shore Harvest – Exmore"
BREACH_BRAND, BREACH_FARM = "Harvest Table Foods", "Palmetto Tomato – Homestead"
CUT_BRAND, CUT_FARM = "Harvest Table Foods", "Sunridge Farms – Plant City"


def _org_actor(org: Organisation, program: Program, *capabilities: str) -> Actor:
    """A member of the organisation (its demo login when it has one)."""
    user = User.objects.filter(organisation=org, memberships__program=program).first()
    if user is not None:
        return actor_for_user(user)
    return Actor(
        user=None,
        label=f"{org.name} (demo)",
        organisation_id=org.pk,
        organisation_kind=org.kind,
        grants={program.pk: frozenset(capabilities)},
    )


def build(password: str) -> None:
    program = Program.objects.get(slug="fair-harvest")
    today = clock.today()
    start = today - dt.timedelta(days=SEASON_DAYS)
    signed = {a.brand_id for a in Agreement.objects.filter(program=program, status="active")}
    pairs = [
        (s.brand, s.facility)
        for s in SourcingRelation.objects.filter(program=program, brand_id__in=signed)
        .select_related("brand", "facility", "facility__supplier")
        .order_by("brand__name", "facility__name")
    ]
    escalated = _escalation_day(program, CUT_FARM) or today - dt.timedelta(days=202)
    _purchases(program, pairs, start, today, escalated)
    _payments(program, pairs, start, today)
    _distributions(program, pairs, start, today)
    admin = actor_for_user(User.objects.get(username="admin"))
    day = start + dt.timedelta(days=28)
    while day < today:
        reconciliation_run(
            actor=admin,
            program=program,
            today=day,
            occurred_at=dt.datetime.combine(day, dt.time(6), tzinfo=dt.UTC),
        )
        day += dt.timedelta(days=14)
    reconciliation_run(actor=admin, program=program)


def _escalation_day(program: Program, farm_name: str) -> dt.date | None:
    from wsr.standing.models import Escalation

    found = Escalation.objects.filter(program=program, facility__name=farm_name).order_by("pk").first()
    return found.opened_at.date() if found is not None else None


# --- purchases -------------------------------------------------------------------------------------


def _eligible_days(program: Program, facility: Facility, start: dt.date, end: dt.date) -> set[dt.date]:
    history = history_of(program=program, facility=facility)
    days = (start + dt.timedelta(days=n) for n in range((end - start).days + 1))
    return {d for d in days if transitions.eligible_on(history, d)}


def _purchases(
    program: Program, pairs: list[tuple[Any, Any]], start: dt.date, today: dt.date, escalated: dt.date
) -> None:
    rng = random.Random(11)  # demo data, reproducible
    system = Actor.system("demo purchase feed")
    eligible = {f.pk: _eligible_days(program, f, start, today) for f in {f for _, f in pairs}}
    last = today - dt.timedelta(days=3)
    for brand, farm in pairs:
        base = rng.randint(900, 2600)
        prefix = "".join(w[0] for w in brand.name.split()).upper()
        unit = _premium_unit(program, brand)
        if canonical(unit) is None:
            continue  # a unit the purchase reports cannot convert yet (Sunshine Burger's 32-lb bucket)
        rows: list[dict[str, str]] = []
        day = start
        while day <= last:
            if day in eligible[farm.pk]:
                factor = 0.3 if (brand.name, farm.name) == (CUT_BRAND, CUT_FARM) and day >= escalated else 1.0
                for n in range(LINES_PER_DAY):
                    pounds = round(base * factor * rng.uniform(0.85, 1.15))
                    rows.append(_row(prefix, farm, day, n, pounds))
            day += dt.timedelta(days=1)
        if (brand.name, farm.name) == (BREACH_BRAND, BREACH_FARM):
            inside = sorted(d for d in _days(today - dt.timedelta(days=30), last) if d not in eligible[farm.pk])
            if inside:
                rows.append(_row(prefix, farm, inside[len(inside) // 2], 9, 1_800))
        result = purchases_ingest(
            actor=system, program=program, rows=rows, source="system", filename=f"{prefix}-season.csv", brand=brand
        )
        if not result.accepted:
            raise RuntimeError(f"demo purchases refused for {brand.name}: {result.errors[:3]}")


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def _premium_unit(program: Program, brand: Any) -> str:
    from wsr.agreements.models import PremiumTerm

    term = PremiumTerm.objects.filter(agreement__program=program, agreement__brand=brand).order_by("-pk").first()
    return term.unit if term is not None else "lb"


def _row(prefix: str, farm: Facility, day: dt.date, n: int, pounds: int) -> dict[str, str]:
    """One shipment line, in pounds at 80 cents a pound."""
    cents = pounds * 80  # 80 cents a pound
    return {
        "line_id": f"{prefix}-{farm.public_id[-6:]}-{day:%Y%m%d}-{n}",
        "facility": farm.public_id,
        "date": day.isoformat(),
        "product": "Tomatoes",
        "quantity": str(pounds),
        "unit": "lb",
        "value": f"{cents // 100}.{cents % 100:02d}",
        "currency": "USD",
    }


# --- payments ----------------------------------------------------------------------------------------


def _owed_by_day(program: Program, brand: Any, farm: Any) -> dict[dt.date, int]:
    from django.db.models import Sum

    rows = (
        PurchaseLine.objects.filter(program=program, brand=brand, facility=farm)
        .values_list("date")
        .annotate(s=Sum("premium_minor"))
    )
    return {d: int(s) for d, s in rows}


def _payments(program: Program, pairs: list[tuple[Any, Any]], start: dt.date, today: dt.date) -> None:
    """Each month's premium paid ten days after the month ends (the program allows 30)."""
    months = _months(start, today)
    for brand, farm in pairs:
        owed = _owed_by_day(program, brand, farm)
        payer = _org_actor(brand, program, LC.RECORD_PAYMENT)
        receiver = _org_actor(farm.supplier, program, LC.CONFIRM_PAYMENT)
        key = (brand.name, farm.name)
        for i, (first, last) in enumerate(months):
            amount = sum(a for d, a in owed.items() if first <= d <= last)
            paid_on = last + dt.timedelta(days=10)
            if key == (LATE_BRAND, LATE_FARM) and i == len(months) // 3:
                paid_on = last + dt.timedelta(days=75)  # 45 days past the deadline
            if key == (SHORT_BRAND, SHORT_FARM) and i == len(months) - 3:
                amount = amount * 70 // 100  # 30 % short
            if amount <= 0 or paid_on > today:
                continue
            at = dt.datetime.combine(paid_on, dt.time(15), tzinfo=dt.UTC)
            payment = payment_record(
                actor=payer,
                program=program,
                facility=farm.public_id,
                amount_minor=amount,
                currency="USD",
                paid_on=paid_on,
                period=first,
                reference=f"ACH {brand.name.split()[0].upper()}-{first:%y%m}-{farm.public_id[-4:]}",
                occurred_at=at,
            )
            if paid_on + dt.timedelta(days=2) <= today:
                payment_confirm(actor=receiver, payment=payment, occurred_at=at + dt.timedelta(days=2))


def _months(start: dt.date, today: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The calendar months from the one of ``start`` to the one before today's."""
    out = []
    first = start.replace(day=1)
    while first < today.replace(day=1):
        following = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        out.append((first, following - dt.timedelta(days=1)))
        first = following
    return out


# --- distributions -----------------------------------------------------------------------------------


def _distributions(program: Program, pairs: list[tuple[Any, Any]], start: dt.date, today: dt.date) -> None:
    from wsr.ledger.models import Payment, PaymentStatus

    monitor = actor_for_user(User.objects.get(username="auditor"))
    for brand, farm in pairs:
        received: dict[dt.date, int] = defaultdict(int)
        for p in Payment.objects.filter(program=program, brand=brand, facility=farm, status=PaymentStatus.CONFIRMED):
            received[p.paid_on] += p.amount_minor
        supplier = _org_actor(farm.supplier, program, LC.RECORD_DISTRIBUTION)
        key = (brand.name, farm.name)
        period_start = start + dt.timedelta(days=PAY_PERIOD)
        periods = []
        while period_start + dt.timedelta(days=PAY_PERIOD - 1) <= today - dt.timedelta(days=1):
            periods.append((period_start, period_start + dt.timedelta(days=PAY_PERIOD - 1)))
            period_start += dt.timedelta(days=PAY_PERIOD)
        for n, (first, last) in enumerate(periods):
            if key == (IDLE_BRAND, IDLE_FARM) and last >= today - dt.timedelta(days=60):
                break  # stopped distributing two months ago
            total = sum(a for d, a in received.items() if first - dt.timedelta(days=PAY_PERIOD) <= d < first)
            if total <= 0:
                continue
            greedy = key == (GREEDY_BRAND, GREEDY_FARM) and n >= len(periods) - 3
            share = total * (1200 if greedy else ADMIN_BP) // 10_000
            workers = max(12, (farm.worker_count or 120) * 9 // 10)
            item = DistributionInput(
                facility=farm.public_id,
                brand=brand.public_id,
                period_start=first,
                period_end=last,
                workers_paid=workers,
                distributed_minor=total - share,
                admin_share_minor=share,
                currency="USD",
            )
            at = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(9), tzinfo=dt.UTC)
            if greedy:
                distribution_record(actor=monitor, program=program, item=item, source=DistributionSource.AUDIT,
                                    occurred_at=at)  # fmt: skip
            else:
                distribution_record(actor=supplier, program=program, item=item, occurred_at=at)

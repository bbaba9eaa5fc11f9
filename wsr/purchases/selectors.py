"""Reads of purchase reports, scoped to the actor: a brand's uploads and totals, the monitors'
breaches and cut-and-run flags, and order volumes per brand and facility over time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, Min, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from wsr.agreements.models import Agreement
from wsr.core.errors import NotFound
from wsr.core.permissions import Actor
from wsr.programs.models import Program
from wsr.purchases.capabilities import PurchaseCapability as PU
from wsr.purchases.errors import LineError
from wsr.purchases.models import CutAndRunFlag, PurchaseLine, PurchaseUpload
from wsr.purchases.validation import PRICED_STATUSES


def sees_all(actor: Actor, program: Program) -> bool:
    return actor.can(PU.VIEW_ALL, program.pk)


def uploads_for_actor(*, actor: Actor, program: Program) -> QuerySet[PurchaseUpload]:
    qs = PurchaseUpload.objects.filter(program=program).select_related("brand", "uploaded_by")
    if sees_all(actor, program):
        return qs
    actor.require(PU.VIEW_OWN, program.pk)
    return qs.filter(brand_id=actor.organisation_id or 0)


def upload_get_for_actor(*, actor: Actor, program: Program, public_id: str) -> PurchaseUpload:
    """The upload if the actor may see it (its brand, or the monitors); 404 otherwise."""
    if not (sees_all(actor, program) or actor.can(PU.VIEW_OWN, program.pk)):
        raise NotFound("upload")
    found = uploads_for_actor(actor=actor, program=program).filter(public_id=public_id).first()
    if found is None:
        raise NotFound("upload")
    return found


def upload_errors(upload: PurchaseUpload) -> list[LineError]:
    """The stored line errors, worded in the active language when read."""
    return [
        LineError(int(e.get("line", 0)), str(e.get("column", "")), str(e.get("code", "")), dict(e.get("params") or {}))
        for e in upload.errors or []
    ]


@dataclass(frozen=True)
class BrandTotals:
    lines: int
    value_minor: int
    premium_minor: int
    breaches: int
    currency: str


def brand_totals(*, actor: Actor, program: Program) -> list[BrandTotals]:
    """The actor's brand's current lines and premium owed, per currency (reversals net out)."""
    actor.require(PU.VIEW_OWN, program.pk)
    rows = (
        PurchaseLine.objects.filter(program=program, brand_id=actor.organisation_id or 0)
        .values("currency")
        .annotate(
            lines=Count("pk", filter=Q(current=True)),
            value=Sum("value_minor"),
            premium=Sum("premium_minor"),
            breaches=Count("pk", filter=Q(current=True, eligible=False)),
        )
        .order_by("currency")
    )
    return [
        BrandTotals(r["lines"], int(r["value"] or 0), int(r["premium"] or 0), r["breaches"], r["currency"])
        for r in rows
    ]


@dataclass(frozen=True)
class Breach:
    brand_name: str
    brand_public_id: str
    facility_name: str
    facility_public_id: str
    lines: int
    first: dt.date
    last: dt.date
    value_minor: int
    currency: str


def breaches_for_monitor(*, actor: Actor, program: Program) -> list[Breach]:
    """Current lines bought from a facility on a day it was not eligible, per brand and facility."""
    actor.require(PU.VIEW_ALL, program.pk)
    rows = (
        PurchaseLine.objects.filter(program=program, current=True, eligible=False)
        .values("brand__name", "brand__public_id", "facility__name", "facility__public_id", "currency")
        .annotate(lines=Count("pk"), first=Min("date"), last=Max("date"), value=Sum("value_minor"))
        .order_by("brand__name", "facility__name")
    )
    return [
        Breach(
            r["brand__name"],
            r["brand__public_id"],
            r["facility__name"],
            r["facility__public_id"],
            r["lines"],
            r["first"],
            r["last"],
            int(r["value"] or 0),
            r["currency"],
        )
        for r in rows
    ]


@dataclass(frozen=True)
class FlagView:
    flag: CutAndRunFlag
    agreement: Agreement | None  # the brand's agreement in force on the trigger date: its exit obligations


def cut_and_run_flags_for_monitor(*, actor: Actor, program: Program) -> list[FlagView]:
    actor.require(PU.VIEW_ALL, program.pk)
    flags = list(CutAndRunFlag.objects.filter(program=program).select_related("brand", "facility"))
    views = []
    for flag in flags:
        agreement = (
            Agreement.objects.filter(
                program=program, brand=flag.brand, status__in=list(PRICED_STATUSES), effective_from__lte=flag.trigger_on
            )
            .filter(Q(effective_until__isnull=True) | Q(effective_until__gte=flag.trigger_on))
            .order_by("-version")
            .first()
        )
        views.append(FlagView(flag, agreement))
    return views


@dataclass(frozen=True)
class Volume:
    brand_id: int
    facility_id: int
    month: dt.date
    value_minor: int
    lines: int
    currency: str


def order_volumes(
    *,
    program: Program,
    start: dt.date,
    end: dt.date,
    brand_id: int | None = None,
    facility_id: int | None = None,
) -> list[Volume]:
    """Order value per brand, facility and month from ``start`` to ``end`` inclusive (every row:
    reversals net out, so a corrected line counts once at its corrected value)."""
    qs = PurchaseLine.objects.filter(program=program, date__gte=start, date__lte=end)
    if brand_id is not None:
        qs = qs.filter(brand_id=brand_id)
    if facility_id is not None:
        qs = qs.filter(facility_id=facility_id)
    rows = (
        qs.annotate(month=TruncMonth("date"))
        .values("brand_id", "facility_id", "month", "currency")
        .annotate(value=Sum("value_minor"), lines=Count("pk", filter=Q(current=True)))
        .order_by("brand_id", "facility_id", "month")
    )
    return [
        Volume(r["brand_id"], r["facility_id"], _as_date(r["month"]), int(r["value"] or 0), r["lines"], r["currency"])
        for r in rows
    ]


def _as_date(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value

"""Reads about audits, findings and CAP items, always scoped to the actor; progress and scorecards
are computed here, never stored.

Scope: program staff (``VIEW_ALL``) see everything in their program, including internal finding
text and evidence; a brand (``VIEW_BUYER``) sees CAP items and public summaries only at facilities
it currently buys from; a supplier (``VIEW_OWN``) its own facilities' items and public summaries.
The public reaches only ``facility_remediation_public``: progress and public summaries.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet
from django.utils.translation import get_language

from wsr.audits.capabilities import AuditCapability as AU
from wsr.audits.models import Audit, AuditorRosterEntry, CapItem, CommercialTie, Evidence, Finding
from wsr.audits.transitions import CapState, RosterState, interview_norm_met, interview_share_percent, progress_percent
from wsr.core import clock
from wsr.core.errors import CapabilityMissing, NotFound
from wsr.core.models import Event
from wsr.core.permissions import Actor
from wsr.programs.models import Program, ReportingSeason
from wsr.registry.models import Facility, ProgramFacility, SourcingRelation
from wsr.standards.models import Category, ProvisionText

VIEW_ANY = (AU.VIEW_ALL, AU.VIEW_BUYER, AU.VIEW_OWN)


# --- scope ---------------------------------------------------------------------------------------


def audits_program_for_actor(*, actor: Actor, slug: str, capability: str = "") -> Program:
    """The program if the actor has any audits view there (404 without a role, 403 without a view
    or without ``capability``)."""
    program = Program.objects.filter(slug=slug).select_related("worker_organisation", "monitoring_body").first()
    if program is None or program.pk not in actor.program_ids:
        raise NotFound("program")
    if not any(actor.can(c, program.pk) for c in VIEW_ANY):
        raise CapabilityMissing(AU.VIEW_ALL)
    if capability:
        actor.require(capability, program.pk)
    return program


def is_staff(actor: Actor, program: Program) -> bool:
    return actor.can(AU.VIEW_ALL, program.pk)


def facility_ids_for_actor(actor: Actor, program: Program) -> QuerySet[Facility] | None:
    """The facilities whose CAP items the actor may see in the program (None = all of them)."""
    if actor.can(AU.VIEW_ALL, program.pk):
        return None
    scope = Q(pk__in=[])
    if actor.organisation_id and actor.can(AU.VIEW_BUYER, program.pk):
        today = clock.today()
        buying = SourcingRelation.objects.filter(program=program, brand_id=actor.organisation_id).filter(
            Q(until__isnull=True) | Q(until__gte=today)
        )
        scope |= Q(pk__in=buying.values("facility_id"))
    if actor.organisation_id and actor.can(AU.VIEW_OWN, program.pk):
        scope |= Q(supplier_id=actor.organisation_id)
    covered = ProgramFacility.objects.filter(program=program).values("facility_id")
    return Facility.objects.filter(scope, pk__in=covered)


def facilities_for_actor(*, actor: Actor, program: Program) -> QuerySet[Facility]:
    scoped = facility_ids_for_actor(actor, program)
    if scoped is None:
        return Facility.objects.filter(program_links__program=program).order_by("name")
    return scoped.order_by("name")


def facility_get_for_actor(*, actor: Actor, program: Program, public_id: str) -> Facility:
    facility = (
        facilities_for_actor(actor=actor, program=program)
        .filter(public_id=public_id)
        .select_related("supplier")
        .first()
    )
    if facility is None:
        raise NotFound("facility")
    return facility


def cap_items_for_actor(
    *, actor: Actor, program: Program, facility: Facility | None = None, state: str = ""
) -> QuerySet[CapItem]:
    qs = CapItem.objects.filter(program=program).select_related("facility", "finding", "program")
    scoped = facility_ids_for_actor(actor, program)
    if scoped is not None:
        qs = qs.filter(facility__in=scoped)
    if facility is not None:
        qs = qs.filter(facility=facility)
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("facility__name", "due_on", "pk")


def cap_item_get_for_actor(*, actor: Actor, program: Program, public_id: str, capability: str = "") -> CapItem:
    """One CAP item: 404 outside the actor's scope, 403 if visible but ``capability`` is missing."""
    item = (
        cap_items_for_actor(actor=actor, program=program)
        .filter(public_id=public_id)
        .select_related("facility__supplier", "reported_by_organisation", "verified_by", "reported_by")
        .first()
    )
    if item is None:
        raise NotFound("CAP item")
    if capability:
        actor.require(capability, program.pk)
    return item


def findings_for_actor(*, actor: Actor, program: Program, facility: Facility | None = None) -> QuerySet[Finding]:
    qs = Finding.objects.filter(program=program).select_related("facility", "audit", "program", "code_version")
    scoped = facility_ids_for_actor(actor, program)
    if scoped is not None:
        qs = qs.filter(facility__in=scoped)
    if facility is not None:
        qs = qs.filter(facility=facility)
    return qs


def finding_get_for_actor(*, actor: Actor, program: Program, public_id: str, capability: str = "") -> Finding:
    finding = findings_for_actor(actor=actor, program=program).filter(public_id=public_id).first()
    if finding is None:
        raise NotFound("finding")
    if capability:
        actor.require(capability, program.pk)
    return finding


def audits_for_actor(*, actor: Actor, program: Program) -> QuerySet[Audit]:
    actor.require(AU.VIEW_ALL, program.pk)
    return (
        Audit.objects.filter(program=program)
        .select_related("facility", "commissioned_by", "program")
        .prefetch_related("team__auditor")
        .order_by("-planned_on", "-pk")
    )


def audit_get_for_actor(*, actor: Actor, program: Program, public_id: str, capability: str = "") -> Audit:
    audit = audits_for_actor(actor=actor, program=program).filter(public_id=public_id).first()
    if audit is None:
        raise NotFound("audit")
    if capability:
        actor.require(capability, program.pk)
    return audit


def roster_for_program(*, actor: Actor, program: Program) -> QuerySet[AuditorRosterEntry]:
    actor.require(AU.VIEW_ALL, program.pk)
    return AuditorRosterEntry.objects.filter(program=program).select_related(
        "organisation", "user", "decided_by", "decided_by_organisation"
    )


def roster_approved(program: Program) -> QuerySet[AuditorRosterEntry]:
    return AuditorRosterEntry.objects.filter(program=program, state=RosterState.APPROVED).select_related("organisation")


def roster_entry_get(*, actor: Actor, program: Program, public_id: str, capability: str = "") -> AuditorRosterEntry:
    entry = roster_for_program(actor=actor, program=program).filter(public_id=public_id).first()
    if entry is None:
        raise NotFound("roster entry")
    if capability:
        actor.require(capability, program.pk)
    return entry


def commercial_ties(*, actor: Actor, program: Program) -> QuerySet[CommercialTie]:
    actor.require(AU.VIEW_ALL, program.pk)
    return CommercialTie.objects.filter(program=program).select_related("auditor_organisation", "brand")


def evidence_get_for_actor(*, actor: Actor, program: Program, public_id: str) -> Evidence:
    """Finding evidence is internal (staff); a supplier also sees the evidence it uploaded for its
    own CAP items. Brands and the public never get evidence files."""
    evidence = (
        Evidence.objects.filter(public_id=public_id, finding__program=program)
        .select_related("finding", "cap_item", "cap_item__facility")
        .first()
    )
    if evidence is None:
        raise NotFound("evidence")
    if is_staff(actor, program):
        return evidence
    own = (
        evidence.cap_item is not None
        and actor.organisation_id is not None
        and actor.can(AU.VIEW_OWN, program.pk)
        and evidence.cap_item.facility.supplier_id == actor.organisation_id
    )
    if not own:
        raise NotFound("evidence")
    return evidence


# --- interview coverage --------------------------------------------------------------------------


@dataclass(frozen=True)
class InterviewCoverage:
    interviewed: int | None
    workforce: int | None
    share_percent: int | None
    norm_percent: int
    met: bool | None


def interview_coverage(audit: Audit) -> InterviewCoverage:
    norm = audit.program.interview_norm_percent
    return InterviewCoverage(
        interviewed=audit.workers_interviewed,
        workforce=audit.workforce_on_day,
        share_percent=interview_share_percent(audit.workers_interviewed, audit.workforce_on_day),
        norm_percent=norm,
        met=interview_norm_met(audit.workers_interviewed, audit.workforce_on_day, norm),
    )


# --- remediation progress ------------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    verified: int
    total: int

    @property
    def percent(self) -> int | None:
        return progress_percent(self.verified, self.total)


@dataclass(frozen=True)
class CategoryProgress:
    category: str
    label: str
    progress: Progress


@dataclass(frozen=True)
class Remediation:
    overall: Progress
    by_category: list[CategoryProgress]
    series: list[tuple[dt.date, int]] = field(default_factory=list)
    by_provision: list[CategoryProgress] = field(default_factory=list)

    @property
    def series_points(self) -> str:
        """The series as SVG polyline points in a 300 x 100 box (time on x, percent on y)."""
        if not self.series:
            return ""
        first, last = self.series[0][0], self.series[-1][0]
        span = max((last - first).days, 1)
        points = []
        for day, percent in self.series:
            x = 300 * (day - first).days // span
            points.append(f"{x},{100 - percent}")
        if len(points) == 1:
            points.append(f"300,{100 - self.series[0][1]}")
        return " ".join(points)


def _category_label(slug: str) -> str:
    return str(dict(Category.choices).get(slug, slug))


def remediation_progress(items: QuerySet[CapItem]) -> tuple[Progress, list[CategoryProgress]]:
    """Verified / all items, overall and per Code category (categories in the Code's order)."""
    rows = (
        items.order_by()
        .values("category")
        .annotate(total=Count("pk"), verified=Count("pk", filter=Q(state=CapState.VERIFIED_FIXED)))
    )
    by: dict[str, Progress] = {r["category"]: Progress(r["verified"], r["total"]) for r in rows}
    order = [c for c, _ in Category.choices]
    cats = [CategoryProgress(c, _category_label(c), by[c]) for c in sorted(by, key=order.index)]
    overall = Progress(sum(p.verified for p in by.values()), sum(p.total for p in by.values()))
    return overall, cats


def remediation_series(items: QuerySet[CapItem]) -> list[tuple[dt.date, int]]:
    """Progress over time, from the event log: at each day an item was drafted or verified, the
    share of items drafted so far that were verified by then."""
    pks = [str(pk) for pk in items.values_list("pk", flat=True)]
    if not pks:
        return []
    events = Event.objects.filter(
        object_type=ContentType.objects.get_for_model(CapItem),
        object_id__in=pks,
        verb__in=["cap_item_drafted", "cap_item_verified"],
    ).values_list("occurred_at", "verb")
    changes: dict[dt.date, list[int]] = defaultdict(lambda: [0, 0])
    for moment, verb in events:
        changes[moment.date()][0 if verb == "cap_item_drafted" else 1] += 1
    series: list[tuple[dt.date, int]] = []
    total = verified = 0
    for day in sorted(changes):
        total += changes[day][0]
        verified += changes[day][1]
        percent = progress_percent(verified, total)
        if percent is not None:
            series.append((day, percent))
    return series


def remediation_by_provision(items: QuerySet[CapItem]) -> list[CategoryProgress]:
    """Verified / all per cited provision (e.g. fire, electrical, structural safety), in Code order."""
    rows = (
        items.values("finding__provision_id", "finding__provision_ref", "category")
        .annotate(total=Count("pk"), verified=Count("pk", filter=Q(state=CapState.VERIFIED_FIXED)))
        .order_by("finding__provision_ref")
    )
    titles: dict[int, str] = {}
    for text in ProvisionText.objects.filter(
        provision_id__in=[r["finding__provision_id"] for r in rows], language__in=[get_language() or "en", "en"]
    ).order_by("language"):
        if text.title and (text.provision_id not in titles or text.language != "en"):
            titles[text.provision_id] = text.title
    merged: dict[str, CategoryProgress] = {}
    for r in rows:
        ref = r["finding__provision_ref"]
        title = titles.get(r["finding__provision_id"], "")
        old = merged.get(ref)
        verified, total = r["verified"], r["total"]
        if old is not None:
            verified, total = verified + old.progress.verified, total + old.progress.total
        merged[ref] = CategoryProgress(r["category"], f"§{ref} {title}".strip(), Progress(verified, total))
    return list(merged.values())


def facility_remediation(program: Program, facility: Facility) -> Remediation:
    items = CapItem.objects.filter(program=program, facility=facility)
    overall, cats = remediation_progress(items)
    return Remediation(overall, cats, remediation_series(items), remediation_by_provision(items))


@dataclass(frozen=True)
class FacilityRow:
    facility: Facility
    progress: Progress
    overdue: int


def facility_rows_for_actor(*, actor: Actor, program: Program) -> list[FacilityRow]:
    """The facilities in scope that have CAP items, with their progress and overdue count."""
    items = cap_items_for_actor(actor=actor, program=program)
    today = clock.today()
    # order_by() first: a default ordering would join the GROUP BY and split facilities into rows.
    rows = (
        items.order_by()
        .values("facility_id")
        .annotate(
            total=Count("pk"),
            verified=Count("pk", filter=Q(state=CapState.VERIFIED_FIXED)),
            overdue=Count(
                "pk",
                filter=Q(state__in=[CapState.AGREED, CapState.IN_PROGRESS, CapState.REOPENED], due_on__lt=today),
            ),
        )
    )
    facilities = Facility.objects.in_bulk([r["facility_id"] for r in rows])
    result = [
        FacilityRow(facilities[r["facility_id"]], Progress(r["verified"], r["total"]), r["overdue"]) for r in rows
    ]
    return sorted(result, key=lambda r: r.facility.name)


# --- public --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicFinding:
    public_id: str
    observed_on: dt.date
    category: str
    category_label: str
    severity: str
    provision_ref: str
    public_summary: str
    items_total: int
    items_verified: int


@dataclass(frozen=True)
class PublicProgramRemediation:
    program: Program
    remediation: Remediation
    findings: list[PublicFinding]


def facility_remediation_public(public_id: str) -> tuple[Facility, list[PublicProgramRemediation]]:
    """What anyone may know about a facility's remediation: progress % (overall, per category,
    over time) and the public summaries of findings. Never internal text, evidence or names."""
    facility = Facility.objects.filter(public_id=public_id).only("public_id", "name", "country", "address").first()
    if facility is None:
        raise NotFound("facility")
    result = []
    for link in ProgramFacility.objects.filter(facility=facility).select_related("program").order_by("program__name"):
        program = link.program
        findings = (
            Finding.objects.filter(program=program, facility=facility)
            .annotate(
                items_total=Count("cap_items"),
                items_verified=Count("cap_items", filter=Q(cap_items__state=CapState.VERIFIED_FIXED)),
            )
            .only("public_id", "observed_on", "category", "severity", "provision_ref", "public_summary")
            .order_by("-observed_on", "-pk")
        )
        public = [
            PublicFinding(
                f.public_id,
                f.observed_on,
                f.category,
                _category_label(f.category),
                f.severity,
                f.provision_ref,
                f.public_summary,
                f.items_total,  # type: ignore[attr-defined]
                f.items_verified,  # type: ignore[attr-defined]
            )
            for f in findings
        ]
        if public:
            result.append(PublicProgramRemediation(program, facility_remediation(program, facility), public))
    return facility, result


# --- scorecards ----------------------------------------------------------------------------------


def season_for(program: Program, name: str = "") -> ReportingSeason | None:
    """The named season; by default the latest started season with findings, else the current one."""
    seasons = list(program.seasons.order_by("starts_on"))
    if name:
        return next((s for s in seasons if s.name == name), None)
    today = clock.today()
    started = [s for s in seasons if s.starts_on <= today]
    for season in reversed(started):
        if Finding.objects.filter(
            program=program, observed_on__gte=season.starts_on, observed_on__lte=season.ends_on
        ).exists():
            return season
    return started[-1] if started else (seasons[0] if seasons else None)


def complaint_counts(program: Program, start: dt.date, end: dt.date) -> dict[tuple[int, str], int]:
    """Complaints received in [start, end] per (facility id, category). The complaints app may not
    exist yet (or lack these fields): then there are none to count."""
    try:
        model: Any = apps.get_model("complaints", "Complaint")
    except LookupError:
        return {}
    names = {f.name for f in model._meta.get_fields()}
    if not {"program", "facility", "category", "received_at"} <= names:
        return {}
    rows = (
        model.objects.filter(
            program=program,
            facility__isnull=False,
            received_at__date__gte=start,
            received_at__date__lte=end,
        )
        .values("facility_id", "category")
        .annotate(n=Count("pk"))
    )
    return {(r["facility_id"], r["category"]): r["n"] for r in rows}


@dataclass(frozen=True)
class ScoreRow:
    category: str
    label: str
    findings: int
    program_findings_per_facility_tenths: int  # program average x10, shown with one decimal
    remediation: int | None
    program_remediation: int | None
    complaints: int
    program_complaints_per_facility_tenths: int

    @property
    def program_findings_average(self) -> str:
        return _tenths(self.program_findings_per_facility_tenths)

    @property
    def program_complaints_average(self) -> str:
        return _tenths(self.program_complaints_per_facility_tenths)

    @property
    def findings_vs_average(self) -> str:
        return _compare(self.findings * 10, self.program_findings_per_facility_tenths, lower_is_better=True)

    @property
    def remediation_vs_average(self) -> str:
        if self.remediation is None or self.program_remediation is None:
            return ""
        return _compare(self.remediation, self.program_remediation, lower_is_better=False)


def _tenths(value: int) -> str:
    return f"{value // 10}.{value % 10}"


def _compare(value: int, average: int, *, lower_is_better: bool) -> str:
    if value == average:
        return "average"
    better = value < average if lower_is_better else value > average
    return "better" if better else "worse"


@dataclass(frozen=True)
class Scorecard:
    facility: Facility
    season: ReportingSeason
    rows: list[ScoreRow]
    facility_count: int


def scorecard(program: Program, facility: Facility, season: ReportingSeason) -> Scorecard:
    """Per Code category in the season: the facility's findings, remediation % of those findings'
    items and complaints, each beside the program's average per facility."""
    start, end = season.starts_on, season.ends_on
    facility_count = ProgramFacility.objects.filter(program=program).count() or 1
    findings = Finding.objects.filter(program=program, observed_on__gte=start, observed_on__lte=end)
    per_fac: dict[str, int] = defaultdict(int)
    per_cat: dict[str, int] = defaultdict(int)
    for row in findings.order_by().values("facility_id", "category").annotate(n=Count("pk")):
        per_cat[row["category"]] += row["n"]
        if row["facility_id"] == facility.pk:
            per_fac[row["category"]] = row["n"]
    items = CapItem.objects.filter(finding__in=findings)
    rem_fac: dict[str, Progress] = {}
    rem_all: dict[str, Progress] = {}
    for row in (
        items.order_by()
        .values("facility_id", "category")
        .annotate(total=Count("pk"), verified=Count("pk", filter=Q(state=CapState.VERIFIED_FIXED)))
    ):
        cat = row["category"]
        old = rem_all.get(cat, Progress(0, 0))
        rem_all[cat] = Progress(old.verified + row["verified"], old.total + row["total"])
        if row["facility_id"] == facility.pk:
            rem_fac[cat] = Progress(row["verified"], row["total"])
    complaints = complaint_counts(program, start, end)
    comp_cat: dict[str, int] = defaultdict(int)
    for (_fid, cat), n in complaints.items():
        comp_cat[cat] += n
    rows = []
    for cat, label in Category.choices:
        rows.append(
            ScoreRow(
                category=cat,
                label=str(label),
                findings=per_fac.get(cat, 0),
                program_findings_per_facility_tenths=per_cat.get(cat, 0) * 10 // facility_count,
                remediation=rem_fac[cat].percent if cat in rem_fac else None,
                program_remediation=rem_all[cat].percent if cat in rem_all else None,
                complaints=complaints.get((facility.pk, cat), 0),
                program_complaints_per_facility_tenths=comp_cat.get(cat, 0) * 10 // facility_count,
            )
        )
    return Scorecard(facility, season, rows, facility_count)

"""The public program report of one season (the Fair Food "State of the Program" and the Accord
quarterly reports as models): premium owed, paid and distributed; complaints by category and
channel, % resolved within 7/14/30 days and the median days; audits and workers interviewed;
findings and their remediation; education coverage; enforcement actions with their log entries.

Every figure is an aggregate over the season or a fact already public in the transparency log:
no complainant, no narrative, no internal finding text, no name of a worker. Reads only (the
complaint figures are complaint_statistics: decision 0028, aggregated in the database).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils.text import slugify
from django.utils.translation import gettext as _

from wsr.audits.models import Audit, AuditKind, CapItem, Finding
from wsr.audits.transitions import AuditState, CapState
from wsr.complaints.models import Channel
from wsr.complaints.selectors import RESOLUTION_DAYS, ComplaintStatistics, complaint_statistics
from wsr.core.errors import NotFound
from wsr.core.models import TransparencyEntry
from wsr.core.money import Money
from wsr.education.coverage import coverage_percent
from wsr.education.models import Session
from wsr.ledger.selectors import premium_totals
from wsr.programs.models import Program, ReportingSeason
from wsr.registry.models import Facility
from wsr.standards.models import Category, Tier
from wsr.standing.models import GROUNDS_LABELS, STANDING_LABELS, StandingChange
from wsr.standing.transitions import Grounds, Standing

# --- seasons ---------------------------------------------------------------------------------------


def season_key(season: ReportingSeason) -> str:
    """The season's part of the report URL: its name as a slug ("2025/26" -> "202526")."""
    return slugify(season.name) or str(season.pk)


def report_seasons(program: Program) -> list[ReportingSeason]:
    """Every season of the program, newest first."""
    return list(program.seasons.order_by("-starts_on"))


def season_get_public(*, program: Program, key: str) -> ReportingSeason:
    for season in program.seasons.all():
        if key in (season_key(season), season.name):
            return season
    raise NotFound("season")


# --- bars: the charts are tables with a bar beside each figure -------------------------------------


@dataclass(frozen=True)
class Bar:
    key: str
    label: str
    value: int
    display: str
    width: int  # 0..100: the bar's length relative to the largest of its chart (or to 100 %)


def bars(rows: list[tuple[str, str, int]], *, percent: bool = False, unit: str = "") -> list[Bar]:
    """Bars for (key, label, value) rows: lengths relative to the largest value, or to 100 for
    percentages."""
    top = 100 if percent else max((v for _k, _l, v in rows), default=0)
    out = []
    for key, label, value in rows:
        width = round(100 * value / top) if top else 0
        shown = f"{value} %" if percent else f"{value}{unit}"
        out.append(Bar(key, label, value, shown, max(0, min(100, width))))
    return out


# --- sections --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PremiumFigures:
    owed: Money
    paid: Money
    distributed: Money

    @property
    def chart(self) -> list[Bar]:
        top = max(self.owed.minor, self.paid.minor, self.distributed.minor, 0)
        rows = [
            ("owed", _("Owed by brands"), self.owed),
            ("paid", _("Paid by brands"), self.paid),
            ("distributed", _("Distributed to workers"), self.distributed),
        ]
        return [Bar(k, label, m.minor, m.format(), round(100 * m.minor / top) if top else 0) for k, label, m in rows]

    @property
    def paid_percent(self) -> int | None:
        return round(100 * self.paid.minor / self.owed.minor) if self.owed.minor > 0 else None

    @property
    def distributed_percent(self) -> int | None:
        return round(100 * self.distributed.minor / self.paid.minor) if self.paid.minor > 0 else None


def premium_figures(program: Program, season: ReportingSeason) -> PremiumFigures:
    """The ledger's totals for the season (wsr.ledger.selectors.premium_totals); zeros while
    nothing is recorded."""
    totals = premium_totals(program=program, start=season.starts_on, end=season.ends_on)
    currency = totals.currency or program.currency
    return PremiumFigures(
        owed=Money(int(totals.owed_minor), currency),
        paid=Money(int(totals.paid_minor), currency),
        distributed=Money(int(totals.distributed_minor), currency),
    )


@dataclass(frozen=True)
class ComplaintFigures:
    stats: ComplaintStatistics
    by_category: list[Bar]
    by_channel: list[Bar]
    resolved_within: list[Bar]


def complaint_figures(program: Program, season: ReportingSeason) -> ComplaintFigures:
    stats = complaint_statistics(program=program, since=season.starts_on, until=season.ends_on)
    categories = dict(Category.choices)
    channels = dict(Channel.choices)
    return ComplaintFigures(
        stats=stats,
        by_category=bars([(k, str(categories.get(k, k)), n) for k, n in stats.by_category]),
        by_channel=bars([(k, str(channels.get(k, k)), n) for k, n in stats.by_channel]),
        resolved_within=bars(
            [
                (str(d), _("within %(days)s days") % {"days": d}, stats.resolved_within.get(d, 0))
                for d in RESOLUTION_DAYS
            ],
            percent=True,
        ),
    )


@dataclass(frozen=True)
class AuditFigures:
    completed: int
    facilities: int
    by_kind: list[Bar]
    workers_interviewed: int
    workforce: int  # on the days of the audits that recorded both figures
    interviewed_with_workforce: int

    @property
    def interviewed_percent(self) -> int | None:
        if not self.workforce:
            return None
        return round(100 * self.interviewed_with_workforce / self.workforce)


def audit_figures(program: Program, season: ReportingSeason) -> AuditFigures:
    """Audits completed whose fieldwork ended (or, lacking that, started) in the season."""
    day = Q(ended_on__gte=season.starts_on, ended_on__lte=season.ends_on) | Q(
        ended_on__isnull=True, performed_on__gte=season.starts_on, performed_on__lte=season.ends_on
    )
    qs = Audit.objects.filter(program=program, state=AuditState.COMPLETED).filter(day)
    totals = qs.aggregate(
        n=Count("pk"),
        facilities=Count("facility", distinct=True),
        interviewed=Sum("workers_interviewed"),
        both_interviewed=Sum(
            "workers_interviewed", filter=Q(workers_interviewed__isnull=False, workforce_on_day__isnull=False)
        ),
        workforce=Sum("workforce_on_day", filter=Q(workers_interviewed__isnull=False, workforce_on_day__isnull=False)),
    )
    kinds = dict(AuditKind.choices)
    rows = qs.order_by().values("kind").annotate(n=Count("pk")).order_by("-n", "kind")
    return AuditFigures(
        completed=totals["n"],
        facilities=totals["facilities"],
        by_kind=bars([(r["kind"], str(kinds.get(r["kind"], r["kind"])), r["n"]) for r in rows]),
        workers_interviewed=totals["interviewed"] or 0,
        workforce=totals["workforce"] or 0,
        interviewed_with_workforce=totals["both_interviewed"] or 0,
    )


@dataclass(frozen=True)
class FindingRow:
    category: str
    label: str
    findings: int
    zero_tolerance: int
    items: int
    verified: int

    @property
    def remediation_percent(self) -> int | None:
        return round(100 * self.verified / self.items) if self.items else None


@dataclass(frozen=True)
class FindingFigures:
    rows: list[FindingRow]
    chart: list[Bar]

    @property
    def findings(self) -> int:
        return sum(r.findings for r in self.rows)

    @property
    def items(self) -> int:
        return sum(r.items for r in self.rows)

    @property
    def verified(self) -> int:
        return sum(r.verified for r in self.rows)

    @property
    def remediation_percent(self) -> int | None:
        return round(100 * self.verified / self.items) if self.items else None


def finding_figures(program: Program, season: ReportingSeason) -> FindingFigures:
    """Findings observed in the season per Code category, and the share of their corrective
    actions verified as fixed today (counts only: never a finding's text)."""
    findings = Finding.objects.filter(
        program=program, observed_on__gte=season.starts_on, observed_on__lte=season.ends_on
    )
    per: dict[str, list[int]] = {}
    for r in (
        findings.order_by()
        .values("category")
        .annotate(n=Count("pk"), zt=Count("pk", filter=Q(severity=Tier.ZERO_TOLERANCE)))
    ):
        per[r["category"]] = [r["n"], r["zt"], 0, 0]
    for r in (
        CapItem.objects.filter(finding__in=findings)
        .order_by()
        .values("finding__category")
        .annotate(n=Count("pk"), v=Count("pk", filter=Q(state=CapState.VERIFIED_FIXED)))
    ):
        entry = per.setdefault(r["finding__category"], [0, 0, 0, 0])
        entry[2], entry[3] = r["n"], r["v"]
    rows = [FindingRow(code, str(label), *per[code]) for code, label in Category.choices if code in per]
    return FindingFigures(rows=rows, chart=bars([(r.category, r.label, r.findings) for r in rows]))


@dataclass(frozen=True)
class EducationFigures:
    sessions: int
    on_the_clock: int
    attendees: int
    reached: int
    facilities: int  # covered by the program during the season
    facilities_with_sessions: int
    facilities_meeting_norm: int
    norm: int
    workforce: int  # of the facilities whose workforce is known

    @property
    def coverage_percent(self) -> int | None:
        return coverage_percent(self.reached, self.workforce)


def education_figures(program: Program, season: ReportingSeason) -> EducationFigures:
    """The season's sessions (withdrawn ones do not count) over the facilities the program
    covered on any day of the season; the norm counts on-the-clock sessions (wsr.education)."""
    active = Q(program_links__program=program, program_links__since__lte=season.ends_on) & (
        Q(program_links__until__isnull=True) | Q(program_links__until__gte=season.starts_on)
    )
    facilities = Facility.objects.filter(active).distinct()
    sessions = Session.objects.filter(program=program, season=season, withdrawn_at__isnull=True)
    totals = sessions.aggregate(
        n=Count("pk"),
        clock=Count("pk", filter=Q(on_the_clock=True)),
        attendees=Sum("attendees"),
        reached=Sum("new_workers"),
        facilities=Count("facility", distinct=True),
    )
    norm = program.education_sessions_per_season
    # facilities with at least ``norm`` on-the-clock sessions, counted in the database
    meeting = (
        sessions.filter(on_the_clock=True, facility__in=facilities)
        .order_by()
        .values("facility_id")
        .annotate(n=Count("pk"))
        .filter(n__gte=norm)
        .count()
        if norm
        else facilities.count()
    )
    reached_ids = sessions.values("facility_id")
    workforce = Facility.objects.filter(pk__in=reached_ids, worker_count__isnull=False).aggregate(w=Sum("worker_count"))
    return EducationFigures(
        sessions=totals["n"],
        on_the_clock=totals["clock"],
        attendees=totals["attendees"] or 0,
        reached=totals["reached"] or 0,
        facilities=facilities.count(),
        facilities_with_sessions=totals["facilities"],
        facilities_meeting_norm=meeting,
        norm=norm,
        workforce=workforce["w"] or 0,
    )


@dataclass(frozen=True)
class EnforcementAction:
    at: dt.datetime
    facility_name: str
    facility_public_id: str
    before: str
    after: str
    after_label: str
    grounds_label: str
    log_seq: int | None


@dataclass(frozen=True)
class EnforcementFigures:
    actions: list[EnforcementAction]
    chart: list[Bar] = field(default_factory=list)


ENFORCEMENT = (Standing.PROBATION, Standing.SUSPENDED, Standing.TERMINATED)


def enforcement_figures(program: Program, season: ReportingSeason) -> EnforcementFigures:
    """Standing changes that took effect in the season (admissions and reinstatements too), each
    with the public log entry that recorded it; the chart counts probations, suspensions and
    terminations."""
    start = dt.datetime.combine(season.starts_on, dt.time.min, tzinfo=dt.UTC)
    end = dt.datetime.combine(season.ends_on + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC)
    changes = list(
        StandingChange.objects.filter(program=program, effective_at__gte=start, effective_at__lt=end)
        .select_related("decision", "facility")
        .only(
            "effective_at",
            "before",
            "after",
            "decision__public_id",
            "decision__grounds",
            "facility__public_id",
            "facility__name",
        )
        .order_by("-effective_at", "-pk")
    )
    seqs: dict[tuple[str, str], int] = {}
    decisions = sorted({c.decision.public_id for c in changes})
    if decisions:
        for seq, payload in TransparencyEntry.objects.filter(
            stream=program.log_stream, kind="standing_changed", payload__decision__in=decisions
        ).values_list("seq", "payload"):
            seqs[(str(payload.get("decision")), str(payload.get("facility")))] = seq
    actions = [
        EnforcementAction(
            at=c.effective_at,
            facility_name=c.facility.name,
            facility_public_id=c.facility.public_id,
            before=c.before,
            after=c.after,
            after_label=str(STANDING_LABELS[Standing(c.after)]),
            grounds_label=str(GROUNDS_LABELS[Grounds(c.decision.grounds)]),
            log_seq=seqs.get((c.decision.public_id, c.facility.public_id)),
        )
        for c in changes
    ]
    counts = {s: 0 for s in ENFORCEMENT}
    for a in actions:
        if a.after in counts:
            counts[Standing(a.after)] += 1
    chart = bars([(str(s), str(STANDING_LABELS[s]), counts[s]) for s in ENFORCEMENT])
    return EnforcementFigures(actions=actions, chart=chart)


# --- the report ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgramReport:
    program: Program
    season: ReportingSeason
    premium: PremiumFigures
    complaints: ComplaintFigures
    audits: AuditFigures
    findings: FindingFigures
    education: EducationFigures
    enforcement: EnforcementFigures

    @property
    def key(self) -> str:
        return season_key(self.season)


def program_report(program: Program, season: ReportingSeason) -> ProgramReport:
    return ProgramReport(
        program=program,
        season=season,
        premium=premium_figures(program, season),
        complaints=complaint_figures(program, season),
        audits=audit_figures(program, season),
        findings=finding_figures(program, season),
        education=education_figures(program, season),
        enforcement=enforcement_figures(program, season),
    )


CSV_HEADER = ("program", "season", "section", "measure", "key", "value", "unit")


def report_rows(report: ProgramReport) -> Iterator[tuple[Any, ...]]:
    """The figures of the report as CSV rows: (program, season, section, measure, key, value,
    unit). Keys are the stable codes (category, channel, standing), not translated labels."""
    p, s = report.program.slug, report.season.name

    def row(section: str, measure: str, value: Any, key: str = "", unit: str = "") -> tuple[Any, ...]:
        return (p, s, section, measure, key, value, unit)

    for name in ("owed", "paid", "distributed"):
        money: Money = getattr(report.premium, name)
        yield row("premium", name, money.minor, unit=f"{money.currency} minor units")
    c = report.complaints.stats
    yield row("complaints", "received", c.total)
    yield row("complaints", "in_scope", c.in_scope)
    yield row("complaints", "resolved", c.resolved)
    yield row("complaints", "open", c.open)
    for days in RESOLUTION_DAYS:
        yield row("complaints", "resolved_within_days", c.resolved_within.get(days, 0), str(days), "percent")
    yield row("complaints", "median_days_to_resolution", c.median_days_to_resolution, unit="days")
    for key, n in c.by_category:
        yield row("complaints", "by_category", n, key)
    for key, n in c.by_channel:
        yield row("complaints", "by_channel", n, key)
    a = report.audits
    yield row("audits", "completed", a.completed)
    yield row("audits", "facilities_audited", a.facilities)
    for bar in a.by_kind:
        yield row("audits", "by_kind", bar.value, bar.key)
    yield row("audits", "workers_interviewed", a.workers_interviewed)
    yield row("audits", "workers_interviewed_share", a.interviewed_percent, unit="percent")
    for fr in report.findings.rows:
        yield row("findings", "findings", fr.findings, fr.category)
        yield row("findings", "zero_tolerance_findings", fr.zero_tolerance, fr.category)
        yield row("findings", "corrective_actions", fr.items, fr.category)
        yield row("findings", "corrective_actions_verified", fr.verified, fr.category)
    yield row("findings", "remediation", report.findings.remediation_percent, unit="percent")
    e = report.education
    yield row("education", "sessions", e.sessions)
    yield row("education", "sessions_on_the_clock", e.on_the_clock)
    yield row("education", "attendees", e.attendees)
    yield row("education", "workers_reached", e.reached)
    yield row("education", "coverage", e.coverage_percent, unit="percent")
    yield row("education", "facilities", e.facilities)
    yield row("education", "facilities_meeting_norm", e.facilities_meeting_norm)
    for bar in report.enforcement.chart:
        yield row("enforcement", "standing_changes_to", bar.value, bar.key)
    yield row("enforcement", "standing_changes", len(report.enforcement.actions))

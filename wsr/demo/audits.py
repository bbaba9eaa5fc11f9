"""Demo part: auditor rosters approved by the worker organisations, audits with findings and
corrective actions in every state at both programs, and an Accord-like fire / electrical /
structural remediation at a garment factory with progress spread over the past year.

Everything goes through the services; dates are relative to today, and earlier steps are stamped
with the services' ``at=`` keyword so the history (and the progress-over-time series) looks real.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import struct
import zlib
from typing import Any

from wsr.accounts.models import Organisation, User
from wsr.accounts.roles import OrgKind, Role
from wsr.accounts.selectors import actor_for_user
from wsr.audits import services as s
from wsr.audits.models import Audit, AuditorRosterEntry, CapItem, Finding
from wsr.core import clock
from wsr.core.events import event_record
from wsr.core.permissions import Actor
from wsr.programs.models import Program
from wsr.registry.models import Facility


def demo_png(rgb: tuple[int, int, int] = (40, 140, 90), size: int = 16) -> bytes:
    """A small, valid PNG of one colour (evidence photos for the demo and the tests)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    row = b"\x00" + bytes(rgb) * size
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(row * size)) + chunk(b"IEND", b"")
    )


def _actor(username: str) -> Actor:
    return actor_for_user(User.objects.get(username=username))


def _ago(days: int) -> dt.datetime:
    return clock.now() - dt.timedelta(days=days)


def _day(days_ago: int) -> dt.date:
    return clock.today() - dt.timedelta(days=days_ago)


def _roster(admin: Actor, worker_org: Actor, program: Program, entries: list[dict[str, Any]]) -> list:
    made = []
    for e in entries:
        entry = s.roster_propose(
            actor=admin,
            program=program,
            user=e.get("user"),
            name=e.get("name", ""),
            organisation=e.get("organisation"),
            qualifications=e.get("qualifications", ""),
            at=_ago(e["days"]),
        )
        if e.get("decision") == "approve":
            s.roster_decide(
                actor=worker_org,
                entry=entry,
                approve=True,
                note="Approved by the worker assembly",
                at=_ago(e["days"] - 5),
            )
        elif e.get("decision") == "reject":
            s.roster_decide(actor=worker_org, entry=entry, approve=False, note=e["note"], at=_ago(e["days"] - 5))
        made.append(entry)
    return made


def _audit(
    admin: Actor,
    auditor: Actor,
    program: Program,
    facility: Facility,
    team: list[AuditorRosterEntry],
    *,
    days_ago: int,
    kind: str,
    announced: bool = False,
    commissioned_by: Organisation | None = None,
    interviewed: int | None = None,
    managers: int = 3,
    documents: tuple[str, ...] = ("payroll", "time_records"),
    complete: bool = True,
) -> Audit:
    audit = s.audit_plan(
        actor=admin,
        program=program,
        facility=facility,
        kind=kind,
        planned_on=_day(days_ago),
        announced=announced,
        commissioned_by=commissioned_by,
        at=_ago(days_ago + 21),
    )
    for i, member in enumerate(team):
        s.audit_auditor_assign(actor=admin, audit=audit, auditor=member, lead=i == 0, at=_ago(days_ago + 20))
    if days_ago < 0:
        return audit
    s.audit_start(actor=auditor, audit=audit, performed_on=_day(days_ago), at=_ago(days_ago))
    workforce = facility.worker_count or 100
    s.audit_fieldwork_record(
        actor=auditor,
        audit=audit,
        workforce_on_day=workforce,
        workers_interviewed=interviewed if interviewed is not None else workforce // 2 + 1,
        managers_interviewed=managers,
        documents_reviewed=list(documents),
        ended_on=_day(max(days_ago - 1, 0)),
        at=_ago(max(days_ago - 1, 0)),
    )
    if complete:
        s.audit_complete(actor=auditor, audit=audit, at=_ago(max(days_ago - 2, 0)))
    return audit


def _finding(
    auditor: Actor, audit: Audit, ref: str, internal: str, public: str, *, days_ago: int | None = None
) -> Finding:
    return s.finding_record(
        actor=auditor,
        program=audit.program,
        facility=audit.facility,
        source="audit",
        audit=audit,
        provision_ref=ref,
        internal_text=internal,
        public_summary=public,
        at=_ago(days_ago) if days_ago is not None else None,
    )


def _item(
    admin: Actor,
    supplier: Actor,
    monitor: Actor,
    finding: Finding,
    action: str,
    owner: str,
    *,
    drafted: int,
    due_in: int,
    state: str,
    agreed: int | None = None,
    started: int | None = None,
    reported: int | None = None,
    verified: int | None = None,
    payer: str = "supplier",
    funding: list[s.FundingLine] | None = None,
    reopened_because: str = "",
) -> CapItem:
    """A CAP item moved through the services up to ``state``, each step on its own day."""
    item = s.cap_item_draft(
        actor=admin,
        finding=finding,
        action=action,
        owner=owner,
        due_on=_day(drafted) + dt.timedelta(days=due_in),
        payer=payer,
        funding=funding or [],
        at=_ago(drafted),
    )
    order = ["drafted", "agreed", "in_progress", "reported_fixed", "verified_fixed"]
    target = "reported_fixed" if state == "reopened" else state
    steps = order[: order.index(target) + 1]
    agreed = agreed if agreed is not None else drafted - 7
    started = started if started is not None else agreed - 3
    reported = reported if reported is not None else max(started - 20, 1)
    if "agreed" in steps:
        s.cap_item_agree(actor=admin, item=item, at=_ago(agreed))
    if "in_progress" in steps:
        s.cap_item_start(actor=supplier, item=item, at=_ago(started))
    if "reported_fixed" in steps:
        s.cap_item_report_fixed(
            actor=supplier,
            item=item,
            note="Done: see the photo taken on completion.",
            photo=demo_png((40 + len(action) % 180, 120, 90)),
            at=_ago(reported),
        )
    if "verified_fixed" in steps:
        s.cap_item_verify(
            actor=monitor,
            item=item,
            note="Checked on site.",
            at=_ago(verified if verified is not None else max(reported - 5, 0)),
        )
    if state == "reopened":
        s.cap_item_reopen(actor=monitor, item=item, reason=reopened_because, at=_ago(max(reported - 4, 0)))
    return item


def build(password: str) -> None:
    _fair_harvest()
    _garment_safety(password)
    s.cap_overdue_sweep()


# --- Fair Harvest ----------------------------------------------------------------------------------


def _fair_harvest() -> None:
    program = Program.objects.get(slug="fair-harvest")
    admin, worker_org = _actor("admin"), _actor("workerorg")
    auditor, monitor = _actor("auditor"), _actor("investigator")
    supplier_x, supplier_y = _actor("supplier-x"), _actor("supplier-y")
    field_audits = Organisation.objects.get(name="Independent Field Audits LLC")
    agricert = Organisation.objects.create(name="AgriCert Partners", kind=OrgKind.AUDIT_FIRM, country="US")
    event_record(actor=Actor.system("demo loader"), obj=agricert, verb="organisation_created", after=OrgKind.AUDIT_FIRM)
    harvest_table = Organisation.objects.get(name="Harvest Table Foods")
    sunshine = Organisation.objects.get(name="Sunshine Burger Co.")
    daniel, maria, kevin, _sam, _lee = _roster(
        admin,
        worker_org,
        program,
        [
            {"user": User.objects.get(username="auditor"), "days": 330, "decision": "approve"},
            {
                "name": "Maria Lopez",
                "organisation": field_audits,
                "qualifications": "Spanish and Haitian Creole; 9 seasons of farm audits",
                "days": 320,
                "decision": "approve",
            },
            {"name": "Kevin Brooks", "organisation": agricert, "days": 300, "decision": "approve"},
            {"name": "Sam Ortiz", "organisation": agricert, "days": 12},
            {
                "name": "Lee Carter",
                "organisation": agricert,
                "days": 250,
                "decision": "reject",
                "note": "No interviews in workers' languages; the assembly asks for a Spanish speaker.",
            },
        ],
    )
    s.commercial_tie_add(
        actor=admin,
        program=program,
        auditor_organisation=agricert,
        brand=harvest_table,
        since=_day(700),
        description="AgriCert runs Harvest Table Foods' food-safety certification",
    )
    farms = {f.name: f for f in Facility.objects.filter(program_links__program=program)}
    immokalee = farms["Sunridge Farms – Immokalee"]
    homestead = farms["Palmetto Tomato – Homestead"]

    # 1. A completed, unannounced periodic audit at supplier X's main farm.
    audit = _audit(
        admin,
        auditor,
        program,
        immokalee,
        [daniel, maria],
        days_ago=200,
        kind="periodic",
        commissioned_by=sunshine,
        interviewed=780,
        documents=("payroll", "time_records", "housing"),
    )
    shade = _finding(
        auditor,
        audit,
        "2.2",
        "Crew 7 (Field 12) had no shade structure within 1/4 mile; two workers reported dizziness to the crew "
        "leader, who told them to keep picking. Water cooler empty at 11:40.",
        "Shade and water were not available near one crew's work area during the hottest hours.",
    )
    clock_finding = _finding(
        auditor,
        audit,
        "3.2",
        "Payroll for weeks 3-5 shows start times 45 min after the bus arrival logged by the gate guard; "
        "waiting time in the field was not recorded.",
        "Time workers spent waiting in the fields before picking was not recorded as paid time.",
    )
    housing = _finding(
        auditor,
        audit,
        "6.1",
        "Bunkhouse B: 14 beds in a room certified for 10, one working toilet for 22 residents.",
        "One housing unit was overcrowded and short of working toilets.",
    )
    _item(
        admin,
        supplier_x,
        monitor,
        shade,
        "Install shade structures within 5 minutes' walk of every crew",
        "Field operations manager",
        drafted=195,
        due_in=30,
        state="verified_fixed",
        reported=150,
        verified=140,
    )
    _item(
        admin,
        supplier_x,
        monitor,
        shade,
        "Assign a water runner to each crew and log cooler refills",
        "Crew leaders",
        drafted=195,
        due_in=14,
        state="verified_fixed",
        reported=170,
        verified=165,
    )
    _item(
        admin,
        supplier_x,
        monitor,
        clock_finding,
        "Start the paid clock at bus arrival; pay back waiting time for weeks 3-5",
        "Payroll office",
        drafted=190,
        due_in=60,
        state="reported_fixed",
        reported=6,
        payer="shared",
        funding=[
            s.FundingLine(Organisation.objects.get(pk=immokalee.supplier_id or 0), 180000, "USD"),
            s.FundingLine(sunshine, 120000, "USD"),
        ],
    )
    _item(
        admin,
        supplier_x,
        monitor,
        housing,
        "Reduce Bunkhouse B to 10 beds and repair two toilets",
        "Housing coordinator",
        drafted=190,
        due_in=240,
        state="in_progress",
    )

    # 2. An announced initial audit at supplier Y: the interview norm was not met.
    audit2 = _audit(
        admin,
        auditor,
        program,
        homestead,
        [maria, daniel],
        days_ago=120,
        kind="initial",
        announced=True,
        interviewed=400,
        documents=("payroll", "health_safety", "training"),
    )
    pesticide = _finding(
        auditor,
        audit2,
        "2.3",
        "Re-entry interval for Block 4 ignored on day 2 of the visit; the sprayer had no respirator fit test.",
        "Workers re-entered a sprayed field before the safe re-entry time.",
    )
    buckets = _finding(
        auditor,
        audit2,
        "3.4",
        "Dumpers at trucks 2 and 3 required cupped buckets; three workers confirmed being sent back.",
        "Workers were made to overfill buckets, which is unpaid work.",
    )
    _item(
        admin,
        supplier_y,
        monitor,
        pesticide,
        "Post re-entry times at every block entrance in three languages",
        "Safety officer",
        drafted=115,
        due_in=30,
        state="agreed",
    )
    _item(
        admin,
        supplier_y,
        monitor,
        buckets,
        "Retrain dumpers; supervisors check buckets at random each day",
        "Harvest supervisor",
        drafted=115,
        due_in=45,
        state="reopened",
        reported=40,
        reopened_because="Worker interviews last week: cupping still demanded at truck 3.",
    )
    _item(
        admin,
        supplier_y,
        monitor,
        pesticide,
        "Fit-test respirators for every sprayer",
        "Safety officer",
        drafted=20,
        due_in=30,
        state="drafted",
    )

    # 3. An inspection finding, an audit in progress, a planned one, a cancelled one, a refusal.
    s.finding_record(
        actor=admin,
        program=program,
        facility=farms["Valle Verde – Salinas"],
        source="inspection",
        provision_ref="8.2",
        observed_on=_day(30),
        at=_ago(30),
        internal_text="Complaint-line poster missing in the Spanish break area (north barn).",
        public_summary="The complaint line number was not posted in one break area.",
    )
    _audit(
        admin,
        auditor,
        program,
        farms["Blue Ridge Produce – Moultrie"],
        [daniel],
        days_ago=2,
        kind="follow_up",
        interviewed=170,
        complete=False,
    )
    _audit(admin, auditor, program, farms["Sunridge Farms – Plant City"], [maria], days_ago=-14, kind="periodic")
    cancelled = s.audit_plan(
        actor=admin,
        program=program,
        facility=farms["Carolina Sweet – Faison"],
        kind="periodic",
        planned_on=_day(60),
        at=_ago(80),
    )
    s.audit_cancel(actor=admin, audit=cancelled, reason="Harvest ended early after the storm", at=_ago(62))
    conflicted = s.audit_plan(
        actor=admin,
        program=program,
        facility=farms["Sunridge Farms – Plant City"],
        kind="follow_up",
        planned_on=_day(-30),
        at=_ago(3),
    )
    # Refused (commercial tie with Harvest Table Foods): the refusal and its reason are recorded.
    with contextlib.suppress(s.AuditorNotIndependent):
        s.audit_auditor_assign(actor=admin, audit=conflicted, auditor=kevin, at=_ago(3))


# --- Garment Safety ----------------------------------------------------------------------------


def _garment_safety(password: str) -> None:
    from wsr.demo.foundation import _member, _org, _user

    program = Program.objects.get(slug="garment-safety")
    firm = _org("Bengal Engineering Inspections Ltd", OrgKind.AUDIT_FIRM, "BD", address="Banani, Dhaka")
    engineer = _user("gs-auditor", password, firm, "Sharmin", "Chowdhury", "bn")
    _member(engineer, program, Role.AUDITOR)
    admin, worker_org = _actor("gs-admin"), _actor("gs-workerorg")
    auditor, monitor, supplier = _actor("gs-auditor"), _actor("gs-investigator"), _actor("gs-supplier")
    sharmin, tanvir = _roster(
        admin,
        worker_org,
        program,
        [
            {"user": engineer, "days": 400, "decision": "approve"},
            {
                "name": "Tanvir Rahman",
                "organisation": firm,
                "qualifications": "Structural engineer (BUET), fire safety lead",
                "days": 400,
                "decision": "approve",
            },
        ],
    )
    supplier_org = Organisation.objects.get(pk=supplier.organisation_id or 0)
    factories = list(Facility.objects.filter(program_links__program=program, supplier=supplier_org).order_by("name"))
    unit1 = factories[0]

    audit = _audit(
        admin,
        auditor,
        program,
        unit1,
        [sharmin, tanvir],
        days_ago=365,
        kind="initial",
        announced=True,
        interviewed=(unit1.worker_count or 1000) // 8,
        managers=6,
        documents=("building", "health_safety", "training"),
    )
    day0 = 360
    # (provision, [(action, state, days ago it was verified / last reported)]): spread over the year.
    specs: list[tuple[str, list[tuple[str, str, int]]]] = [
        ("1.1", [
            ("Replace the collapsible gates on stairs A and B with fire doors", "verified_fixed", 300),
            ("Install an automatic fire alarm and detection system on every floor", "verified_fixed", 45),
            ("Install a sprinkler system in the fabric and finished-goods stores", "reported_fixed", 5),
            ("Separate the boiler room from the production floor with fire-rated walls", "verified_fixed", 210),
        ]),
        ("1.2", [
            ("Remove stored cartons blocking the second-floor exit route", "verified_fixed", 340),
            ("Add an external fire escape on the east side", "in_progress", 0),
        ]),
        ("1.3", [
            ("Replace the overloaded main distribution board and label all circuits", "verified_fixed", 260),
            ("Enclose exposed cables in the cutting section in conduit", "verified_fixed", 320),
            ("Earth (ground) all sewing-machine lines and test them", "reopened", 20),
        ]),
        ("1.4", [
            ("Detailed engineering assessment of the columns on the ground floor", "verified_fixed", 240),
            ("Remove the water tank from the roof until retrofit", "verified_fixed", 95),
            ("Retrofit (jacket) the ground-floor columns per the assessment", "agreed", 0),
        ]),
    ]  # fmt: skip
    findings = {}
    internal = {
        "1.1": "Collapsible gates locked during shift on stairs A/B; no detection on floors 3-5; sprinklers absent.",
        "1.2": "Exit route on floor 2 blocked by cartons; a single stair serves floors 4-5.",
        "1.3": "Main DB at 140% load, cables taped in cutting section, machine frames not earthed (IR test failed).",
        "1.4": "Ground-floor columns show cracking; roof water tank adds unplanned load (report ENG-22-114).",
    }
    public = {
        "1.1": "Fire safety: locked gates on stairways, no fire alarm on upper floors, no sprinklers in stores.",
        "1.2": "Exit routes: one route was blocked and the upper floors had a single way out.",
        "1.3": "Electrical safety: an overloaded main board, exposed cables and machines not earthed.",
        "1.4": "Structural safety: cracked ground-floor columns and an unplanned load on the roof.",
    }
    for ref, items in specs:
        findings[ref] = _finding(auditor, audit, ref, internal[ref], public[ref], days_ago=day0 + 3)
        for action, state, days in items:
            _item(
                admin,
                supplier,
                monitor,
                findings[ref],
                action,
                "Factory compliance manager",
                drafted=day0,
                due_in=300 if ref == "1.4" else 180,
                state=state,
                agreed=day0 - 14,
                started=day0 - 20,
                reported=days + 6 if state == "verified_fixed" else max(days, 1),
                verified=days,
                reopened_because="Insulation test on line 6 still fails: earthing incomplete.",
            )
    retaliation = _finding(
        auditor,
        audit,
        "3.1",
        "Safety committee member (line 9) dismissed two weeks after reporting the locked gates; HR file cites "
        "'absence' but attendance records show none.",
        "A worker who raised a safety concern was dismissed; the Code protects workers who speak up.",
        days_ago=day0 + 2,
    )
    brand = Organisation.objects.get(name="Northwind Apparel")
    _item(
        admin,
        supplier,
        monitor,
        retaliation,
        "Reinstate the worker with full back pay",
        "Managing director",
        drafted=day0 - 5,
        due_in=30,
        state="verified_fixed",
        agreed=day0 - 12,
        started=day0 - 15,
        reported=day0 - 40,
        verified=day0 - 45,
        payer="supplier",
        funding=[s.FundingLine(supplier_org, 4500000, "BDT")],
    )
    # A brand co-funds the fire-door replacement at a second factory (still drafted), and a follow-up visit.
    unit2 = factories[1] if len(factories) > 1 else unit1
    audit2 = _audit(
        admin,
        auditor,
        program,
        unit2,
        [tanvir, sharmin],
        days_ago=45,
        kind="initial",
        interviewed=(unit2.worker_count or 800) // 12,
        documents=("building",),
    )
    fire2 = _finding(
        auditor,
        audit2,
        "1.1",
        "No fire doors on the stair cores; extinguishers expired in March.",
        "Fire safety: no fire doors on stairways and expired extinguishers.",
        days_ago=44,
    )
    _item(
        admin,
        supplier,
        monitor,
        fire2,
        "Install fire doors on both stair cores",
        "Factory compliance manager",
        drafted=40,
        due_in=120,
        state="drafted",
        payer="shared",
        funding=[s.FundingLine(supplier_org, 30000000, "BDT"), s.FundingLine(brand, 20000000, "BDT")]
        if unit2.sourcing.filter(brand=brand).exists()
        else [s.FundingLine(supplier_org, 50000000, "BDT")],
    )
    _item(
        admin,
        supplier,
        monitor,
        fire2,
        "Replace expired extinguishers and train fire wardens on every floor",
        "Fire safety officer",
        drafted=40,
        due_in=20,
        state="in_progress",
        agreed=35,
        started=30,
    )
    _audit(admin, auditor, program, unit1, [tanvir], days_ago=-10, kind="follow_up")

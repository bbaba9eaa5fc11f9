"""Demo part: complaints in both programs, in every state, language and channel.

Cases are built through the real services. Each case lives its history at its own times: while a
case is built, ``wsr.core.clock.now`` is pointed at the moment of each step (the loader is one
single-threaded command; the real clock is restored after every step). Times are relative to the
real "now", so the demo looks current whenever it is loaded. After the cases, the SLA sweep runs
once at the real time: a few open cases carry warnings and one unacknowledged case is breached.

Cases cite the Code version in force on the day they were received: the standards part records
each demo program's first Code as in force for years (``record_existing``), as it would be for a
program that ran before it came onto the platform.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from wsr.accounts.models import User
from wsr.accounts.selectors import actor_for_user
from wsr.complaints import services
from wsr.complaints.models import Complaint
from wsr.core import clock
from wsr.core.permissions import Actor
from wsr.programs.models import Program
from wsr.registry.models import Facility
from wsr.standards.models import CodeVersion, Provision
from wsr.standards.transitions import CodeStatus

HISTORY_DAYS = 200

# What workers say, by language and category (short, plain, invented).
TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "wages_hours": "We were paid for 8 hours but we picked for 11 hours on Saturday.",
        "health_safety": "There is no shade and the water cooler was empty all afternoon.",
        "retaliation": "After I complained about the pay, the crew leader gave me no work for a week.",
        "forced_labour": "The labour contractor keeps our passports and says we owe him for the trip.",
        "sexual_harassment": "A supervisor keeps touching women in the packing line and threatens them.",
        "housing": "The trailer has no working toilet and twelve people sleep in it.",
        "discrimination": "Only workers from one town get the good rows.",
        "freedom_of_association": "The manager said anyone who goes to the union meeting will be fired.",
        "other": "The bus to the field leaves at 4 a.m. and we are not paid for waiting.",
    },
    "es": {
        "wages_hours": "Nos pagaron 8 horas pero trabajamos 11 horas el sábado.",
        "health_safety": "No hay sombra y el agua se acabó a mediodía.",
        "retaliation": "Después de quejarme, el mayordomo no me dio trabajo por una semana.",
        "sexual_harassment": "Un supervisor acosa a las mujeres en la línea de empaque.",
        "housing": "La vivienda no tiene agua caliente y hay chinches.",
        "other": "Nos cobran por el transporte al campo.",
    },
    "ht": {
        "wages_hours": "Yo peye nou pou 8 èdtan men nou travay 11 èdtan samdi a.",
        "health_safety": "Pa gen lonbraj e pa gen dlo fre nan jaden an.",
        "retaliation": "Apre mwen te plenyen, chèf la pa ban mwen travay pandan yon semèn.",
        "discrimination": "Chèf la pale mal ak travayè ayisyen yo.",
        "other": "Yo pa ban nou resi pou lajan nou peye pou kay la.",
    },
    "bn": {
        "health_safety": "কারখানার জরুরি বহির্গমনের দরজা তালাবদ্ধ থাকে।",
        "wages_hours": "গত মাসের ওভারটাইমের টাকা এখনো দেওয়া হয়নি।",
        "retaliation": "ইউনিয়নে যোগ দেওয়ার পর আমাকে চাকরি থেকে বাদ দেওয়া হয়েছে।",
        "sexual_harassment": "লাইন সুপারভাইজার নারী শ্রমিকদের হয়রানি করে।",
        "freedom_of_association": "ম্যানেজার বলেছে ইউনিয়নের সভায় গেলে চাকরি যাবে।",
    },
}
REPLY = {
    "en": "Thank you. We received your complaint and an investigator is looking at it.",
    "es": "Gracias. Recibimos su queja y una investigadora la está revisando.",
    "ht": "Mèsi. Nou resevwa plent ou a e yon envestigatè ap gade l.",
    "bn": "ধন্যবাদ। আমরা আপনার অভিযোগ পেয়েছি এবং একজন তদন্তকারী বিষয়টি দেখছেন।",
}
WORKER_REPLY = {
    "en": "It happened again yesterday, in field 7.",
    "es": "Pasó otra vez ayer, en el campo 7.",
    "ht": "Sa rive ankò yè, nan jaden 7 la.",
    "bn": "গতকাল আবার এমন হয়েছে, তিন নম্বর লাইনে।",
}

# The happy path: (state reached, hours after receipt).
STEPS = [
    ("acknowledged", 5),
    ("triaged_in_scope", 20),
    ("investigating", 40),
    ("finding", 24 * 6),
    ("remedy_directed", 24 * 7),
    ("remedy_verified", 24 * 11),
    ("closed", 24 * 12),
]


@dataclass
class Case:
    program: str
    category: str
    language: str
    channel: str
    days_ago: float
    upto: str  # the last state on the happy path (or "triaged_out_of_scope" / "forwarded")
    facility: int | None = 0
    outcome: str = "substantiated"
    imminent_danger: bool = False
    reply: bool = False  # the worker answers the investigator's message
    awaiting: bool = False  # waiting for the worker (clocks paused)
    reopen: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


FH, GS = "fair-harvest", "garment-safety"
CASES = [
    # Fair Harvest: English, Spanish, Haitian Creole; every channel and state.
    Case(FH, "wages_hours", "es", "web", 60, "closed", facility=0, reply=True),
    Case(FH, "health_safety", "en", "hotline", 52, "closed", facility=1),
    Case(FH, "retaliation", "ht", "worker_org", 45, "closed", facility=2, reply=True),
    Case(FH, "forced_labour", "en", "in_person", 40, "closed", facility=3),  # zero tolerance, substantiated
    Case(FH, "wages_hours", "ht", "sms", 33, "closed", facility=None, outcome="unsubstantiated"),
    Case(FH, "housing", "es", "web", 30, "closed", facility=4, outcome="partly_substantiated"),
    Case(FH, "other", "en", "api", 27, "forwarded", facility=None),
    Case(FH, "discrimination", "ht", "worker_org", 24, "closed", facility=5, reopen=True),
    Case(FH, "wages_hours", "en", "auditor", 21, "remedy_verified", facility=0),
    Case(FH, "health_safety", "es", "web", 13, "remedy_directed", facility=1, imminent_danger=True),
    Case(FH, "sexual_harassment", "es", "hotline", 12, "remedy_directed", facility=2),
    Case(FH, "wages_hours", "es", "sms", 11, "investigating", facility=None, awaiting=True),
    Case(FH, "health_safety", "en", "web", 10.5, "investigating", facility=3, reply=True),  # resolve warning
    Case(FH, "retaliation", "es", "in_person", 9, "finding", facility=4),
    Case(FH, "freedom_of_association", "en", "worker_org", 8, "investigating", facility=5),
    Case(FH, "other", "ht", "web", 7.5, "finding", facility=0, outcome="unsubstantiated"),
    Case(FH, "housing", "en", "hotline", 6, "investigating", facility=1),
    Case(FH, "wages_hours", "ht", "web", 5, "triaged_in_scope", facility=2),
    Case(FH, "other", "es", "web", 4, "triaged_out_of_scope", facility=None),
    Case(FH, "health_safety", "ht", "sms", 3, "acknowledged", facility=None),
    Case(FH, "wages_hours", "en", "web", 3.2, "received", facility=4),  # never acknowledged: the breach
    Case(FH, "discrimination", "es", "api", 1.1, "received", facility=5),  # acknowledge warning (55%)
    Case(FH, "health_safety", "en", "in_person", 0.3, "received", facility=0),
    Case(FH, "retaliation", "en", "web", 0.2, "received", facility=1),
    # Garment Safety: English and Bengali.
    Case(GS, "health_safety", "bn", "worker_org", 58, "closed", facility=0, imminent_danger=True),
    Case(GS, "wages_hours", "bn", "hotline", 44, "closed", facility=1, outcome="unsubstantiated"),
    Case(GS, "retaliation", "bn", "in_person", 36, "closed", facility=2, reply=True),
    Case(GS, "freedom_of_association", "en", "web", 25, "forwarded", facility=None),
    Case(GS, "health_safety", "en", "auditor", 20, "remedy_verified", facility=3),
    Case(GS, "sexual_harassment", "bn", "worker_org", 12, "remedy_directed", facility=4),
    Case(GS, "health_safety", "bn", "sms", 9.5, "investigating", facility=None, reply=True),
    Case(GS, "freedom_of_association", "bn", "web", 6, "finding", facility=5),
    Case(GS, "wages_hours", "en", "hotline", 4, "triaged_in_scope", facility=0),
    Case(GS, "health_safety", "en", "web", 1.2, "acknowledged", facility=1, imminent_danger=True),
    Case(GS, "retaliation", "bn", "worker_org", 0.5, "received", facility=2),
    Case(GS, "wages_hours", "bn", "sms", 0.1, "received", facility=None),
]

STAFF = {FH: ("admin", "investigator", "workerorg", "auditor"), GS: ("gs-admin", "gs-investigator", "gs-workerorg", "")}
OPERATOR_CHANNEL_OWNER = {"hotline": 1, "in_person": 1, "worker_org": 2, "auditor": 3}


@contextmanager
def _at(moment: dt.datetime) -> Iterator[None]:
    """Run one step as if it were ``moment`` (demo loading only)."""
    real = clock.now
    clock.now = lambda: moment  # type: ignore[assignment]
    try:
        yield
    finally:
        clock.now = real  # type: ignore[assignment]


def _provision_for(program: Program, category: str) -> str:
    version = CodeVersion.objects.filter(program=program, status=CodeStatus.ADOPTED).first()
    provisions = Provision.objects.filter(version=version)
    found = (
        provisions.filter(category=category).order_by("order", "ref").first()
        or provisions.filter(category="other").order_by("order", "ref").first()
    )
    return found.ref if found else ""


def _build_case(spec: Case, program: Program, facilities: list[Facility], people: dict[str, User]) -> Complaint:
    admin_user, investigator_user = people["admin"], people["investigator"]
    admin, inv = actor_for_user(admin_user), actor_for_user(investigator_user)
    received = clock.now() - dt.timedelta(days=spec.days_ago)
    facility = facilities[spec.facility % len(facilities)] if spec.facility is not None else None
    text = TEXTS[spec.language].get(spec.category) or TEXTS["en"][spec.category]
    channel = spec.channel
    operator = {1: admin, 2: actor_for_user(people["workerorg"])}
    if "auditor" in people:
        operator[3] = actor_for_user(people["auditor"])
    if channel == "auditor" and not people.get("auditor"):
        channel = "hotline"
    who = operator.get(OPERATOR_CHANNEL_OWNER.get(channel, 0), Actor.anonymous("complainant"))
    with _at(received):
        receipt = services.complaint_intake(
            actor=who,
            program=program,
            channel=channel,
            facility=facility,
            facility_name="" if facility or channel == "sms" else "Rancho near the river road",
            category=spec.category if channel != "sms" else "other",
            description=text,
            language=spec.language,
            anonymous=channel in ("web", "api") and spec.days_ago % 2 < 1,
            name="" if channel in ("web", "api", "sms") else "Demo Worker",
            phone=f"+1555010{int(spec.days_ago * 10):04d}" if channel == "sms" else "",
            imminent_danger=spec.imminent_danger,
        )
        complaint, receipt_secret = receipt.complaint, receipt.secret
    if complaint.gbvh:
        # Restricted: the admin proposes the investigator, who approves (a second person) before
        # anyone can see the case.
        step_at = received + dt.timedelta(hours=1)
        if step_at < clock.now():
            with _at(step_at):
                proposal = services.complaint_assignment_propose(
                    actor=admin, complaint=complaint, investigators=[investigator_user]
                )
                services.complaint_assignment_approve(actor=inv, proposal=proposal)
    if spec.upto == "received":
        return complaint

    def step(hours: float, action: Callable[[], Any]) -> bool:
        moment = received + dt.timedelta(hours=hours)
        if moment >= clock.now():
            return False
        with _at(moment):
            action()
        return True

    step(STEPS[0][1], lambda: services.complaint_acknowledge(actor=inv, complaint=complaint))
    if spec.upto != "acknowledged":
        step(6, lambda: services.complaint_message_send(actor=inv, complaint=complaint, text=REPLY[spec.language]))
    if spec.reply and receipt_secret:
        secret = receipt_secret
        if complaint.must_change_secret:
            with _at(received + dt.timedelta(hours=7)):
                secret = services.complaint_secret_change(case_code=complaint.case_code, secret=secret)
        step(
            8,
            lambda: services.complaint_message_post(
                case_code=complaint.case_code, secret=secret, text=WORKER_REPLY[spec.language]
            ),
        )
    if spec.upto in ("triaged_out_of_scope", "forwarded"):
        step(
            STEPS[1][1],
            lambda: services.complaint_triage_out_of_scope(
                actor=inv, complaint=complaint, reason="Not at a participating workplace."
            ),
        )
        if spec.upto == "forwarded":
            step(
                30,
                lambda: services.complaint_forward(
                    actor=inv, complaint=complaint, forwarded_to="State labour department", reason="Their remit."
                ),
            )
        return complaint
    if spec.upto == "acknowledged":
        return complaint
    ref = _provision_for(program, spec.category)
    step(
        STEPS[1][1],
        lambda: services.complaint_triage_in_scope(
            actor=inv,
            complaint=complaint,
            provision_refs=[ref],
            category=spec.category,
            imminent_danger=spec.imminent_danger,
        ),
    )
    if spec.upto == "triaged_in_scope":
        return complaint
    if not complaint.gbvh:
        step(
            STEPS[2][1] - 1,
            lambda: services.complaint_assign(actor=admin, complaint=complaint, investigators=[investigator_user]),
        )
    step(STEPS[2][1], lambda: services.complaint_investigation_start(actor=inv, complaint=complaint))
    step(
        STEPS[2][1] + 20,
        lambda: services.complaint_interview_record(
            actor=inv,
            complaint=complaint,
            held_on=(received + dt.timedelta(hours=STEPS[2][1] + 20)).date(),
            interviewee_role="worker",
            notes="Three workers confirm the account; the crew leader was not present.",
        ),
    )
    step(
        STEPS[2][1] + 22,
        lambda: services.complaint_note_add(actor=inv, complaint=complaint, text="Ask for the payroll records."),
    )
    if spec.awaiting:
        step(
            STEPS[2][1] + 24,
            lambda: services.complaint_awaiting_start(
                actor=inv, complaint=complaint, reason="Waiting for the worker to say which crew it was."
            ),
        )
    if spec.upto == "investigating":
        return complaint
    step(
        STEPS[3][1],
        lambda: services.complaint_finding_record(
            actor=inv, complaint=complaint, outcome=spec.outcome, summary="Interviews and records reviewed on site."
        ),
    )
    if spec.upto == "finding":
        return complaint
    if spec.outcome == "unsubstantiated":
        step(STEPS[6][1], lambda: services.complaint_close(actor=inv, complaint=complaint, reason="Not substantiated."))
        return complaint
    due = (received + dt.timedelta(days=21)).date()
    step(
        STEPS[4][1],
        lambda: services.complaint_remedy_direct(
            actor=inv, complaint=complaint, what=_remedy(spec.category), who="Grower management", due=due
        ),
    )
    if spec.upto == "remedy_directed":
        return complaint
    step(STEPS[5][1], lambda: services.complaint_remedy_verify(actor=inv, complaint=complaint, note="Checked on site."))
    if spec.upto == "remedy_verified":
        return complaint
    step(STEPS[6][1], lambda: services.complaint_close(actor=inv, complaint=complaint))
    if spec.reopen:
        step(
            STEPS[6][1] + 72,
            lambda: services.complaint_reopen(actor=inv, complaint=complaint, reason="The worker reports it again."),
        )
    return complaint


def _remedy(category: str) -> str:
    return {
        "wages_hours": "Pay the missing hours to every worker of the crew, shown on the payslip.",
        "health_safety": "Shade and cool water at every work area; daily checks by the health and safety committee.",
        "retaliation": "Reinstate the worker with back pay; written warning to the crew leader.",
        "forced_labour": "Return every passport today; end the contract with the labour contractor.",
        "housing": "Repair the sanitation and reduce occupancy to the housing standard.",
        "sexual_harassment": "Remove the supervisor from the line; training for all supervisors.",
    }.get(category, "Correct the practice and inform the workers in their language.")


def build(password: str) -> None:
    """Dozens of cases across both programs; then one SLA sweep at the real time."""
    for slug in (FH, GS):
        program = Program.objects.get(slug=slug)
        admin, investigator, workerorg, auditor = STAFF[slug]
        people = {
            "admin": User.objects.get(username=admin),
            "investigator": User.objects.get(username=investigator),
            "workerorg": User.objects.get(username=workerorg),
        }
        if auditor:
            people["auditor"] = User.objects.get(username=auditor)
        facilities = list(Facility.objects.filter(program_links__program=program).order_by("name")[:6])
        for spec in CASES:
            if spec.program == slug:
                _build_case(spec, program, facilities, people)
    services.complaint_sla_sweep()

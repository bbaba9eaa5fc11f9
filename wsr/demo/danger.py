"""Demo imminent danger (issue 10), built through the real services after the complaints part:

- each program's emergency number (a rule change, in its history) and its on-call roster: the
  investigator on call with a phone for SMS, the program admin on the roster but off duty;
- the danger reports of the complaints part acknowledged at the time by the person on call;
- in the Garment Safety Accord, a worker's report three hours ago of a fire exit locked with a
  chain: alerted at once, sent again after 15 minutes without an answer, acknowledged by Rashed
  Karim (gs-investigator) seven minutes later, with what he did;
- to-do e-mail preferences: the Fair Harvest investigator gets them at once, the garment program
  admin as a daily digest.
"""

from __future__ import annotations

import datetime as dt

from wsr.accounts.models import User
from wsr.accounts.selectors import actor_for_user
from wsr.alerts.models import DangerAlert
from wsr.alerts.services.danger import danger_alert_acknowledge, danger_realert_sweep
from wsr.alerts.services.notify import notification_preference_set
from wsr.alerts.services.roster import on_call_add, on_call_set
from wsr.complaints.services import complaint_intake
from wsr.core import clock
from wsr.core.permissions import Actor
from wsr.demo.complaints import _at
from wsr.programs.models import Program
from wsr.programs.services import program_rules_update
from wsr.registry.models import Facility

# (program slug, admin, on-call investigator, emergency number, the investigator's SMS phone):
# numbers in ranges kept for fiction (US 555-01xx; Bangladesh's unassigned 0199-000-xxx).
ROSTERS = [
    ("fair-harvest", "admin", "investigator", "+1 239 555 0199", "+1 239 555 0142"),
    ("garment-safety", "gs-admin", "gs-investigator", "+880 9612 000911", "+880 1999 000042"),
]
LOCKED_EXIT = "তৃতীয় তলার জরুরি বহির্গমনের দরজা শিফটের সময় শিকল দিয়ে তালা দেওয়া থাকে। আজ আগুনের গন্ধ পাওয়া গেছে।"


def _actor(username: str) -> Actor:
    return actor_for_user(User.objects.get(username=username))


def _roster(slug: str, admin_name: str, investigator_name: str, emergency: str, phone: str) -> None:
    program = Program.objects.get(slug=slug)
    admin = _actor(admin_name)
    program_rules_update(
        actor=admin,
        program=program,
        changes={"emergency_phone": emergency},
        reason="The on-call emergency line for workers in immediate danger.",
    )
    on_call_add(actor=admin, program=program, user=User.objects.get(username=investigator_name), phone=phone)
    off_duty = on_call_add(actor=admin, program=program, user=User.objects.get(username=admin_name))
    on_call_set(actor=admin, row=off_duty, phone="", active=False)
    # The danger reports of the complaints part: acknowledged by the person on call at the time.
    investigator = _actor(investigator_name)
    for alert in DangerAlert.objects.filter(program=program, status="open").order_by("raised_at"):
        with _at(alert.raised_at + dt.timedelta(minutes=9)):
            danger_alert_acknowledge(
                actor=investigator, alert=alert, note="Called the workplace and the worker organisation at once."
            )


def _locked_fire_exit() -> None:
    program = Program.objects.get(slug="garment-safety")
    factory = Facility.objects.filter(program_links__program=program).order_by("name").first()
    reported = clock.now() - dt.timedelta(hours=3)
    with _at(reported):
        complaint_intake(
            actor=Actor.anonymous("complainant"),
            program=program,
            channel="web",
            facility=factory,
            facility_name="",
            category="health_safety",
            hazard="fire",
            description=LOCKED_EXIT,
            language="bn",
            anonymous=True,
            imminent_danger=True,
        )
    alert = DangerAlert.objects.get(program=program, status="open")
    # Nobody answered within 15 minutes: sent again to the person on call.
    with _at(reported + dt.timedelta(minutes=program.danger_realert_minutes, seconds=30)):
        danger_realert_sweep()
    with _at(reported + dt.timedelta(minutes=22)):
        alert.refresh_from_db()
        danger_alert_acknowledge(
            actor=_actor("gs-investigator"),
            alert=alert,
            note="Phoned the factory's safety committee: the chain was cut and the exit opened. "
            "Inspector on site within the hour; the case follows.",
        )


def build(password: str) -> None:
    for slug, admin, investigator, emergency, phone in ROSTERS:
        _roster(slug, admin, investigator, emergency, phone)
    _locked_fire_exit()
    notification_preference_set(actor=_actor("investigator"), mode="at_once")
    notification_preference_set(actor=_actor("gs-admin"), mode="daily")

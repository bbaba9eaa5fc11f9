"""Demo: what the public site needs beyond the other parts' story (issue 12).

The foundation already gives every demo facility its map location and the Bangladesh factories
their Bengali names. Here, through the real services: every Garment Safety factory passes an
onboarding audit and is admitted (so the public site shows standings in both programs), and one
factory with a Bengali name, Gazipur Denim Mills – Unit 1 (গাজীপুর ডেনিম মিলস – ইউনিট 1), is
suspended after a confirmed zero-tolerance violation: the public finds it by its Bengali name,
sees its enforcement history and follows the log entry behind it.
"""

from __future__ import annotations

import datetime as dt

from wsr.accounts.models import User
from wsr.accounts.selectors import actor_for_user
from wsr.audits.models import Audit, AuditorRosterEntry
from wsr.core import clock
from wsr.core.permissions import Actor
from wsr.demo.audits import _audit
from wsr.disclosure.labels import label_codes_issue
from wsr.programs.models import Program
from wsr.registry.models import Facility
from wsr.standing.models import FacilityStanding
from wsr.standing.services import standing_decide
from wsr.standing.transitions import Grounds, Standing

SUSPENDED_FACTORY = "Gazipur Denim Mills – Unit 1"


def _actor(username: str) -> Actor:
    return actor_for_user(User.objects.get(username=username))


def _ago(days: int) -> dt.datetime:
    return clock.now() - dt.timedelta(days=days)


def build(password: str) -> None:
    """Admit the Garment Safety factories after onboarding audits; suspend one."""
    program = Program.objects.filter(slug="garment-safety").first()
    if program is None:
        return
    admin, auditor = _actor("gs-admin"), _actor("gs-auditor")
    lead = AuditorRosterEntry.objects.filter(program=program, user__username="gs-auditor").first()
    if lead is None:
        return
    factories = Facility.objects.filter(program_links__program=program).order_by("name")
    for factory in factories:
        if FacilityStanding.objects.filter(program=program, facility=factory).exclude(status="applicant").exists():
            continue
        if not Audit.objects.filter(program=program, facility=factory, state="completed").exists():
            _audit(admin, auditor, program, factory, [lead], days_ago=500, kind="initial", announced=True)
        standing_decide(
            actor=admin,
            program=program,
            facilities=[factory],
            target=Standing.PARTICIPATING,
            grounds=Grounds.ONBOARDING_AUDIT,
            reason="Onboarding structural, fire and electrical inspection passed.",
            at=_ago(490),
        )
    # Label codes for every factory in good standing (posters, product labels): the suspended
    # factory's code then reads "not in good standing" on /v/<code>/.
    for prog in Program.objects.all():
        label_codes_issue(program=prog)
    suspended = factories.filter(name=SUSPENDED_FACTORY).first()
    if suspended is not None:
        standing_decide(
            actor=_actor("gs-investigator"),
            program=program,
            facilities=[suspended],
            target=Standing.SUSPENDED,
            grounds=Grounds.ZERO_TOLERANCE,
            grounds_ref="inspection",
            reason="Locked exit doors found during working hours at an unannounced inspection.",
            at=_ago(12),
        )

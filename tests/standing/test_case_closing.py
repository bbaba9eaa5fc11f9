"""Closing a zero-tolerance case at a facility not in good standing (an applicant above all):
the rules without a database, then the service, the event, the public fact and the case page."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from tests.complaints.staff_helpers import advance, file_case
from tests.conftest import login
from tests.standing.conftest import actor, admit
from wsr.core.errors import CapabilityMissing, DomainError, TransitionNotAllowed
from wsr.core.models import Event, TransparencyEntry
from wsr.standing import transitions as t
from wsr.standing.capabilities import StandingCapability as SC
from wsr.standing.models import FacilityStanding, ZeroToleranceCase
from wsr.standing.services import zero_tolerance_close, zero_tolerance_suspend
from wsr.standing.transitions import CaseStatus, Standing, StandingRefused

MONITOR = frozenset({SC.DECIDE})
NOT_IN_GOOD_STANDING = [s for s in Standing if s not in t.ELIGIBLE]

# --- rules, no database ------------------------------------------------------------------------


@pytest.mark.parametrize("standing", NOT_IN_GOOD_STANDING)
def test_an_open_case_closes_where_the_facility_is_not_in_good_standing(standing: Standing) -> None:
    t.check_case_close("open", "closed", MONITOR, standing=standing, reason="Admission refused.")


@pytest.mark.parametrize("standing", sorted(t.ELIGIBLE))
def test_a_case_at_a_facility_in_good_standing_is_not_closed_but_decided(standing: Standing) -> None:
    with pytest.raises(StandingRefused) as refused:
        t.check_case_close("open", "closed", MONITOR, standing=standing, reason="No.")
    assert refused.value.code == t.FACILITY_IN_GOOD_STANDING


def test_closing_needs_the_decide_capability_and_a_reason() -> None:
    with pytest.raises(CapabilityMissing):
        t.check_case_close("open", "closed", frozenset({SC.VIEW_ALL}), standing="applicant", reason="x")
    with pytest.raises(StandingRefused) as refused:
        t.check_case_close("open", "closed", MONITOR, standing="applicant", reason="  ")
    assert refused.value.code == t.REASON_REQUIRED


@pytest.mark.parametrize(
    ("current", "target"),
    [(a, b) for a, b in itertools.product(CaseStatus, CaseStatus) if (a, b) != (CaseStatus.OPEN, CaseStatus.CLOSED)],
)
def test_no_other_case_move_is_a_closing(current: CaseStatus, target: CaseStatus) -> None:
    with pytest.raises(TransitionNotAllowed):
        t.check_case_close(current, target, MONITOR, standing="applicant", reason="x")


def test_the_outcomes_offered_follow_the_standing_and_the_remedy_rule() -> None:
    assert t.case_outcomes(standing="participating", remedy_hours=0) == [CaseStatus.SUSPENDED]
    assert t.case_outcomes(standing="probation", remedy_hours=24) == [CaseStatus.SUSPENDED, CaseStatus.REMEDIED]
    assert t.case_outcomes(standing="applicant", remedy_hours=0) == [CaseStatus.CLOSED]
    assert t.case_outcomes(standing="applicant", remedy_hours=24) == [CaseStatus.REMEDIED, CaseStatus.CLOSED]
    assert t.case_outcomes(standing="suspended", remedy_hours=0) == [CaseStatus.CLOSED]


def test_the_case_statuses_are_the_models() -> None:
    assert {s.value for s in CaseStatus} == set(ZeroToleranceCase.Status.values)


# --- service and page ----------------------------------------------------------------------------


def _applicant_case(personas: Any) -> ZeroToleranceCase:
    """A substantiated forced-labour complaint at facility X, which never was admitted."""
    complaint = file_case(personas, category="forced_labour").complaint
    advance(personas, complaint, "finding", refs=["1.1"])
    return ZeroToleranceCase.objects.select_related("program", "facility").get()


@pytest.mark.django_db
def test_the_monitor_closes_a_case_at_an_applicant(personas: Any, code: Any) -> None:
    case = _applicant_case(personas)
    assert case.status == "open"  # nothing was suspended: an applicant cannot be
    assert not FacilityStanding.objects.filter(facility=personas.facility_x, status="suspended").exists()
    with pytest.raises(DomainError):
        zero_tolerance_suspend(actor=actor(personas.investigator), case=case, reason="Suspend.")
    case.refresh_from_db()
    assert case.status == "open"

    reason = "Admission refused until a new onboarding audit finds no forced labour."
    zero_tolerance_close(actor=actor(personas.investigator), case=case, reason=reason)
    case.refresh_from_db()
    assert case.status == "closed" and case.closing_reason == reason
    event = Event.objects.get(verb="zero_tolerance_closed", object_public_id=case.public_id)
    assert (event.before, event.after) == ("open", "closed")
    assert event.actor_user == personas.investigator and event.data["standing"] == "applicant"
    fact = TransparencyEntry.objects.get(kind="zero_tolerance_closed")
    assert fact.payload["facility"] == personas.facility_x.public_id
    assert fact.payload["outcome"] == "closed_not_in_good_standing" and fact.payload["standing"] == "applicant"
    assert reason not in str(fact.payload)  # the monitor's words stay in the event (they may echo the case)

    with pytest.raises(TransitionNotAllowed):
        zero_tolerance_close(actor=actor(personas.investigator), case=case, reason=reason)
    assert Event.objects.filter(verb="zero_tolerance_closed").count() == 1


@pytest.mark.django_db
def test_a_case_at_a_participating_facility_is_refused_closing_and_nothing_is_written(personas: Any, code: Any) -> None:
    from wsr.programs.models import Program

    admit(personas, personas.facility_x)
    Program.objects.filter(pk=personas.program.pk).update(zero_tolerance_remedy_hours=24)  # the case waits
    complaint = file_case(personas, category="forced_labour").complaint
    advance(personas, complaint, "finding", refs=["1.1"])
    case = ZeroToleranceCase.objects.select_related("program", "facility").get()
    with pytest.raises(DomainError) as refused:
        zero_tolerance_close(actor=actor(personas.council_admin), case=case, reason="Not needed.")
    assert refused.value.code == "facility_in_good_standing"
    case.refresh_from_db()
    assert case.status == "open" and case.closing_reason == ""
    assert not Event.objects.filter(verb="zero_tolerance_closed").exists()
    with pytest.raises(CapabilityMissing):
        zero_tolerance_close(actor=actor(personas.worker_org_staff), case=case, reason="x")


@pytest.mark.django_db
def test_the_case_page_offers_closing_at_an_applicant_and_closes(personas: Any, code: Any, client: Any) -> None:
    case = _applicant_case(personas)
    monitor = login(client, personas.investigator)
    url = f"/standing/{personas.program.slug}/cases/{case.public_id}/"
    page = monitor.get(url).content.decode()
    assert 'data-testid="close-case"' in page and 'data-testid="suspend"' not in page
    empty = monitor.post(url, {"outcome": "close", "text": ""})
    assert empty.status_code == 400
    done = monitor.post(url, {"outcome": "close", "text": "Admission refused."})
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.status == "closed"
    assert Event.objects.filter(verb="zero_tolerance_closed", object_public_id=case.public_id).exists()
    assert b"Admission refused." in monitor.get(url).content

"""Recording and withdrawing sessions: the new state, the event row, the public log entry, and
refusals that store nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.education.conftest import record
from tests.factories import FacilityFactory, ProgramFacilityFactory, UserFactory
from wsr.accounts.selectors import actor_for_user
from wsr.core.errors import CapabilityMissing, DomainError
from wsr.core.events import events_for_object
from wsr.core.models import Event, TransparencyEntry
from wsr.education.models import Session
from wsr.education.services import session_record, session_withdraw

pytestmark = pytest.mark.django_db


def test_worker_org_staff_record_a_session_with_its_season_event_and_public_entry(personas, seasons, educator):
    session = record(personas, educators=[personas.worker_org_staff, educator], other_topics=["Heat stress", " "])
    session.refresh_from_db()
    assert session.season == seasons["current"]
    assert (session.attendees, session.new_workers, session.workforce) == (40, 30, 250)
    assert session.topics == ["health_safety", "wages_hours"]  # in the Code's order
    assert session.other_topics == ["Heat stress"]
    assert sorted(u.username for u in session.educators.all()) == ["educator-two", "worker-org"]
    assert session.recorded_by == personas.worker_org_staff
    event = events_for_object(session).get()
    assert (event.verb, event.after, event.actor_user) == (
        "education_session_recorded",
        "recorded",
        personas.worker_org_staff,
    )
    assert sorted(event.data["educators"]) == ["educator-two", "worker-org"]
    entry = TransparencyEntry.objects.get(stream=personas.program.log_stream, kind="education_session_recorded")
    assert entry.payload["session"] == session.public_id
    assert entry.payload["facility"] == personas.facility_x.public_id
    assert entry.payload["attendees"] == 40 and entry.payload["on_the_clock"] is True
    # public facts only: no educators, no notes, no free-text topics
    assert "educators" not in entry.payload and "notes" not in entry.payload and "other_topics" not in entry.payload


def test_program_admins_may_record_too(personas, seasons):
    made = session_record(
        actor=actor_for_user(personas.council_admin),
        program=personas.program,
        facility=personas.facility_y,
        held_on=dt.date(2025, 12, 1),
        language="ht",
        kind="orientation",
        on_the_clock=False,
        attendees=12,
        new_workers=12,
        educators=[personas.worker_org_staff],
        topics=["retaliation"],
    )
    assert made.season == seasons["current"] and made.recorded_by == personas.council_admin


def _nothing_stored() -> None:
    assert not Session.objects.exists()
    assert not Event.objects.filter(verb__startswith="education_").exists()
    assert not TransparencyEntry.objects.filter(kind__startswith="education_").exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"held_on": dt.date(2026, 3, 17)}, "in the future"),
        ({"held_on": dt.date(2025, 8, 1)}, "not within a season"),
        ({"attendees": 251, "new_workers": 10}, "has 250 workers"),
        ({"attendees": 10, "new_workers": 11}, "cannot exceed the attendees"),
        ({"attendees": 0, "new_workers": 0}, "at least one attendee"),
        ({"language": "fr"}, "one of the program's"),
        ({"kind": "webinar"}, "orientation or periodic"),
        ({"topics": [], "other_topics": []}, "at least one topic"),
        ({"topics": ["gossip"]}, "Not a Code topic"),
        ({"educators": []}, "at least one educator"),
    ],
)
def test_refusals_say_why_and_store_nothing(personas, seasons, overrides, message):
    with pytest.raises(DomainError) as refused:
        record(personas, **overrides)
    assert message in str(refused.value.message)
    _nothing_stored()


def test_an_educator_must_come_from_the_worker_organisation(personas, seasons):
    outsider = UserFactory(username="brand-person", organisation=personas.brand_a.organisation)
    with pytest.raises(DomainError, match="brand-person is not one of its staff"):
        record(personas, educators=[personas.worker_org_staff, outsider])
    _nothing_stored()


def test_a_facility_outside_the_program_or_not_yet_covered_is_refused(personas, seasons):
    with pytest.raises(DomainError, match="not covered by the program"):
        record(personas, facility=personas.facility_elsewhere)
    late = FacilityFactory(name="Late Joiner Farm")
    ProgramFacilityFactory(program=personas.program, facility=late, since=dt.date(2026, 3, 1))
    with pytest.raises(DomainError, match="not covered by the program on 2026-02-10"):
        record(personas, facility=late)
    _nothing_stored()


def test_a_program_without_seasons_says_so(personas):
    with pytest.raises(DomainError, match="no season yet"):
        record(personas)
    _nothing_stored()


def test_a_facility_with_unknown_workforce_accepts_any_attendance(personas, seasons):
    personas.facility_x.worker_count = None
    personas.facility_x.save()
    assert record(personas, attendees=900, new_workers=900).workforce is None


@pytest.mark.parametrize("who", ["investigator", "auditor", "brand_a", "supplier_x"])
def test_only_worker_org_staff_and_program_admins_record(personas, seasons, who):
    with pytest.raises(CapabilityMissing):
        session_record(
            actor=actor_for_user(getattr(personas, who)),
            program=personas.program,
            facility=personas.facility_x,
            held_on=dt.date(2026, 2, 1),
            language="en",
            kind="periodic",
            on_the_clock=True,
            attendees=5,
            new_workers=5,
            educators=[personas.worker_org_staff],
            topics=["wages_hours"],
        )
    _nothing_stored()


def test_withdrawing_a_record_keeps_it_with_the_reason_and_logs_it(personas, seasons):
    session = record(personas)
    session_withdraw(actor=actor_for_user(personas.worker_org_staff), session=session, reason="Entered twice")
    session.refresh_from_db()
    assert session.withdrawn and session.withdrawn_reason == "Entered twice"
    event = events_for_object(session).get(verb="education_session_withdrawn")
    assert (event.before, event.after, event.reason) == ("recorded", "withdrawn", "Entered twice")
    assert TransparencyEntry.objects.filter(kind="education_session_withdrawn").get().payload == {
        "program": personas.program.public_id,
        "session": session.public_id,
    }
    with pytest.raises(DomainError, match="already withdrawn"):
        session_withdraw(actor=actor_for_user(personas.worker_org_staff), session=session, reason="again")


def test_withdrawing_needs_a_reason_and_the_capability(personas, seasons):
    session = record(personas)
    with pytest.raises(DomainError, match="Say why"):
        session_withdraw(actor=actor_for_user(personas.worker_org_staff), session=session, reason="  ")
    with pytest.raises(CapabilityMissing):
        session_withdraw(actor=actor_for_user(personas.investigator), session=session, reason="no")
    session.refresh_from_db()
    assert not session.withdrawn

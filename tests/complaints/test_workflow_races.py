"""Complaints on the one workflow step: two changes of one case from the same state, exactly one
wins, the other gets ``ConcurrentChange``, one event row is written and the loser's side effects
(provisions, investigators, messages) are rolled back with it. Simulated deterministically (both
copies loaded before either change, as two requests would), plus real threads with their own
connections (PostgreSQL in CI, SQLite as well)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connections

from tests.complaints.staff_helpers import actor, adopt_code, advance, file_case
from wsr.complaints import services
from wsr.complaints.events import ComplaintEvent
from wsr.complaints.models import Complaint, Message
from wsr.core.errors import ConcurrentChange
from wsr.core.models import Event


def _race(pk: int, first: Callable[[Complaint], Any], second: Callable[[Complaint], Any]) -> None:
    one, two = Complaint.objects.get(pk=pk), Complaint.objects.get(pk=pk)
    first(one)
    with pytest.raises(ConcurrentChange):
        second(two)


def _events(complaint: Complaint, verb: str) -> int:
    return Event.objects.filter(object_public_id=complaint.public_id, verb=verb).count()


@pytest.mark.django_db
def test_two_acknowledgements_one_wins(personas):
    case = file_case(personas).complaint
    inv = actor(personas.investigator)
    ack = lambda c: services.complaint_acknowledge(actor=inv, complaint=c)  # noqa: E731
    _race(case.pk, ack, ack)
    assert Complaint.objects.get(pk=case.pk).status == "acknowledged"
    assert _events(case, ComplaintEvent.ACKNOWLEDGED) == 1


@pytest.mark.django_db
def test_triage_in_and_out_of_scope_one_wins_and_the_losers_provisions_are_not_written(personas):
    adopt_code(personas)
    case = advance(personas, file_case(personas).complaint, "acknowledged")
    inv = actor(personas.investigator)
    _race(
        case.pk,
        lambda c: services.complaint_triage_out_of_scope(actor=inv, complaint=c, reason="Not a Code matter"),
        lambda c: services.complaint_triage_in_scope(actor=inv, complaint=c, provision_refs=["2.1"]),
    )
    case.refresh_from_db()
    assert case.status == "triaged_out_of_scope" and case.tier == ""
    assert not case.provisions.exists()
    assert _events(case, ComplaintEvent.TRIAGED_OUT_OF_SCOPE) == 1
    assert _events(case, ComplaintEvent.TRIAGED_IN_SCOPE) == 0


@pytest.mark.django_db
def test_an_edit_in_place_loses_to_a_change_made_meanwhile(personas):
    """Pauses and messages keep the status: they are guarded by the last change as read."""
    case = advance(personas, file_case(personas).complaint, "acknowledged")
    inv = actor(personas.investigator)
    _race(
        case.pk,
        lambda c: services.complaint_awaiting_start(actor=inv, complaint=c, reason="Asked for the pay slips"),
        lambda c: services.complaint_message_send(actor=inv, complaint=c, text="We are on it."),
    )
    case.refresh_from_db()
    assert case.awaiting_complainant is True
    assert _events(case, ComplaintEvent.AWAITING_STARTED) == 1
    assert _events(case, ComplaintEvent.MESSAGE_SENT) == 0
    assert not Message.objects.filter(complaint=case).exists()


@pytest.mark.django_db
def test_two_assignments_one_wins(personas):
    adopt_code(personas)
    case = advance(personas, file_case(personas).complaint, "triaged_in_scope")
    admin = actor(personas.council_admin)
    assign = lambda c: services.complaint_assign(actor=admin, complaint=c, investigators=[personas.investigator])  # noqa: E731
    _race(case.pk, assign, assign)
    assert list(case.assignments.values_list("investigator", flat=True)) == [personas.investigator.pk]
    assert _events(case, ComplaintEvent.ASSIGNED) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_threads_closing_one_case_one_wins(personas):
    """Two threads, own connections, released together: one close, one ConcurrentChange."""
    adopt_code(personas)
    case = advance(personas, file_case(personas).complaint, "remedy_verified")
    inv = actor(personas.investigator)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def close() -> None:
        try:
            copy = Complaint.objects.select_related("program").get(pk=case.pk)
            barrier.wait(timeout=10)
            services.complaint_close(actor=inv, complaint=copy, reason="Remedy in place")
            outcomes.append("won")
        except ConcurrentChange:
            outcomes.append("lost")
        except BaseException as exc:  # recorded and asserted below
            outcomes.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=close) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["lost", "won"]
    assert Complaint.objects.get(pk=case.pk).status == "closed"
    assert _events(case, ComplaintEvent.CLOSED) == 1

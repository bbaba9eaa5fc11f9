"""50 concurrent suspend/reinstate attempts on one facility: exactly one wins, no lost update
(threads with their own connections; marked postgres, and runs on SQLite too)."""

from __future__ import annotations

import threading

import pytest
from django.db import connections

from tests.standing.conftest import actor
from wsr.core.errors import DomainError
from wsr.core.models import Event
from wsr.programs.models import Program
from wsr.registry.models import Facility
from wsr.standing.models import Decision, FacilityStanding, StandingChange
from wsr.standing.services import standing_decide
from wsr.standing.transitions import Grounds, Standing

ATTEMPTS = 50


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_suspend_and_reinstate_attempts_one_wins(personas, code):
    from tests.standing.conftest import admit

    admit(personas, personas.facility_x)
    monitor = actor(personas.investigator)
    barrier = threading.Barrier(ATTEMPTS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(n: int) -> None:
        try:
            program = Program.objects.get(pk=personas.program.pk)
            facility = Facility.objects.get(pk=personas.facility_x.pk)
            barrier.wait(timeout=30)
            suspend = n % 2 == 0
            standing_decide(
                actor=monitor,
                program=program,
                facilities=[facility],
                target=Standing.SUSPENDED if suspend else Standing.PARTICIPATING,
                grounds=Grounds.ZERO_TOLERANCE if suspend else Grounds.REENTRY_AUDIT,
                reason=f"attempt {n}",
            )
            result = "won"
        except DomainError as exc:
            result = exc.code
        except BaseException as exc:  # recorded and asserted below
            result = repr(exc)
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(ATTEMPTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("won") == 1, outcomes
    assert set(outcomes) <= {"won", "conflict", "transition_not_allowed", "minimum_not_elapsed"}, outcomes
    standing = FacilityStanding.objects.get(program=personas.program, facility=personas.facility_x)
    assert standing.status == Standing.SUSPENDED
    assert Event.objects.filter(verb="standing_suspended").count() == 1
    assert StandingChange.objects.filter(after="suspended").count() == 1
    assert Decision.objects.filter(target="suspended").count() == 1

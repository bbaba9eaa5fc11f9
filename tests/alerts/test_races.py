"""Ten re-alert sweeps and an acknowledgement at the same moment: one round is sent once, or the
acknowledgement wins and none is (threads with their own connections; runs on SQLite too)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connections

from tests.alerts.conftest import report_danger
from wsr.accounts.selectors import actor_for_user
from wsr.alerts.models import DangerAlert
from wsr.alerts.services.danger import danger_alert_acknowledge, danger_realert_sweep
from wsr.core.errors import DomainError
from wsr.core.models import Event, OutboxMessage

SWEEPS = 10


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_sweeps_and_an_acknowledgement_send_each_round_at_most_once(personas, on_call):
    report_danger(personas)
    alert = DangerAlert.objects.get()
    later = alert.next_send_at + dt.timedelta(seconds=1)
    barrier = threading.Barrier(SWEEPS + 1)
    outcomes: list[str] = []
    lock = threading.Lock()

    def sweep() -> None:
        try:
            barrier.wait(timeout=30)
            result = f"sent {danger_realert_sweep(now=later)}"
        except BaseException as exc:  # recorded and asserted below
            result = repr(exc)
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    def acknowledge() -> None:
        try:
            found = DangerAlert.objects.get(pk=alert.pk)
            barrier.wait(timeout=30)
            danger_alert_acknowledge(actor=actor_for_user(personas.investigator), alert=found)
            result = "acknowledged"
        except DomainError as exc:
            result = exc.code
        except BaseException as exc:
            result = repr(exc)
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=sweep) for _ in range(SWEEPS)] + [threading.Thread(target=acknowledge)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert all(o.startswith("sent ") or o in ("acknowledged", "conflict") for o in outcomes), outcomes
    rounds_sent = sum(int(o.split()[1]) for o in outcomes if o.startswith("sent "))
    alert.refresh_from_db()
    assert rounds_sent <= 1
    assert alert.rounds == 1 + rounds_sent
    assert Event.objects.filter(verb="danger_alert_realerted").count() == rounds_sent
    assert (
        OutboxMessage.objects.filter(dedupe_key__startswith=f"danger:{alert.public_id}:2:").count() == 2 * rounds_sent
    )
    if "acknowledged" in outcomes:
        assert alert.status == "acknowledged" and alert.next_send_at is None
    else:  # the acknowledgement read the alert before a round was sent: refused, nothing lost
        assert outcomes.count("conflict") == 1 and alert.status == "open"

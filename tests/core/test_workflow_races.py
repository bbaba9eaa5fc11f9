"""Two moves of one object from the same state: exactly one wins, the other gets ConcurrentChange,
and one event row is written. One test per domain on the workflow step, simulated
deterministically (both copies loaded before either move, as two requests would), plus real
threads with their own connections (run on PostgreSQL in CI, and on SQLite as well)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connections

from tests.agreements.conftest import make_ready
from tests.audits.conftest import item_in_state, record_finding, started_audit
from tests.standards.conftest import build_code
from wsr.accounts.selectors import actor_for_user
from wsr.agreements.models import Agreement
from wsr.agreements.services import agreement_sign, agreement_terminate
from wsr.audits import services as audits
from wsr.audits.models import Audit, CapItem
from wsr.core.errors import ConcurrentChange
from wsr.core.models import Event
from wsr.education.models import MaterialVersion
from wsr.education.services import material_create, material_version_publish, material_version_retire
from wsr.standards.models import CodeVersion
from wsr.standards.services import code_version_propose, code_version_withdraw


def _race(model: Any, pk: int, move: Callable[[Any], Any]) -> None:
    """Load two copies of the row (same state), move the first, then the second must lose."""
    first, second = model.objects.get(pk=pk), model.objects.get(pk=pk)
    move(first)
    with pytest.raises(ConcurrentChange):
        move(second)


def _events(obj: Any, verb: str) -> int:
    return Event.objects.filter(object_public_id=obj.public_id, verb=verb).count()


@pytest.mark.django_db
def test_agreements_two_signatures_one_wins(personas):
    agreement = make_ready(personas)
    admin = actor_for_user(personas.council_admin)
    _race(Agreement, agreement.pk, lambda a: agreement_sign(actor=admin, agreement=a))
    agreement.refresh_from_db()
    assert agreement.status in ("signed", "active")
    assert _events(agreement, "agreement_signed") == 1


@pytest.mark.django_db
def test_code_versions_two_withdrawals_one_wins(personas):
    version = build_code(personas, upto="proposed")
    admin = actor_for_user(personas.council_admin)
    _race(CodeVersion, version.pk, lambda v: code_version_withdraw(actor=admin, version=v, reason="edit"))
    version.refresh_from_db()
    assert version.status == "draft"
    assert _events(version, "code_version_withdrawn") == 1


@pytest.mark.django_db
def test_code_versions_two_proposals_one_wins(personas):
    version = build_code(personas, upto="draft")
    admin = actor_for_user(personas.council_admin)
    _race(CodeVersion, version.pk, lambda v: code_version_propose(actor=admin, version=v))
    assert CodeVersion.objects.get(pk=version.pk).status == "proposed"
    assert _events(version, "code_version_proposed") == 1


@pytest.mark.django_db
def test_audits_two_cancellations_one_wins(personas):
    build_code(personas)
    audit = started_audit(personas)
    admin = actor_for_user(personas.council_admin)
    _race(Audit, audit.pk, lambda a: audits.audit_cancel(actor=admin, audit=a, reason="storm"))
    assert Audit.objects.get(pk=audit.pk).state == "cancelled"
    assert _events(audit, "audit_cancelled") == 1


@pytest.mark.django_db
def test_cap_items_verify_and_reopen_race_one_wins(personas):
    build_code(personas)
    item = item_in_state(personas, record_finding(personas, started_audit(personas)), "reported_fixed")
    monitor = actor_for_user(personas.investigator)
    first, second = CapItem.objects.get(pk=item.pk), CapItem.objects.get(pk=item.pk)
    audits.cap_item_verify(actor=monitor, item=first, note="seen")
    with pytest.raises(ConcurrentChange):
        audits.cap_item_reopen(actor=monitor, item=second, reason="not fixed")
    item.refresh_from_db()
    assert item.state == "verified_fixed"
    assert _events(item, "cap_item_verified") == 1
    assert _events(item, "cap_item_reopened") == 0


@pytest.mark.django_db
def test_education_materials_two_retirements_one_wins(personas):
    version = material_create(
        actor=actor_for_user(personas.worker_org_staff),
        program=personas.program,
        name="Know your rights",
        category="wages_hours",
        language="en",
        title="Know your rights",
        body="You must be paid for every hour you work.",
    )
    staff = actor_for_user(personas.worker_org_staff)
    material_version_publish(actor=staff, version=version)
    _race(MaterialVersion, version.pk, lambda v: material_version_retire(actor=staff, version=v, reason="old"))
    assert MaterialVersion.objects.get(pk=version.pk).status == "retired"
    assert _events(version, "education_material_retired") == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_threads_terminating_one_agreement_one_wins(personas):
    """Two threads, own connections, released together: one termination, one ConcurrentChange."""
    agreement = make_ready(personas)
    admin = actor_for_user(personas.council_admin)
    agreement_sign(actor=admin, agreement=agreement)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def terminate() -> None:
        try:
            copy = Agreement.objects.select_related("program").get(pk=agreement.pk)
            barrier.wait(timeout=10)
            agreement_terminate(actor=admin, agreement=copy, cause="other", reason="breach")
            outcomes.append("won")
        except ConcurrentChange:
            outcomes.append("lost")
        except BaseException as exc:  # recorded and asserted below
            outcomes.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=terminate) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["lost", "won"]
    assert Agreement.objects.get(pk=agreement.pk).status == "terminated"
    assert _events(agreement, "agreement_terminated") == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_threads_verifying_one_cap_item_one_wins(personas):
    build_code(personas)
    item = item_in_state(personas, record_finding(personas, started_audit(personas)), "reported_fixed")
    monitor = actor_for_user(personas.investigator)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def verify() -> None:
        try:
            copy = CapItem.objects.select_related("program").get(pk=item.pk)
            barrier.wait(timeout=10)
            audits.cap_item_verify(actor=monitor, item=copy, note="seen")
            outcomes.append("won")
        except ConcurrentChange:
            outcomes.append("lost")
        except BaseException as exc:  # recorded and asserted below
            outcomes.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=verify) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["lost", "won"]
    assert CapItem.objects.get(pk=item.pk).state == "verified_fixed"
    assert _events(item, "cap_item_verified") == 1

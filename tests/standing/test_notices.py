"""Market consequences: a suspension sends a notice to exactly the brands sourcing from the facility
under an active agreement (and to the supplier), in one task run; a second run sends nothing."""

from __future__ import annotations

import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult

from tests.factories import SourcingFactory
from tests.standing.conftest import activate_agreement, actor
from wsr.core.errors import DomainError
from wsr.core.models import Event, OutboxMessage, TaskRun
from wsr.core.outbox import outbox_flush
from wsr.core.tasks import run_claimed
from wsr.standing.models import Notice
from wsr.standing.services import (
    notice_acknowledge,
    notice_open,
    notice_respond,
    standing_decide,
    standing_notices_send,
)
from wsr.standing.transitions import Grounds, Standing

pytestmark = pytest.mark.django_db


@pytest.fixture
def sourced(admitted):
    """Brand A (active agreement) and brand B (no agreement) both source from facility X."""
    personas = admitted
    activate_agreement(personas, personas.brand_a)
    SourcingFactory(program=personas.program, brand=personas.brand_b.organisation, facility=personas.facility_x)
    return personas


def _suspend(personas):
    """The decision, with its notices written (the task runs inline once the decision commits)."""
    decision = _decide(personas)
    standing_notices_send.call(decision=decision.public_id)
    return decision


def _decide(personas):
    return standing_decide(
        actor=actor(personas.investigator),
        program=personas.program,
        facilities=[personas.facility_x],
        target=Standing.SUSPENDED,
        grounds=Grounds.ZERO_TOLERANCE,
        grounds_ref="cmp-1",
        reason="Forced labour confirmed.",
    )


def test_on_the_database_queue_one_task_run_notifies_exactly_the_sourcing_brands_and_a_rerun_sends_nothing(
    sourced, settings, django_capture_on_commit_callbacks
):
    personas = sourced
    settings.WSR_TASK_BACKEND = "database"
    with django_capture_on_commit_callbacks(execute=True):
        decision = _decide(personas)
    run = TaskRun.objects.get(task_path="wsr.standing.services.notices.standing_notices_send")
    assert run.kwargs == {"decision": decision.public_id}
    assert not Notice.objects.exists()  # nothing before the worker runs it

    with django_capture_on_commit_callbacks(execute=False):
        assert run_claimed(run_id=str(run.pk), transport_id="m1") == "done"
    notices = Notice.objects.filter(subject_ref=decision.public_id)
    assert {(n.organisation_id, n.addressee) for n in notices} == {
        (personas.brand_a.organisation_id, "brand"),
        (personas.supplier_x.organisation_id, "supplier"),
    }  # brand B sources too but has no active agreement; brand A's other facility is untouched
    brand_notice = notices.get(addressee="brand")
    assert brand_notice.kind == "suspension" and brand_notice.sent_at is not None and brand_notice.delivery == "sent"
    assert Event.objects.filter(verb="enforcement_notice_sent").count() == 2
    messages = OutboxMessage.objects.filter(kind="enforcement_notice")
    assert sorted(messages.values_list("recipient", flat=True)) == sorted(
        [personas.brand_a.email, personas.supplier_x.email]
    )

    worker_org = OutboxMessage.objects.filter(kind="standing_decision")
    assert list(worker_org.values_list("recipient", flat=True)) == [personas.worker_org_staff.email]
    # the same decision sent again (a retry, a recovered run): nothing twice
    assert standing_notices_send.call(decision=decision.public_id) == 0
    assert Notice.objects.count() == 2 and messages.count() == 2 and worker_org.count() == 1
    assert Event.objects.filter(verb="enforcement_notice_sent").count() == 2
    assert DBTaskResult.objects.count() >= 1


def test_the_outbox_delivers_the_notice_email(sourced, django_capture_on_commit_callbacks):
    personas = sourced
    with django_capture_on_commit_callbacks(execute=True):
        _decide(personas)
    outbox_flush()
    subjects = [m.subject for m in mail.outbox]
    assert any("Supplier X Farm One" in s for s in subjects)
    assert all(m.status == "sent" for m in OutboxMessage.objects.filter(kind="enforcement_notice"))


def test_the_brand_opens_then_acknowledges_its_notice(sourced):
    personas = sourced
    _suspend(personas)
    notice = Notice.objects.get(organisation=personas.brand_a.organisation)
    brand = actor(personas.brand_a)
    notice_open(actor=brand, notice=notice)
    notice.refresh_from_db()
    assert notice.delivery == "opened"
    notice_acknowledge(actor=brand, notice=notice)
    notice.refresh_from_db()
    assert notice.delivery == "acknowledged" and notice.acknowledged_by == personas.brand_a
    event = Event.objects.get(verb="enforcement_notice_acknowledged", object_public_id=notice.public_id)
    assert event.actor_user == personas.brand_a
    with pytest.raises(DomainError) as again:
        notice_acknowledge(actor=brand, notice=notice)
    assert again.value.code == "already_acknowledged"


def test_another_brand_cannot_acknowledge_or_open_the_notice(sourced):
    personas = sourced
    _suspend(personas)
    notice = Notice.objects.get(organisation=personas.brand_a.organisation)
    with pytest.raises(DomainError) as refused:
        notice_acknowledge(actor=actor(personas.brand_b), notice=notice)
    assert refused.value.code == "not_addressee"
    notice_open(actor=actor(personas.brand_b), notice=notice)
    notice.refresh_from_db()
    assert notice.acknowledged_at is None and notice.opened_at is None


def test_the_supplier_responds_to_its_notice_once(sourced):
    personas = sourced
    _suspend(personas)
    notice = Notice.objects.get(addressee="supplier")
    supplier = actor(personas.supplier_x)
    with pytest.raises(DomainError):
        notice_respond(actor=supplier, notice=notice, text="  ")
    notice_respond(actor=supplier, notice=notice, text="We appeal: the worker was rehired.", appeal=True)
    notice.refresh_from_db()
    assert notice.is_appeal and notice.responded_by == personas.supplier_x
    assert Event.objects.filter(verb="enforcement_notice_responded", object_public_id=notice.public_id).exists()
    with pytest.raises(DomainError) as again:
        notice_respond(actor=supplier, notice=notice, text="again")
    assert again.value.code == "already_responded"


REDIS_TEST_URL = "redis://127.0.0.1:6379/14"  # this file's own Redis database: flushed before and after


@pytest.fixture
def redis_queue(settings):
    import os

    import redis

    client = redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.ConnectionError:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis is not reachable at {REDIS_TEST_URL} and CI=true: .ci/run starts it")
        pytest.skip(f"Redis is not reachable at {REDIS_TEST_URL} (outside CI only)")
    client.flushdb()
    settings.WSR_TASK_BACKEND = "rq"
    settings.REDIS_URL = REDIS_TEST_URL
    settings.RQ_QUEUES = {"default": {"URL": REDIS_TEST_URL, "DEFAULT_TIMEOUT": -1}}
    yield client
    client.flushdb()


def test_on_the_redis_queue_one_worker_run_notifies_the_sourcing_brands_and_a_redelivery_sends_nothing(
    sourced, redis_queue, django_capture_on_commit_callbacks
):
    import django_rq
    from django_tasks_rq import Job

    def work() -> None:  # as manage.py worker runs RQ: SimpleWorker with django-tasks' job class
        django_rq.get_worker("default", job_class=Job, worker_class="rq.worker.SimpleWorker").work(burst=True)

    personas = sourced
    with django_capture_on_commit_callbacks(execute=True):
        decision = _decide(personas)
    run = TaskRun.objects.get(task_path="wsr.standing.services.notices.standing_notices_send")
    queue = django_rq.get_queue("default")
    assert queue.count == 1 and not Notice.objects.exists()

    work()
    run.refresh_from_db()
    assert run.state == TaskRun.State.DONE
    notices = Notice.objects.filter(subject_ref=decision.public_id)
    assert {(n.organisation_id, n.addressee) for n in notices} == {
        (personas.brand_a.organisation_id, "brand"),
        (personas.supplier_x.organisation_id, "supplier"),
    }
    # the message delivered again (a lost acknowledgement): the finished run is not run again
    from wsr.core.tasks import _nudge

    with django_capture_on_commit_callbacks(execute=True):
        _nudge(run.pk, "rq")
    work()
    assert standing_notices_send.call(decision=decision.public_id) == 0
    assert notices.count() == 2
    assert OutboxMessage.objects.filter(kind="enforcement_notice").count() == 2
    assert Event.objects.filter(verb="enforcement_notice_sent").count() == 2

"""To-do items by e-mail as each user chose: a daily digest (once a day, however often the sweep
runs), at once (only what is new), or none; the preference page."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from tests.alerts.conftest import report_danger
from tests.conftest import login
from wsr.accounts.selectors import actor_for_user
from wsr.alerts.models import NotificationPreference
from wsr.alerts.services.notify import notification_preference_set, todo_digest_sweep, todo_now_sweep
from wsr.core.models import Event, OutboxMessage

pytestmark = pytest.mark.django_db
MORNING = dt.datetime(2026, 3, 2, 7, 0, tzinfo=dt.UTC)


def _digests(user):
    return OutboxMessage.objects.filter(kind="todo_digest", recipient=user.email)


def test_the_daily_digest_is_sent_once_a_day_per_user(personas, settings):
    settings.WSR_DIGEST_HOUR_UTC = 6
    with time_machine.travel(MORNING, tick=False) as traveller:
        report_danger(personas, imminent_danger=False, name="", phone="", anonymous=True)  # a new complaint
        assert todo_digest_sweep() >= 1
        first = _digests(personas.investigator).get()
        assert "New complaints to acknowledge: 1" in first.body
        assert "/complaints/fair-harvest/" in first.body

        traveller.shift(dt.timedelta(hours=3))
        assert todo_digest_sweep() == 0  # the same day again: nothing twice
        assert _digests(personas.investigator).count() == 1

        traveller.shift(dt.timedelta(days=1))
        todo_digest_sweep()
        assert _digests(personas.investigator).count() == 2  # the next day's digest
    # brands and suppliers have nothing waiting: no e-mail at all
    assert not _digests(personas.brand_b).exists()


def test_no_digest_before_the_hour_and_none_for_who_chose_none(personas, settings):
    settings.WSR_DIGEST_HOUR_UTC = 6
    notification_preference_set(actor=actor_for_user(personas.council_admin), mode="none")
    with time_machine.travel(MORNING.replace(hour=5), tick=False) as traveller:
        report_danger(personas, imminent_danger=False, anonymous=True, name="", phone="")
        assert todo_digest_sweep() == 0
        traveller.shift(dt.timedelta(hours=2))
        todo_digest_sweep()
    assert _digests(personas.investigator).count() == 1
    assert not _digests(personas.council_admin).exists()


def test_the_digest_names_counts_and_links_never_what_the_worker_wrote(personas, settings):
    settings.WSR_DIGEST_HOUR_UTC = 0
    receipt = report_danger(personas)
    todo_digest_sweep()
    for message in OutboxMessage.objects.filter(kind="todo_digest"):
        for secret in ("KANARI-NARRATIVE-31", "KANARI-NAME-31", "555 777 3131", receipt.case_code):
            assert secret not in message.body


def test_at_once_sends_only_what_is_new(personas, on_call):
    actor = actor_for_user(personas.investigator)
    report_danger(personas, imminent_danger=False, anonymous=True, name="", phone="")
    pref = notification_preference_set(actor=actor, mode="at_once")
    assert pref.seen  # what waits today counts as seen
    assert todo_now_sweep() == 0

    report_danger(personas)  # a second complaint, this one with a danger alert
    assert todo_now_sweep() == 1
    message = OutboxMessage.objects.get(kind="todo_now", recipient=personas.investigator.email)
    assert "Imminent-danger alerts to acknowledge now: 1" in message.body
    assert "New complaints to acknowledge: 2" in message.body
    assert "KANARI" not in message.body
    assert todo_now_sweep() == 0  # nothing new since
    assert not OutboxMessage.objects.filter(kind="todo_now").exclude(recipient=personas.investigator.email).exists()


def test_the_preference_page_saves_the_choice_with_an_event(personas, client):
    login(client, personas.brand_a)
    page = client.get("/alerts/notifications/").content.decode()
    assert 'value="daily"' in page and "checked" in page  # the default

    response = client.post("/alerts/notifications/", {"mode": "at_once"})

    assert response.status_code == 302
    assert NotificationPreference.objects.get(user=personas.brand_a).mode == "at_once"
    event = Event.objects.get(verb="notification_preference_changed")
    assert (event.actor_user, event.after) == (personas.brand_a, "at_once")
    assert client.post("/alerts/notifications/", {"mode": "hourly"}).status_code == 400
    assert NotificationPreference.objects.get(user=personas.brand_a).mode == "at_once"


def test_every_home_links_to_the_preference_page(personas, client_as):
    for name in ("investigator", "brand_a", "supplier_x", "worker_org_staff"):
        page = client_as(name).get("/home/").content.decode()
        assert 'href="/alerts/notifications/"' in page, name


def test_staff_homes_link_to_the_alerts_and_roster(personas, client_as):
    for name, shown in (
        ("council_admin", True),
        ("investigator", True),
        ("auditor", False),
        ("worker_org_staff", False),
    ):
        page = client_as(name).get("/home/").content.decode()
        assert (f'href="/alerts/{personas.program.slug}/"' in page) is shown, name

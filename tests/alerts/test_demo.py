"""The demo's imminent-danger story, loaded through the real services."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from tests.conftest import login
from wsr.accounts.models import User
from wsr.alerts.models import DangerAlert, NotificationPreference, OnCall
from wsr.core.models import Event
from wsr.programs.models import Program

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_locked_fire_exit_alert_acknowledged_by_the_person_on_call(settings, tmp_path, client):
    settings.VAR_DIR = tmp_path
    settings.WSR_DEMO_PASSWORD = "demo-password-for-tests"
    call_command("load_demo", stdout=StringIO())

    garment = Program.objects.get(slug="garment-safety")
    assert garment.emergency_phone == "+880 9612 000911"
    fire = DangerAlert.objects.get(program=garment, hazard="fire")
    assert (fire.status, fire.rounds, fire.acknowledged_by.username) == ("acknowledged", 2, "gs-investigator")
    assert fire.complaint.language == "bn" and fire.complaint.hazard == "fire"
    verbs = list(
        Event.objects.filter(object_public_id=fire.public_id).order_by("occurred_at").values_list("verb", flat=True)
    )
    assert verbs == ["danger_alert_raised", "danger_alert_realerted", "danger_alert_acknowledged"]
    assert not DangerAlert.objects.filter(status="open").exists()  # every demo alert was answered
    assert OnCall.objects.filter(program=garment, user__username="gs-investigator", active=True).exists()
    assert NotificationPreference.objects.get(user__username="gs-admin").mode == "daily"

    login(client, User.objects.get(username="gs-investigator"))
    page = client.get(f"/alerts/{garment.slug}/{fire.public_id}/").content.decode()
    assert fire.complaint.case_code in page and "Phoned the factory" in page

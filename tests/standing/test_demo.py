"""The demo's enforcement story, loaded through the real services."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from tests.conftest import login
from wsr.accounts.models import User
from wsr.standing.models import Escalation, FacilityStanding, Notice, Objection, StandingChange

pytestmark = pytest.mark.django_db


def test_the_demo_tells_the_enforcement_story(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.WSR_DEMO_PASSWORD = "demo-password-for-tests"
    call_command("load_demo", stdout=StringIO())

    homestead = FacilityStanding.objects.get(facility__name="Palmetto Tomato – Homestead")
    assert homestead.status == "suspended"
    brand_notices = Notice.objects.filter(facility=homestead.facility, kind="suspension", addressee="brand")
    assert brand_notices.count() == 3
    assert brand_notices.filter(acknowledged_at__isnull=False).count() == 2
    assert FacilityStanding.objects.filter(status="probation").count() == 1
    escalation = Escalation.objects.get(facility__name="Sunridge Farms – Plant City")
    assert escalation.status == "stage_2"
    assert Notice.objects.filter(kind="stage_2", addressee="supplier", responded_at__isnull=False).exists()
    assert StandingChange.objects.filter(before="suspended", after="participating").count() == 1
    assert Objection.objects.filter(status="open").count() == 1

    for username, todo in (
        ("investigator", b"todo-objections_to_answer"),
        ("workerorg", b"recent-decisions"),
        ("supplier-y", b'data-testid="todos"'),
    ):
        home = login(Client(), User.objects.get(username=username)).get("/home/")
        assert home.status_code == 200 and todo in home.content, username

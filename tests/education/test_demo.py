"""The education part of the demo: sessions over two seasons in the programs' languages, facilities
below the norm, materials in every language. Loaded on two dates to prove it adapts to today."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from wsr.accounts.models import User
from wsr.accounts.selectors import actor_for_user
from wsr.core import clock
from wsr.core.transparency import transparency_verify
from wsr.education.models import MaterialVersion, Session
from wsr.education.selectors import below_norm_for_actor, coverage_for_actor, season_pick, season_previous
from wsr.programs.models import Program

pytestmark = pytest.mark.django_db


def _check_demo() -> None:
    today = clock.today()
    for slug, staff in (("fair-harvest", "workerorg"), ("garment-safety", "gs-workerorg")):
        program = Program.objects.get(slug=slug)
        actor = actor_for_user(User.objects.get(username=staff))
        current = season_pick(program)
        assert current is not None and current.starts_on <= today <= current.ends_on
        previous = season_previous(program, current)
        assert previous is not None
        sessions = Session.objects.filter(program=program)
        assert sessions.filter(season=previous).count() > 0 and sessions.filter(season=current).count() > 0
        assert not sessions.filter(held_on__gt=today).exists()
        assert {s.language for s in sessions} == set(program.languages)
        assert sessions.filter(withdrawn_at__isnull=False).count() == 1
        last = coverage_for_actor(actor=actor, program=program, season=previous)
        assert any(r.norm_met for r in last) and any(not r.norm_met for r in last)
        assert below_norm_for_actor(actor=actor, program=program, season=current)
        published = MaterialVersion.objects.filter(material__program=program, status="published")
        assert {v.language for v in published} == set(program.languages)
    states = set(MaterialVersion.objects.values_list("status", flat=True))
    assert states == {"draft", "published", "retired"}
    assert MaterialVersion.objects.filter(file_kind="pdf", status="published").exists()
    assert all(result.ok for result in transparency_verify())


def _load(settings) -> None:
    settings.WSR_DEMO_PASSWORD = "demo-pass-for-tests"
    call_command("load_demo", stdout=StringIO())


def test_the_demo_in_the_middle_of_a_season(settings):
    _load(settings)
    _check_demo()


def test_the_demo_between_two_agricultural_seasons(settings):
    with time_machine.travel(dt.datetime(2026, 7, 15, 12, tzinfo=dt.UTC), tick=False):
        _load(settings)
        _check_demo()

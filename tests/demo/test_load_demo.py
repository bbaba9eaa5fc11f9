from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from wsr.accounts.models import User
from wsr.core.models import Event
from wsr.core.transparency import transparency_verify
from wsr.programs.models import Program
from wsr.registry.models import Facility, SourcingRelation

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.WSR_DEMO_PASSWORD = "demo-pass-for-tests"
    call_command("load_demo", stdout=StringIO())


def test_demo_builds_two_programs_through_the_services(demo):
    agri = Program.objects.get(slug="fair-harvest")
    garment = Program.objects.get(slug="garment-safety")
    assert agri.languages == ["en", "es", "ht"]
    assert (agri.premium_kind, agri.premium_minor_per_unit, agri.premium_unit) == ("per_unit", 1, "lb")
    assert garment.languages == ["en", "bn"]
    assert Facility.objects.filter(program_links__program=agri).count() == 8
    assert Facility.objects.filter(program_links__program=garment).count() == 24
    assert not Facility.objects.filter(lat__isnull=True).exists()
    assert Facility.objects.filter(country="BD").exclude(name_local="").count() == 24
    assert SourcingRelation.objects.filter(program=garment).count() >= 24
    assert Event.objects.filter(verb="facility_created").count() == 32
    assert all(r.ok for r in transparency_verify())


def test_demo_logins_json_lists_every_role_with_organisation_and_program(demo):
    out = StringIO()
    call_command("demo_logins", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["password"] == "demo-pass-for-tests"
    by_name = {row["username"]: row for row in data["logins"]}
    assert by_name["admin"]["role"] == "program_admin"
    assert by_name["admin"]["programs"] == ["fair-harvest"]
    assert by_name["brand-a"]["organisation"] == "Harvest Table Foods"
    assert by_name["supplier-y"]["organisation_kind"] == "supplier"
    roles = {row["role"] for row in data["logins"]}
    assert {"program_admin", "investigator", "auditor", "worker_org_staff", "brand_user", "supplier_user"} <= roles


def test_every_demo_login_signs_in_with_the_demo_password(demo, client):
    for user in User.objects.filter(username__in=["admin", "brand-a", "gs-supplier"]):
        assert client.login(username=user.username, password="demo-pass-for-tests")
        client.logout()


def test_demo_loads_only_into_an_empty_database(demo):
    with pytest.raises(CommandError, match="already holds programs"):
        call_command("load_demo", stdout=StringIO())
    out = StringIO()
    call_command("load_demo", "--if-empty", stdout=out)
    assert "nothing loaded" in out.getvalue()
    assert Program.objects.count() == 2


def test_every_kind_of_object_in_the_demo_history_is_named_for_people(demo):
    """History pages name objects for people (never ``ntc_…`` ids or ``__str__`` debug text): every
    kind of object the demo writes events about has a namer and a translated kind."""
    from django.contrib.contenttypes.models import ContentType

    from wsr.programs.history import KINDS, NAMERS

    kinds = {
        f"{ct.app_label}.{ct.model}"
        for ct in ContentType.objects.filter(pk__in=Event.objects.values_list("object_type_id", flat=True).distinct())
    }
    assert "standing.notice" in kinds  # the demo's enforcement story is there
    assert kinds - set(NAMERS) == set()
    assert kinds - set(KINDS) == set()


def test_the_program_history_shows_no_internal_ids(demo, client):
    from wsr.programs.history import program_history, program_history_lines

    program = Program.objects.get(slug="fair-harvest")
    lines = program_history_lines(list(program_history(program)[:400]), program)
    shown = " ".join(f"{line.label} {line.object_name} {line.detail}" for line in lines)
    for prefix in ("ntc_", "esc_", "obj_", "dec_", "ztc_", "cap_", "fac_"):
        assert prefix not in shown, prefix

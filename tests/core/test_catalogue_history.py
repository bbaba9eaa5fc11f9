"""History pages show the catalogue's labels and the objects' human names, never internal codes
or ids; an import is one line with a link to its report."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from tests.audits.conftest import item_in_state, record_finding, started_audit
from tests.conftest import login
from tests.standards.conftest import build_code
from wsr.accounts.selectors import actor_for_user
from wsr.core.models import Event
from wsr.core.permissions import Actor
from wsr.programs.services import program_rules_update
from wsr.registry.importing.services import import_job_create

pytestmark = pytest.mark.django_db


def _history(personas, lang: str = "en") -> str:
    client = login(Client(), personas.council_admin)
    if lang != "en":
        client.post("/i18n/setlang/", {"language": lang, "next": "/"})
    return client.get(f"/programs/{personas.program.slug}/history/").content.decode()


def test_the_program_history_names_objects_and_never_shows_codes_or_ids(personas):
    code = build_code(personas)
    item = item_in_state(personas, record_finding(personas, started_audit(personas)), "agreed")
    program_rules_update(
        actor=actor_for_user(personas.council_admin),
        program=personas.program,
        changes={"sla_resolve_days": 10},
        reason="assembly",
    )

    html = _history(personas)

    assert "Program rules changed" in html
    assert "Corrective action agreed" in html and "Install shade structures" in html  # the item's action
    assert "Code version adopted" in html and "Test Code (version 1)" in html
    for internal in ("program_rules_changed", "cap_item_agreed", "code_version_adopted", "capitem"):
        assert internal not in html
    assert item.public_id not in html and code.public_id not in html


def test_the_program_history_speaks_spanish(personas):
    program_rules_update(
        actor=actor_for_user(personas.council_admin),
        program=personas.program,
        changes={"sla_resolve_days": 10},
        reason="asamblea",
    )
    html = _history(personas, "es")
    assert "Reglas del programa cambiadas" in html
    assert "Program rules changed" not in html


def test_an_import_is_one_history_line_with_a_link_to_its_report(personas, tmp_path: Path):
    path = tmp_path / "list.csv"
    path.write_text(
        "country,name,address\n"
        "Vietnam,Saigon Stitchworks Co. Ltd.,12 Tan Thuan Road District 7 Ho Chi Minh City\n"
        "Bangladesh,Dhaka Weaving Mills,Plot 4 Savar EPZ Dhaka\n"
        "India,Tiruppur Knits Pvt Ltd,22 Avinashi Road Tiruppur\n",
        encoding="utf-8",
    )
    job = import_job_create(
        actor=Actor.system("import"),
        program=personas.program,
        data=path.read_bytes(),
        filename=path.name,
        run_now=True,
    )
    created = Event.objects.filter(program_public_id=personas.program.public_id, verb="facility_created").count()
    assert created == 3  # one event per facility is still recorded

    html = _history(personas)

    assert html.count("Facility list imported") == 1
    assert f"/imports/{job.public_id}/" in html and "See the import report" in html
    assert "3 rows: 3 facilities added" in html
    assert "Facility added" not in html  # the three per-facility events are folded into the import


def test_object_history_lists_use_labels(personas):
    code = build_code(personas)
    client = login(Client(), personas.council_admin)
    page = client.get(f"/standards/{personas.program.slug}/v/{code.public_id}/").content.decode()
    assert "Code version adopted" in page
    assert "code_version_adopted" not in page

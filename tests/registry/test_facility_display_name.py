"""Staff pages name a facility with its local-language name beside the registered one."""

from __future__ import annotations

import pytest

from wsr.registry.models import Facility

pytestmark = pytest.mark.django_db

LOCAL = "সাপ্লায়ার এক্স খামার"


def test_display_name_puts_the_local_name_beside():
    assert Facility(name="Unit 1", name_local=LOCAL).display_name == f"Unit 1 ({LOCAL})"
    assert Facility(name="Unit 1", name_local="").display_name == "Unit 1"
    assert Facility(name="Unit 1", name_local="Unit 1").display_name == "Unit 1"


def test_staff_pages_show_the_local_name(personas, client_as):
    fx = personas.facility_x
    fx.name_local = LOCAL
    fx.save()
    expected = f"Supplier X Farm One ({LOCAL})"
    admin = client_as("council_admin")
    slug = personas.program.slug

    pages = {
        "scorecards": admin.get(f"/audits/{slug}/scorecards/").content.decode(),
        "remediation": admin.get(f"/audits/{slug}/facilities/{fx.public_id}/").content.decode(),
        "supplier organisation": admin.get(
            f"/registry/organisations/{personas.supplier_x.organisation.public_id}/"
        ).content.decode(),
        "supplier home": client_as("supplier_x").get("/home/").content.decode(),
    }

    missing = [name for name, html in pages.items() if expected not in html]
    assert not missing, missing
